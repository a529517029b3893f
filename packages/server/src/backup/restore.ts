import { createHash, timingSafeEqual } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, PGLITE_EXTENSIONS } from '../db/database.ts';
import { LEDGER_DDL, MIGRATIONS_DIR, migrate, readMigrations } from '../db/migrate.ts';
import { verifyAll, type ChainReport } from '../audit/verify.ts';
import {
  FORMAT,
  FORMAT_VERSION,
  MANIFEST,
  backupError,
  configuredKey,
  filePart,
  fingerprintOf,
  hashFile,
  manifestMac,
  quoteIdent,
  type DataKey,
  type Manifest,
} from './format.ts';
import { wallClock } from '../clock.ts';

export interface RestoreOptions {
  /** The backup directory. */
  from: string;
  /** PostgreSQL when set; otherwise the embedded database under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  secretKey?: string;
  /** Replace a database or data directory that is not empty. */
  force?: boolean;
  migrationsDir?: string;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface RestoreResult {
  manifest: Manifest;
  rows: number;
  files: number;
  keySource: DataKey['source'];
  /** Migrations applied after loading (the backup was at an older schema level). */
  migratedForward: string[];
  chains: ChainReport[];
  /** Chain heads that differ from those the backup recorded. */
  headMismatches: string[];
  /** Where the replaced embedded database was moved (with --force). */
  replacedTo: string | null;
}

const LEDGER = 'schema_migrations';
const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;

/** Reads and checks a backup's manifest: present, of this format, signed with the data key. */
export function readManifest(from: string): Manifest {
  const file = path.join(from, MANIFEST);
  if (!existsSync(file))
    throw backupError('BACKUP_NOT_FOUND', `${from} is not a Redline backup (no ${MANIFEST} in it)`, 404);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    throw backupError(
      'BACKUP_DAMAGED',
      `${MANIFEST} in ${from} is not valid JSON: the backup is damaged`,
      422,
    );
  }
  if (m?.format !== FORMAT || typeof m.version !== 'number')
    throw backupError(
      'BACKUP_FORMAT',
      `${from} is not a Redline backup (format "${String(m?.format)}")`,
      422,
    );
  if (m.version > FORMAT_VERSION)
    throw backupError(
      'BACKUP_FORMAT',
      `This backup has format version ${m.version}; this Redline reads up to ${FORMAT_VERSION}. Restore it with a newer Redline.`,
      422,
    );
  if (!Array.isArray(m.tables) || !Array.isArray(m.migrations) || !m.key?.fingerprint || !m.files)
    throw backupError('BACKUP_DAMAGED', `${MANIFEST} in ${from} is incomplete: the backup is damaged`, 422);
  return m;
}

/**
 * Restores a backup into an empty database and data directory (or replaces them with force):
 * checks the key, the signature, the schema level and every part's hash first; then loads the
 * schema at the backup's level and the rows in one transaction (triggers that freeze issued
 * documents and published checklists off while loading, foreign keys added back and checked
 * after), copies the files, migrates forward and verifies the audit chains.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const from = path.resolve(opts.from);
  const manifest = readManifest(from);

  // 1. The key: the configured one must be the backup's; otherwise the backup may carry it.
  const key = resolveKey(manifest, from, opts);
  const expected = Buffer.from(manifestMac(key.secret, manifest), 'hex');
  const got = Buffer.from(String(manifest.mac ?? ''), 'hex');
  if (got.length !== expected.length || !timingSafeEqual(got, expected))
    throw backupError(
      'BACKUP_TAMPERED',
      `${MANIFEST} does not carry a valid signature for this key: the backup was altered after it was made (or is damaged). Restore refused.`,
      422,
    );

  // 2. The schema level: the backup's migrations must be a prefix of this code's.
  const code = readMigrations(opts.migrationsDir ?? MIGRATIONS_DIR);
  manifest.migrations.forEach((m, i) => {
    if (!code.some((c) => c.name === m.name))
      throw backupError(
        'BACKUP_NEWER_SCHEMA',
        `The backup was made by a newer Redline: its schema has migration ${m.name}, which this version does not know. Restore it with that version or a newer one.`,
        409,
      );
    if (code[i]?.name !== m.name || code[i].checksum !== m.checksum)
      throw backupError(
        'BACKUP_SCHEMA_MISMATCH',
        `The backup's migration ${m.name} differs from this version's (${code[i]?.name ?? 'none'} at position ${i + 1}); it cannot be restored with this version.`,
        409,
      );
  });

  // 3. The place: empty unless --force.
  const filesDir = path.join(opts.dataDir, 'files');
  const pgdata = path.join(opts.dataDir, 'pgdata');
  if (!opts.force) {
    if (nonEmptyDir(filesDir)) throw notEmpty(`${filesDir} already holds stored files`);
    if (!opts.databaseUrl && nonEmptyDir(pgdata))
      throw notEmpty(`DATA_DIR (${opts.dataDir}) already holds an embedded database`);
  }
  if (opts.databaseUrl) {
    const target = await openTarget(opts.databaseUrl, '');
    try {
      const tables = await userTables(target);
      if (tables.length && !opts.force)
        throw notEmpty(
          `the database at DATABASE_URL already has ${tables.length} table(s) (${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''})`,
        );
    } finally {
      await target.close();
    }
  }

  // 4. Every part, by its hash, before anything is written.
  log('checking the backup…');
  await verifyParts(from, manifest);

  // 5. Files first: if the database load fails they are unreferenced, content-addressed copies.
  for (const f of manifest.files.list) {
    const target = path.join(opts.dataDir, filePart(f.sha256));
    if (existsSync(target) && (await hashFile(target)).sha256 === f.sha256) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    copyFileSync(path.join(from, filePart(f.sha256)), tmp);
    renameSync(tmp, target);
  }
  log(`files: ${manifest.files.count}`);

  // 6. The database, in one transaction.
  const restoring = `${pgdata}.restoring`;
  if (!opts.databaseUrl) rmSync(restoring, { recursive: true, force: true });
  log(`opening the ${opts.databaseUrl ? 'database' : 'embedded database'}…`);
  const target = await openTarget(opts.databaseUrl, restoring);
  let rows = 0;
  try {
    await target.exec('BEGIN');
    await target.query('SELECT pg_advisory_xact_lock(727274)'); // the migrations' lock (migrate.ts)
    if (opts.force && opts.databaseUrl) await dropEverything(target);
    log(`creating the schema at the backup's level (${manifest.migrations.at(-1)?.name ?? 'empty'})…`);
    await target.exec(LEDGER_DDL);
    for (const m of manifest.migrations) {
      await target.exec(code.find((c) => c.name === m.name)!.script);
      await target.query(
        `INSERT INTO ${LEDGER} (name, checksum, applied_at) VALUES ($1, $2, $3::timestamptz)`,
        [m.name, m.checksum, m.appliedAt],
      );
    }
    log('loading rows…');
    rows = await loadRows(target, from, manifest, log);
    await target.exec('COMMIT');
  } catch (e) {
    await target.exec('ROLLBACK').catch(() => {});
    await target.close();
    if (!opts.databaseUrl) rmSync(restoring, { recursive: true, force: true });
    const pgErr = e as { code?: string; message?: string; status?: number };
    if (pgErr.status) throw e;
    throw backupError(
      'RESTORE_FAILED',
      `The backup's rows could not be loaded (${pgErr.message}); nothing was restored into the database.`,
      422,
    );
  }
  await target.close();
  let replacedTo: string | null = null;
  if (!opts.databaseUrl) {
    if (existsSync(pgdata)) {
      if (nonEmptyDir(pgdata)) {
        replacedTo = `${pgdata}.replaced-${stamp(opts.now?.() ?? wallClock())}`;
        renameSync(pgdata, replacedTo);
      } else rmSync(pgdata, { recursive: true });
    }
    renameSync(restoring, pgdata);
  }
  if (key.source === 'backup')
    writeFileSync(path.join(opts.dataDir, 'secret.key'), key.secret, { mode: 0o600 });

  // 7. Forward to this code's schema, then show the audit chains came back whole.
  log('migrating forward and verifying the audit chains…');
  const database = await openDatabase({ url: opts.databaseUrl, dataDir: opts.dataDir });
  try {
    const migratedForward = await migrate(database, opts.migrationsDir);
    const chains = await verifyAll(database.db);
    const heads = new Map(chains.map((c) => [c.chain, c]));
    const headMismatches = manifest.auditHeads
      .filter((h) => heads.get(h.chain)?.headSeq !== h.seq || heads.get(h.chain)?.lastHash !== h.hash)
      .map((h) => h.chain);
    return {
      manifest,
      rows,
      files: manifest.files.count,
      keySource: key.source,
      migratedForward,
      chains,
      headMismatches,
      replacedTo,
    };
  } finally {
    await database.close();
  }
}

function resolveKey(manifest: Manifest, from: string, opts: RestoreOptions): DataKey {
  const configured = configuredKey(opts.secretKey, opts.dataDir);
  const want = manifest.key.fingerprint;
  if (configured) {
    const fp = fingerprintOf(configured.secret);
    if (fp !== want)
      throw backupError(
        'KEY_MISMATCH',
        `The configured key (${configured.source}, fingerprint ${fp}) is not the key of this backup (fingerprint ${want}): restored personal data could not be read. Set SECRET_KEY to the backup's key${configured.source === 'DATA_DIR/secret.key' ? ' or replace DATA_DIR/secret.key' : ''}.`,
        409,
      );
    return configured;
  }
  if (manifest.key.included && manifest.key.part) {
    const file = path.join(from, manifest.key.part);
    if (!existsSync(file))
      throw backupError('BACKUP_DAMAGED', `the backup's key file ${manifest.key.part} is missing`, 422);
    const secret = readFileSync(file, 'utf8').trim();
    if (fingerprintOf(secret) !== want)
      throw backupError(
        'BACKUP_DAMAGED',
        `the key inside the backup does not have the fingerprint its manifest names`,
        422,
      );
    return { secret, source: 'backup' };
  }
  throw backupError(
    'KEY_MISSING',
    `This backup's personal data is encrypted with the key whose fingerprint is ${want}, and no key is configured. Set SECRET_KEY to that key (or put it in ${path.join(opts.dataDir, 'secret.key')}) and run restore again.`,
    400,
  );
}

async function verifyParts(from: string, manifest: Manifest) {
  const parts = [
    ...manifest.tables.map((t) => ({ part: t.part, sha256: t.sha256, bytes: t.bytes })),
    ...manifest.files.list.map((f) => ({ part: filePart(f.sha256), sha256: f.sha256, bytes: f.size })),
    ...(manifest.key.part && manifest.key.sha256
      ? [{ part: manifest.key.part, sha256: manifest.key.sha256, bytes: -1 }]
      : []),
  ];
  for (const p of parts) {
    const file = path.resolve(from, p.part);
    if (!file.startsWith(from + path.sep))
      throw backupError('BACKUP_DAMAGED', `the manifest names a part outside the backup (${p.part})`, 422);
    if (!existsSync(file))
      throw backupError('BACKUP_DAMAGED', `the backup is incomplete: ${p.part} is missing`, 422);
    const got = await hashFile(file);
    if (got.sha256 !== p.sha256 || (p.bytes >= 0 && got.bytes !== p.bytes))
      throw backupError(
        'BACKUP_DAMAGED',
        `the backup is damaged: ${p.part} does not match its hash in the manifest (${got.bytes} bytes, sha256 ${got.sha256.slice(0, 12)}…, expected ${p.sha256.slice(0, 12)}…)`,
        422,
      );
  }
}

interface Target {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** A single raw connection: migration scripts are multi-statement and must share the load's transaction. */
async function openTarget(url: string | undefined, pgliteDir: string): Promise<Target> {
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
      exec: async (script) => void (await client.query(script)),
      close: () => client.end(),
    };
  }
  mkdirSync(pgliteDir, { recursive: true });
  const lite = await PGlite.create(pgliteDir, { extensions: PGLITE_EXTENSIONS });
  return {
    query: async <T>(text: string, params?: unknown[]) => (await lite.query<T>(text, params)).rows,
    exec: async (script) => void (await lite.exec(script)),
    close: () => lite.close(),
  };
}

async function userTables(t: Target): Promise<string[]> {
  const rows = await t.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** --force on PostgreSQL: the current schema's tables, sequences and functions go (in the restore's transaction). */
async function dropEverything(t: Target) {
  const tables = await userTables(t);
  if (tables.length) await t.exec(`DROP TABLE IF EXISTS ${tables.map(quoteIdent).join(', ')} CASCADE`);
  const seqs = await t.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'S'`,
  );
  if (seqs.length) await t.exec(`DROP SEQUENCE ${seqs.map((s) => quoteIdent(s.name)).join(', ')} CASCADE`);
  const fns = await t.query<{ sig: string }>(
    `SELECT p.oid::regprocedure::text AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = current_schema()
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
  );
  for (const f of fns) await t.exec(`DROP FUNCTION IF EXISTS ${f.sig} CASCADE`);
}

async function loadRows(
  t: Target,
  from: string,
  manifest: Manifest,
  log: (l: string) => void,
): Promise<number> {
  const present = new Map<string, Array<{ name: string; type: string }>>();
  for (const r of await t.query<{ table: string; column: string; type: string }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY c.relname, a.attnum`,
  )) {
    if (!present.has(r.table)) present.set(r.table, []);
    present.get(r.table)!.push({ name: r.column, type: r.type });
  }
  for (const table of manifest.tables) {
    const cols = present.get(table.name);
    if (
      !cols ||
      cols.map((c) => `${c.name}:${c.type}`).join() !== table.columns.map((c) => `${c.name}:${c.type}`).join()
    )
      throw backupError(
        'BACKUP_SCHEMA_MISMATCH',
        `table ${table.name} in the backup does not have the columns the schema at its migration level has`,
        409,
      );
  }
  // Foreign keys go while loading (tables arrive in any order, rows may point at later rows) and
  // come back after, which checks every reference of the backup. User triggers (issued documents
  // and published checklists are frozen by triggers) are off while the original rows load.
  const fks = await t.query<{ tbl: string; name: string; def: string }>(
    `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
     FROM pg_constraint WHERE contype = 'f'
       AND connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`,
  );
  for (const fk of fks) await t.exec(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT ${quoteIdent(fk.name)}`);
  const all = [...present.keys()].filter((n) => n !== LEDGER);
  for (const name of all) await t.exec(`ALTER TABLE ${quoteIdent(name)} DISABLE TRIGGER USER`);
  if (all.length) await t.exec(`TRUNCATE ${all.map(quoteIdent).join(', ')}`); // in case a migration seeded rows

  let total = 0;
  for (const table of manifest.tables) {
    const n = await loadTable(t, from, table);
    if (n !== table.rows)
      throw backupError(
        'BACKUP_DAMAGED',
        `${table.part} holds ${n} rows; the manifest says ${table.rows}`,
        422,
      );
    total += n;
    log(`  ${table.name}: ${n} rows`);
  }
  for (const s of manifest.sequences)
    await t.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [
      quoteIdent(s.name),
      s.lastValue,
      s.isCalled,
    ]);
  for (const fk of fks) await t.exec(`ALTER TABLE ${fk.tbl} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.def}`);
  for (const name of all) await t.exec(`ALTER TABLE ${quoteIdent(name)} ENABLE TRIGGER USER`);
  return total;
}

async function loadTable(t: Target, from: string, table: Manifest['tables'][number]): Promise<number> {
  const casts = table.columns.map((c, i) => `(r->>${i})::${c.type}`).join(', ');
  const insert = `INSERT INTO ${quoteIdent(table.name)} (${table.columns.map((c) => quoteIdent(c.name)).join(', ')})
    SELECT ${casts} FROM json_array_elements($1::json) AS e(r)`;
  const content = createHash('sha256');
  let batch: string[] = [];
  let bytes = 0;
  let rows = 0;
  const flush = async () => {
    if (!batch.length) return;
    await t.query(insert, ['[' + batch.join(',') + ']']);
    rows += batch.length;
    batch = [];
    bytes = 0;
  };
  const lines = createInterface({
    input: createReadStream(path.join(from, table.part)).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    content.update(line + '\n');
    batch.push(line);
    bytes += line.length;
    if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
  }
  await flush();
  if (content.digest('hex') !== table.contentSha256)
    throw backupError('BACKUP_DAMAGED', `${table.part} does not hold the rows its manifest describes`, 422);
  return rows;
}

function nonEmptyDir(dir: string) {
  return existsSync(dir) && readdirSync(dir).length > 0;
}

function notEmpty(what: string) {
  return backupError(
    'TARGET_NOT_EMPTY',
    `Restore goes into an empty place only: ${what}. Use an empty database and data directory, or pass --force to replace them.`,
    409,
  );
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
