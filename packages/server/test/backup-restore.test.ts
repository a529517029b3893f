import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { secondOfficerOnDocument, userIdOf } from './helpers/officers.ts';
import { createHazard, jpegWithExif, png } from './helpers/enforcement-factories.ts';
import { openDatabase, type Database, type Db } from '../src/db/database.ts';
import { MIGRATIONS_DIR, migrate } from '../src/db/migrate.ts';
import { Secrets } from '../src/crypto.ts';
import { verifyAll } from '../src/audit/verify.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';
import { createBackup, listTables } from '../src/backup/backup.ts';
import { restoreBackup, type RestoreOptions } from '../src/backup/restore.ts';
import { manifestMac, type Manifest } from '../src/backup/format.ts';

/**
 * Backup and restore: a world with registry records, published checklists (frozen by triggers),
 * an issued document (immutable rows and its PDF), uploaded evidence files, audit chains and
 * encrypted resident IDs is backed up and restored into an empty place on this run's engine
 * (embedded by default, PostgreSQL with TEST_DATABASE_URL): same rows, same files, chains that
 * verify, personal data that decrypts. Restores into a non-empty place, with the wrong or no key,
 * from a damaged, altered or newer backup are refused with a code before anything is written.
 */
const KEY = 'test-secret-key-that-is-long-enough-0123456789';
const PG_URL = process.env.TEST_DATABASE_URL;
const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

let t: TestApp;
let a: World;
let work: string;
let backupDir: string;
const plainIds = new Map<string, string>();
const cleanups: Array<() => Promise<void>> = [];
type Place = Awaited<ReturnType<typeof emptyPlace>>;
let restored: Place;
let withKey: Place;

/** An empty place on this run's engine: a new PostgreSQL database (dropped after) or nothing. */
async function emptyPlace(engine: 'postgres' | 'pglite' = PG_URL ? 'postgres' : 'pglite') {
  const dataDir = mkdtempSync(path.join(work, 'target-'));
  if (engine === 'pglite') return { dataDir, databaseUrl: undefined as string | undefined };
  const name = `redline_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL!);
  url.pathname = '/' + name;
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  return { dataDir, databaseUrl: url.toString() };
}

/** Row count and a content hash per table, in fixed text settings so engines compare. */
async function tableHashes(db: Db) {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
    await sql`SET LOCAL DateStyle = 'ISO, YMD'`.execute(trx);
    const out: Record<string, string> = {};
    for (const name of [...(await listTables(trx)).keys()].sort()) {
      const r = await sql<{ n: number; h: string }>`
        SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text), '')) AS h
        FROM ${sql.table(name)} t`.execute(trx);
      out[name] = `${r.rows[0].n}:${r.rows[0].h}`;
    }
    return out;
  });
}

async function open(place: { dataDir: string; databaseUrl?: string }): Promise<Database> {
  const d = await openDatabase({ url: place.databaseUrl, dataDir: place.dataDir, poolSize: 2 });
  cleanups.unshift(() => d.close().catch(() => {}));
  return d;
}

const restore = (place: { dataDir: string; databaseUrl?: string }, extra: Partial<RestoreOptions> = {}) =>
  restoreBackup({ from: backupDir, secretKey: KEY, ...place, ...extra });

/** A copy of the backup to damage. */
function copyOfBackup() {
  const dir = path.join(work, `copy-${randomBytes(4).toString('hex')}`);
  cpSync(backupDir, dir, { recursive: true });
  return dir;
}
const readManifestOf = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
const writeManifestOf = (dir: string, m: Manifest) =>
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'redline-backup-'));
  t = await createTestApp({ env: { SECRET_KEY: KEY } });
  const db = t.deps.database.db;
  // As boot records it: the fingerprint of the key the personal data is encrypted with.
  await db
    .insertInto('app_meta')
    .values({ key: 'key_fingerprint', value: JSON.stringify(t.deps.secrets.fingerprint()) })
    .execute();
  await loadStarterChecklists(db);
  a = await createWorld(db, t.deps.secrets, { county: '310116', town: '310116501', tag: 'Jinshan' });
  await createWorld(db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  for (const w of await db.selectFrom('workers').select(['id', 'id_number_cipher']).execute())
    plainIds.set(w.id, t.deps.secrets.decrypt(w.id_number_cipher));

  const inspector = await login(t.app, a.users.inspector);
  const manager = await login(t.app, a.users.enterprise_manager);
  const hazard = await createHazard(db, a);
  const order = await t.app.inject({
    method: 'POST',
    url: '/api/documents',
    headers: { cookie: inspector },
    payload: { kind: 'rectification_order', hazardIds: [hazard] },
  });
  expect(order.statusCode, order.body).toBe(201);
  await secondOfficerOnDocument(
    t.app,
    a,
    order.json().id,
    a.users.inspector,
    await userIdOf(t.app, a.coInspector),
  );
  const issued = await t.app.inject({
    method: 'POST',
    url: `/api/documents/${order.json().id}/issue`,
    headers: { cookie: inspector },
    payload: {},
  });
  expect(issued.statusCode, issued.body).toBeLessThan(300);
  for (const [file, name] of [
    [png(40, 30), 'after.png'],
    [jpegWithExif({ taken: '2026:11:20 10:00:00' }), 'site.jpg'],
  ] as const) {
    const boundary = '----redline' + randomBytes(6).toString('hex');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/hazards/${hazard}/evidence`,
      headers: { cookie: manager, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`,
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  await sql`SELECT nextval('alarm_number_seq'), nextval('alarm_number_seq')`.execute(db);

  const made = await createBackup({
    db,
    engine: t.deps.database.kind,
    dataDir: t.deps.config.dataDir,
    key: { secret: KEY, source: 'SECRET_KEY' },
    out: path.join(work, 'backups'),
  });
  backupDir = made.dir;
  expect(made.warnings).toEqual([]);
}, 120_000);

afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
  await t?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Same tables and rows, same files, chains that verify, IDs that decrypt, freezing triggers back on. */
async function expectSameWorld(place: { dataDir: string; databaseUrl?: string }, restored: Database) {
  const source = await tableHashes(t.deps.database.db);
  const target = await tableHashes(restored.db);
  expect(Object.keys(target)).toEqual(Object.keys(source));
  expect(target).toEqual(source);
  expect(Number(source.documents.split(':')[0])).toBeGreaterThan(0);

  const files = await restored.db.selectFrom('files').select(['sha256']).execute();
  expect(files.length).toBe(2);
  for (const f of files) {
    const rel = path.join('files', f.sha256.slice(0, 2), f.sha256);
    expect(readFileSync(path.join(place.dataDir, rel))).toEqual(
      readFileSync(path.join(t.deps.config.dataDir, rel)),
    );
  }

  const chains = await verifyAll(restored.db);
  expect(chains.length).toBeGreaterThan(0);
  expect(chains.filter((c) => !c.ok)).toEqual([]);
  expect(chains.map((c) => [c.chain, c.headSeq, c.lastHash])).toEqual(
    (await verifyAll(t.deps.database.db)).map((c) => [c.chain, c.headSeq, c.lastHash]),
  );

  const secrets = new Secrets(KEY);
  const workers = await restored.db.selectFrom('workers').select(['id', 'id_number_cipher']).execute();
  expect(workers.length).toBe(plainIds.size);
  for (const w of workers) expect(secrets.decrypt(w.id_number_cipher)).toBe(plainIds.get(w.id));

  const seq = await sql<{ v: string }>`SELECT last_value::text AS v FROM alarm_number_seq`.execute(
    restored.db,
  );
  expect(seq.rows[0].v).toBe('2');
  // The triggers that freeze issued documents and published checklists are on again.
  await expect(
    sql`UPDATE documents SET title = 'forged' WHERE status = 'issued'`.execute(restored.db),
  ).rejects.toThrow(/cannot be changed/);
  await expect(sql`DELETE FROM checklist_items WHERE true`.execute(restored.db)).rejects.toThrow(
    /can no longer change/,
  );
  // … and so are the foreign keys.
  await expect(
    sql`UPDATE workers SET employer_id = '00000000-0000-4000-8000-000000000000' WHERE true`.execute(
      restored.db,
    ),
  ).rejects.toThrow(/foreign key/);
}

describe('backup and restore', () => {
  it('writes a manifest with the schema level, row counts, files, key fingerprint and audit heads — without the key', () => {
    const m = readManifestOf(backupDir);
    expect(m).toMatchObject({ format: 'redline-backup', version: 1, engine: PG_URL ? 'postgres' : 'pglite' });
    expect(m.migrations.map((x) => x.name)).toEqual(
      readdirSync(MIGRATIONS_DIR)
        .filter((f) => f.endsWith('.sql'))
        .sort(),
    );
    expect(m.key).toMatchObject({ fingerprint: new Secrets(KEY).fingerprint(), included: false });
    expect(m.tables.find((x) => x.name === 'workers')?.rows).toBe(2);
    expect(m.files.count).toBe(2);
    expect(m.auditHeads.length).toBeGreaterThan(0);
    const everything = readdirSync(backupDir, { recursive: true }).map(String);
    expect(everything).not.toContain('secret.key');
    for (const f of everything.filter((x) => x.endsWith('.gz') || x === 'manifest.json'))
      expect(readFileSync(path.join(backupDir, f)).includes(KEY)).toBe(false);
  });

  it('restores into an empty place: the same records, files and audit chains; personal data decrypts', async () => {
    restored = await emptyPlace();
    const r = await restore(restored);
    expect(r.migratedForward).toEqual([]);
    expect(r.headMismatches).toEqual([]);
    expect(r.chains.every((c) => c.ok)).toBe(true);
    const d = await openDatabase({ url: restored.databaseUrl, dataDir: restored.dataDir });
    try {
      await expectSameWorld(restored, d);
    } finally {
      await d.close();
    }
  }, 120_000);

  it.runIf(PG_URL)(
    'restores across engines: PostgreSQL → embedded → PostgreSQL',
    async () => {
      const embedded = await emptyPlace('pglite');
      await restore(embedded);
      const lite = await open(embedded);
      await expectSameWorld(embedded, lite);
      const again = await createBackup({
        db: lite.db,
        engine: 'pglite',
        dataDir: embedded.dataDir,
        key: { secret: KEY, source: 'SECRET_KEY' },
        out: path.join(work, 'from-embedded'),
      });
      // Rows are written in key order in fixed text forms: both engines' backups hold the same rows.
      expect(again.manifest.tables.map((x) => [x.name, x.contentSha256])).toEqual(
        readManifestOf(backupDir).tables.map((x) => [x.name, x.contentSha256]),
      );
      const place = await emptyPlace('postgres');
      await restoreBackup({ from: again.dir, secretKey: KEY, ...place });
      await expectSameWorld(place, await open(place));
    },
    180_000,
  );

  it('replaces a non-empty place only with --force', async () => {
    const d = await openDatabase({ url: restored.databaseUrl, dataDir: restored.dataDir });
    await sql`DELETE FROM notifications WHERE true`.execute(d.db);
    await d.close();
    await expect(restore(restored)).rejects.toMatchObject({ code: 'TARGET_NOT_EMPTY', status: 409 });
    const r = await restore(restored, { force: true });
    if (!restored.databaseUrl) expect(r.replacedTo).toMatch(/pgdata\.replaced-/);
    const again = await openDatabase({ url: restored.databaseUrl, dataDir: restored.dataDir });
    try {
      expect(await tableHashes(again.db)).toEqual(await tableHashes(t.deps.database.db));
    } finally {
      await again.close();
    }
  }, 120_000);

  it('refuses a wrong key and a missing key, naming the fingerprint it needs', async () => {
    const place = await emptyPlace();
    const fp = new Secrets(KEY).fingerprint();
    await expect(
      restore(place, { secretKey: 'another-key-of-at-least-thirty-two-characters' }),
    ).rejects.toMatchObject({
      code: 'KEY_MISMATCH',
      message: expect.stringContaining(fp),
    });
    await expect(restore(place, { secretKey: undefined })).rejects.toMatchObject({
      code: 'KEY_MISSING',
      message: expect.stringContaining(fp),
    });
    writeFileSync(path.join(place.dataDir, 'secret.key'), 'a-different-generated-key-0123456789abcdef');
    await expect(restore(place, { secretKey: undefined })).rejects.toMatchObject({ code: 'KEY_MISMATCH' });
    expect(existsSync(path.join(place.dataDir, 'pgdata'))).toBe(false);
  });

  it('restores with the key from the backup when made with --include-key, and writes it to DATA_DIR/secret.key', async () => {
    const made = await createBackup({
      db: t.deps.database.db,
      engine: t.deps.database.kind,
      dataDir: t.deps.config.dataDir,
      key: { secret: KEY, source: 'SECRET_KEY' },
      out: path.join(work, 'with-key'),
      includeKey: true,
    });
    expect(made.warnings.join()).toMatch(/encryption key in clear/);
    withKey = await emptyPlace('pglite');
    const r = await restoreBackup({ from: made.dir, ...withKey });
    expect(r.keySource).toBe('backup');
    expect(readFileSync(path.join(withKey.dataDir, 'secret.key'), 'utf8')).toBe(KEY);
  }, 120_000);

  it('refuses a damaged or altered backup before writing anything', async () => {
    const place = await emptyPlace();
    // A table's bytes changed.
    const damaged = copyOfBackup();
    const part = path.join(damaged, 'tables', 'workers.jsonl.gz');
    const bytes = readFileSync(part);
    bytes[bytes.length - 5] ^= 0xff;
    writeFileSync(part, bytes);
    await expect(restore(place, { from: damaged })).rejects.toMatchObject({
      code: 'BACKUP_DAMAGED',
      message: expect.stringContaining('tables/workers.jsonl.gz'),
    });
    // A stored file's bytes changed.
    const photo = copyOfBackup();
    const sha = readManifestOf(photo).files.list[0].sha256;
    writeFileSync(path.join(photo, 'files', sha.slice(0, 2), sha), 'not the photo');
    await expect(restore(place, { from: photo })).rejects.toMatchObject({ code: 'BACKUP_DAMAGED' });
    // A part missing.
    const missing = copyOfBackup();
    rmSync(path.join(missing, 'tables', 'audit_entries.jsonl.gz'));
    await expect(restore(place, { from: missing })).rejects.toMatchObject({ code: 'BACKUP_DAMAGED' });
    // Rows changed and the manifest's hashes updated to match: the signature no longer does.
    const forged = copyOfBackup();
    const m = readManifestOf(forged);
    const table = m.tables.find((x) => x.name === 'audit_entries')!;
    table.rows -= 1;
    writeManifestOf(forged, m);
    await expect(restore(place, { from: forged })).rejects.toMatchObject({
      code: 'BACKUP_TAMPERED',
      status: 422,
    });
    // Not a backup at all.
    await expect(restore(place, { from: work })).rejects.toMatchObject({ code: 'BACKUP_NOT_FOUND' });
    expect(existsSync(path.join(place.dataDir, 'pgdata'))).toBe(false);
    expect(existsSync(path.join(place.dataDir, 'files'))).toBe(false);
  });

  it('refuses a backup from a newer schema', async () => {
    const place = await emptyPlace();
    const newer = copyOfBackup();
    const m = readManifestOf(newer);
    m.migrations.push({ name: '9999_from_the_future.sql', checksum: 'f'.repeat(64), appliedAt: m.createdAt });
    writeManifestOf(newer, { ...m, mac: manifestMac(KEY, m) });
    await expect(restore(place, { from: newer })).rejects.toMatchObject({
      code: 'BACKUP_NEWER_SCHEMA',
      message: expect.stringContaining('9999_from_the_future.sql'),
    });
  });

  it('restores a backup of an older schema and migrates it forward', async () => {
    const all = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));
    const older = mkdtempSync(path.join(work, 'migrations-'));
    for (const f of all.sort().slice(0, 2)) cpSync(path.join(MIGRATIONS_DIR, f), path.join(older, f));
    const old = await openDatabase({ url: 'memory://' });
    await migrate(old, older);
    await sql`INSERT INTO regions (code, name_zh, name_en, level) VALUES ('310000', '上海市', 'Shanghai', 'province')`.execute(
      old.db,
    );
    const made = await createBackup({
      db: old.db,
      engine: 'pglite',
      dataDir: older,
      key: { secret: KEY, source: 'SECRET_KEY' },
      out: path.join(work, 'older'),
    });
    await old.close();
    const place = await emptyPlace();
    const r = await restoreBackup({ from: made.dir, secretKey: KEY, ...place });
    expect(r.migratedForward).toEqual(all.sort().slice(2));
    const restored = await open(place);
    const regions = await restored.db.selectFrom('regions').select('name_zh').execute();
    expect(regions.map((x) => x.name_zh)).toEqual(['上海市']);
  }, 120_000);

  it('the CLI: backup of an embedded DATA_DIR, and a refused restore exits non-zero with the reason', async () => {
    // The embedded DATA_DIR restored with the key from the backup: its secret.key is the key.
    const env = {
      ...process.env,
      DATA_DIR: withKey.dataDir,
      SECRET_KEY: '',
      DATABASE_URL: '',
      LOG_LEVEL: 'silent',
    };
    // An existing directory with earlier backups in it gets a new dated one.
    const out = path.join(work, 'cli-backups');
    mkdirSync(out);
    cpSync(backupDir, path.join(out, 'earlier'), { recursive: true });
    const ok = await run('npx', ['tsx', 'src/cli.ts', 'backup', '--out', out], { cwd: SERVER, env });
    expect(ok.stdout).toMatch(/backup written to/);
    const made = readdirSync(out).find((f) => f.startsWith('redline-backup-pglite-'));
    expect(readManifestOf(path.join(out, made!)).tables.map((x) => x.rows)).toEqual(
      readManifestOf(backupDir).tables.map((x) => x.rows),
    );

    const damaged = copyOfBackup();
    writeFileSync(path.join(damaged, 'tables', 'users.jsonl.gz'), 'x');
    const empty = mkdtempSync(path.join(work, 'cli-target-'));
    const refused = await run('npx', ['tsx', 'src/cli.ts', 'restore', '--from', damaged], {
      cwd: SERVER,
      env: { ...env, DATA_DIR: empty, SECRET_KEY: KEY },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toMatch(/error BACKUP_DAMAGED: .*users\.jsonl\.gz/);
  }, 120_000);
});
