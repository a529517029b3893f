import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { inRegion } from '../../auth/scope.ts';

/**
 * The dashboard's counts that are not hazard figures (those come from the hazards module's
 * stats-repo.ts): registry counts, devices seen recently and equipment past its inspection date
 * (small counts on the region-prefix indexes of 0001 / 0620), and finished inspections from the
 * inspection_daily rollup (0620). Every query is bounded by the region prefix the route has checked
 * lies inside the caller's jurisdiction; each returns its figures per child (key) and in total
 * (key null), from one statement with GROUPING SETS.
 */

/** How the children of the region shown are keyed: by division-code prefix, or one enterprise / project each. */
export type ChildKey = { kind: 'region'; digits: number } | { kind: 'enterprise' } | { kind: 'project' };

/** A table's columns that key its rows by child: its region code, its enterprise and project (null: none). */
interface Keyed {
  region: string;
  enterprise: string | null;
  project: string | null;
}

/** The child key expression over a table alias (NULL when the table has no such column). */
export function childKeyOf(child: ChildKey, alias: string, cols: Keyed): RawBuilder<string | null> {
  if (child.kind === 'region')
    return sql<string>`substr(${sql.ref(`${alias}.${cols.region}`)}, 1, ${sql.lit(child.digits)})`;
  const col = cols[child.kind];
  return col === null ? sql<null>`NULL::text` : sql<string>`${sql.ref(`${alias}.${col}`)}::text`;
}

export interface Counted<T> {
  total: T;
  byKey: Map<string, T>;
}

/** Rows of a GROUPING SETS ((key), ()) query → the total (grand = 1) and the figures per key. */
export function splitRows<T extends object>(
  rows: Array<T & { key: string | null; grand: number }>,
  zero: T,
): Counted<T> {
  let total = zero;
  const byKey = new Map<string, T>();
  for (const r of rows) {
    const { key, grand, ...rest } = r;
    if (grand === 1) total = rest as unknown as T;
    else if (key !== null) byKey.set(key, rest as unknown as T);
  }
  return { total, byKey };
}

export interface RegionRow {
  code: string;
  name: string;
}

/** The region and its ancestors' names, for the breadcrumb (codes given). */
export async function regionNames(db: Kysely<DB>, codes: string[]): Promise<RegionRow[]> {
  if (!codes.length) return [];
  const rows = await sql<RegionRow>`
    SELECT code, name_zh AS name FROM regions WHERE code IN (${sql.join(codes)})`.execute(db);
  return rows.rows;
}

/** The regions one level below `code` ('' = the provinces), in code order. */
export async function childRegions(db: Kysely<DB>, code: string): Promise<RegionRow[]> {
  const rows = await sql<RegionRow>`
    SELECT code, name_zh AS name FROM regions
    WHERE ${code === '' ? sql`parent_code IS NULL AND level = 'province'` : sql`parent_code = ${code}`}
    ORDER BY code`.execute(db);
  return rows.rows;
}

/** Enterprises or projects registered in a (town) region: the children of a town, at most `limit`. */
export async function registeredUnits(
  db: Kysely<DB>,
  kind: 'enterprise' | 'project',
  prefix: string,
  limit: number,
): Promise<RegionRow[]> {
  const rows = await sql<RegionRow>`
    SELECT u.id::text AS code, u.name FROM ${sql.table(kind === 'enterprise' ? 'enterprises' : 'projects')} u
    WHERE ${inRegion(prefix, 'u')} ORDER BY u.name, u.id LIMIT ${limit}`.execute(db);
  return rows.rows;
}

export interface RegistryCounts {
  enterprises: number;
  projects: number;
  devices: number;
  devices_online: number;
  equipment_overdue: number;
}

/**
 * Enterprises, projects, active devices, devices seen since `seenSince`, and equipment whose next
 * periodic inspection date is before `today` (the domain's equipmentInspectionStatus 'overdue': a
 * failed last inspection is 'failed' instead) — in the region `prefix`, per child and in total.
 */
export async function registryCounts(
  db: Kysely<DB>,
  prefix: string,
  child: ChildKey,
  seenSince: Date,
  today: string,
): Promise<Counted<RegistryCounts>> {
  const rows = await sql<{ key: string | null; grand: number; what: string; n: number }>`
    WITH c AS (
      SELECT 'enterprises' AS what, ${childKeyOf(child, 'e', { region: 'region_code', enterprise: 'id', project: null })} AS key
      FROM enterprises e WHERE ${inRegion(prefix, 'e')}
      UNION ALL
      SELECT 'projects', ${childKeyOf(child, 'p', { region: 'region_code', enterprise: null, project: 'id' })}
      FROM projects p WHERE ${inRegion(prefix, 'p')}
      UNION ALL
      SELECT CASE WHEN d.last_seen_at >= ${seenSince.toISOString()}::timestamptz THEN 'online' ELSE 'offline' END,
             ${childKeyOf(child, 'd', { region: 'region_code', enterprise: 'enterprise_id', project: 'project_id' })}
      FROM devices d WHERE d.active AND ${inRegion(prefix, 'd')}
      UNION ALL
      SELECT 'equipment_overdue',
             ${childKeyOf(child, 'q', { region: 'region_code', enterprise: 'user_enterprise_id', project: 'project_id' })}
      FROM equipment q WHERE ${inRegion(prefix, 'q')} AND q.next_inspection_on < ${today}::date
        AND q.last_inspection_result IS DISTINCT FROM 'fail'
    )
    SELECT key, grouping(key)::int AS grand, what, count(*)::int AS n
    FROM c GROUP BY GROUPING SETS ((key, what), (what))`.execute(db);
  const zero = (): RegistryCounts => ({
    enterprises: 0,
    projects: 0,
    devices: 0,
    devices_online: 0,
    equipment_overdue: 0,
  });
  const total = zero();
  const byKey = new Map<string, RegistryCounts>();
  for (const r of rows.rows) {
    const into =
      r.grand === 1
        ? total
        : r.key === null
          ? null
          : (byKey.get(r.key) ?? byKey.set(r.key, zero()).get(r.key)!);
    if (!into) continue;
    if (r.what === 'online') {
      into.devices_online += r.n;
      into.devices += r.n;
    } else if (r.what === 'offline') into.devices += r.n;
    else into[r.what as 'enterprises' | 'projects' | 'equipment_overdue'] += r.n;
  }
  return { total, byKey };
}

export interface InspectionCounts {
  done: number;
  enterprises: number;
}

/** Where inspection_daily is read: the region prefix, the finished days, supervisory kinds only. */
const inspectionRows = (prefix: string, from: string, to: string) => sql`
  ${inRegion(prefix, 'i')} AND i.done_day >= ${from}::date AND i.done_day <= ${to}::date AND i.kind <> 'self'`;

/**
 * Supervisory inspections finished between `from` and `to` (days in the rollups' zone) and the
 * distinct enterprises they inspected, per child and in total — from the inspection_daily rollup.
 */
export async function inspectionCounts(
  db: Kysely<DB>,
  prefix: string,
  child: ChildKey,
  from: string,
  to: string,
): Promise<Counted<InspectionCounts>> {
  const key = childKeyOf(child, 'i', {
    region: 'region_code',
    enterprise: 'enterprise_id',
    project: 'project_id',
  });
  const rows = await sql<{ key: string | null; grand: number; done: number; enterprises: number }>`
    SELECT c.key, grouping(c.key)::int AS grand, coalesce(sum(c.n), 0)::int AS done,
           count(DISTINCT c.enterprise_id)::int AS enterprises
    FROM (SELECT ${key} AS key, i.n, i.enterprise_id FROM inspection_daily i
          WHERE ${inspectionRows(prefix, from, to)}) c
    GROUP BY GROUPING SETS ((c.key), ())`.execute(db);
  return splitRows<InspectionCounts>(rows.rows, { done: 0, enterprises: 0 });
}

/** Supervisory inspections finished per month ('YYYY-MM') between `from` and `to`. */
export async function inspectionsByMonth(
  db: Kysely<DB>,
  prefix: string,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const rows = await sql<{ month: string; done: number }>`
    SELECT to_char(i.done_day, 'YYYY-MM') AS month, sum(i.n)::int AS done
    FROM inspection_daily i WHERE ${inspectionRows(prefix, from, to)} GROUP BY 1`.execute(db);
  return new Map(rows.rows.map((r) => [r.month, r.done]));
}
