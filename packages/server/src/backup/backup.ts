import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  FORMAT,
  FORMAT_VERSION,
  MANIFEST,
  backupError,
  filePart,
  fingerprintOf,
  hashFile,
  manifestMac,
  quoteIdent,
  type DataKey,
  type Manifest,
  type TablePart,
} from './format.ts';
import { wallClock } from '../clock.ts';

export interface BackupOptions {
  db: Kysely<DB>;
  engine: Manifest['engine'];
  /** DATA_DIR: stored files are read from DATA_DIR/files. */
  dataDir: string;
  key: DataKey | null;
  /** A new directory, or an existing one to create `redline-backup-<engine>-<time>` in. */
  out: string;
  includeKey?: boolean;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface BackupResult {
  dir: string;
  manifest: Manifest;
  warnings: string[];
}

const LEDGER = 'schema_migrations';
const FETCH_BYTES = 4 * 1024 * 1024;

/**
 * A consistent logical backup of the database (one REPEATABLE READ snapshot, streamed table by
 * table through a cursor, so memory stays bounded) and of the stored files the rows name.
 * The directory is written under a temporary name and renamed when complete.
 */
export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const log = opts.log ?? (() => {});
  const now = (opts.now ?? wallClock)();
  const warnings: string[] = [];
  if (!opts.key)
    throw backupError(
      'KEY_MISSING',
      'No encryption key is configured (SECRET_KEY, or DATA_DIR/secret.key). Run backup with the same settings as the server: the backup records which key its personal data needs and is signed with it.',
    );
  const fingerprint = fingerprintOf(opts.key.secret);
  const finalDir = targetDir(opts.out, opts.engine, now);
  const work = `${finalDir}.partial`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, 'tables'), { recursive: true });
  try {
    const snapshot = await opts.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        // Fixed text forms, whatever the server's settings: times in UTC, bytea in hex, floats exact.
        for (const setting of [
          `SET LOCAL TimeZone = 'UTC'`,
          `SET LOCAL DateStyle = 'ISO, YMD'`,
          `SET LOCAL IntervalStyle = 'postgres'`,
          `SET LOCAL bytea_output = 'hex'`,
          `SET LOCAL extra_float_digits = 3`,
        ])
          await sql.raw(setting).execute(trx);
        const recorded = await sql<{ value: string }>`
          SELECT value::text AS value FROM app_meta WHERE key = 'key_fingerprint'`.execute(trx);
        const stored = recorded.rows[0] ? (JSON.parse(recorded.rows[0].value) as string) : null;
        if (stored && stored !== fingerprint)
          throw backupError(
            'KEY_MISMATCH',
            `The configured key (${opts.key!.source}, fingerprint ${fingerprint}) is not the key this database's personal data was encrypted with (fingerprint ${stored}). Run backup with the server's SECRET_KEY or DATA_DIR/secret.key.`,
            409,
          );
        const version = await sql<{ v: string }>`SELECT version() AS v`.execute(trx);
        const migrations = (
          await sql<{ name: string; checksum: string; applied_at: string }>`
            SELECT name, checksum, applied_at::text AS applied_at FROM schema_migrations ORDER BY name`.execute(
            trx,
          )
        ).rows.map((r) => ({ name: r.name, checksum: r.checksum, appliedAt: r.applied_at }));
        const tables: TablePart[] = [];
        for (const [name, columns] of await listTables(trx)) {
          if (name === LEDGER) continue;
          tables.push(await dumpTable(trx, name, columns, work));
          log(`  ${name}: ${tables.at(-1)!.rows} rows`);
        }
        const sequences = [];
        for (const { name } of (
          await sql<{ name: string }>`
            SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'S' AND n.nspname = current_schema() ORDER BY 1`.execute(trx)
        ).rows) {
          const s = await sql<{ last_value: string; is_called: boolean }>`
            SELECT last_value::text AS last_value, is_called FROM ${sql.id(name)}`.execute(trx);
          sequences.push({ name, lastValue: s.rows[0].last_value, isCalled: s.rows[0].is_called });
        }
        const has = new Set(tables.map((t) => t.name));
        const blobs = has.has('files')
          ? (
              await sql<{ sha256: string }>`SELECT DISTINCT sha256 FROM files ORDER BY sha256`.execute(trx)
            ).rows.map((r) => r.sha256)
          : [];
        const auditHeads = has.has('audit_chain_heads')
          ? (
              await sql<{ chain: string; seq: string; hash: string }>`
                SELECT chain, seq::text AS seq, hash FROM audit_chain_heads ORDER BY chain`.execute(trx)
            ).rows.map((r) => ({ chain: r.chain, seq: Number(r.seq), hash: r.hash }))
          : [];
        return { serverVersion: version.rows[0].v, migrations, tables, sequences, blobs, auditHeads };
      });

    // Files are content-addressed and never rewritten, so copying them after the snapshot is safe.
    const list: Manifest['files']['list'] = [];
    const missingFiles: string[] = [];
    let fileBytes = 0;
    for (const sha of snapshot.blobs) {
      if (!/^[0-9a-f]{64}$/.test(sha)) {
        warnings.push(`a files row names "${sha}", which is not a content hash; skipped`);
        continue;
      }
      const source = path.join(opts.dataDir, filePart(sha));
      if (!existsSync(source)) {
        missingFiles.push(sha);
        continue;
      }
      const target = path.join(work, filePart(sha));
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(source, target);
      const got = await hashFile(target);
      if (got.sha256 !== sha) {
        // The stored copy is damaged: keep it out rather than carry bad bytes under a good name.
        rmSync(target);
        missingFiles.push(sha);
        warnings.push(`stored file ${sha} does not match its hash (damaged on disk); not included`);
        continue;
      }
      list.push({ sha256: sha, size: got.bytes });
      fileBytes += got.bytes;
    }
    if (missingFiles.length)
      warnings.push(
        `${missingFiles.length} stored file(s) named by rows are missing under ${path.join(opts.dataDir, 'files')}; listed in the manifest as missingFiles`,
      );

    let keyPart: { part: string; sha256: string } | null = null;
    if (opts.includeKey) {
      writeFileSync(path.join(work, 'secret.key'), opts.key.secret + '\n', { mode: 0o600 });
      keyPart = { part: 'secret.key', sha256: (await hashFile(path.join(work, 'secret.key'))).sha256 };
      warnings.push(
        'the backup contains the encryption key in clear (secret.key): anyone who has this backup can read the personal data in it. Keep it encrypted and locked away.',
      );
    }
    const body: Omit<Manifest, 'mac'> = {
      format: FORMAT,
      version: FORMAT_VERSION,
      createdAt: now.toISOString(),
      engine: opts.engine,
      serverVersion: snapshot.serverVersion,
      migrations: snapshot.migrations,
      key: {
        fingerprint,
        included: !!keyPart,
        part: keyPart?.part ?? null,
        sha256: keyPart?.sha256 ?? null,
      },
      tables: snapshot.tables,
      sequences: snapshot.sequences,
      files: { count: list.length, bytes: fileBytes, list },
      missingFiles,
      auditHeads: snapshot.auditHeads,
    };
    const manifest: Manifest = { ...body, mac: manifestMac(opts.key.secret, body) };
    writeFileSync(path.join(work, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
    renameSync(work, finalDir);
    return { dir: finalDir, manifest, warnings };
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}

function targetDir(out: string, engine: string, now: Date) {
  const resolved = path.resolve(out);
  if (!existsSync(resolved)) {
    mkdirSync(path.dirname(resolved), { recursive: true });
    return resolved;
  }
  if (!statSync(resolved).isDirectory())
    throw backupError(
      'OUT_EXISTS',
      `${out} exists and is not a directory; name a new directory or an existing one`,
    );
  if (readdirSync(resolved).length === 0) {
    rmSync(resolved, { recursive: true }); // recreated by the final rename
    return resolved;
  }
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
  const dir = path.join(resolved, `redline-backup-${engine}-${stamp}`);
  if (existsSync(dir)) throw backupError('OUT_EXISTS', `${dir} already exists`);
  return dir;
}

type Columns = Array<{ name: string; type: string }>;

/** Tables of the current schema (partitions are read through their parent) with their columns. */
export async function listTables(db: Kysely<DB>): Promise<Map<string, Columns>> {
  const { rows } = await sql<{ table: string; column: string; type: string }>`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
    ORDER BY c.relname, a.attnum`.execute(db);
  const out = new Map<string, Columns>();
  for (const r of rows) {
    if (!out.has(r.table)) out.set(r.table, []);
    out.get(r.table)!.push({ name: r.column, type: r.type });
  }
  return out;
}

/** Streams one table through a cursor into tables/<name>.jsonl.gz; fetch size adapts to row size. */
async function dumpTable(trx: Kysely<DB>, name: string, columns: Columns, work: string): Promise<TablePart> {
  const part = path.join('tables', `${name}.jsonl.gz`);
  const packed = createHash('sha256');
  const content = createHash('sha256');
  const gzip = createGzip({ level: 6 });
  const done = pipeline(
    gzip,
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        packed.update(chunk);
        cb(null, chunk);
      },
    }),
    createWriteStream(path.join(work, part)),
  );
  const list = columns.map((c) => `${quoteIdent(c.name)}::text`).join(', ');
  // In primary-key order: the same rows give the same bytes on either engine, whatever their heap order.
  const key = await sql<{ column: string }>`
    SELECT a.attname AS column FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = ${quoteIdent(name)}::regclass AND i.indisprimary
    ORDER BY array_position(i.indkey::int2[], a.attnum)`.execute(trx);
  // Text keys in byte order ("C"): database collations differ between installations.
  const sortKey = (column: string) =>
    /^(text|character varying|character)\b/.test(columns.find((c) => c.name === column)?.type ?? '')
      ? `${quoteIdent(column)} COLLATE "C"`
      : quoteIdent(column);
  const order = key.rows.length ? ` ORDER BY ${key.rows.map((r) => sortKey(r.column)).join(', ')}` : '';
  await sql
    .raw(
      `DECLARE redline_backup NO SCROLL CURSOR FOR SELECT to_json(ARRAY[${list}])::text AS r FROM ${quoteIdent(name)}${order}`,
    )
    .execute(trx);
  let rows = 0;
  let fetch = 256;
  for (;;) {
    const batch = await sql.raw<{ r: string }>(`FETCH FORWARD ${fetch} FROM redline_backup`).execute(trx);
    if (batch.rows.length === 0) break;
    let bytes = 0;
    let text = '';
    for (const { r } of batch.rows) {
      text += r + '\n';
      bytes += r.length;
    }
    rows += batch.rows.length;
    content.update(text);
    if (!gzip.write(text)) await once(gzip, 'drain');
    fetch = Math.max(16, Math.min(5000, Math.floor(FETCH_BYTES / Math.max(1, bytes / batch.rows.length))));
  }
  await sql.raw('CLOSE redline_backup').execute(trx);
  gzip.end();
  await done;
  const { size } = statSync(path.join(work, part));
  return {
    name,
    columns,
    rows,
    part: part.split(path.sep).join('/'),
    bytes: size,
    sha256: packed.digest('hex'),
    contentSha256: content.digest('hex'),
  };
}
