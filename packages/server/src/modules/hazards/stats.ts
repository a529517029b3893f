import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { HazardStats } from '@redline/contracts';
import { addDays, offsetInZone } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope, inRegion } from '../../auth/scope.ts';

/**
 * Rectification figures for a jurisdiction (or an enterprise's own hazards), overall and grouped
 * by region (county), enterprise, project, checklist module or the inspector who found them.
 * The definitions are the domain's `hazardFigures` (tests compare the two); here they are SQL so
 * a province's million hazards are counted by the database.
 */
type Group = 'region' | 'enterprise' | 'project' | 'module' | 'inspector';

const figuresSql = (now: Date) => sql`
  count(*) FILTER (WHERE h.status <> 'rejected')::int AS found,
  count(*) FILTER (WHERE h.status = 'closed')::int AS closed,
  count(*) FILTER (WHERE h.status = 'closed' AND (h.state->'closure'->>'via' = 'on_spot' OR h.deadline IS NULL OR (h.state->'closure'->>'at')::timestamptz <= h.deadline))::int AS closed_on_time,
  count(*) FILTER (WHERE h.status IN ('rectification_ordered', 'rectifying') AND h.deadline < ${now.toISOString()}::timestamptz)::int AS overdue,
  count(*) FILTER (WHERE h.grade = 'major' AND h.status NOT IN ('closed', 'rejected'))::int AS major_open`;

const GROUPS: Record<
  Group,
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

interface Row {
  found: number;
  closed: number;
  closed_on_time: number;
  overdue: number;
  major_open: number;
}
const figures = (r: Row) => ({
  found: r.found,
  closed: r.closed,
  closedOnTime: r.closed_on_time,
  overdue: r.overdue,
  majorOpen: r.major_open,
  rate: r.found ? r.closed / r.found : null,
  onTimeRate: r.found ? r.closed_on_time / r.found : null,
});

export async function hazardStats(
  db: Kysely<DB>,
  actor: Actor,
  q: { groupBy?: Group; from?: string; to?: string; regionCode?: string; limit?: number },
  now: Date,
  timeZone: string,
): Promise<HazardStats> {
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
  const total = await sql<Row>`SELECT ${figs} FROM hazards h WHERE ${cond}`.execute(db);
  let groups: HazardStats['groups'] = [];
  if (q.groupBy) {
    const g = GROUPS[q.groupBy];
    const rows = await sql<Row & { key: string; name: string }>`
      SELECT ${g.key} AS key, ${g.name} AS name, ${figs}
      FROM hazards h ${g.join}
      WHERE ${cond}
      GROUP BY 1
      ORDER BY found DESC, key
      LIMIT ${q.limit ?? 50}`.execute(db);
    groups = rows.rows.map((r) => ({ key: r.key, name: r.name, ...figures(r) }));
  }
  return { asOf: now.toISOString(), total: figures(total.rows[0]), groupBy: q.groupBy ?? null, groups };
}
