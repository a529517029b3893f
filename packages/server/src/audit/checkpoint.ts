import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Secrets } from '../crypto.ts';
import { canonicalJson, sha256 } from './canonical.ts';
import { listChains, verifyChain } from './verify.ts';

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

export async function createCheckpoint(
  db: Kysely<DB>,
  secrets: Secrets,
  regionPrefix = '',
  now = new Date(),
): Promise<SignedCheckpoint> {
  const chains = [];
  for (const chain of await listChains(db, regionPrefix)) {
    const head = await db
      .selectFrom('audit_chain_heads')
      .select(['seq', 'hash'])
      .where('chain', '=', chain)
      .executeTakeFirst();
    if (head) chains.push({ chain, seq: Number(head.seq), hash: head.hash });
  }
  const payload: CheckpointPayload = {
    version: 1,
    issuedAt: now.toISOString(),
    scope: regionPrefix || 'all',
    chains,
  };
  const keys = checkpointKeys(secrets);
  const signature = sign(null, Buffer.from(canonicalJson(payload)), keys.privateKey).toString('base64');
  return { ...payload, algorithm: 'Ed25519', keyId: keys.keyId, publicKey: keys.publicKeyB64, signature };
}

export interface CheckpointCheck {
  signatureValid: boolean;
  /** Signed with this server's key (not merely self-consistent). */
  ourKey: boolean;
  chains: Array<{ chain: string; seq: number; ok: boolean; message: string }>;
  ok: boolean;
}

/** Checks the signature, then that every chain still holds the signed entry and verifies up to it. */
export async function checkCheckpoint(
  db: Kysely<DB>,
  secrets: Secrets,
  cp: SignedCheckpoint,
): Promise<CheckpointCheck> {
  const payload: CheckpointPayload = {
    version: cp.version,
    issuedAt: cp.issuedAt,
    scope: cp.scope,
    chains: cp.chains,
  };
  let signatureValid = false;
  try {
    const key = createPublicKey({ key: Buffer.from(cp.publicKey, 'base64'), format: 'der', type: 'spki' });
    signatureValid = verify(
      null,
      Buffer.from(canonicalJson(payload)),
      key,
      Buffer.from(cp.signature, 'base64'),
    );
  } catch {
    signatureValid = false;
  }
  const ourKey = cp.publicKey === checkpointKeys(secrets).publicKeyB64;
  const chains = [];
  for (const c of cp.chains) {
    const entry = await db
      .selectFrom('audit_entries')
      .select(['hash'])
      .where('chain', '=', c.chain)
      .where('seq', '=', c.seq)
      .executeTakeFirst();
    if (!entry) {
      chains.push({
        chain: c.chain,
        seq: c.seq,
        ok: false,
        message: `entry ${c.chain}#${c.seq} of the checkpoint is missing`,
      });
      continue;
    }
    if (entry.hash !== c.hash) {
      chains.push({
        chain: c.chain,
        seq: c.seq,
        ok: false,
        message: `entry ${c.chain}#${c.seq} has another hash than at the checkpoint: the chain was rewritten`,
      });
      continue;
    }
    const report = await verifyChain(db, c.chain);
    const brokenBefore = report.problem && report.problem.seq <= c.seq;
    chains.push({
      chain: c.chain,
      seq: c.seq,
      ok: !brokenBefore,
      message: brokenBefore
        ? report.problem!.message
        : `matches the checkpoint${report.ok ? '' : `; later: ${report.problem!.message}`}`,
    });
  }
  return { signatureValid, ourKey, chains, ok: signatureValid && ourKey && chains.every((c) => c.ok) };
}
