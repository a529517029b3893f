import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { elapsedMs } from '../../clock.ts';
import {
  hazardRollupSnapshot,
  rebuildHazardRollupRows,
  rollupTimeZone,
  setRollupTimeZone,
  type HazardRollupSnapshot,
  type RollupSizes,
} from './rollups-repo.ts';

/**
 * Rebuilding and checking the hazard rollups (`redline rollups rebuild | check`, and at start when
 * TIME_ZONE changed). The rollups are derived data — no audit entry — and a rebuild is one
 * transaction: hazard writers wait for it, readers see the previous figures until it commits.
 */

export interface RebuildSummary extends RollupSizes {
  timeZone: string;
  ms: number;
}

/** Recomputes the rollups from the hazard rows, counting found days in `timeZone`. */
export async function rebuildHazardRollups(db: Kysely<DB>, timeZone: string): Promise<RebuildSummary> {
  const t0 = elapsedMs();
  const sizes = await inTransaction(db, async (trx) => {
    if ((await rollupTimeZone(trx)) !== timeZone) await setRollupTimeZone(trx, timeZone);
    return rebuildHazardRollupRows(trx);
  });
  return { ...sizes, timeZone, ms: Math.round(elapsedMs() - t0) };
}

/**
 * At start: the rollups count found days in the zone recorded with them (the migration's backfill
 * used Asia/Shanghai); when the server's TIME_ZONE is another, they are rebuilt in it once.
 */
export async function ensureHazardRollupZone(
  db: Kysely<DB>,
  timeZone: string,
): Promise<RebuildSummary | null> {
  if ((await rollupTimeZone(db)) === timeZone) return null;
  return rebuildHazardRollups(db, timeZone);
}

export interface RollupDifference {
  table: 'hazard_daily' | 'hazard_monthly' | 'hazard_monthly_groups' | 'hazard_owing' | 'hazard_owing_days';
  key: string;
  maintained: Record<string, number> | null;
  rebuilt: Record<string, number> | null;
}

class RolledBack extends Error {
  constructor(readonly differences: RollupDifference[]) {
    super('rolled back');
  }
}

/**
 * Whether the maintained rollups equal a rebuild from the source rows: rebuilds inside a transaction
 * that is then rolled back, so nothing changes; returns the rows that differ (none when equal).
 */
export async function checkHazardRollups(db: Kysely<DB>): Promise<RollupDifference[]> {
  try {
    await inTransaction(db, async (trx) => {
      const maintained = await hazardRollupSnapshot(trx);
      await rebuildHazardRollupRows(trx);
      const rebuilt = await hazardRollupSnapshot(trx);
      throw new RolledBack(compareSnapshots(maintained, rebuilt));
    });
  } catch (e) {
    if (e instanceof RolledBack) return e.differences;
    throw e;
  }
  return [];
}

const DAILY_COUNTS = ['reported', 'found', 'closed', 'closed_on_time', 'listed', 'owing'] as const;
const DAILY_KEY = [
  'found_day',
  'region_code',
  'enterprise_id',
  'project_id',
  'inspection_id',
  'module_code',
  'found_by',
  'grade',
] as const;

/** Rows present on one side only, or with other counts, keyed by their key columns. */
export function compareSnapshots(a: HazardRollupSnapshot, b: HazardRollupSnapshot): RollupDifference[] {
  const out: RollupDifference[] = [];
  const diff = <R extends object>(
    table: RollupDifference['table'],
    left: R[],
    right: R[],
    keyCols: readonly (keyof R)[],
    countCols: readonly (keyof R)[],
  ) => {
    const keyOf = (r: R) => JSON.stringify(keyCols.map((k) => r[k]));
    const countsOf = (r: R) => Object.fromEntries(countCols.map((k) => [k, Number(r[k])]));
    const l = new Map(left.map((r) => [keyOf(r), countsOf(r)]));
    const rr = new Map(right.map((r) => [keyOf(r), countsOf(r)]));
    for (const key of new Set([...l.keys(), ...rr.keys()])) {
      const x = l.get(key) ?? null;
      const y = rr.get(key) ?? null;
      if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ table, key, maintained: x, rebuilt: y });
    }
  };
  diff('hazard_daily', a.daily, b.daily, DAILY_KEY, DAILY_COUNTS);
  diff('hazard_monthly', a.monthly, b.monthly, ['month', 'county_code', 'grade'], DAILY_COUNTS);
  const groupKey = ['dim', 'county_code', 'month', 'key', 'grade'] as const;
  diff('hazard_monthly_groups', a.monthlyGroups, b.monthlyGroups, groupKey, DAILY_COUNTS);
  diff('hazard_owing', a.owing, b.owing, [...DAILY_KEY, 'deadline'], ['n']);
  const owingDayKey = ['dim', 'county_code', 'month', 'deadline_day', 'key', 'grade'] as const;
  diff('hazard_owing_days', a.owingDays, b.owingDays, owingDayKey, ['n']);
  return out;
}
