import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { inRegion } from '../../auth/scope.ts';
import { key, keysetPage } from '../../db/paging.ts';

/** Queries of the refused-event sample (ingest_rejections). */

/** One refused event, cut to the column sizes: t transport, g region, d device code, e event id, c code, r reason, x excerpt. */
export interface RejectionRow {
  t: string;
  g: string | null;
  d: string | null;
  e: string | null;
  c: string;
  r: string;
  x: string;
}

/** Records refused events in one statement. */
export async function insertRejections(trx: Db, rows: RejectionRow[]) {
  await sql`
    INSERT INTO ingest_rejections (transport, region_code, device_code, event_id, code, reason, excerpt)
    SELECT t, g, d, e, c, r, x FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(t text, g text, d text, e text, c text, r text, x text)`.execute(
    trx,
  );
}

/** Refusals in the actor's region, newest first; those of unknown devices carry no region (national only). */
export async function listRejections(
  db: Db,
  actor: Actor,
  q: { code?: string; cursor?: string; pageSize?: number },
) {
  let qb = db.selectFrom('ingest_rejections as r').where(inRegion(actor.regionCode, 'r'));
  if (q.code) qb = qb.where('r.code', '=', q.code);
  return keysetPage(db, qb, (b) => b.selectAll('r'), {
    cursor: q.cursor,
    pageSize: q.pageSize ?? 50,
    sortName: 'receivedAt',
    sort: key('r.received_at', 'timestamptz'),
    order: 'desc',
    idColumn: 'r.id',
  });
}

export async function deleteRejectionsBefore(trx: Db, before: Date) {
  await trx.deleteFrom('ingest_rejections').where('received_at', '<', before).execute();
}
