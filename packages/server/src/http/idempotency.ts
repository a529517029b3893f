import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { App, Deps } from './context.ts';
import { AppError } from '../errors.ts';
import { sha256Hex } from '../crypto.ts';

/**
 * Idempotent writes (issue 19, offline field pages). A write (POST, PUT, PATCH, DELETE) sent with an
 * `Idempotency-Key` header is claimed under (user, key) in `idempotent_requests` before its handler
 * runs; when its answer is a success it is stored, else the claim is released (a failed write wrote
 * nothing: the transaction rolled back, so running it again is safe and may now succeed).
 *
 * - same key, same user, same method, path and body → the stored answer, with `Idempotent-Replayed: true`
 * - same key with another method, path or body → 422 IDEMPOTENCY_KEY_REUSED
 * - same key while the first is still running → 409 IDEMPOTENCY_IN_PROGRESS (Retry-After: 1)
 *
 * The claim is not in the write's transaction: if the process dies between the write's commit and
 * storing its answer, the claim stays open; after STALE_MS another request with the key takes it over
 * and runs again, which is why creates also accept client-generated ids (a second create with the
 * same id answers the first inspection). Rows expire after EXPIRY_DAYS (idempotencyExpiryJob).
 * A multipart body (a photo) is hashed by its length only: it is read by the handler, after the claim;
 * the photo itself is stored by its SHA-256, so a retry attaches the same file, never a second one.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const KEY_SHAPE = /^[\x21-\x7e]{8,200}$/;
const STALE_MS = 60_000;
export const EXPIRY_DAYS = 7;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Q = Kysely<DB>;

interface Claim {
  userId: string;
  key: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyClaim: Claim | null;
  }
}

function bodyHash(req: FastifyRequest): string {
  const type = String(req.headers['content-type'] ?? '');
  const body = type.startsWith('multipart/')
    ? `multipart:${req.headers['content-length'] ?? ''}`
    : JSON.stringify(req.body ?? null);
  return sha256Hex(`${req.method} ${req.url}\n${body}`);
}

export function installIdempotency(app: App, deps: Deps) {
  const db = () => deps.database.db;
  app.decorateRequest('idempotencyClaim', null);

  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers[IDEMPOTENCY_HEADER];
    if (header === undefined || !WRITES.has(req.method) || !req.url.startsWith('/api/')) return;
    if (!req.actor) return; // the route answers 401
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_SHAPE.test(key))
      throw new AppError(
        'BAD_REQUEST',
        'Idempotency-Key must be 8 to 200 visible ASCII characters (a UUID is a good key)',
        'Idempotency-Key',
      );
    const userId = req.actor.userId;
    const hash = bodyHash(req);
    const now = deps.now();
    const claimed = await claim(db(), { userId, key, method: req.method, path: req.url, hash, now });
    if (claimed) {
      req.idempotencyClaim = { userId, key };
      return;
    }
    const row = await findRequest(db(), userId, key);
    if (!row) {
      // expired between the two statements: run it (the next retry finds this one's claim)
      if (await claim(db(), { userId, key, method: req.method, path: req.url, hash, now }))
        req.idempotencyClaim = { userId, key };
      return;
    }
    if (row.method !== req.method || row.path !== req.url || row.body_hash !== hash)
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        `This Idempotency-Key was used for another request (${row.method} ${row.path.split('?')[0]}); send a new key for a new write`,
        'Idempotency-Key',
      );
    if (row.status === null) {
      if (now.getTime() - new Date(row.created_at).getTime() > STALE_MS) {
        if (await takeOver(db(), userId, key, row.created_at, now)) {
          req.idempotencyClaim = { userId, key };
          return;
        }
      }
      reply.header('retry-after', '1');
      throw new AppError(
        'IDEMPOTENCY_IN_PROGRESS',
        'The first request with this Idempotency-Key is still running; retry in a moment',
      );
    }
    reply.status(row.status).header(REPLAYED_HEADER, 'true');
    if (row.content_type) reply.header('content-type', row.content_type);
    return reply.send(row.response ?? '');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const c = req.idempotencyClaim;
    if (!c) return payload;
    req.idempotencyClaim = null;
    const status = reply.statusCode;
    if (status >= 200 && status < 400) {
      const text =
        typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
      const type = reply.getHeader('content-type');
      await complete(db(), c, status, text, typeof type === 'string' ? type : null, deps.now());
    } else {
      await release(db(), c);
    }
    return payload;
  });
  // The answer never left (the connection dropped before onSend, or the handler threw past it).
  app.addHook('onResponse', async (req) => {
    const c = req.idempotencyClaim;
    if (c) await release(db(), c);
  });
}

// ---- queries (core: http/ owns this table)

async function claim(
  db: Q,
  r: { userId: string; key: string; method: string; path: string; hash: string; now: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('idempotent_requests')
    .values({
      user_id: r.userId,
      key: r.key,
      method: r.method,
      path: r.path,
      body_hash: r.hash,
      created_at: r.now,
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return !!row;
}

function findRequest(db: Q, userId: string, key: string) {
  return db
    .selectFrom('idempotent_requests')
    .select(['method', 'path', 'body_hash', 'status', 'response', 'content_type', 'created_at'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

async function takeOver(db: Q, userId: string, key: string, was: Date, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('idempotent_requests')
    .set({ created_at: now })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('status', 'is', null)
    .where('created_at', '=', was)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

async function complete(
  db: Q,
  c: Claim,
  status: number,
  response: string | null,
  contentType: string | null,
  now: Date,
) {
  await db
    .updateTable('idempotent_requests')
    .set({ status, response, content_type: contentType, completed_at: now })
    .where('user_id', '=', c.userId)
    .where('key', '=', c.key)
    .execute();
}

async function release(db: Q, c: Claim) {
  await db
    .deleteFrom('idempotent_requests')
    .where('user_id', '=', c.userId)
    .where('key', '=', c.key)
    .where('status', 'is', null)
    .execute();
}

/** Deletes answers older than EXPIRY_DAYS, a bounded batch per run. */
export async function expireIdempotentRequests(db: Q, now: Date, batch = 5000): Promise<number> {
  const cutoff = new Date(now.getTime() - EXPIRY_DAYS * 86_400_000);
  const r = await sql`
    DELETE FROM idempotent_requests WHERE ctid IN (
      SELECT ctid FROM idempotent_requests WHERE created_at < ${cutoff} LIMIT ${batch})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
