import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isRegulator } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inRegion } from '../../auth/scope.ts';
import type { Static } from '@sinclair/typebox';
import type { RectificationQuery } from '@redline/contracts';

/**
 * The exact total of the hazard work list, read from the rollups (0401) when its filters are ones
 * they count: at 1M hazards the first page's capped count walked up to 1,001 rows per request
 * (10–30 ms of a district's page) and was still only "1,000+". Same conditions as the figures
 * (stats-repo.ts): a regulator scoped by region alone (no cross-inspection grant), at county level or
 * above, no finer region asked for. Filters answered: none, grade, open, closed (status), rejected
 * (status), ended (open=false), listed, overdue (from hazard_owing, by the clock). Anything else
 * (search, enterprise, project, inspection, other statuses, combinations) → null: the list counts.
 */
const RANGE = { range: true };
type HazardListQuery = Static<typeof RectificationQuery>;

/** A column expression of hazard_monthly `m` for the filter, or 'overdue', or null when not counted. */
function monthlyMeasure(q: HazardListQuery): RawBuilder<unknown> | 'overdue' | null {
  const statuses = q.status === undefined ? [] : Array.isArray(q.status) ? q.status : [q.status];
  const filters = [
    statuses.length > 0,
    q.open !== undefined,
    q.overdue !== undefined,
    q.listed !== undefined,
  ];
  if (filters.filter(Boolean).length > 1) return null;
  if (statuses.length > 1) return null;
  if (statuses[0] === 'closed') return sql`m.closed`;
  if (statuses[0] === 'rejected') return sql`m.reported - m.found`;
  if (statuses.length) return null;
  if (q.open === true) return sql`m.found - m.closed`;
  if (q.open === false) return sql`m.reported - m.found + m.closed`;
  if (q.overdue === true) return 'overdue';
  if (q.overdue === false) return null;
  if (q.listed === true) return sql`m.listed`;
  if (q.listed === false) return sql`m.reported - m.listed`;
  return sql`m.reported`;
}

export async function hazardListTotalFromRollups(
  db: Kysely<DB>,
  actor: Actor,
  q: HazardListQuery,
  now: Date,
): Promise<number | null> {
  if (
    !isRegulator(actor.role) ||
    actor.crossGrants?.inspections?.length ||
    actor.regionCode.length > 6 ||
    (q.regionCode ?? '').length > 6 ||
    q.q ||
    q.enterpriseId ||
    q.projectId ||
    q.inspectionId
  )
    return null;
  const measure = monthlyMeasure(q);
  if (measure === null) return null;
  if (measure === 'overdue') {
    const where = [
      inRegion(actor.regionCode, 'm', 'region_code', RANGE),
      sql`m.deadline < ${now.toISOString()}::timestamptz`,
    ];
    if (q.regionCode) where.push(inRegion(q.regionCode, 'm', 'region_code', RANGE));
    if (q.grade) where.push(sql`m.grade = ${q.grade}`);
    const r = await sql<{ n: number }>`
      SELECT coalesce(sum(m.n), 0)::int AS n FROM hazard_owing m WHERE ${sql.join(where, sql` AND `)}`.execute(
      db,
    );
    return r.rows[0].n;
  }
  const where = [inRegion(actor.regionCode, 'm', 'county_code', RANGE)];
  if (q.regionCode) where.push(inRegion(q.regionCode, 'm', 'county_code', RANGE));
  if (q.grade) where.push(sql`m.grade = ${q.grade}`);
  const r = await sql<{ n: number }>`
    SELECT coalesce(sum(${measure}), 0)::int AS n FROM hazard_monthly m WHERE ${sql.join(where, sql` AND `)}`.execute(
    db,
  );
  return r.rows[0].n;
}
