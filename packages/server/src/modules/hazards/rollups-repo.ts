import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * The hazard rollups (migration 0401): `hazard_daily` (per found day × place × enterprise × project ×
 * inspection × module × finder × grade: reported, found, closed, closed on time, listed, owing),
 * `hazard_monthly` (the same counts per found month × county × grade), `hazard_monthly_groups`
 * (0405: per month × county × enterprise / project / module / inspector × grade), `hazard_owing`
 * (hazards whose fix is owed, by the same keys and their deadline) and `hazard_owing_days` (0408: the
 * owed ones per dimension × county × found month × deadline day × grade). Triggers on `hazards` keep them in
 * the transaction of every write; this file rebuilds and compares them.
 */

export interface HazardDailyRow {
  found_day: string;
  region_code: string;
  enterprise_id: string | null;
  project_id: string | null;
  inspection_id: string | null;
  module_code: string | null;
  found_by: string | null;
  grade: string;
  reported: number;
  found: number;
  closed: number;
  closed_on_time: number;
  listed: number;
  owing: number;
}

export interface HazardOwingRow {
  found_day: string;
  region_code: string;
  enterprise_id: string | null;
  project_id: string | null;
  inspection_id: string | null;
  module_code: string | null;
  found_by: string | null;
  grade: string;
  deadline: string;
  n: number;
}

export interface HazardMonthlyRow {
  month: string;
  county_code: string;
  grade: string;
  reported: number;
  found: number;
  closed: number;
  closed_on_time: number;
  listed: number;
  owing: number;
}

export interface HazardMonthlyGroupRow extends HazardMonthlyRow {
  dim: string;
  key: string;
}

export interface HazardOwingDayRow {
  dim: string;
  county_code: string;
  month: string;
  deadline_day: string;
  key: string;
  grade: string;
  n: number;
}

export interface HazardRollupSnapshot {
  daily: HazardDailyRow[];
  monthly: HazardMonthlyRow[];
  monthlyGroups: HazardMonthlyGroupRow[];
  owing: HazardOwingRow[];
  owingDays: HazardOwingDayRow[];
}

/** Recomputes both rollups from the hazard rows, in the caller's transaction (or its own statement). */
export async function rebuildHazardRollupRows(db: Kysely<DB>): Promise<RollupSizes> {
  await sql`SELECT hazard_rollups_rebuild()`.execute(db);
  return rollupSizes(db);
}

export interface RollupSizes {
  daily: number;
  monthly: number;
  monthlyGroups: number;
  owing: number;
  owingDays: number;
}

export async function rollupSizes(db: Kysely<DB>): Promise<RollupSizes> {
  const r = await sql<RollupSizes>`
    SELECT (SELECT count(*) FROM hazard_daily)::int AS daily, (SELECT count(*) FROM hazard_monthly)::int AS monthly,
           (SELECT count(*) FROM hazard_monthly_groups)::int AS "monthlyGroups",
           (SELECT count(*) FROM hazard_owing)::int AS owing,
           (SELECT count(*) FROM hazard_owing_days)::int AS "owingDays"`.execute(db);
  return r.rows[0];
}

/** The zone the found days are counted in. */
export async function rollupTimeZone(db: Kysely<DB>): Promise<string> {
  const r = await sql<{ time_zone: string }>`SELECT time_zone FROM hazard_rollup_meta`.execute(db);
  return r.rows[0].time_zone;
}

/** Sets the zone the found days are counted in (the caller rebuilds in the same transaction). */
export async function setRollupTimeZone(db: Kysely<DB>, timeZone: string): Promise<void> {
  await sql`UPDATE hazard_rollup_meta SET time_zone = ${timeZone}`.execute(db);
}

/** Every rollup row in a stable order, as text-comparable values (the property test and `rollups check`). */
export async function hazardRollupSnapshot(db: Kysely<DB>): Promise<HazardRollupSnapshot> {
  const daily = await sql<HazardDailyRow>`
    SELECT found_day::text AS found_day, region_code, enterprise_id::text AS enterprise_id,
           project_id::text AS project_id, inspection_id::text AS inspection_id, module_code,
           found_by::text AS found_by, grade, reported, found, closed, closed_on_time, listed, owing
    FROM hazard_daily
    ORDER BY found_day, region_code, enterprise_id NULLS FIRST, project_id NULLS FIRST,
             inspection_id NULLS FIRST, module_code NULLS FIRST, found_by NULLS FIRST, grade`.execute(db);
  const owing = await sql<HazardOwingRow>`
    SELECT found_day::text AS found_day, region_code, enterprise_id::text AS enterprise_id,
           project_id::text AS project_id, inspection_id::text AS inspection_id, module_code,
           found_by::text AS found_by, grade,
           to_char(deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS deadline, n
    FROM hazard_owing
    ORDER BY found_day, region_code, enterprise_id NULLS FIRST, project_id NULLS FIRST,
             inspection_id NULLS FIRST, module_code NULLS FIRST, found_by NULLS FIRST, grade, deadline`.execute(
    db,
  );
  const monthly = await sql<HazardMonthlyRow>`
    SELECT month::text AS month, county_code, grade, reported, found, closed, closed_on_time, listed, owing
    FROM hazard_monthly ORDER BY month, county_code, grade`.execute(db);
  const monthlyGroups = await sql<HazardMonthlyGroupRow>`
    SELECT dim, county_code, month::text AS month, key, grade, reported, found, closed, closed_on_time, listed, owing
    FROM hazard_monthly_groups ORDER BY dim, county_code, month, key, grade`.execute(db);
  const owingDays = await sql<HazardOwingDayRow>`
    SELECT dim, county_code, month::text AS month, deadline_day::text AS deadline_day, key, grade, n
    FROM hazard_owing_days ORDER BY dim, county_code, month, deadline_day, key, grade`.execute(db);
  return {
    daily: daily.rows,
    monthly: monthly.rows,
    monthlyGroups: monthlyGroups.rows,
    owing: owing.rows,
    owingDays: owingDays.rows,
  };
}
