import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { Secrets } from '../../src/crypto.ts';
import { loadReferenceData, referenceHash } from '../../src/modules/reference/load.ts';
import { buildApp } from '../../src/app.ts';
import type { Deps, App } from '../../src/http/context.ts';

/**
 * A fresh, migrated database per call: in-memory PGlite by default, or — when TEST_DATABASE_URL
 * is set (CI) — a new database on that PostgreSQL server, dropped on close. A set variable with
 * an unreachable server fails the test; it never silently falls back.
 *
 * Both start from a template made once (per machine) for the current migrations and reference data:
 * migrating and loading the 44,704 regions took 4–20 s per database, and the suite makes a few
 * hundred. PGlite opens a dumped data dir (a tarball in the temp directory); PostgreSQL copies a
 * template database (CREATE DATABASE … TEMPLATE). The key is a hash of every migration file, the
 * migrator, the reference loader and its sources, so any change to them builds a new template.
 * Old templates are left in place (another checkout's tests may be using them): the temp files
 * `redline-test-template-*.tar` and the databases `redline_tpl_*` may be deleted at any quiet time.
 */
export async function freshDatabase() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ url: 'memory://', loadDataDir: await pgliteTemplate() });
    return { database, drop: () => database.close() };
  }
  const name = `redline_t_${randomBytes(6).toString('hex')}`;
  const template = await postgresTemplate(url);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = '/' + name;
  const database = await openDatabase({ url: testUrl.toString(), poolSize: 5 });
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

let key: string | undefined;
/** A hash of what a migrated database with reference data is made from. */
function templateKey(): string {
  if (key) return key;
  const h = createHash('sha256').update(referenceHash());
  const migrations = fileURLToPath(new URL('../../migrations/', import.meta.url));
  for (const f of readdirSync(migrations).sort())
    h.update(`\0${f}\0`).update(readFileSync(path.join(migrations, f)));
  for (const f of ['../../src/db/migrate.ts', '../../src/modules/reference/load.ts'])
    h.update(readFileSync(new URL(f, import.meta.url)));
  return (key = h.digest('hex').slice(0, 16));
}

/** The PGlite template: built by the first test file that needs it (a race builds it twice, harmlessly). */
async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(tmpdir(), `redline-test-template-${templateKey()}.tar`);
  if (!existsSync(file)) {
    const database = await openDatabase({ url: 'memory://' });
    await migrate(database);
    await loadReferenceData(database.db);
    const dump = await database.dumpDataDir!();
    await database.close();
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}

/** The PostgreSQL template database, built under an advisory lock by the first worker that needs it. */
async function postgresTemplate(url: string): Promise<string> {
  const template = `redline_tpl_${templateKey()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(742013)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) {
      const building = `${template}_build`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${building}`);
      const buildUrl = new URL(url);
      buildUrl.pathname = '/' + building;
      const database = await openDatabase({ url: buildUrl.toString(), poolSize: 2 });
      await migrate(database);
      await loadReferenceData(database.db);
      await database.close();
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(742013)').catch(() => {});
    await admin.end();
  }
  return template;
}

export const TODAY = '2026-11-23';

export interface TestApp {
  app: App;
  deps: Deps;
  close(): Promise<void>;
}

/** The HTTP app over a fresh database, with `today` fixed so computed statuses are stable. */
export async function createTestApp(
  opts: { today?: string; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const { database, drop } = await freshDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'redline-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT: '1000',
    LOGIN_ADDRESS_LIMIT: '1000',
    // Figures tests read the dashboard right after each change; dashboard-sharing.test.ts sets its own.
    DASHBOARD_CACHE_SECONDS: '0',
    ...opts.env,
  });
  const deps: Deps = {
    config,
    database,
    secrets: new Secrets('test-secret-key-that-is-long-enough-0123456789'),
    today: () => opts.today ?? TODAY,
    now: () => new Date(),
  };
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    close: async () => {
      await app.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the API and returns the session cookie header. */
export async function login(app: App, username: string, password = DEFAULT_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'rl_session');
  return `rl_session=${cookie!.value}`;
}

export const DEFAULT_PASSWORD = 'correct-horse-battery';
