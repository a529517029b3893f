import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDatabase } from './helpers/harness.ts';

// Only a real PostgreSQL can drop a connection under us; PGlite is in-process.
const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('PostgreSQL connection loss', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    fresh = await freshDatabase();
  });
  afterAll(async () => fresh?.drop());

  it('a killed LISTEN connection neither crashes the process nor ends live signals', async () => {
    const { database } = fresh;
    const received: string[] = [];
    const unlisten = await database.listen('redline_reconnect_test', (p) => received.push(p));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const listener = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_stat_activity WHERE query ILIKE 'LISTEN%redline_reconnect_test%'`,
      );
      expect(listener.rowCount, 'the LISTEN backend is visible').toBe(1);
      // Kill every connection of the test database: the listener and the idle pooled ones.
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`,
        [listener.rows[0]!.datname],
      );
      expect(killed.rowCount).toBeGreaterThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 2600)); // the listener retries every 2 s
      const one = await database.db.selectNoFrom((eb) => eb.val(1).as('one')).executeTakeFirstOrThrow();
      expect(Number(one.one)).toBe(1);
      await database.exec(`NOTIFY redline_reconnect_test, 'after'`);
      await expect.poll(() => received, { timeout: 5000 }).toContain('after');
    } finally {
      await admin.end();
      await unlisten();
    }
  });
});
