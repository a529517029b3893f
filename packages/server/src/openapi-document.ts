import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { Secrets } from './crypto.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';

/**
 * The OpenAPI document exactly as `/api/docs/json` serves it, without a server or a real database:
 * the app is built over an empty in-memory database and asked through `inject`. Only `PUBLIC_URL`
 * of the configuration shows in it (as `servers`).
 */
export async function openapiDocument(config: Config): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'redline-openapi-'));
  const database = await openDatabase({ url: 'memory://' });
  try {
    await migrate(database);
    const app = await buildApp({
      config: { ...config, DATA_DIR: dataDir, dataDir },
      database,
      // A throwaway key: nothing is encrypted, the document does not depend on it.
      secrets: new Secrets(randomBytes(32).toString('hex')),
      ...systemClock(config.TIME_ZONE),
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
      if (res.statusCode !== 200) throw new Error(`/api/docs/json answered ${res.statusCode}`);
      return res.json();
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
