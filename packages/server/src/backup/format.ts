import { createHash, createHmac } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../audit/canonical.ts';
import { Secrets } from '../crypto.ts';
import { AppError } from '../errors.ts';

/**
 * The backup format: a directory (see ARCHITECTURE.md, "Backup and restore").
 *
 *   manifest.json                 what is inside, signed (HMAC) with a key derived from the data key
 *   tables/<table>.jsonl.gz       one line per row: a JSON array of the columns' text forms (null = NULL)
 *   files/<sha[0..2]>/<sha256>    stored files, named by their content hash as under DATA_DIR/files
 *   secret.key                    only with --include-key
 *
 * Rows are logical (each value in PostgreSQL's own text form), so a backup of either engine
 * restores into either engine.
 */
export const FORMAT = 'redline-backup';
export const FORMAT_VERSION = 1;

export interface TablePart {
  name: string;
  /** Column names and types (format_type) in the order of each row's array. */
  columns: Array<{ name: string; type: string }>;
  rows: number;
  /** Path inside the backup, its size and sha256 (of the compressed bytes). */
  part: string;
  bytes: number;
  sha256: string;
  /** sha256 of the uncompressed lines: the table's content. */
  contentSha256: string;
}

export interface Manifest {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  engine: 'pglite' | 'postgres';
  serverVersion: string;
  /** The migrations ledger: the schema level of the data. */
  migrations: Array<{ name: string; checksum: string; appliedAt: string }>;
  key: { fingerprint: string; included: boolean; part: string | null; sha256: string | null };
  tables: TablePart[];
  sequences: Array<{ name: string; lastValue: string; isCalled: boolean }>;
  files: { count: number; bytes: number; list: Array<{ sha256: string; size: number }> };
  /** Files named by rows whose bytes were missing under DATA_DIR when the backup was made. */
  missingFiles: string[];
  /** Audit chain heads at the snapshot, so a restore can show the chains came back whole. */
  auditHeads: Array<{ chain: string; seq: number; hash: string }>;
  /** HMAC-SHA256 of the canonical JSON of everything above, keyed from the data key. */
  mac: string;
}

export const MANIFEST = 'manifest.json';

/** Expected failures of backup and restore: a stable code, a message that says what to do. */
export const backupError = (code: string, message: string, status = 400) =>
  AppError.refusal(code, message, status);

export interface DataKey {
  secret: string;
  source: 'SECRET_KEY' | 'DATA_DIR/secret.key' | 'backup';
}

/** The key the server would use, read only: SECRET_KEY, else DATA_DIR/secret.key; never generated here. */
export function configuredKey(secretKey: string | undefined, dataDir: string): DataKey | null {
  if (secretKey) return { secret: secretKey, source: 'SECRET_KEY' };
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), source: 'DATA_DIR/secret.key' };
  return null;
}

export const fingerprintOf = (secret: string) => new Secrets(secret).fingerprint();

/** Separate from the field-encryption and MAC keys: HMAC key = sha256("redline:backup:" + secret). */
export function manifestMac(secret: string, manifest: Omit<Manifest, 'mac'> | Manifest): string {
  const { mac: _mac, ...rest } = manifest as Manifest;
  const key = createHash('sha256')
    .update('redline:backup:' + secret)
    .digest();
  return createHmac('sha256', key).update(canonicalJson(rest)).digest('hex');
}

export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export const filePart = (sha256: string) => path.join('files', sha256.slice(0, 2), sha256);
export const quoteIdent = (name: string) => '"' + name.replace(/"/g, '""') + '"';
