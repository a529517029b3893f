import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { upsertRuleStates, type DirtyRuleState } from '../rules-repo.ts';

/**
 * The statements of the ingest batch commit (ingest/batch.ts), few and fixed whatever the batch size
 * (issue 13: each round trip to PostgreSQL cost more than the work it carried):
 *  1. BEGIN and the per-device advisory locks — one round trip on PostgreSQL (simple protocol, the
 *     lock keys are integers we computed, inlined);
 *  2. one statement storing the events, counting them into the hourly rollups, touching the devices'
 *     last-seen time and reading the devices' rule states (its snapshot is taken after the locks);
 *  3. whatever alarms the rules raised (rare);
 *  4. the changed rule states and COMMIT — one round trip on PostgreSQL.
 * The rows travel as JSON parameters.
 */

/** Starts the batch's transaction and takes the per-device advisory locks (bigint keys as strings), in key order. */
export async function beginBatch(conn: Db, lockKeys: string[], oneRoundTrip: boolean) {
  const keys = lockKeys
    .filter((k) => /^[0-9]+$/.test(k))
    .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  const lock = keys.length
    ? `SELECT count(pg_advisory_xact_lock(k)) FROM unnest(ARRAY[${keys.join(',')}]::bigint[]) WITH ORDINALITY AS u(k, o) GROUP BY ()`
    : '';
  if (oneRoundTrip && lock) {
    // no parameters: the simple query protocol, which runs both statements in one round trip
    await sql.raw(`BEGIN; ${lock}`).execute(conn);
    return;
  }
  await sql.raw('BEGIN').execute(conn);
  if (lock) await sql.raw(lock).execute(conn);
}

export async function rollbackBatch(conn: Db) {
  await sql.raw('ROLLBACK').execute(conn);
}

/**
 * Writes the changed rule states and commits. On PostgreSQL both go in one round trip: the states
 * are inlined as an escape-string literal (E'…', backslashes and quotes escaped, so it reads the same
 * whatever standard_conforming_strings says; the JSON holds no NUL) and sent without parameters.
 */
export async function commitBatchStates(conn: Db, dirty: DirtyRuleState[], oneRoundTrip: boolean) {
  if (!dirty.length) {
    await sql.raw('COMMIT').execute(conn);
    return;
  }
  if (!oneRoundTrip) {
    await upsertRuleStates(conn, dirty);
    await sql.raw('COMMIT').execute(conn);
    return;
  }
  const literal = "E'" + JSON.stringify(dirty).replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
  await sql
    .raw(
      `INSERT INTO device_rule_states (device_id, rule_code, state, updated_at)
       SELECT d, r, s, now() FROM json_to_recordset(${literal}::json) AS x(d uuid, r text, s jsonb)
       ON CONFLICT (device_id, rule_code) DO UPDATE SET state = excluded.state, updated_at = now();
       COMMIT`,
    )
    .execute(conn);
}

/**
 * The events of a batch as one JSON array of objects: n position, d device id, e event id, t time, ty type,
 * c code, r region, s site, v readings, x detections, i image ref. Built as text without an object
 * per event (the ids, times, types and codes are checked against safe patterns before; the rest goes
 * through JSON.stringify).
 */
export class EventRowsJson {
  private parts: string[] = [];
  get size() {
    return this.parts.length;
  }
  add(
    deviceId: string,
    eventId: string,
    time: string,
    type: string,
    code: string | null | undefined,
    regionCode: string,
    siteId: string,
    values: unknown,
    detections: unknown,
    imageRef: string | null | undefined,
  ) {
    this.parts.push(
      `{"n":${this.parts.length},"d":"${deviceId}","e":${JSON.stringify(eventId)},"t":${JSON.stringify(time)},"ty":${JSON.stringify(type)},"c":${
        code == null ? 'null' : JSON.stringify(code)
      },"r":${JSON.stringify(regionCode)},"s":"${siteId}","v":${values == null ? 'null' : JSON.stringify(values)},"x":${
        detections == null ? 'null' : JSON.stringify(detections)
      },"i":${imageRef == null ? 'null' : JSON.stringify(imageRef)}}`,
    );
  }
  toString() {
    return `[${this.parts.join(',')}]`;
  }
}

export interface StoredBatch {
  /** Positions (in the rows given) of the events stored now; the others were stored before. */
  inserted: number[];
  /** The rule states of the devices asked for: [device id, rule code, state]. */
  states: Array<[string, string, unknown]>;
}

/**
 * One statement: stores the events (an event already stored — same device, event id and time — is
 * skipped), adds the ones stored now to `device_event_rollups` (n = n + EXCLUDED.n), touches the
 * devices' last-seen time (at most every 10 s per device, at once when it was offline), and answers
 * which rows were stored and the rule states of `stateDevices`.
 */
export async function storeBatch(
  trx: Db,
  rows: EventRowsJson,
  latest: Array<{ id: string; t: string }>,
  stateDevices: string[],
): Promise<StoredBatch> {
  const r = await sql<{ inserted: number[] | null; states: Array<[string, string, unknown]> | null }>`
    WITH j AS MATERIALIZED (
      SELECT * FROM json_to_recordset(${rows.toString()}::json)
        AS j(n int, d uuid, e text, t timestamptz, ty text, c text, r text, s uuid, v jsonb, x jsonb, i text)
    ),
    ins AS (
      INSERT INTO device_events (device_id, event_id, time, type, code, region_code, site_id, readings, detections, image_ref)
      SELECT d, e, t, ty, c, r, s, v, x, i FROM j
      ON CONFLICT (device_id, event_id, time) DO NOTHING
      RETURNING device_id, event_id, time, type, code, region_code, site_id
    ),
    roll AS (
      INSERT INTO device_event_rollups AS ro (hour, device_id, site_id, region_code, type, code, n)
      SELECT date_trunc('hour', time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', device_id, site_id, region_code, type,
        coalesce(code, ''), count(*)
      FROM ins
      GROUP BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (device_id, hour, type, code, site_id, region_code) DO UPDATE SET n = ro.n + EXCLUDED.n
    ),
    seen AS (
      UPDATE devices dv SET last_seen_at = x.t, online = true
      FROM json_to_recordset(${JSON.stringify(latest)}::json) AS x(id uuid, t timestamptz)
      WHERE dv.id = x.id AND dv.active
        AND (dv.last_seen_at IS NULL OR NOT dv.online OR dv.last_seen_at < x.t - interval '10 seconds')
    )
    SELECT
      (SELECT json_agg(j.n) FROM ins JOIN j ON j.d = ins.device_id AND j.e = ins.event_id AND j.t = ins.time) AS inserted,
      (SELECT json_agg(json_build_array(st.device_id, st.rule_code, st.state))
        FROM device_rule_states st
        WHERE st.device_id IN (SELECT value::uuid FROM json_array_elements_text(${JSON.stringify(stateDevices)}::json))) AS states`.execute(
    trx,
  );
  const row = r.rows[0];
  return { inserted: row?.inserted ?? [], states: row?.states ?? [] };
}
