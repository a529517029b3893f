import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { inRegion } from '../../auth/scope.ts';
import { childKeyOf, splitRows, type ChildKey, type Counted } from './repo.ts';

/**
 * Figures from tables other modules own: accidents (`accidents`, migration 0600), current grades
 * (`current_grades`, 0510) and spot-check plan tasks (`spot_check_tasks`, 0530). They were written
 * while those modules were being built beside this one and checked the catalogue on every request;
 * all three are installed now, so they are read directly.
 */

export interface AccidentCounts {
  count: number;
  deaths: number;
  last_count: number;
  last_deaths: number;
}

/** The instant a day (YYYY-MM-DD) starts in `zone`, as SQL. */
const dayStart = (day: string, zone: string) => sql`(${day}::date)::timestamp AT TIME ZONE ${zone}`;

/**
 * Accidents and deaths that occurred between `from` and `to` (days in `zone`) and in the same days a
 * year earlier (`lastFrom` … `lastTo`), per child and in total.
 */
export async function accidentCounts(
  db: Kysely<DB>,
  prefix: string,
  child: ChildKey,
  period: { from: string; to: string; lastFrom: string; lastTo: string; zone: string },
): Promise<Counted<AccidentCounts>> {
  const { from, to, lastFrom, lastTo, zone } = period;
  const next = (d: string) => sql`(${d}::date + 1)::timestamp AT TIME ZONE ${zone}`;
  const now = sql`a.occurred_at >= ${dayStart(from, zone)} AND a.occurred_at < ${next(to)}`;
  const last = sql`a.occurred_at >= ${dayStart(lastFrom, zone)} AND a.occurred_at < ${next(lastTo)}`;
  const key = childKeyOf(child, 'a', {
    region: 'region_code',
    enterprise: 'enterprise_id',
    project: 'project_id',
  });
  const rows = await sql<AccidentCounts & { key: string | null; grand: number }>`
    SELECT c.key, grouping(c.key)::int AS grand,
           count(*) FILTER (WHERE c.now)::int AS count,
           coalesce(sum(c.deaths) FILTER (WHERE c.now), 0)::int AS deaths,
           count(*) FILTER (WHERE NOT c.now)::int AS last_count,
           coalesce(sum(c.deaths) FILTER (WHERE NOT c.now), 0)::int AS last_deaths
    FROM (SELECT ${key} AS key, (${now}) AS now, a.deaths FROM accidents a
          WHERE ${inRegion(prefix, 'a')} AND ((${now}) OR (${last}))) c
    GROUP BY GROUPING SETS ((c.key), ())`.execute(db);
  return splitRows<AccidentCounts>(rows.rows, { count: 0, deaths: 0, last_count: 0, last_deaths: 0 });
}

export interface GradeCounts {
  enterprise: Record<'A' | 'B' | 'C', number>;
  project: Record<'A' | 'B' | 'C', number>;
}

/** The current grades A/B/C of the enterprises and projects registered in the region. */
export async function gradeCounts(db: Kysely<DB>, prefix: string): Promise<GradeCounts> {
  const rows = await sql<{ target_kind: string; grade: string; n: number }>`
    SELECT g.target_kind, g.grade, count(*)::int AS n FROM current_grades g
    WHERE (g.target_kind = 'enterprise' AND g.target_id IN (SELECT e.id FROM enterprises e WHERE ${inRegion(prefix, 'e')}))
       OR (g.target_kind = 'project' AND g.target_id IN (SELECT p.id FROM projects p WHERE ${inRegion(prefix, 'p')}))
    GROUP BY 1, 2`.execute(db);
  const out: GradeCounts = { enterprise: { A: 0, B: 0, C: 0 }, project: { A: 0, B: 0, C: 0 } };
  for (const r of rows.rows)
    if (
      (r.target_kind === 'enterprise' || r.target_kind === 'project') &&
      (r.grade === 'A' || r.grade === 'B' || r.grade === 'C')
    )
      out[r.target_kind][r.grade] += r.n;
  return out;
}

/**
 * Spot-check plan tasks due in the period and, of them, done (their inspection finished, as the
 * plans module counts them: spot-checks/presenters.ts).
 */
export async function planCounts(
  db: Kysely<DB>,
  prefix: string,
  from: string,
  to: string,
): Promise<{ due: number; done: number }> {
  const r = await sql<{ due: number; done: number }>`
    SELECT count(*)::int AS due, count(*) FILTER (WHERE i.status = 'finished')::int AS done
    FROM spot_check_tasks t LEFT JOIN inspections i ON i.id = t.inspection_id
    WHERE ${inRegion(prefix, 't', 'region_code', { range: true })}
      AND t.due_on >= ${from}::date AND t.due_on <= ${to}::date`.execute(db);
  return r.rows[0];
}
