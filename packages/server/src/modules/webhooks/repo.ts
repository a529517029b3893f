import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import type { WebhooksTable } from '../../db/schema-webhooks.ts';

/** Queries of webhooks, their queued deliveries (an outbox) and every delivery attempt. */

const webhookRows = (db: Db) =>
  db
    .selectFrom('webhooks as w')
    .leftJoin('regions as g', 'g.code', 'w.region_code')
    .selectAll('w')
    .select([
      'g.name_zh as region_name',
      sql<number>`(SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending')::int`.as(
        'n_pending',
      ),
      sql<number>`(SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'failing')::int`.as(
        'n_failing',
      ),
      sql<number>`(SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'delivered')::int`.as(
        'n_delivered',
      ),
      sql<number>`(SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'failed')::int`.as(
        'n_failed',
      ),
    ]);
export type WebhookRow = Awaited<ReturnType<ReturnType<typeof webhookRows>['executeTakeFirstOrThrow']>>;

/** The webhooks of the actor's jurisdiction (and below), by region then name; at most 200. */
export async function listWebhooks(db: Db, actor: Actor): Promise<WebhookRow[]> {
  return webhookRows(db)
    .where(inScope(actor, 'webhook', 'w'))
    .orderBy('w.region_code')
    .orderBy('w.name')
    .orderBy('w.id')
    .limit(200)
    .execute();
}

export async function getWebhook(db: Db, actor: Actor, id: string): Promise<WebhookRow | undefined> {
  return webhookRows(db)
    .where('w.id', '=', id)
    .where(inScope(actor, 'webhook', 'w'))
    .executeTakeFirst();
}

export async function insertWebhook(trx: Db, values: Insertable<WebhooksTable>): Promise<string> {
  const r = await trx.insertInto('webhooks').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateWebhook(trx: Db, id: string, values: Updateable<WebhooksTable>) {
  await trx
    .updateTable('webhooks')
    .set({ ...values, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function deleteWebhook(trx: Db, id: string) {
  await trx.deleteFrom('webhooks').where('id', '=', id).execute();
}

/** Locks one webhook of the actor's scope for a change. */
export async function lockWebhook(trx: Db, actor: Actor, id: string) {
  return trx
    .selectFrom('webhooks as w')
    .selectAll('w')
    .where('w.id', '=', id)
    .where(inScope(actor, 'webhook', 'w'))
    .forUpdate()
    .executeTakeFirst();
}

/** Enabled webhooks whose jurisdiction covers a region (the region's own and those above it). */
export async function webhooksCovering(trx: Db, regionCode: string) {
  return trx
    .selectFrom('webhooks')
    .select(['id', 'format'])
    .where('enabled', '=', true)
    .where(sql<boolean>`${regionCode} LIKE region_code || '%'`)
    .execute();
}

/** Queues one delivery per webhook; the same (webhook, dedupe key) is queued once. Returns how many were new. */
export async function queueDeliveries(
  trx: Db,
  rows: Array<{
    webhook_id: string;
    event: string;
    dedupe_key: string;
    subject_id: string | null;
    payload: string;
  }>,
): Promise<number> {
  if (!rows.length) return 0;
  const r = await trx
    .insertInto('webhook_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['webhook_id', 'dedupe_key']).doNothing())
    .returning('id')
    .execute();
  return r.length;
}

/**
 * Claims deliveries that are due: their next attempt is pushed `leaseMs` ahead in the same
 * statement (FOR UPDATE SKIP LOCKED), so another instance does not send them meanwhile.
 */
export async function claimDueDeliveries(db: Db, now: Date, leaseMs: number, limit: number) {
  const { rows } = await sql<{
    id: string;
    url: string;
    payload: unknown;
    attempts: number;
  }>`
    UPDATE webhook_deliveries d SET next_attempt_at = ${new Date(now.getTime() + leaseMs)}
      FROM webhooks w
     WHERE w.id = d.webhook_id
       AND d.id IN (SELECT id FROM webhook_deliveries
                     WHERE status IN ('pending', 'failing') AND next_attempt_at <= ${now}
                     ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING d.id, w.url, d.payload, d.attempts`.execute(db);
  return rows;
}

/** Records one attempt and the delivery's new state, in one transaction. */
export async function recordAttempt(
  db: Db,
  a: {
    deliveryId: string;
    attempt: number;
    at: Date;
    ok: boolean;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    next: { status: 'delivered' | 'failing' | 'failed'; nextAt: Date | null };
  },
) {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: a.deliveryId,
        attempt: a.attempt,
        at: a.at,
        ok: a.ok,
        status_code: a.statusCode,
        error: a.error,
        duration_ms: a.durationMs,
      })
      .execute();
    await trx
      .updateTable('webhook_deliveries')
      .set({
        status: a.next.status,
        attempts: a.attempt,
        next_attempt_at: a.next.nextAt,
        last_error: a.error,
        last_status_code: a.statusCode,
        ...(a.ok && { delivered_at: a.at }),
      })
      .where('id', '=', a.deliveryId)
      .execute();
  });
}

/** A webhook's latest deliveries (newest first) with their attempts. */
export async function deliveriesOf(db: Db, webhookId: string, limit: number) {
  const deliveries = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const attempts = deliveries.length
    ? await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where(
          'delivery_id',
          'in',
          deliveries.map((d) => d.id),
        )
        .orderBy('attempt')
        .execute()
    : [];
  return { deliveries, attempts };
}
