import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { STATS_GROUPS } from '@redline/contracts';
import { addDays, offsetInZone } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope, inRegion } from '../../auth/scope.ts';

/**
 * Rectification figures counted by the database (a province's million hazards), overall and grouped
 * by region (county), enterprise, project, checklist module or the inspector who found them. The
 * definitions are the domain's `hazardFigures` (tests compare the two).
 */
export type StatsGroup = (typeof STATS_GROUPS)[number];

const figuresSql = (now: Date) => sql`
  count(*) FILTER (WHERE h.status <> 'rejected')::int AS found,
  count(*) FILTER (WHERE h.status = 'closed')::int AS closed,
  count(*) FILTER (WHERE h.status = 'closed' AND (h.state->'closure'->>'via' = 'on_spot' OR h.deadline IS NULL OR (h.state->'closure'->>'at')::timestamptz <= h.deadline))::int AS closed_on_time,
  count(*) FILTER (WHERE h.status IN ('rectification_ordered', 'rectifying') AND h.deadline < ${now.toISOString()}::timestamptz)::int AS overdue,
  count(*) FILTER (WHERE h.grade = 'major' AND h.status NOT IN ('closed', 'rejected'))::int AS major_open`;

const GROUPS: Record<
  StatsGroup,
  { join: RawBuilder<unknown>; key: RawBuilder<unknown>; name: RawBuilder<unknown> }
> = {
  region: {
    join: sql`LEFT JOIN regions g ON g.code = substr(h.region_code, 1, 6)`,
    key: sql`substr(h.region_code, 1, 6)`,
    name: sql`coalesce(max(g.name_zh), substr(h.region_code, 1, 6))`,
  },
  enterprise: {
    join: sql`LEFT JOIN enterprises g ON g.id = h.enterprise_id`,
    key: sql`coalesce(h.enterprise_id::text, '')`,
    name: sql`coalesce(max(g.name), '（无企业）')`,
  },
  project: {
    join: sql`LEFT JOIN projects g ON g.id = h.project_id`,
    key: sql`coalesce(h.project_id::text, '')`,
    name: sql`coalesce(max(g.name), '（无项目）')`,
  },
  module: {
    join: sql`LEFT JOIN inspection_findings f ON f.id = h.finding_id LEFT JOIN checklist_modules g ON g.version_id = f.version_id AND g.code = f.module_code`,
    key: sql`coalesce(f.module_code, '')`,
    name: sql`coalesce(max(g.name_zh), max(f.module_code), '（非检查发现）')`,
  },
  inspector: {
    join: sql`LEFT JOIN users g ON g.id = h.found_by`,
    key: sql`coalesce(h.found_by::text, '')`,
    name: sql`coalesce(max(g.display_name), '（未知）')`,
  },
};

export interface FigureRow {
  found: number;
  closed: number;
  closed_on_time: number;
  overdue: number;
  major_open: number;
}
export type GroupFigureRow = FigureRow & { key: string; name: string };

export interface FigureQuery {
  groupBy?: StatsGroup;
  from?: string;
  to?: string;
  regionCode?: string;
  limit?: number;
}

/** The figures of the hazards the actor may see (found between from and to, in the zone), and per group if asked. */
export async function hazardFigureRows(
  db: Kysely<DB>,
  actor: Actor,
  q: FigureQuery,
  now: Date,
  timeZone: string,
): Promise<{ total: FigureRow; groups: GroupFigureRow[] }> {
  const where: RawBuilder<unknown>[] = [inScope(actor, 'hazard', 'h')];
  if (q.regionCode) where.push(inRegion(q.regionCode, 'h'));
  if (q.from)
    where.push(
      sql`h.found_at >= ${`${q.from}T00:00:00${offsetInZone(timeZone, new Date(`${q.from}T12:00:00Z`))}`}::timestamptz`,
    );
  if (q.to) {
    const next = addDays(q.to, 1);
    where.push(
      sql`h.found_at < ${`${next}T00:00:00${offsetInZone(timeZone, new Date(`${next}T12:00:00Z`))}`}::timestamptz`,
    );
  }
  const cond = sql.join(where, sql` AND `);
  const figs = figuresSql(now);
  const total = await sql<FigureRow>`SELECT ${figs} FROM hazards h WHERE ${cond}`.execute(db);
  if (!q.groupBy) return { total: total.rows[0], groups: [] };
  const g = GROUPS[q.groupBy];
  const rows = await sql<GroupFigureRow>`
      SELECT ${g.key} AS key, ${g.name} AS name, ${figs}
      FROM hazards h ${g.join}
      WHERE ${cond}
      GROUP BY 1
      ORDER BY found DESC, key
      LIMIT ${q.limit ?? 50}`.execute(db);
  return { total: total.rows[0], groups: rows.rows };
}
