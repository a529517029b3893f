import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reference } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectError, expectShape } from './helpers/client.ts';
import { DATA_DIR, loadReferenceData } from '../src/modules/reference/load.ts';

/** Reference data comes from data/reference/*.json, is served to every logged-in user, and reloads idempotently. */
let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '310116', tag: 'Ref' });
});
afterAll(() => t?.close());

const shipped = (file: string) => JSON.parse(readFileSync(path.join(DATA_DIR, 'reference', file), 'utf8'));

describe('GET /api/reference', () => {
  it('needs a session', async () => {
    expectError(await t.app.inject({ url: '/api/reference' }), 401, { code: 'UNAUTHENTICATED' });
  });

  it('serves what data/reference ships, to every role', async () => {
    for (const role of ['admin', 'inspector', 'enterprise_manager', 'worker'] as const) {
      const res = await client(t.app, await login(t.app, w.users[role])).get('/api/reference');
      expect(res.statusCode, role).toBe(200);
      expectShape(Reference, res.json());
    }
    const ref = (await client(t.app, await login(t.app, w.users.admin)).get('/api/reference')).json();
    expect(ref.regions).toHaveLength(shipped('regions.json').regions.length);
    expect(ref.regions.find((r: { code: string }) => r.code === '310116501')).toEqual({
      code: '310116501',
      zh: '金山工业区',
      en: expect.any(String),
      level: 'town',
      parentCode: '310116',
    });
    expect(ref.regions.find((r: { code: string }) => r.code === '31')).toMatchObject({
      level: 'province',
      parentCode: null,
    });
    expect(ref.catalogue.industry.map((i: { code: string }) => i.code)).toEqual(
      shipped('catalogue.json').industry.map((i: string[]) => i[0]),
    );
    expect(ref.catalogue.trade).toContainEqual({ code: 'welder', zh: '焊工', en: expect.any(String) });
    expect(ref.certificateCategories.find((c: { code: string }) => c.code === 'EM-02')).toMatchObject({
      track: 'emergency',
      validityYears: 6,
      reviewEveryYears: 3,
      reviewWindowDays: 60,
      isWelding: true,
    });
    expect(ref.certificateCategories.find((c: { code: string }) => c.code === 'HS-01')).toMatchObject({
      track: 'housing',
      validityYears: 2,
      reviewEveryYears: null,
    });
    expect(ref.equipmentCategories.map((c: { code: string }) => c.code)).toEqual([
      '1000',
      '2000',
      '3000',
      '4000',
      '5000',
      '6000',
      '8000',
      '9000',
    ]);
    expect(ref.authorities.map((a: { id: string }) => a.id)).toContain(w.authorityId);
  });
});

describe('loading', () => {
  it('is idempotent and keeps codes added by administrators', async () => {
    const db = t.deps.database.db;
    const counts = async () =>
      Promise.all(
        ['regions', 'ref_items', 'certificate_categories', 'equipment_categories'].map(
          async (table) =>
            (
              await db
                .selectFrom(table as 'regions')
                .select(db.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
        ),
      );
    const before = await counts();
    await db
      .insertInto('ref_items')
      .values({ kind: 'trade', code: 'diver', name_zh: '潜水员', name_en: 'Diver', sort: 99, attrs: '{}' })
      .execute();
    await db
      .updateTable('ref_items')
      .set({ name_zh: '改过的名字' })
      .where('kind', '=', 'trade')
      .where('code', '=', 'welder')
      .execute();
    await loadReferenceData(db);
    await loadReferenceData(db);
    const after = await counts();
    expect(after).toEqual([before[0], before[1] + 1, before[2], before[3]]);
    const trades = await db
      .selectFrom('ref_items')
      .select(['code', 'name_zh'])
      .where('kind', '=', 'trade')
      .execute();
    expect(trades).toContainEqual({ code: 'diver', name_zh: '潜水员' }); // kept
    expect(trades).toContainEqual({ code: 'welder', name_zh: '焊工' }); // the shipped name wins
  });
});
