import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Page, Project } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, uniq, type Client } from './helpers/client.ts';

/** Construction projects with their responsible parties. */
let t: TestApp;
let home: World;
let foreign: World;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  home = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320412', tag: 'Wujin' });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '340111', tag: 'Baohe' });
  admin = client(t.app, await login(t.app, home.users.admin));
});
afterAll(() => t?.close());

const body = (over: Record<string, unknown> = {}) => ({
  name: `武进${uniq()}花园二期`,
  permitNo: `320412${uniq('P')}`,
  type: 'building',
  scale: 'large',
  status: 'under_construction',
  regionCode: '320412',
  address: '武进区湖塘镇',
  lat: 31.71,
  lng: 119.95,
  regulatorAuthorityId: home.authorityId,
  floorAreaM2: 52000.5,
  contractValueWan: 18000,
  startOn: '2025-03-01',
  plannedCompletionOn: '2027-06-30',
  parties: [
    { role: 'owner', name: '常州置业有限公司', contact: '周先生 139' },
    { role: 'general_contractor', enterpriseId: home.ids.enterprise, name: '总包单位' },
  ],
  ...over,
});
const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);

describe('create', () => {
  it('registers a project with its parties and returns the view (201)', async () => {
    const input = body();
    const res = await admin.post('/api/projects', input);
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expectShape(Project, p);
    expect(p).toMatchObject({
      name: input.name,
      permitNo: input.permitNo,
      type: 'building',
      scale: 'large',
      status: 'under_construction',
      regionCode: '320412',
      regionName: '武进区',
      lat: 31.71,
      lng: 119.95,
      regulatorAuthorityId: home.authorityId,
      floorAreaM2: 52000.5,
      contractValueWan: 18000,
      startOn: '2025-03-01',
      plannedCompletionOn: '2027-06-30',
    });
    expect(p.regulatorAuthorityName).toMatch(/Wujin应急管理局/);
    expect(p.parties).toEqual([
      { role: 'general_contractor', enterpriseId: home.ids.enterprise, name: '总包单位', contact: '' },
      { role: 'owner', enterpriseId: null, name: '常州置业有限公司', contact: '周先生 139' },
    ]);
    expect((await admin.get(`/api/projects/${p.id}`)).json()).toEqual(p);
  });

  it('defaults: medium scale, no coordinates, no parties', async () => {
    const res = await admin.post('/api/projects', {
      name: '最小项目',
      type: 'municipal',
      status: 'approved',
      regionCode: '320412',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      scale: 'medium',
      lat: null,
      lng: null,
      parties: [],
      regulatorAuthorityId: null,
      startOn: null,
      permitNo: '',
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['unknown project type', { type: 'castle' }, 'type'],
    ['status outside the four', { status: 'building' }, 'status'],
    ['region outside the jurisdiction', { regionCode: '340111' }, 'regionCode'],
    ['unknown region', { regionCode: '320499' }, 'regionCode'],
    ['latitude out of range', { lat: 91 }, 'lat'],
    ['longitude as text', { lng: '119.9' }, 'lng'],
    [
      'completion before start',
      { startOn: '2026-05-01', plannedCompletionOn: '2026-04-30' },
      'plannedCompletionOn',
    ],
    ['impossible date', { startOn: '2025-02-29' }, 'startOn'],
    ['date in another format', { startOn: '2025/03/01' }, 'startOn'],
    ['negative floor area', { floorAreaM2: -1 }, 'floorAreaM2'],
    ['unknown regulator authority', { regulatorAuthorityId: randomUUID() }, 'regulatorAuthorityId'],
    [
      'party role listed twice',
      {
        parties: [
          { role: 'owner', name: '甲方' },
          { role: 'owner', name: '乙方' },
        ],
      },
      'parties.1.role',
    ],
    [
      'party with an unknown enterprise',
      { parties: [{ role: 'design', name: '设计院', enterpriseId: randomUUID() }] },
      'parties.0.enterpriseId',
    ],
    ['party with an unknown role', { parties: [{ role: 'financier', name: '银行' }] }, 'parties.0.role'],
    [
      'party with an unknown field',
      { parties: [{ role: 'owner', name: '甲方', share: 1 }] },
      'parties.0.share',
    ],
    [
      'more than five parties',
      { parties: Array.from({ length: 6 }, () => ({ role: 'owner', name: '甲方' })) },
      'parties',
    ],
    ['unknown field', { budget: 1 }, 'budget'],
    ['name as a number', { name: 2025 }, 'name'],
  ])('refuses %s, naming the field', async (_label, over, field) => {
    expectError(await admin.post('/api/projects', body(over)), 400, { code: 'VALIDATION', field });
  });

  it('refuses every role that does not write the registry', async () => {
    for (const role of ['duty_officer', 'enterprise_manager', 'worker'] as const) {
      expectError(
        await client(t.app, await login(t.app, home.users[role])).post('/api/projects', body()),
        403,
        { code: 'FORBIDDEN' },
      );
    }
  });
});

describe('read and edit', () => {
  it('answers a missing and a foreign project identically with 404, for reads and edits', async () => {
    for (const [method, payload] of [
      ['get', undefined],
      ['patch', { status: 'suspended' }],
    ] as const) {
      const call = (id: string) =>
        method === 'get' ? admin.get(`/api/projects/${id}`) : admin.patch(`/api/projects/${id}`, payload);
      const a = await call(foreign.ids.project);
      const b = await call(randomUUID());
      expectError(a, 404, { code: 'NOT_FOUND' });
      expect(a.body).toBe(b.body);
    }
    const row = await t.deps.database.db
      .selectFrom('projects')
      .select('status')
      .where('id', '=', foreign.ids.project)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('under_construction');
  });

  it('edits fields and replaces the parties', async () => {
    const created = (await admin.post('/api/projects', body())).json();
    const res = await admin.patch(`/api/projects/${created.id}`, {
      status: 'suspended',
      lat: null,
      floorAreaM2: null,
      parties: [{ role: 'supervision', name: '监理公司', contact: '钱工' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    // null clears a number (it must not be coerced to 0: that would put the site at latitude 0).
    expect(res.json()).toMatchObject({
      status: 'suspended',
      lat: null,
      floorAreaM2: null,
      contractValueWan: 18000,
      lng: 119.95,
      name: created.name,
      parties: [{ role: 'supervision', name: '监理公司', contact: '钱工', enterpriseId: null }],
    });
    // Parties left out of a patch stay as they are.
    const again = await admin.patch(`/api/projects/${created.id}`, { address: '新地址' });
    expect(again.json().parties).toHaveLength(1);
  });

  it('checks an edited date against the stored one', async () => {
    const created = (
      await admin.post('/api/projects', body({ startOn: '2025-03-01', plannedCompletionOn: '2027-06-30' }))
    ).json();
    expectError(
      await admin.patch(`/api/projects/${created.id}`, { plannedCompletionOn: '2025-01-01' }),
      400,
      { field: 'plannedCompletionOn' },
    );
    expectError(await admin.patch(`/api/projects/${created.id}`, { startOn: '2028-01-01' }), 400, {
      field: 'plannedCompletionOn',
    });
    expectError(await admin.patch(`/api/projects/${created.id}`, { regionCode: '340111' }), 400, {
      field: 'regionCode',
    });
    expectError(await admin.patch(`/api/projects/${created.id}`, { status: 'done' }), 400, {
      field: 'status',
    });
    expect((await admin.get(`/api/projects/${created.id}`)).json()).toMatchObject({
      startOn: '2025-03-01',
      plannedCompletionOn: '2027-06-30',
      regionCode: '320412',
    });
  });

  it('an enterprise manager reads the projects their enterprise is a party to, and cannot edit them', async () => {
    const api = client(t.app, await login(t.app, home.users.enterprise_manager));
    const theirs = (await admin.post('/api/projects', body())).json(); // general contractor = their enterprise
    const notTheirs = (await admin.post('/api/projects', body({ parties: [] }))).json();
    expect((await api.get(`/api/projects/${theirs.id}`)).statusCode).toBe(200);
    expectError(await api.get(`/api/projects/${notTheirs.id}`), 404);
    const listed = ids((await api.get('/api/projects?pageSize=200')).json());
    expect(listed).toContain(theirs.id);
    expect(listed).toContain(home.ids.project);
    expect(listed).not.toContain(notTheirs.id);
    expectError(await api.patch(`/api/projects/${theirs.id}`, { status: 'completed' }), 403, {
      code: 'FORBIDDEN',
    });
  });
});

describe('list', () => {
  const list = async (qs: string) => {
    const res = await admin.get(`/api/projects?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    expectShape(Page(Project), res.json());
    return res.json();
  };
  async function seed(rows: Array<Record<string, unknown>>) {
    const tag = uniq('P');
    const out = [];
    for (const [i, r] of rows.entries()) {
      const res = await admin.post(
        '/api/projects',
        body({ name: `${tag} ${String.fromCharCode(65 + i)}`, ...r }),
      );
      expect(res.statusCode, res.body).toBe(201);
      out.push(res.json());
    }
    return { tag, created: out };
  }

  it('filters by status, type, enterprise party and region', async () => {
    const other = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320412', tag: 'Hutang' });
    const { tag, created } = await seed([
      { status: 'approved', type: 'building' },
      {
        status: 'under_construction',
        type: 'municipal',
        parties: [{ role: 'owner', name: '湖塘业主', enterpriseId: other.ids.enterprise }],
      },
      { status: 'approved', type: 'municipal', parties: [] },
    ]);
    const [a, b, c] = created.map((p) => p.id);
    expect(ids(await list(`q=${tag}&status=approved`)).sort()).toEqual([a, c].sort());
    expect(ids(await list(`q=${tag}&type=municipal`)).sort()).toEqual([b, c].sort());
    expect(ids(await list(`q=${tag}&enterpriseId=${home.ids.enterprise}`))).toEqual([a]);
    expect(ids(await list(`q=${tag}&enterpriseId=${other.ids.enterprise}`))).toEqual([b]);
    expect(ids(await list(`q=${tag}&regionCode=320412`))).toHaveLength(3);
    expect(ids(await list(`q=${tag}&regionCode=320411`))).toEqual([]);
    expectError(await admin.get('/api/projects?status=paused'), 400, { field: 'status' });
    expectError(await admin.get('/api/projects?enterpriseId=xyz'), 400, { field: 'enterpriseId' });
  });

  it('searches name, permit number and address', async () => {
    const { tag, created } = await seed([{ permitNo: 'SG-ABC-778' }, { address: '湖塘镇滨湖路' }, {}]);
    expect(ids(await list(`q=sg-abc-77`))).toEqual([created[0].id]);
    expectError(await admin.get(`/api/projects?q=${tag}&q2=x`), 400, { code: 'VALIDATION', field: 'q2' });
    expect(ids(await list(`q=${encodeURIComponent('滨湖路')}`))).toContain(created[1].id);
    expect(ids(await list(`q=${encodeURIComponent('滨湖路')}`))).not.toContain(created[2].id);
  });

  it('sorts by name, status and start date, both ways, and paginates', async () => {
    const { tag, created } = await seed([
      { status: 'suspended', startOn: '2025-05-01', plannedCompletionOn: null },
      { status: 'approved', startOn: '2024-01-01', plannedCompletionOn: null },
      { status: 'completed', startOn: '2026-02-01', plannedCompletionOn: null },
    ]);
    const [a, b, c] = created.map((p) => p.id);
    expect(ids(await list(`q=${tag}`))).toEqual([a, b, c]);
    expect(ids(await list(`q=${tag}&order=desc`))).toEqual([c, b, a]);
    expect(ids(await list(`q=${tag}&sort=startOn`))).toEqual([b, a, c]);
    expect(ids(await list(`q=${tag}&sort=startOn&order=desc`))).toEqual([c, a, b]);
    expect(ids(await list(`q=${tag}&sort=status`))).toEqual([b, c, a]); // approved < completed < suspended
    const p1 = await list(`q=${tag}&sort=startOn&pageSize=2`);
    const p2 = await list(`q=${tag}&sort=startOn&pageSize=2&cursor=${p1.nextCursor}`);
    expect([ids(p1), ids(p2), p1.total, p2.total]).toEqual([[b, a], [c], 3, 3]);
  });
});
