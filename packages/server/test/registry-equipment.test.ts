import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Equipment, Page } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, uniq, type Client } from './helpers/client.ts';

/**
 * Special equipment and its periodic inspection status, with today fixed at 2026-11-23.
 * From data/reference: every category warns 30 days ahead; 4000 lifting machinery is inspected
 * every 12 months, 2000 pressure vessels every 36.
 */
const TODAY = '2026-11-23';
let t: TestApp;
let home: World;
let foreign: World;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp({ today: TODAY });
  home = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Xinbei' });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '340111', tag: 'Baohe' });
  admin = client(t.app, await login(t.app, home.users.admin));
});
afterAll(() => t?.close());

const body = (over: Record<string, unknown> = {}) => ({
  categoryCode: '4000',
  typeName: '塔式起重机',
  registrationCode: uniq('起32'),
  model: 'QTZ80',
  userEnterpriseId: home.ids.enterprise,
  location: '3 号楼东侧',
  lat: 31.82,
  lng: 119.97,
  registeredOn: '2023-03-01',
  lastInspectionOn: '2026-03-01',
  lastInspectionResult: 'pass',
  nextInspectionOn: '2027-03-01',
  ...over,
});
const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);

describe('create', () => {
  it('registers equipment and returns its view (201)', async () => {
    const input = body();
    const res = await admin.post('/api/equipment', input);
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expectShape(Equipment, e);
    expect(e).toMatchObject({
      ...input,
      categoryName: '起重机械',
      regionCode: '320411',
      regionName: '新北区',
      projectId: null,
      siteId: null,
      status: 'in_date',
      daysToNextInspection: 98,
    });
    expect((await admin.get(`/api/equipment/${e.id}`)).json()).toEqual(e);
  });

  it('computes the next inspection from the last one and the category interval', async () => {
    const lifting = await admin.post(
      '/api/equipment',
      body({ lastInspectionOn: '2025-12-10', nextInspectionOn: undefined }),
    );
    expect(lifting.json()).toMatchObject({
      nextInspectionOn: '2026-12-10',
      status: 'due_soon',
      daysToNextInspection: 17,
    });
    const vessel = await admin.post(
      '/api/equipment',
      body({ categoryCode: '2000', lastInspectionOn: '2024-03-10', nextInspectionOn: undefined }),
    );
    expect(vessel.json()).toMatchObject({ nextInspectionOn: '2027-03-10', status: 'in_date' });
  });

  it.each<[string, Record<string, unknown>, string, number?]>([
    ['a category outside the eight', { categoryCode: '7000' }, 'categoryCode'],
    [
      'next inspection not after the last',
      { lastInspectionOn: '2026-03-01', nextInspectionOn: '2026-03-01' },
      'nextInspectionOn',
    ],
    ['a foreign use unit', { userEnterpriseId: '@foreignEnterprise' }, 'userEnterpriseId'],
    ['a missing use unit', { userEnterpriseId: randomUUID() }, 'userEnterpriseId'],
    ['a foreign site', { siteId: '@foreignSite' }, 'siteId'],
    ['a foreign project', { projectId: '@foreignProject' }, 'projectId'],
    ['a region outside the jurisdiction', { regionCode: '340111' }, 'regionCode'],
    ['an unknown inspection result', { lastInspectionResult: 'ok' }, 'lastInspectionResult'],
    ['an impossible date', { nextInspectionOn: '2027-02-29' }, 'nextInspectionOn'],
    ['a short registration code', { registrationCode: 'R1' }, 'registrationCode'],
    ['an unknown field', { status: 'in_date' }, 'status'],
    ['coordinates as text', { lat: '31.8' }, 'lat'],
  ])('refuses %s, naming the field', async (_label, over, field) => {
    const map: Record<string, string> = {
      '@foreignEnterprise': foreign.ids.enterprise,
      '@foreignSite': foreign.ids.site,
      '@foreignProject': foreign.ids.project,
    };
    const resolved = Object.fromEntries(
      Object.entries(over).map(([k, v]) => [k, typeof v === 'string' && map[v] ? map[v] : v]),
    );
    expectError(await admin.post('/api/equipment', body(resolved)), 400, { code: 'VALIDATION', field });
  });

  it('refuses a registration code already registered (409)', async () => {
    const code = uniq('DUP');
    expect((await admin.post('/api/equipment', body({ registrationCode: code }))).statusCode).toBe(201);
    expectError(await admin.post('/api/equipment', body({ registrationCode: ` ${code} ` })), 409, {
      code: 'CONFLICT',
      field: 'registrationCode',
    });
  });

  it('an enterprise manager registers equipment for their own enterprise only', async () => {
    const other = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Xinbei2' });
    const manager = client(t.app, await login(t.app, home.users.enterprise_manager));
    const ok = await manager.post('/api/equipment', body());
    expect(ok.statusCode, ok.body).toBe(201);
    expectError(await manager.post('/api/equipment', body({ userEnterpriseId: other.ids.enterprise })), 400, {
      field: 'userEnterpriseId',
    });
    expectError(await manager.post('/api/equipment', body({ siteId: other.ids.site })), 400, {
      field: 'siteId',
    });
    expect(ids((await manager.get('/api/equipment?pageSize=200')).json())).not.toContain(other.ids.equipment);
    for (const role of ['duty_officer', 'worker'] as const) {
      expectError(
        await client(t.app, await login(t.app, home.users[role])).post('/api/equipment', body()),
        403,
        { code: 'FORBIDDEN' },
      );
    }
  });
});

describe('computed inspection status (today 2026-11-23, 30-day warning)', () => {
  const cases: Array<[string, Record<string, unknown>, string, number | null]> = [
    [
      'in date: next inspection months away',
      { lastInspectionOn: '2026-06-01', nextInspectionOn: '2027-06-01' },
      'in_date',
      190,
    ],
    [
      'in date: 31 days left',
      { lastInspectionOn: '2025-12-24', nextInspectionOn: '2026-12-24' },
      'in_date',
      31,
    ],
    [
      'due soon: exactly 30 days left',
      { lastInspectionOn: '2025-12-23', nextInspectionOn: '2026-12-23' },
      'due_soon',
      30,
    ],
    [
      'due soon: due today',
      { lastInspectionOn: '2025-11-23', nextInspectionOn: '2026-11-23' },
      'due_soon',
      0,
    ],
    [
      'overdue: due yesterday',
      { lastInspectionOn: '2025-11-22', nextInspectionOn: '2026-11-22' },
      'overdue',
      -1,
    ],
    [
      'overdue: long ago',
      { lastInspectionOn: '2023-01-01', nextInspectionOn: '2024-01-01' },
      'overdue',
      -1057,
    ],
    [
      'failed: last inspection failed, whatever the dates',
      { lastInspectionOn: '2026-10-01', lastInspectionResult: 'fail', nextInspectionOn: '2027-10-01' },
      'failed',
      312,
    ],
    [
      'in date: passed with remarks',
      {
        lastInspectionOn: '2026-06-01',
        lastInspectionResult: 'pass_with_remarks',
        nextInspectionOn: '2027-06-01',
      },
      'in_date',
      190,
    ],
    [
      'unknown: no inspection dates at all',
      { lastInspectionOn: null, lastInspectionResult: null, nextInspectionOn: null },
      'unknown',
      null,
    ],
  ];

  it.each(cases)('%s', async (_label, over, status, days) => {
    const res = await admin.post('/api/equipment', body(over));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status, daysToNextInspection: days });
  });

  it('the list status filter agrees with every item’s computed status', async () => {
    const w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Xinbei3' });
    for (const [, over] of cases)
      expect(
        (await admin.post('/api/equipment', body({ userEnterpriseId: w.ids.enterprise, ...over })))
          .statusCode,
      ).toBe(201);
    const all = (await admin.get(`/api/equipment?userEnterpriseId=${w.ids.enterprise}&pageSize=200`)).json();
    expect(all.total).toBe(cases.length + 1); // and the factory's own
    const byStatus: Record<string, string[]> = {};
    for (const e of all.items) (byStatus[e.status] ??= []).push(e.id);
    expect(Object.keys(byStatus).sort()).toEqual(['due_soon', 'failed', 'in_date', 'overdue', 'unknown']);
    for (const status of ['in_date', 'due_soon', 'overdue', 'failed', 'unknown']) {
      const filtered = (
        await admin.get(`/api/equipment?userEnterpriseId=${w.ids.enterprise}&status=${status}&pageSize=200`)
      ).json();
      expect(ids(filtered).sort(), status).toEqual(byStatus[status].sort());
      expect(filtered.total).toBe(byStatus[status].length);
    }
    expectError(await admin.get('/api/equipment?status=broken'), 400, { field: 'status' });
  });
});

describe('read and edit', () => {
  it('404 for missing and foreign, identical', async () => {
    const a = await admin.get(`/api/equipment/${foreign.ids.equipment}`);
    const b = await admin.get(`/api/equipment/${randomUUID()}`);
    expectError(a, 404, { code: 'NOT_FOUND' });
    expect(a.body).toBe(b.body);
    expect((await admin.patch(`/api/equipment/${foreign.ids.equipment}`, { location: 'x' })).body).toBe(
      b.body,
    );
  });

  it('records a new inspection and the status follows; validates edits', async () => {
    const e = (
      await admin.post(
        '/api/equipment',
        body({ lastInspectionOn: '2025-10-01', nextInspectionOn: '2026-10-01' }),
      )
    ).json();
    expect(e.status).toBe('overdue');
    const res = await admin.patch(`/api/equipment/${e.id}`, {
      lastInspectionOn: '2026-11-20',
      lastInspectionResult: 'pass',
      nextInspectionOn: '2027-11-20',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'in_date',
      lastInspectionOn: '2026-11-20',
      nextInspectionOn: '2027-11-20',
      registrationCode: e.registrationCode,
    });
    expect(
      (await admin.patch(`/api/equipment/${e.id}`, { lastInspectionResult: 'fail' })).json().status,
    ).toBe('failed');
    expectError(await admin.patch(`/api/equipment/${e.id}`, { nextInspectionOn: '2026-11-01' }), 400, {
      field: 'nextInspectionOn',
    });
    const other = (await admin.post('/api/equipment', body())).json();
    expectError(
      await admin.patch(`/api/equipment/${e.id}`, { registrationCode: other.registrationCode }),
      409,
      { field: 'registrationCode' },
    );
    expectError(await admin.patch(`/api/equipment/${e.id}`, { categoryCode: '0000' }), 400, {
      field: 'categoryCode',
    });
    expectError(
      await admin.patch(`/api/equipment/${e.id}`, { userEnterpriseId: foreign.ids.enterprise }),
      400,
      { field: 'userEnterpriseId' },
    );
    expect(
      (
        await admin.patch(`/api/equipment/${e.id}`, { registrationCode: e.registrationCode, lat: null })
      ).json(),
    ).toMatchObject({ lat: null, lng: 119.97 });
  });
});

describe('list', () => {
  it('filters by category and use unit, searches, sorts by next inspection and registration code, paginates', async () => {
    const w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Xinbei4' });
    const tag = uniq('Q');
    const mk = async (over: Record<string, unknown>) => {
      const res = await admin.post(
        '/api/equipment',
        body({ registrationCode: `${tag}-${uniq('')}`, ...over }),
      );
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const a = await mk({ nextInspectionOn: '2027-05-01', registrationCode: `${tag}-C` });
    const b = await mk({
      categoryCode: '3000',
      typeName: '施工升降机',
      nextInspectionOn: '2026-12-01',
      registrationCode: `${tag}-A`,
    });
    const c = await mk({
      userEnterpriseId: w.ids.enterprise,
      nextInspectionOn: '2027-01-15',
      location: '北门龙门吊',
      registrationCode: `${tag}-B`,
    });
    const list = async (qs: string) => {
      const res = await admin.get(`/api/equipment?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      expectShape(Page(Equipment), res.json());
      return ids(res.json());
    };
    expect(await list(`q=${tag}`)).toEqual([b.id, c.id, a.id]); // default: next inspection first
    expect(await list(`q=${tag}&order=desc`)).toEqual([a.id, c.id, b.id]);
    expect(await list(`q=${tag}&sort=registrationCode`)).toEqual([b.id, c.id, a.id]);
    expect(await list(`q=${tag}&sort=registrationCode&order=desc`)).toEqual([a.id, c.id, b.id]);
    expect(await list(`q=${tag}&categoryCode=3000`)).toEqual([b.id]);
    expect(await list(`q=${tag}&userEnterpriseId=${w.ids.enterprise}`)).toEqual([c.id]);
    expect(await list(`q=${encodeURIComponent('龙门吊')}`)).toEqual([c.id]);
    expect(await list(`q=${encodeURIComponent('施工升降')}`)).toContain(b.id);
    const first = (await admin.get(`/api/equipment?q=${tag}&pageSize=2`)).json();
    expect(await list(`q=${tag}&pageSize=2&cursor=${first.nextCursor}`)).toEqual([a.id]);
    const wName = (await admin.get(`/api/enterprises/${w.ids.enterprise}`)).json().name;
    expect((await list(`q=${encodeURIComponent(wName)}`)).sort()).toEqual([c.id, w.ids.equipment].sort());
  });
});
