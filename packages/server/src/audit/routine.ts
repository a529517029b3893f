import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { Value } from '@sinclair/typebox/value';
import { SignedCheckpoint as SignedCheckpointSchema } from '@redline/contracts';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import type { Deps } from '../http/context.ts';
import type { Secrets } from '../crypto.ts';
import { chainHeads, signatureOf, signCheckpoint, type SignedCheckpoint } from './checkpoint.ts';

/**
 * Routine checkpoints (issue 12). Anyone who can write to the database can trim the newest entries
 * of a chain and move its head row back: every remaining link still verifies. Only a signed record
 * of the head kept elsewhere shows it. So a scheduled job signs the chain heads every
 * AUDIT_CHECKPOINT_MINUTES and after every AUDIT_CHECKPOINT_EVERY new entries (whichever comes
 * first, and only when a head moved), writes each checkpoint to a new file in the checkpoint
 * directory (never overwritten; `latest` names the newest) and, when AUDIT_CHECKPOINT_WEBHOOK_URL is
 * set, POSTs it there after the job's transaction has committed, retrying with growing delays.
 *
 * The write path is untouched: the job reads the head rows (one per county), so "N new entries" is
 * the growth of the head sequence numbers since the last checkpoint, not a count of the table.
 *
 * A head that does not continue the previous checkpoint (moved back, or its signed entry gone or
 * changed) is never signed: the new checkpoint keeps the previously signed head for that chain, so
 * the newest checkpoint still shows what was removed, and the job's message names the chain.
 */
export const checkpointDir = (config: Config) =>
  config.AUDIT_CHECKPOINT_DIR
    ? path.resolve(config.AUDIT_CHECKPOINT_DIR)
    : path.join(config.dataDir, 'audit-checkpoints');

/** File names sort by issue time: the ISO time with ':' replaced (not allowed on every file system). */
const fileNameOf = (issuedAt: string, n = 1) => `${issuedAt.replace(/:/g, '-')}${n > 1 ? `~${n}` : ''}.json`;

/** The checkpoint files in the directory, oldest first. */
export function checkpointFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .sort();
}

export function readCheckpointFile(file: string): SignedCheckpoint {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${path.basename(file)} is not a checkpoint file: ${(e as Error).message}`);
  }
  if (!Value.Check(SignedCheckpointSchema, value))
    throw new Error(`${path.basename(file)} is not a checkpoint file (unexpected fields or values)`);
  return value;
}

/** Writes a new file (exclusive create: an existing file is never replaced), then moves `latest` to it. */
function writeCheckpointFile(dir: string, cp: SignedCheckpoint): string {
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(cp, null, 2) + '\n';
  for (let n = 1; ; n++) {
    const name = fileNameOf(cp.issuedAt, n);
    let fd: number;
    try {
      fd = openSync(path.join(dir, name), 'wx', 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const tmp = path.join(dir, `.latest-${process.pid}`);
    writeFileSync(tmp, name + '\n');
    renameSync(tmp, path.join(dir, 'latest'));
    return name;
  }
}

export interface LatestCheckpoint {
  cp: SignedCheckpoint;
  source: 'file' | 'database';
  file: string | null;
}

/**
 * The newest checkpoint: the newest file in the checkpoint directory, or the database's copy when
 * that is newer (another host wrote it into its own directory). Both are checked by signature by
 * whoever uses them; a forged one fails verification.
 */
export async function latestCheckpoint(db: Kysely<DB>, config: Config): Promise<LatestCheckpoint | null> {
  const dir = checkpointDir(config);
  const name = checkpointFiles(dir).at(-1);
  const fromFile: LatestCheckpoint | null = name
    ? { cp: readCheckpointFile(path.join(dir, name)), source: 'file', file: name }
    : null;
  const row = await db
    .selectFrom('audit_checkpoints')
    .select(['body', 'file'])
    .orderBy('issued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const fromDb: LatestCheckpoint | null =
    row && Value.Check(SignedCheckpointSchema, row.body)
      ? { cp: row.body as SignedCheckpoint, source: 'database', file: row.file }
      : null;
  if (fromFile && fromDb)
    return Date.parse(fromDb.cp.issuedAt) > Date.parse(fromFile.cp.issuedAt) ? fromDb : fromFile;
  return fromFile ?? fromDb;
}

type Head = { chain: string; seq: number; hash: string };

/** The signed checkpoints the job may build on: the newest file and the newest database copy, if genuine. */
async function signedBefore(db: Kysely<DB>, config: Config, secrets: Secrets) {
  const notes: string[] = [];
  const out: SignedCheckpoint[] = [];
  const dir = checkpointDir(config);
  const name = checkpointFiles(dir).at(-1);
  if (name) {
    try {
      const cp = readCheckpointFile(path.join(dir, name));
      const sig = signatureOf(secrets, cp);
      if (sig.valid && sig.ourKey) out.push(cp);
      else notes.push(`the newest checkpoint file ${name} is not signed by this server — run verify-audit`);
    } catch (e) {
      notes.push(`${(e as Error).message} — run verify-audit`);
    }
  }
  const row = await db
    .selectFrom('audit_checkpoints')
    .select('body')
    .orderBy('issued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row && Value.Check(SignedCheckpointSchema, row.body)) {
    const sig = signatureOf(secrets, row.body);
    if (sig.valid && sig.ourKey) out.push(row.body);
  }
  out.sort((x, y) => Date.parse(x.issuedAt) - Date.parse(y.issuedAt));
  return { signed: out, notes };
}

/** Hashes stored at the given (chain, seq) positions, in one query. */
async function hashesAt(db: Kysely<DB>, at: Head[]): Promise<Map<string, string>> {
  if (at.length === 0) return new Map();
  const { rows } = await sql<{ chain: string; seq: string | number; hash: string }>`
    SELECT e.chain, e.seq, e.hash FROM audit_entries e
    JOIN unnest(${at.map((h) => h.chain)}::text[], ${at.map((h) => String(h.seq))}::bigint[]) AS k(chain, seq)
      ON e.chain = k.chain AND e.seq = k.seq`.execute(db);
  return new Map(rows.map((r) => [`${r.chain}#${Number(r.seq)}`, r.hash]));
}

/** The job: writes a checkpoint when due; returns a summary for job_runs and the log. */
export async function routineCheckpoint(trx: Kysely<DB>, deps: Pick<Deps, 'config' | 'secrets' | 'now'>) {
  const { config } = deps;
  const now = deps.now();
  const heads = await chainHeads(trx);
  const { signed, notes } = await signedBefore(trx, config, deps.secrets);

  // Each chain must continue what was signed: same or later head, and the signed entry unchanged.
  const headOf = new Map(heads.map((h) => [h.chain, h]));
  const held = new Map<string, Head & { issuedAt: string }>();
  const hold = (c: Head, issuedAt: string) => {
    const h = held.get(c.chain);
    if (!h || h.seq < c.seq) held.set(c.chain, { ...c, issuedAt });
  };
  const toLookUp: Array<Head & { issuedAt: string }> = [];
  for (const cp of signed)
    for (const c of cp.chains) {
      const h = headOf.get(c.chain);
      if (!h || h.seq < c.seq || (h.seq === c.seq && h.hash !== c.hash)) hold(c, cp.issuedAt);
      else if (h.seq > c.seq) toLookUp.push({ ...c, issuedAt: cp.issuedAt });
    }
  const stored = await hashesAt(trx, toLookUp);
  for (const c of toLookUp) if (stored.get(`${c.chain}#${c.seq}`) !== c.hash) hold(c, c.issuedAt);
  for (const [chain, c] of held) {
    const h = headOf.get(chain);
    notes.push(
      `chain ${chain} kept at #${c.seq} of the checkpoint of ${c.issuedAt}: the database's head (${h ? `#${h.seq}` : 'gone'}) does not continue it — entries were removed or rewritten, run verify-audit`,
    );
  }
  const chains: Head[] = [
    ...heads.filter((h) => !held.has(h.chain)),
    ...[...held.values()].map(({ chain, seq, hash }) => ({ chain, seq, hash })),
  ].sort((x, y) => (x.chain < y.chain ? -1 : x.chain > y.chain ? 1 : 0));
  const tail = notes.length ? `; ${notes.join('; ')}` : '';
  if (chains.length === 0) return `no audit entries yet${tail}`;

  const prev = signed.at(-1);
  if (prev) {
    const before = new Map(prev.chains.map((c) => [c.chain, c]));
    let added = 0;
    let changed = chains.length !== prev.chains.length;
    for (const c of chains) {
      const p = before.get(c.chain);
      if (!p || p.seq !== c.seq || p.hash !== c.hash) changed = true;
      added += Math.max(0, c.seq - (p?.seq ?? 0));
    }
    if (!changed) return `nothing changed since the checkpoint of ${prev.issuedAt}${tail}`;
    const dueAt = Date.parse(prev.issuedAt) + config.AUDIT_CHECKPOINT_MINUTES * 60_000;
    if (added < config.AUDIT_CHECKPOINT_EVERY && now.getTime() < dueAt)
      return `${added} new entr${added === 1 ? 'y' : 'ies'} since the checkpoint of ${prev.issuedAt}; next at ${config.AUDIT_CHECKPOINT_EVERY} or at ${new Date(dueAt).toISOString()}${tail}`;
  }

  const cp = signCheckpoint(deps.secrets, { version: 1, issuedAt: now.toISOString(), scope: 'all', chains });
  const file = writeCheckpointFile(checkpointDir(config), cp);
  const webhook = Boolean(config.AUDIT_CHECKPOINT_WEBHOOK_URL);
  await trx
    .insertInto('audit_checkpoints')
    .values({
      issued_at: now,
      body: JSON.stringify(cp),
      file,
      host: hostname(),
      webhook_status: webhook ? 'pending' : 'none',
      webhook_next_at: webhook ? now : null,
    })
    .execute();
  return `checkpoint of ${chains.length} chain(s) written to ${file}${webhook ? ', webhook delivery queued' : ''}${tail}`;
}

const WEBHOOK_TIMEOUT_MS = 10_000;
const WEBHOOK_BATCH = 10;
/** A claimed delivery is someone else's to retry only after this (the claimer may have died). */
const WEBHOOK_LEASE_MS = WEBHOOK_BATCH * WEBHOOK_TIMEOUT_MS + 60_000;
/** 1, 2, 4, … minutes, at most an hour. */
export const webhookBackoffMs = (attempts: number) => Math.min(60_000 * 2 ** (attempts - 1), 60 * 60_000);

/** POSTs one checkpoint; null when the receiver answered 2xx, else a short reason (no address). */
async function post(url: string, body: unknown): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'redline-audit-checkpoint/1' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => {});
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    if (err.name === 'TimeoutError') return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
    return err.cause?.code ?? err.message.slice(0, 200);
  }
}

/**
 * Delivers queued checkpoints to the webhook, oldest first; runs after the job's transaction, so a
 * slow receiver holds no database connection or lock. Rows are claimed with a lease (FOR UPDATE
 * SKIP LOCKED), so two instances never post the same checkpoint at once; receivers should still
 * treat a repeated `issuedAt` as the same checkpoint (a crash after posting repeats it).
 */
export async function deliverCheckpoints(deps: Pick<Deps, 'config' | 'database' | 'now'>): Promise<string> {
  const url = deps.config.AUDIT_CHECKPOINT_WEBHOOK_URL;
  if (!url) return '';
  const db = deps.database.db;
  const now = deps.now();
  const { rows } = await sql<{ id: string; body: unknown; webhook_attempts: number; issued_at: Date }>`
    UPDATE audit_checkpoints SET webhook_next_at = ${new Date(now.getTime() + WEBHOOK_LEASE_MS)}
    WHERE id IN (
      SELECT id FROM audit_checkpoints
      WHERE webhook_status IN ('pending', 'failing') AND webhook_next_at <= ${now}
      ORDER BY issued_at LIMIT ${WEBHOOK_BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING id, body, webhook_attempts, issued_at`.execute(db);
  if (rows.length === 0) return '';
  rows.sort((x, y) => new Date(x.issued_at).getTime() - new Date(y.issued_at).getTime());
  let delivered = 0;
  const failed: string[] = [];
  for (const r of rows) {
    const attempts = Number(r.webhook_attempts) + 1;
    const error = await post(url, r.body);
    const at = deps.now();
    if (error === null) {
      delivered++;
      await db
        .updateTable('audit_checkpoints')
        .set({
          webhook_status: 'delivered',
          webhook_attempts: attempts,
          webhook_delivered_at: at,
          webhook_next_at: null,
          webhook_last_error: null,
        })
        .where('id', '=', r.id)
        .execute();
    } else {
      const next = new Date(at.getTime() + webhookBackoffMs(attempts));
      failed.push(
        `${new Date(r.issued_at).toISOString()} (${error}, attempt ${attempts}, next at ${next.toISOString()})`,
      );
      await db
        .updateTable('audit_checkpoints')
        .set({
          webhook_status: 'failing',
          webhook_attempts: attempts,
          webhook_next_at: next,
          webhook_last_error: error,
        })
        .where('id', '=', r.id)
        .execute();
    }
  }
  return `webhook: ${delivered} delivered${failed.length ? `, FAILED ${failed.join(', ')}` : ''}`;
}

/** What the administrator sees of the routine checkpoints: settings and the webhook's state. */
export async function routineStatus(db: Kysely<DB>, config: Config) {
  const { rows } = await sql<{ status: string; n: number }>`
    SELECT webhook_status AS status, count(*)::int AS n FROM audit_checkpoints GROUP BY webhook_status`.execute(
    db,
  );
  const count = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  const lastError = await db
    .selectFrom('audit_checkpoints')
    .select(['webhook_last_error'])
    .where('webhook_status', '=', 'failing')
    .orderBy('issued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const lastDelivered = await db
    .selectFrom('audit_checkpoints')
    .select(['webhook_delivered_at'])
    .where('webhook_status', '=', 'delivered')
    .orderBy('webhook_delivered_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    minutes: config.AUDIT_CHECKPOINT_MINUTES,
    every: config.AUDIT_CHECKPOINT_EVERY,
    webhook: {
      configured: Boolean(config.AUDIT_CHECKPOINT_WEBHOOK_URL),
      pending: count('pending'),
      failing: count('failing'),
      delivered: count('delivered'),
      lastError: lastError?.webhook_last_error ?? null,
      lastDeliveredAt: lastDelivered?.webhook_delivered_at
        ? new Date(lastDelivered.webhook_delivered_at).toISOString()
        : null,
    },
  };
}
