import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { contentOfRow, entryHash, GENESIS_HASH, type AuditEntryContent } from './chain.ts';

export type ChainProblemKind =
  'altered' | 'removed' | 'reordered' | 'renumbered' | 'truncated' | 'head_mismatch';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The sequence number at which the chain first goes wrong. */
  seq: number;
  /** The stored entry at or right after that point, when there is one. */
  entryId: string | null;
  message: string;
}

export interface ChainReport {
  chain: string;
  entries: number;
  headSeq: number | null;
  lastHash: string | null;
  ok: boolean;
  problem: ChainProblem | null;
}

const BATCH = 2000;

/**
 * Walks a chain in sequence order and names the first entry that was altered, removed or
 * reordered. Each entry's hash is recomputed from its content (altered), its link is compared
 * with the hash of the entry before it (removed / reordered), and the end is compared with the
 * chain head (entries removed from the end).
 */
export async function verifyChain(db: Kysely<DB>, chain: string): Promise<ChainReport> {
  const head = await db
    .selectFrom('audit_chain_heads')
    .select(['seq', 'hash'])
    .where('chain', '=', chain)
    .executeTakeFirst();
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let prevId: string | null = null;
  let count = 0;
  const report = (problem: ChainProblem | null): ChainReport => ({
    chain,
    entries: count,
    headSeq: head ? Number(head.seq) : null,
    lastHash: prevHash === GENESIS_HASH ? null : prevHash,
    ok: problem === null,
    problem,
  });

  const byHash = (hash: string) =>
    db
      .selectFrom('audit_entries')
      .select(['seq', 'id'])
      .where('chain', '=', chain)
      .where('hash', '=', hash)
      .executeTakeFirst();
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_entries')
      .selectAll()
      .where('chain', '=', chain)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      count++;
      const content = contentOfRow(r);
      if (entryHash(content) !== r.hash) {
        // Moved or renumbered rather than changed? Its hash then matches another sequence number.
        const trueSeq = originalSeq(content, r.hash);
        if (trueSeq !== null) {
          const other = await byHash(r.prev_hash);
          if (other) {
            return report({
              kind: 'reordered',
              seq: expected,
              entryId: r.id,
              message: `entry ${chain}#${trueSeq} was moved to #${seq}: it follows the entry now at #${Number(other.seq)}`,
            });
          }
          if (trueSeq > expected) {
            return report({
              kind: 'removed',
              seq: expected,
              entryId: r.id,
              message: `${trueSeq - expected === 1 ? 'entry' : 'entries'} ${chain}${range(expected, trueSeq - 1)} ${trueSeq - expected === 1 ? 'is' : 'are'} missing and the later entries were renumbered to hide the gap (#${trueSeq} now sits at #${seq})`,
            });
          }
          return report({
            kind: 'renumbered',
            seq: expected,
            entryId: r.id,
            message: `entry ${chain}#${trueSeq} was renumbered to #${seq}`,
          });
        }
        return report({
          kind: 'altered',
          seq,
          entryId: r.id,
          message: `entry ${chain}#${seq} was altered: its content no longer matches its hash`,
        });
      }
      if (r.prev_hash !== prevHash) {
        const other = await byHash(r.prev_hash);
        if (other) {
          return report({
            kind: 'reordered',
            seq: expected,
            entryId: r.id,
            message: `entry ${chain}#${seq} is out of order: it follows entry #${Number(other.seq)}, not #${expected - 1}`,
          });
        }
        if (seq > expected) {
          return report({
            kind: 'removed',
            seq: expected,
            entryId: r.id,
            message: missingMessage(chain, expected, seq, r.prev_hash, prevHash),
          });
        }
        if (expected === 1) {
          return report({
            kind: 'removed',
            seq: 1,
            entryId: r.id,
            message: `entries before ${chain}#${seq} were removed: the first entry does not start the chain`,
          });
        }
        // The previous entry's content and hash were both rewritten: its successor still links to the original.
        return report({
          kind: 'altered',
          seq: expected - 1,
          entryId: prevId,
          message: `entry ${chain}#${expected - 1} was altered and its hash rewritten: entry #${seq} links to the original hash`,
        });
      }
      if (seq !== expected) {
        return report({
          kind: 'renumbered',
          seq: expected,
          entryId: r.id,
          message: `entry ${chain}#${seq} sits where #${expected} should be: sequence numbers were changed`,
        });
      }
      prevHash = r.hash;
      prevId = r.id;
      expected++;
      after = seq;
    }
  }
  const last = expected - 1;
  if (!head) {
    if (count === 0) return report(null);
    return report({
      kind: 'head_mismatch',
      seq: last,
      entryId: prevId,
      message: `chain ${chain} has entries but no head record`,
    });
  }
  if (Number(head.seq) > last) {
    return report({
      kind: 'truncated',
      seq: last + 1,
      entryId: null,
      message: `entry ${chain}${range(last + 1, Number(head.seq))} was removed from the end of the chain (the head is at #${Number(head.seq)})`,
    });
  }
  if (Number(head.seq) < last || head.hash !== prevHash) {
    return report({
      kind: 'head_mismatch',
      seq: last,
      entryId: prevId,
      message: `the head of chain ${chain} (#${Number(head.seq)}) does not match its last entry (#${last})`,
    });
  }
  return report(null);
}

const range = (from: number, to: number) => (from === to ? `#${from}` : `#${from}–#${to}`);
export const shortHash = (hash: string) => `${hash.slice(0, 16)}…`;

/**
 * Entries from..next-1 are gone: names the positions, the entry that now follows, and what the
 * missing entries were — the last one's hash is what #next still links to, the first one linked
 * to the hash of the entry before the gap.
 */
function missingMessage(chain: string, from: number, next: number, linkedHash: string, beforeHash: string) {
  const one = next - from === 1;
  const what = one
    ? `entry ${chain}#${from} is missing`
    : `entries ${chain}#${from}–#${next - 1} are missing`;
  const before = from === 1 ? `#${next} is the first entry` : `#${from - 1} is followed by #${next}`;
  const start = from === 1 ? 'the start of the chain' : `#${from - 1}'s hash ${shortHash(beforeHash)}`;
  const expected = one
    ? `the entry expected at #${from} had hash ${shortHash(linkedHash)} and linked to ${start}`
    : `#${next - 1} had hash ${shortHash(linkedHash)}, and #${from} linked to ${start}`;
  return `${what}: ${before}; #${next}'s previous hash ${shortHash(linkedHash)} matches no entry — ${expected}`;
}

/** The sequence number an entry was written with, when its hash matches a nearby one; else null. */
function originalSeq(content: AuditEntryContent, hash: string): number | null {
  for (let d = 1; d <= 64; d++) {
    for (const s of [content.seq + d, content.seq - d])
      if (s > 0 && entryHash({ ...content, seq: s }) === hash) return s;
  }
  return null;
}

/** Every chain's key, or those under a region prefix (a county admin: its own chain; a city admin: its counties). */
export async function listChains(db: Kysely<DB>, regionPrefix = ''): Promise<string[]> {
  const { rows } = await sql<{ chain: string }>`
    SELECT chain FROM audit_chain_heads UNION SELECT DISTINCT chain FROM audit_entries ORDER BY 1`.execute(
    db,
  );
  return rows.map((r) => r.chain).filter((c) => chainVisible(c, regionPrefix));
}

/** A chain is visible to a jurisdiction when the chain lies inside it. */
export const chainVisible = (chain: string, regionPrefix: string) =>
  regionPrefix === '' || chain.startsWith(regionPrefix);

export async function verifyAll(db: Kysely<DB>, regionPrefix = ''): Promise<ChainReport[]> {
  const out: ChainReport[] = [];
  for (const chain of await listChains(db, regionPrefix)) out.push(await verifyChain(db, chain));
  return out;
}
