import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Job } from '../../jobs/scheduler.ts';
import { inTransaction } from '../../db/transaction.ts';
import { elapsedMs } from '../../clock.ts';
import {
  dropEventPartitions,
  ensureEventPartitions,
  eventRollupDifferences,
  eventsWholeFrom,
  rebuildEventRollupRows,
  type EventRollupDifference,
} from './event-store-repo.ts';

/**
 * The device event store's upkeep (issue 13). `device_events` is partitioned by UTC month
 * (0402_event_partitions.sql); partitions are created two months ahead — at start and by the job
 * below — and month partitions older than EVENT_RETENTION_MONTHS are dropped, except the events an
 * alarm names as evidence, which move to the default partition `device_events_kept` and stay.
 * The hourly rollups (0404_event_rollups.sql) are maintained by the ingest batch; a rebuild
 * recomputes the hours whose events are still stored.
 */

const MONTHS_AHEAD = 2;

const monthStart = (t: Date, plusMonths = 0) =>
  new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + plusMonths, 1));

/** The partitions of this month and the next two; answers how many were created. */
export function ensureEventPartitionsAhead(db: Kysely<DB>, now: Date) {
  return ensureEventPartitions(db, monthStart(now), monthStart(now, MONTHS_AHEAD));
}

/** The first instant retention keeps: the start of the UTC month `months` before this one; null keeps all. */
export function retentionCutoff(now: Date, months: number): Date | null {
  return months > 0 ? monthStart(now, -months) : null;
}

/** One run of the upkeep: partitions ahead, then retention. */
export async function maintainEventPartitions(db: Kysely<DB>, now: Date, retentionMonths: number) {
  const created = await ensureEventPartitionsAhead(db, now);
  const cutoff = retentionCutoff(now, retentionMonths);
  const dropped = cutoff ? await dropEventPartitions(db, cutoff) : 0;
  return { created, dropped, cutoff };
}

export const deviceEventPartitionsJob: Job = {
  name: 'device-event-partitions',
  everyMs: 3_600_000,
  run: async (trx, deps) => {
    const r = await maintainEventPartitions(trx, deps.now(), deps.config.EVENT_RETENTION_MONTHS);
    return `${r.created} partition(s) created, ${r.dropped} dropped${
      r.cutoff
        ? ` (events before ${r.cutoff.toISOString()} removed, alarm evidence kept)`
        : ' (retention off)'
    }`;
  },
};

/** Recomputes the event rollups of the hours whose events are still stored. */
export async function rebuildEventRollups(db: Kysely<DB>) {
  const t0 = elapsedMs();
  const r = await inTransaction(db, async (trx) => {
    const from = await eventsWholeFrom(trx);
    return { rows: await rebuildEventRollupRows(trx, from), from };
  });
  return { ...r, ms: Math.round(elapsedMs() - t0) };
}

/** The rollup rows that differ from a rebuild (hours whose events are still stored); nothing changes. */
export async function checkEventRollups(db: Kysely<DB>): Promise<EventRollupDifference[]> {
  return eventRollupDifferences(db, await eventsWholeFrom(db));
}
