import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * Queries of the device event store's upkeep (issue 13): month partitions, retention, and the hourly
 * rollups' rebuild and check. The partition functions are SQL functions of 0402_event_partitions.sql,
 * so the migration, the start and the job create partitions the same way on both engines.
 */

/** Creates the month partitions from the month of `from` to the month of `to`; answers how many were new. */
export async function ensureEventPartitions(db: Db, from: Date, to: Date): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT device_event_partitions_ensure(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz) AS n`.execute(
    db,
  );
  return r.rows[0]?.n ?? 0;
}

/** Drops the month partitions ending on or before `cutoff`, keeping alarm evidence; answers how many. */
export async function dropEventPartitions(db: Db, cutoff: Date): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT device_event_partitions_drop(${cutoff.toISOString()}::timestamptz) AS n`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** The month partitions with their ranges, oldest first (and the number of events in the default one). */
export async function eventPartitions(db: Db) {
  const parts = await sql<{ name: string; bound: string }>`
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'device_events'::regclass AND c.relname ~ '^device_events_y[0-9]{4}m[0-9]{2}$'
    ORDER BY c.relname`.execute(db);
  const kept = await sql<{ n: number }>`SELECT count(*)::int AS n FROM device_events_kept`.execute(db);
  return { months: parts.rows, kept: kept.rows[0]?.n ?? 0 };
}

/** Where the stored events are whole: the start of the oldest month partition (null: none). */
export async function eventsWholeFrom(db: Db): Promise<Date | null> {
  const { months } = await eventPartitions(db);
  const first = months[0]?.name.match(/^device_events_y(\d{4})m(\d{2})$/);
  return first ? new Date(Date.UTC(Number(first[1]), Number(first[2]) - 1, 1)) : null;
}

const ROLLUP_OF_EVENTS = sql`
  SELECT date_trunc('hour', time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, device_id, site_id, region_code, type,
    coalesce(code, '') AS code, count(*) AS n
  FROM device_events`;

/**
 * Recomputes the rollups of the hours from `from` on (all hours when null) from the events. Ingest
 * waits for it (the table lock), so no batch is counted twice or missed. Answers the rows written.
 */
export async function rebuildEventRollupRows(trx: Db, from: Date | null): Promise<number> {
  await sql`LOCK TABLE device_event_rollups IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
  const since = from ? from.toISOString() : null;
  await sql`DELETE FROM device_event_rollups WHERE ${since}::timestamptz IS NULL OR hour >= ${since}::timestamptz`.execute(
    trx,
  );
  const r = await sql`
    INSERT INTO device_event_rollups (hour, device_id, site_id, region_code, type, code, n)
    ${ROLLUP_OF_EVENTS}
    WHERE ${since}::timestamptz IS NULL OR time >= ${since}::timestamptz
    GROUP BY 1, 2, 3, 4, 5, 6`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

export interface EventRollupDifference {
  key: string;
  maintained: number;
  rebuilt: number;
}

/** The rollup rows (hours from `from` on) that differ from a count of the events; nothing changes. */
export async function eventRollupDifferences(db: Db, from: Date | null): Promise<EventRollupDifference[]> {
  const since = from ? from.toISOString() : null;
  const r = await sql<{
    hour: Date;
    device_id: string;
    site_id: string;
    region_code: string;
    type: string;
    code: string;
    maintained: number | null;
    rebuilt: number | null;
  }>`
    WITH rebuilt AS (
      ${ROLLUP_OF_EVENTS}
      WHERE ${since}::timestamptz IS NULL OR time >= ${since}::timestamptz
      GROUP BY 1, 2, 3, 4, 5, 6
    ),
    maintained AS (
      SELECT * FROM device_event_rollups WHERE ${since}::timestamptz IS NULL OR hour >= ${since}::timestamptz
    )
    SELECT coalesce(m.hour, b.hour) AS hour, coalesce(m.device_id, b.device_id) AS device_id,
      coalesce(m.site_id, b.site_id) AS site_id, coalesce(m.region_code, b.region_code) AS region_code,
      coalesce(m.type, b.type) AS type, coalesce(m.code, b.code) AS code, m.n::int AS maintained, b.n::int AS rebuilt
    FROM maintained m
    FULL JOIN rebuilt b ON b.hour = m.hour AND b.device_id = m.device_id AND b.site_id = m.site_id
      AND b.region_code = m.region_code AND b.type = m.type AND b.code = m.code
    WHERE m.n IS DISTINCT FROM b.n
    ORDER BY 1, 2, 5, 6
    LIMIT 1000`.execute(db);
  return r.rows.map((x) => ({
    key: `${new Date(x.hour).toISOString()} device ${x.device_id} site ${x.site_id} region ${x.region_code} ${x.type}/${x.code || '-'}`,
    maintained: x.maintained ?? 0,
    rebuilt: x.rebuilt ?? 0,
  }));
}

/** Event counts per site and hour (by type) from the rollups — what a dashboard reads. */
export async function siteEventCounts(db: Db, siteId: string, from: Date, to: Date) {
  return db
    .selectFrom('device_event_rollups')
    .select(['hour', 'type', sql<number>`sum(n)::int`.as('n')])
    .where('site_id', '=', siteId)
    .where('hour', '>=', from)
    .where('hour', '<', to)
    .groupBy(['hour', 'type'])
    .orderBy('hour')
    .orderBy('type')
    .execute();
}
