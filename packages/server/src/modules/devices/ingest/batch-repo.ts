import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';

/**
 * The statements of the ingest batch commit (ingest/batch.ts): one statement each, whatever the
 * batch size — the rows travel as one JSON parameter.
 */

/** Takes the per-device advisory locks (bigint keys as strings), in key order so batches never deadlock. */
export async function lockDeviceKeys(trx: Db, keys: string[]) {
  await sql`SELECT count(pg_advisory_xact_lock(k::bigint)) FROM (SELECT k FROM json_array_elements_text(${JSON.stringify(keys)}::json) AS k ORDER BY k::bigint) s`.execute(
    trx,
  );
}

/** One event row: d device id, e event id, t time, ty type, c code, r region, s site, v readings, x detections, i image ref. */
export interface EventRow {
  d: string;
  e: string;
  t: string;
  ty: string;
  c: string | null;
  r: string;
  s: string;
  v: unknown;
  x: unknown;
  i: string | null;
}

/** Stores the events; a (device, event id) already stored is skipped. Answers the ones stored now. */
export async function insertEvents(trx: Db, rows: EventRow[]) {
  const inserted = await sql<{ device_id: string; event_id: string }>`
    INSERT INTO device_events (device_id, event_id, time, type, code, region_code, site_id, readings, detections, image_ref)
    SELECT d, e, t, ty, c, r, s, v, x, i
    FROM json_to_recordset(${JSON.stringify(rows)}::json)
      AS j(d uuid, e text, t timestamptz, ty text, c text, r text, s uuid, v jsonb, x jsonb, i text)
    ON CONFLICT (device_id, event_id) DO NOTHING
    RETURNING device_id, event_id`.execute(trx);
  return inserted.rows;
}

/**
 * The devices' last-seen time (id → ISO time): written at most every 10 s per device, at once when
 * it was offline.
 */
export async function touchLastSeen(trx: Db, latest: Array<{ id: string; t: string }>) {
  await sql`
    UPDATE devices d SET last_seen_at = x.t, online = true
    FROM json_to_recordset(${JSON.stringify(latest)}::json) AS x(id uuid, t timestamptz)
    WHERE d.id = x.id AND d.active AND (d.last_seen_at IS NULL OR NOT d.online OR d.last_seen_at < x.t - interval '10 seconds')`.execute(
    trx,
  );
}
