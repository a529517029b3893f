import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate, MIGRATIONS_DIR } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/modules/reference/load.ts';
import { Secrets } from '../src/crypto.ts';
import { createWorld } from './helpers/factories.ts';

/**
 * Migrations are plain SQL files applied in name order, once each, forward only. Runs on an
 * unmigrated database: in-memory PGlite, or a new database on TEST_DATABASE_URL.
 */
/** The migrations of the previous release (what a database in use already has). */
const PREVIOUS_RELEASE = [
  '0001_foundation.sql',
  '0100_checklists.sql',
  '0101_inspections.sql',
  '0200_audit_documents.sql',
  '0201_hazard_lifecycle.sql',
  '0202_audit_checkpoints.sql',
  '0203_login_throttle.sql',
  '0300_devices_alarms.sql',
];
let database: Database;
let drop: () => Promise<void>;
const dirs: string[] = [];

async function blankDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const d = await openDatabase({ url: 'memory://' });
    return { database: d, drop: () => d.close() };
  }
  const name = `redline_m_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = '/' + name;
  const d = await openDatabase({ url: u.toString(), poolSize: 4 });
  return {
    database: d,
    drop: async () => {
      await d.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A directory holding copies of these shipped migration files. */
function copyOf(names: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'redline-mig-'));
  dirs.push(dir);
  for (const f of names) copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
  return dir;
}

function tempDir(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'redline-mig-'));
  dirs.push(dir);
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
  return dir;
}

const tableExists = async (name: string) =>
  (
    await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = ${name}`.execute(
      database.db,
    )
  ).rows[0].n === 1;
const applied = async () =>
  (
    await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(database.db)
  ).rows.map((r) => r.name);

beforeAll(async () => {
  ({ database, drop } = await blankDatabase());
});
afterAll(async () => {
  await drop?.();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the shipped migrations', () => {
  it('apply on top of the previous schema with data in it, keep the data, and a second run is a no-op', async () => {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(files[0]).toBe('0001_foundation.sql');
    // The schema as the previous release left it (newer files may sort between these: the ledger
    // applies whatever is missing, in name order), with a jurisdiction of data…
    const released = files.filter((f) => PREVIOUS_RELEASE.includes(f));
    expect(released).toEqual(PREVIOUS_RELEASE);
    expect(await migrate(database, copyOf(released))).toEqual(released);
    // Today's reference loader writes the columns of the region-units migration: apply that one
    // first, then load the reference data the world needs.
    expect(await migrate(database, copyOf(['0210_region_units.sql']))).toEqual(['0210_region_units.sql']);
    await loadReferenceData(database.db);
    const world = await createWorld(database.db, new Secrets('migration-test-secret-0123456789abcdef'), {
      county: '310116',
      tag: 'Mig',
    });
    // …then everything after it.
    expect(await migrate(database)).toEqual(
      files.filter((f) => !released.includes(f) && f !== '0210_region_units.sql'),
    );
    expect(await applied()).toEqual(expect.arrayContaining(files));
    const e = await database.db
      .selectFrom('enterprises')
      .select('id')
      .where('id', '=', world.ids.enterprise)
      .executeTakeFirst();
    expect(e?.id).toBe(world.ids.enterprise);
    expect(
      await database.db
        .selectFrom('users')
        .select('username')
        .where('username', '=', world.users.admin)
        .executeTakeFirst(),
    ).toBeDefined();
    // Again: nothing to do, nothing changes.
    const before = await sql<{
      name: string;
      checksum: string;
      applied_at: Date;
    }>`SELECT * FROM schema_migrations ORDER BY name`.execute(database.db);
    expect(await migrate(database)).toEqual([]);
    const after = await sql<{
      name: string;
      checksum: string;
      applied_at: Date;
    }>`SELECT * FROM schema_migrations ORDER BY name`.execute(database.db);
    expect(after.rows).toEqual(before.rows);
  });
});

describe('migrate() on a directory of migrations', () => {
  it('applies new files in name order, once', async () => {
    const p = 'm' + randomBytes(3).toString('hex');
    const dir = tempDir({
      [`${p}_2_b.sql`]: `ALTER TABLE ${p}_t ADD COLUMN b text NOT NULL DEFAULT 'x';`,
      [`${p}_1_a.sql`]: `CREATE TABLE ${p}_t (a int);`,
      'README.md': 'not a migration',
    });
    expect(await migrate(database, dir)).toEqual([`${p}_1_a.sql`, `${p}_2_b.sql`]);
    expect(await migrate(database, dir)).toEqual([]);
    await sql.raw(`INSERT INTO ${p}_t (a) VALUES (1)`).execute(database.db);
    expect((await sql.raw<{ b: string }>(`SELECT b FROM ${p}_t`).execute(database.db)).rows).toEqual([
      { b: 'x' },
    ]);
  });

  it('refuses an applied migration that was edited afterwards, with a clear message, and applies nothing', async () => {
    const p = 'm' + randomBytes(3).toString('hex');
    const dir = tempDir({ [`${p}_1.sql`]: `CREATE TABLE ${p}_one (a int);` });
    expect(await migrate(database, dir)).toEqual([`${p}_1.sql`]);
    writeFileSync(path.join(dir, `${p}_1.sql`), `CREATE TABLE ${p}_one (a int, sneaky text);`);
    writeFileSync(path.join(dir, `${p}_2.sql`), `CREATE TABLE ${p}_two (a int);`);
    await expect(migrate(database, dir)).rejects.toThrow(
      `migration ${p}_1.sql was edited after it was applied; add a new migration instead`,
    );
    expect(await tableExists(`${p}_two`)).toBe(false);
    expect(await applied()).not.toContain(`${p}_2.sql`);
  });

  it('a failing migration names the file, is rolled back whole, and stops the files after it', async () => {
    const p = 'm' + randomBytes(3).toString('hex');
    const dir = tempDir({
      [`${p}_1.sql`]: `CREATE TABLE ${p}_first (a int);`,
      [`${p}_2.sql`]: `CREATE TABLE ${p}_half (a int);\nINSERT INTO ${p}_first VALUES (1);\nSELECT 1 / 0;`,
      [`${p}_3.sql`]: `CREATE TABLE ${p}_third (a int);`,
    });
    await expect(migrate(database, dir)).rejects.toThrow(
      new RegExp(`migration ${p}_2\\.sql failed: .*division by zero`),
    );
    expect(await tableExists(`${p}_first`)).toBe(true);
    expect(await tableExists(`${p}_half`)).toBe(false);
    expect(await tableExists(`${p}_third`)).toBe(false);
    expect(
      (await sql.raw<{ n: number }>(`SELECT count(*)::int AS n FROM ${p}_first`).execute(database.db)).rows[0]
        .n,
    ).toBe(0);
    expect(await applied()).toEqual(expect.arrayContaining([`${p}_1.sql`]));
    expect(await applied()).not.toContain(`${p}_2.sql`);
    // Fixed (it never applied, so editing it is fine): the rest follows.
    writeFileSync(path.join(dir, `${p}_2.sql`), `CREATE TABLE ${p}_half (a int);`);
    expect(await migrate(database, dir)).toEqual([`${p}_2.sql`, `${p}_3.sql`]);
  });

  it('two instances starting together on a new database create the ledger and apply each file once', async () => {
    const blank = await blankDatabase();
    try {
      const [a, b] = await Promise.all([migrate(blank.database), migrate(blank.database)]);
      const shipped = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));
      expect([...a, ...b].sort()).toEqual(shipped.sort());
    } finally {
      await blank.drop();
    }
  });

  it('two instances migrating at once apply each file once', async () => {
    const p = 'm' + randomBytes(3).toString('hex');
    const dir = tempDir({
      [`${p}_1.sql`]: `CREATE TABLE ${p}_x (a int);`,
      [`${p}_2.sql`]: `INSERT INTO ${p}_x VALUES (1);`,
    });
    const [a, b] = await Promise.all([migrate(database, dir), migrate(database, dir)]);
    expect([...a, ...b].sort()).toEqual([`${p}_1.sql`, `${p}_2.sql`]);
    expect(
      (await sql.raw<{ n: number }>(`SELECT count(*)::int AS n FROM ${p}_x`).execute(database.db)).rows[0].n,
    ).toBe(1);
  });
});
