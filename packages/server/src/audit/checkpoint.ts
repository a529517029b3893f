import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Secrets } from '../crypto.ts';
import { canonicalJson, sha256 } from './canonical.ts';
import { chainVisible, shortHash, verifyChain, type ChainReport } from './verify.ts';
import { wallClock } from '../clock.ts';

/**
 * Signed checkpoints of the chain heads. A checkpoint kept outside the database (printed, mailed,
 * given to an auditor) proves later that the chain was not rewritten from that point back:
 * anyone who can write to the database can recompute every hash, but not forge this signature.
 *
 * Signature: Ed25519 (node:crypto). The private key's 32-byte seed is derived from the server
 * secret (SECRET_KEY or DATA_DIR/secret.key) as HMAC-SHA256(macKey, "redline-audit-checkpoint-v1"),
 * so the same secret always gives the same key pair and nothing extra has to be stored. The public
 * key (SPKI, base64) travels with every checkpoint; its fingerprint is the `keyId`.
 */
export interface CheckpointPayload {
  version: 1;
  issuedAt: string;
  scope: string;
  chains: Array<{ chain: string; seq: number; hash: string }>;
}

export interface SignedCheckpoint extends CheckpointPayload {
  algorithm: 'Ed25519';
  keyId: string;
  publicKey: string;
  signature: string;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function checkpointKeys(secrets: Secrets): {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyB64: string;
  keyId: string;
} {
  const seed = Buffer.from(secrets.mac('redline-audit-checkpoint-v1'), 'hex');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey, publicKeyB64: der.toString('base64'), keyId: sha256(der).slice(0, 16) };
}

/** The chain heads, optionally those under a region prefix; one row per county, so this is cheap. */
export async function chainHeads(
  db: Kysely<DB>,
  regionPrefix = '',
): Promise<Array<{ chain: string; seq: number; hash: string }>> {
  const rows = await db
    .selectFrom('audit_chain_heads')
    .select(['chain', 'seq', 'hash'])
    .orderBy('chain')
    .execute();
  return rows
    .filter((r) => chainVisible(r.chain, regionPrefix))
    .map((r) => ({ chain: r.chain, seq: Number(r.seq), hash: r.hash }));
}

export function signCheckpoint(secrets: Secrets, payload: CheckpointPayload): SignedCheckpoint {
  const keys = checkpointKeys(secrets);
  const signature = sign(null, Buffer.from(canonicalJson(payload)), keys.privateKey).toString('base64');
  return { ...payload, algorithm: 'Ed25519', keyId: keys.keyId, publicKey: keys.publicKeyB64, signature };
}

export async function createCheckpoint(
  db: Kysely<DB>,
  secrets: Secrets,
  regionPrefix = '',
  now = wallClock(),
): Promise<SignedCheckpoint> {
  return signCheckpoint(secrets, {
    version: 1,
    issuedAt: now.toISOString(),
    scope: regionPrefix || 'all',
    chains: await chainHeads(db, regionPrefix),
  });
}

/** Whether the signature is valid, and made with this server's key. */
export function signatureOf(secrets: Secrets, cp: SignedCheckpoint): { valid: boolean; ourKey: boolean } {
  const payload: CheckpointPayload = {
    version: cp.version,
    issuedAt: cp.issuedAt,
    scope: cp.scope,
    chains: cp.chains,
  };
  let valid = false;
  try {
    const key = createPublicKey({ key: Buffer.from(cp.publicKey, 'base64'), format: 'der', type: 'spki' });
    valid = verify(null, Buffer.from(canonicalJson(payload)), key, Buffer.from(cp.signature, 'base64'));
  } catch {
    valid = false;
  }
  return { valid, ourKey: cp.publicKey === checkpointKeys(secrets).publicKeyB64 };
}

export type CheckpointChainKind = 'ok' | 'truncated' | 'missing' | 'rewritten' | 'broken';

export interface CheckpointCheck {
  issuedAt: string;
  signatureValid: boolean;
  /** Signed with this server's key (not merely self-consistent). */
  ourKey: boolean;
  chains: Array<{ chain: string; seq: number; ok: boolean; kind: CheckpointChainKind; message: string }>;
  ok: boolean;
}

/**
 * Checks the signature, then that every chain still holds the signed entry and verifies up to it.
 * A chain whose stored entries end before the signed head was trimmed from the end (its head row
 * may have been moved back to hide it, which the chain alone cannot reveal).
 */
export async function checkCheckpoint(
  db: Kysely<DB>,
  secrets: Secrets,
  cp: SignedCheckpoint,
  opts: { only?: (chain: string) => boolean; reports?: Map<string, ChainReport> } = {},
): Promise<CheckpointCheck> {
  const { valid: signatureValid, ourKey } = signatureOf(secrets, cp);
  const of = `the checkpoint of ${cp.issuedAt}`;
  const chains: CheckpointCheck['chains'] = [];
  for (const c of cp.chains) {
    if (opts.only && !opts.only(c.chain)) continue;
    const result = (kind: CheckpointChainKind, message: string) =>
      chains.push({
        chain: c.chain,
        seq: c.seq,
        ok: kind === 'ok',
        kind,
        message: `chain ${c.chain}: ${message}`,
      });
    const entry = await db
      .selectFrom('audit_entries')
      .select(['hash'])
      .where('chain', '=', c.chain)
      .where('seq', '=', c.seq)
      .executeTakeFirst();
    if (!entry) {
      const last = await db
        .selectFrom('audit_entries')
        .select(sql<string | null>`max(seq)`.as('seq'))
        .where('chain', '=', c.chain)
        .executeTakeFirst();
      const lastSeq = Number(last?.seq ?? 0);
      if (lastSeq < c.seq) {
        const head = await db
          .selectFrom('audit_chain_heads')
          .select('seq')
          .where('chain', '=', c.chain)
          .executeTakeFirst();
        const headText = head
          ? `#${Number(head.seq)}${Number(head.seq) !== lastSeq ? ` (last stored entry #${lastSeq})` : ''}`
          : `gone${lastSeq ? ` (last stored entry #${lastSeq})` : ''}`;
        const removed =
          c.seq - lastSeq === 1 ? `entry #${c.seq} removed` : `entries #${lastSeq + 1}…#${c.seq} removed`;
        result(
          'truncated',
          `checkpoint of ${cp.issuedAt} recorded head #${c.seq} ${shortHash(c.hash)}, the database's head is ${headText} — ${removed}`,
        );
      } else result('missing', `entry #${c.seq} (hash ${shortHash(c.hash)}) recorded by ${of} is missing`);
      continue;
    }
    if (entry.hash !== c.hash) {
      result(
        'rewritten',
        `entry #${c.seq} has another hash than at ${of} (${shortHash(entry.hash)} instead of ${shortHash(c.hash)}): the chain was rewritten`,
      );
      continue;
    }
    const report = opts.reports?.get(c.chain) ?? (await verifyChain(db, c.chain));
    const brokenBefore = report.problem && report.problem.seq <= c.seq;
    if (brokenBefore) result('broken', report.problem!.message);
    else result('ok', `matches ${of} at #${c.seq}${report.ok ? '' : `; later: ${report.problem!.message}`}`);
  }
  return {
    issuedAt: cp.issuedAt,
    signatureValid,
    ourKey,
    chains,
    ok: signatureValid && ourKey && chains.every((c) => c.ok),
  };
}
