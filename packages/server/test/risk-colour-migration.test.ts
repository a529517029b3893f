import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate, MIGRATIONS_DIR } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/modules/reference/load.ts';
import { Secrets } from '../src/crypto.ts';
import { createWorld } from './helpers/factories.ts';

/**
 * Migration 0500: a colour set by hand before risk points existed is kept aside
 * (sites.risk_colour_legacy), not left standing as if it had been computed; the shipped band sets
 * are the DOMAIN §4 defaults, marked with their source and as unconfirmed.
 */
let database: Database | undefined;
let dir: string | undefined;
afterAll(async () => {
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('migration 0500 on a database in use', () => {
  it('moves hand-set site colours aside and ships version 1 of both methods', async () => {
    database = await openDatabase({ url: 'memory://' });
    dir = mkdtempSync(path.join(tmpdir(), 'redline-mig-risk-'));
    const before = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && f < '0500');
    for (const f of before) copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
    await migrate(database, dir);
    await loadReferenceData(database.db);
    const w = await createWorld(database.db, new Secrets('risk-migration-secret-0123456789abcdef'), {
      county: '310116',
      tag: 'Mig',
    });
    await database.exec(`UPDATE sites SET risk_colour = 'red' WHERE id = '${w.ids.site}'`);

    expect(await migrate(database)).toContain('0500_risk_points.sql');
    const site = await database.db
      .selectFrom('sites')
      .select(['risk_colour', 'risk_colour_legacy'])
      .where('id', '=', w.ids.site)
      .executeTakeFirstOrThrow();
    expect(site).toEqual({ risk_colour: null, risk_colour_legacy: 'red' });

    const sets = await database.db
      .selectFrom('risk_band_sets')
      .select(['method', 'region_prefix', 'version', 'bands', 'factors', 'confirmation'])
      .orderBy('method')
      .execute();
    expect(sets.map((s) => [s.method, s.region_prefix, s.version])).toEqual([
      ['LEC', '', 1],
      ['LS', '', 1],
    ]);
    expect(sets[0].bands).toEqual([
      { colour: 'red', from: 320, includeFrom: false },
      { colour: 'orange', from: 160, includeFrom: true },
      { colour: 'yellow', from: 70, includeFrom: true },
      { colour: 'blue', from: 0, includeFrom: true },
    ]);
    expect(sets[1].factors).toEqual({ L: [1, 2, 3, 4, 5], S: [1, 2, 3, 4, 5] });
    for (const s of sets) expect(s.confirmation).toMatch(/未/);
  }, 120_000);
});
