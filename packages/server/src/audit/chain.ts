import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { canonicalJson, digestOf, sha256 } from './canonical.ts';
import { wallClock } from '../clock.ts';

/**
 * The audit chain: every state change writes one entry in the same transaction as the change.
 * Entries are hash-linked per jurisdiction: the chain key is the county-level division code (the
 * first six digits of the subject's region code), so each county's record can be verified and
 * exported on its own, and writers in different counties never wait for each other.
 *
 * hash = sha256(canonical JSON of the entry's content, its sequence number and the previous
 * entry's hash). A verifier recomputes each hash (altered entries), follows the links (removed or
 * reordered entries) and, when a hash fails, tries nearby sequence numbers to tell an entry that
 * was moved or renumbered from one whose content was changed.
 *
 * The chain head (last seq and hash) is one row per chain, advanced with an upsert whose row lock
 * serialises concurrent writers of that chain until their transactions end.
 */
export const GENESIS_HASH = '0'.repeat(64);
export const HASH_VERSION = 1;

export type AuditActor = Actor | { system: string };

export interface AuditInput {
  actor: AuditActor;
  action: string;
  subjectType: string;
  subjectId: string;
  /** Region code of the subject; decides the chain. */
  regionCode: string;
  /** The subject's state before (omit for a creation) and after (omit for a deletion). */
  before?: unknown;
  after?: unknown;
  /** Small facts worth keeping in clear (a reason, a document number); covered by the hash. */
  details?: Record<string, unknown>;
  at?: Date;
}

export interface AuditEntryContent {
  chain: string;
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string;
  actorRole: string;
  action: string;
  subjectType: string;
  subjectId: string;
  regionCode: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/** The chain a region code belongs to: its county (first 6 digits), or itself when shorter; 'root' for ''. */
export const chainOf = (regionCode: string) => regionCode.slice(0, 6) || 'root';

export function entryHash(e: AuditEntryContent): string {
  return sha256(canonicalJson({ v: HASH_VERSION, ...e }));
}

/** Appends one entry to the subject's chain. Call with the transaction that makes the change. */
export async function appendAudit(
  trx: Kysely<DB>,
  input: AuditInput,
): Promise<{ id: string; chain: string; seq: number; hash: string }> {
  const chain = chainOf(input.regionCode);
  const at = input.at ?? wallClock();
  // Insert the head at seq 1, or advance it; either way RETURNING gives the new seq and the
  // previous hash (the update does not touch `hash`). The row stays locked until commit.
  const head = await sql<{ seq: number; hash: string }>`
    INSERT INTO audit_chain_heads (chain, seq, hash) VALUES (${chain}, 1, ${GENESIS_HASH})
    ON CONFLICT (chain) DO UPDATE SET seq = audit_chain_heads.seq + 1
    RETURNING seq, hash`.execute(trx);
  const { seq, hash: prevHash } = head.rows[0];
  const who =
    'system' in input.actor
      ? { actorId: null, actorName: `system:${input.actor.system}`, actorRole: 'system' }
      : input.actor.systemName
        ? // a program's account: the system by name, the account by id (migration 0970)
          { actorId: input.actor.userId, actorName: `system:${input.actor.systemName}`, actorRole: 'system' }
        : { actorId: input.actor.userId, actorName: input.actor.displayName, actorRole: input.actor.role };
  const content: AuditEntryContent = {
    chain,
    seq: Number(seq),
    at: at.toISOString(),
    ...who,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    regionCode: input.regionCode,
    beforeDigest: digestOf(input.before),
    afterDigest: digestOf(input.after),
    details: JSON.parse(canonicalJson(input.details ?? {})),
    prevHash,
  };
  const hash = entryHash(content);
  const row = await trx
    .insertInto('audit_entries')
    .values({
      chain,
      seq: Number(seq),
      at,
      actor_id: content.actorId,
      actor_name: content.actorName,
      actor_role: content.actorRole,
      action: content.action,
      subject_type: content.subjectType,
      subject_id: content.subjectId,
      region_code: content.regionCode,
      before_digest: content.beforeDigest,
      after_digest: content.afterDigest,
      details: JSON.stringify(content.details),
      prev_hash: prevHash,
      hash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('audit_chain_heads')
    .set({ hash, updated_at: sql`now()` })
    .where('chain', '=', chain)
    .execute();
  return { id: row.id, chain, seq: Number(seq), hash };
}

/** Rebuilds an entry's hashed content from its stored row. */
export function contentOfRow(r: {
  chain: string;
  seq: number | string;
  at: Date | string;
  actor_id: string | null;
  actor_name: string;
  actor_role: string;
  action: string;
  subject_type: string;
  subject_id: string;
  region_code: string;
  before_digest: string | null;
  after_digest: string | null;
  details: unknown;
  prev_hash: string;
}): AuditEntryContent {
  return {
    chain: r.chain,
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    regionCode: r.region_code,
    beforeDigest: r.before_digest,
    afterDigest: r.after_digest,
    details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
    prevHash: r.prev_hash,
  };
}
