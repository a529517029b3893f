import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { Secrets } from '../../src/crypto.ts';
import { loadReferenceData } from '../../src/modules/reference/load.ts';
import { buildApp } from '../../src/app.ts';
import type { Deps, App } from '../../src/http/context.ts';

/**
 * A fresh, migrated database per call: in-memory PGlite by default, or — when TEST_DATABASE_URL
 * is set (CI) — a new database on that PostgreSQL server, dropped on close. A set variable with
 * an unreachable server fails the test; it never silently falls back.
 */
export async function freshDatabase() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ url: 'memory://' });
    await migrate(database);
    await loadReferenceData(database.db);
    return { database, drop: () => database.close() };
  }
  const name = `redline_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = '/' + name;
  const database = await openDatabase({ url: testUrl.toString(), poolSize: 5 });
  await migrate(database);
  await loadReferenceData(database.db);
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
