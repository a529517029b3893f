import type { Kysely } from 'kysely';
import type { Job } from '../../jobs/scheduler.ts';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../http/context.ts';
import { recomputeById } from './compute-grade.ts';
import { activeModel, markAllDirty, metaValue, setMeta, takeDirty } from './repo.ts';

/** Targets recomputed per run of the dirty job (one transaction; the next run takes the rest). */
export const DIRTY_BATCH = 200;
/** The nightly run marks every target from this hour (service time zone) on. */
export const NIGHTLY_FROM_HOUR = 2;
/** app_meta key: the service date the nightly run last marked every target. */
export const NIGHTLY_KEY = 'grading_nightly_day';

/**
 * Drains the dirty queue: targets marked by the triggers of migration 0510 (a hazard's lifecycle, an
 * alarm verdict, a finished inspection, a credit record, an award, a site's colour) or by the nightly
 * run are recomputed, DIRTY_BATCH per run.
 */
export async function drainDirty(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now' | 'today' | 'config'>,
  limit = DIRTY_BATCH,
) {
  const batch = await takeDirty(trx, limit);
  if (batch.length === 0) return 'nothing marked';
  const { model } = await activeModel(trx);
  let done = 0;
  for (const t of batch)
    if (await recomputeById(trx, deps, t.target_kind, t.target_id, t.reason, model)) done++;
  return `recomputed ${done} grade(s)`;
}

export const gradingDirtyJob: Job = {
  name: 'grading-dirty',
  everyMs: 60_000,
  run: (trx, deps) => drainDirty(trx, deps),
};

function hourInZone(timeZone: string, at: Date): number {
  const h = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at);
  return Number(h);
}

/** Once a day, from NIGHTLY_FROM_HOUR, every enterprise and project is marked for the dirty job. */
export async function nightlyMark(trx: Kysely<DB>, deps: Pick<Deps, 'now' | 'today' | 'config'>) {
  const today = deps.today();
  if ((await metaValue(trx, NIGHTLY_KEY)) === today) return 'already marked today';
  if (hourInZone(deps.config.TIME_ZONE, deps.now()) < NIGHTLY_FROM_HOUR) return 'not yet';
  const n = await markAllDirty(trx, 'nightly');
  await setMeta(trx, NIGHTLY_KEY, today, deps.now());
  return `marked ${n} target(s) for the nightly recomputation`;
}

export const gradingNightlyJob: Job = {
  name: 'grading-nightly',
  everyMs: 10 * 60_000,
  run: (trx, deps) => nightlyMark(trx, deps),
};
