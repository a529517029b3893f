import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Enterprise, Page } from '@redline/contracts';
import { creditCodeCheckChar } from '@redline/domain';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, creditCode, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, uniq, type Client } from './helpers/client.ts';

/** Enterprises: create, validate, read, edit, list (filter, sort, paginate, search). */
let t: TestApp;
let home: World;
let foreign: World;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  home = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  admin = client(t.app, await login(t.app, home.users.admin));
});
afterAll(() => t?.close());

const body = (over: Record<string, unknown> = {}) => ({
  creditCode: creditCode('310116'),
  name: `金山${uniq()}精细化工有限公司`,
  industryCode: 'chemicals',
  scale: 'medium',
  regionCode: '310116101',
  address: '朱泾镇亭枫公路 88 号',
  legalRepresentative: '张伟',
  safetyPrincipal: '李强',
  contactPhone: '021-5731 0000',
  ...over,
});

/** A code whose check character is wrong, and the character it should have been. */
function withWrongCheck() {
  const good = creditCode('310116');
  const expected = creditCodeCheckChar(good.slice(0, 17))!;
  const wrong = expected === '0' ? '1' : '0';
  return { code: good.slice(0, 17) + wrong, expected, wrong };
}

const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);

describe('create', () => {
  it('registers an enterprise and returns its view (201)', async () => {
    const input = body({ creditCode: creditCode('310116').toLowerCase() });
    const res = await admin.post('/api/enterprises', input);
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expectShape(Enterprise, e);
    expect(e).toMatchObject({
      creditCode: input.creditCode.toUpperCase(), // normalised
      name: input.name,
      industryCode: 'chemicals',
      scale: 'medium',
      regionCode: '310116101',
      regionName: '朱泾镇',
      address: input.address,
      legalRepresentative: '张伟',
      safetyPrincipal: '李强',
      contactPhone: '021-5731 0000',
    });
    const again = await admin.get(`/api/enterprises/${e.id}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(e);
  });

  it('defaults optional fields to empty text', async () => {
    const res = await admin.post('/api/enterprises', {
      creditCode: creditCode(),
      name: '最小企业',
      industryCode: 'trade',
      scale: 'micro',
      regionCode: '310116',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      address: '',
      legalRepresentative: '',
      safetyPrincipal: '',
      contactPhone: '',
      regionName: '金山区',
    });
  });

  it('refuses a credit code with a wrong check character, saying which character is expected', async () => {
    const { code, expected, wrong } = withWrongCheck();
    const err = expectError(await admin.post('/api/enterprises', body({ creditCode: code })), 400, {
      code: 'VALIDATION',
      field: 'creditCode',
    });
    expect(err.message).toContain(`should be ${expected}`);
    expect(err.message).toContain(`got ${wrong}`);
    expect((await admin.get(`/api/enterprises?q=${code}`)).json().total).toBe(0);
  });

  it.each([
    ['too short', '91310116MA1FL'],
    ['letter I is not in the alphabet', '91310116MA1FLIIII1'],
  ])('refuses a malformed credit code (%s)', async (_label, code) => {
    expectError(await admin.post('/api/enterprises', body({ creditCode: code })), 400, {
      code: 'VALIDATION',
      field: 'creditCode',
    });
  });

  it('refuses a duplicate credit code with 409 naming creditCode', async () => {
    const first = await admin.post('/api/enterprises', body());
    expect(first.statusCode).toBe(201);
    expectError(
      await admin.post('/api/enterprises', body({ creditCode: first.json().creditCode.toLowerCase() })),
      409,
      { code: 'CONFLICT', field: 'creditCode' },
    );
  });

  it('refuses a region outside the jurisdiction, and an unknown region, naming regionCode', async () => {
    expectError(await admin.post('/api/enterprises', body({ regionCode: '150602' })), 400, {
      code: 'VALIDATION',
      field: 'regionCode',
      message: /outside your jurisdiction/,
    });
    expectError(await admin.post('/api/enterprises', body({ regionCode: '310116999' })), 400, {
      code: 'VALIDATION',
      field: 'regionCode',
      message: /Unknown region/,
    });
    expectError(await admin.post('/api/enterprises', body({ regionCode: '31011' })), 400, {
      code: 'VALIDATION',
      field: 'regionCode',
    });
  });

  it('refuses an unknown industry, listing the known ones', async () => {
    const err = expectError(await admin.post('/api/enterprises', body({ industryCode: 'alchemy' })), 400, {
      code: 'VALIDATION',
      field: 'industryCode',
    });
    expect(err.message).toMatch(/alchemy/);
    expect(err.message).toMatch(/chemicals/);
  });

  it('refuses unknown fields, missing fields and wrong types, naming the field', async () => {
    expectError(await admin.post('/api/enterprises', body({ riskLevel: 'high' })), 400, {
      code: 'VALIDATION',
      field: 'riskLevel',
    });
    expectError(await admin.post('/api/enterprises', body({ id: randomUUID() })), 400, {
      code: 'VALIDATION',
      field: 'id',
    });
    const { name: _name, ...noName } = body();
    expectError(await admin.post('/api/enterprises', noName), 400, {
      code: 'VALIDATION',
      field: 'name',
      message: /required/,
    });
    expectError(await admin.post('/api/enterprises', body({ scale: 'huge' })), 400, {
      code: 'VALIDATION',
      field: 'scale',
    });
    expectError(await admin.post('/api/enterprises', body({ name: 12345 })), 400, {
      code: 'VALIDATION',
      field: 'name',
    });
    expectError(await admin.post('/api/enterprises', body({ regionCode: 310116101 })), 400, {
      code: 'VALIDATION',
      field: 'regionCode',
    });
    expectError(await admin.post('/api/enterprises', body({ address: null })), 400, {
      code: 'VALIDATION',
      field: 'address',
    });
    expectError(await admin.post('/api/enterprises', body({ name: ['x', 'y'] })), 400, {
      code: 'VALIDATION',
      field: 'name',
    });
    expectError(await admin.post('/api/enterprises', body({ name: 'x'.repeat(121) })), 400, {
      code: 'VALIDATION',
      field: 'name',
    });
    expectError(await admin.post('/api/enterprises', [body()]), 400, { code: 'VALIDATION' });
  });

  it('only regulators who write the registry may create', async () => {
    for (const role of ['duty_officer', 'enterprise_manager', 'worker'] as const) {
      const api = client(t.app, await login(t.app, home.users[role]));
      expectError(await api.post('/api/enterprises', body()), 403, { code: 'FORBIDDEN' });
    }
    for (const role of ['leader', 'inspector'] as const) {
      const api = client(t.app, await login(t.app, home.users[role]));
      expect((await api.post('/api/enterprises', body())).statusCode).toBe(201);
    }
    expectError(await t.app.inject({ method: 'POST', url: '/api/enterprises', payload: body() }), 401, {
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('read', () => {
  it('answers a missing and a foreign enterprise identically with 404', async () => {
    const missing = await admin.get(`/api/enterprises/${randomUUID()}`);
    const other = await admin.get(`/api/enterprises/${foreign.ids.enterprise}`);
    expectError(missing, 404, { code: 'NOT_FOUND' });
    expect(other.statusCode).toBe(404);
    expect(other.body).toBe(missing.body);
    expectError(await admin.get('/api/enterprises/not-a-uuid'), 400, { code: 'VALIDATION', field: 'id' });
  });

  it('an enterprise manager sees only their own enterprise', async () => {
    const api = client(t.app, await login(t.app, home.users.enterprise_manager));
    const other = (await admin.post('/api/enterprises', body())).json();
    expect((await api.get(`/api/enterprises/${home.ids.enterprise}`)).statusCode).toBe(200);
    expectError(await api.get(`/api/enterprises/${other.id}`), 404);
    expect(ids((await api.get('/api/enterprises?pageSize=200')).json())).toEqual([home.ids.enterprise]);
    expectError(await client(t.app, await login(t.app, home.users.worker)).get('/api/enterprises'), 403, {
      code: 'FORBIDDEN',
    });
  });
});

describe('edit', () => {
  it('changes the given fields only', async () => {
    const created = (await admin.post('/api/enterprises', body())).json();
    const res = await admin.patch(`/api/enterprises/${created.id}`, {
      contactPhone: '13800000000',
      scale: 'large',
      industryCode: 'metallurgy',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      ...created,
      contactPhone: '13800000000',
      scale: 'large',
      industryCode: 'metallurgy',
      updatedAt: res.json().updatedAt,
    });
    expect(res.json().updatedAt >= created.updatedAt).toBe(true);
  });

  it('validates an edit like a create', async () => {
    const created = (await admin.post('/api/enterprises', body())).json();
    const other = (await admin.post('/api/enterprises', body())).json();
    const { code, expected } = withWrongCheck();
    const err = expectError(await admin.patch(`/api/enterprises/${created.id}`, { creditCode: code }), 400, {
      field: 'creditCode',
    });
    expect(err.message).toContain(`should be ${expected}`);
    expectError(await admin.patch(`/api/enterprises/${created.id}`, { creditCode: other.creditCode }), 409, {
      field: 'creditCode',
    });
    expectError(await admin.patch(`/api/enterprises/${created.id}`, { regionCode: '340104' }), 400, {
      field: 'regionCode',
    });
    expectError(await admin.patch(`/api/enterprises/${created.id}`, { industryCode: 'alchemy' }), 400, {
      field: 'industryCode',
    });
    expectError(await admin.patch(`/api/enterprises/${created.id}`, { owner: 'x' }), 400, { field: 'owner' });
    expectError(await admin.patch(`/api/enterprises/${created.id}`, { scale: 3 }), 400, { field: 'scale' });
    // Its own code again is not a conflict.
    expect(
      (await admin.patch(`/api/enterprises/${created.id}`, { creditCode: created.creditCode })).statusCode,
    ).toBe(200);
    expect((await admin.get(`/api/enterprises/${created.id}`)).json()).toMatchObject({
      creditCode: created.creditCode,
      regionCode: created.regionCode,
      industryCode: 'chemicals',
    });
  });

  it('answers 404 for a missing or foreign enterprise and changes nothing', async () => {
    const a = await admin.patch(`/api/enterprises/${foreign.ids.enterprise}`, { name: '改名' });
    const b = await admin.patch(`/api/enterprises/${randomUUID()}`, { name: '改名' });
    expectError(a, 404, { code: 'NOT_FOUND' });
    expect(a.body).toBe(b.body);
    const row = await t.deps.database.db
      .selectFrom('enterprises')
      .select('name')
      .where('id', '=', foreign.ids.enterprise)
      .executeTakeFirstOrThrow();
    expect(row.name).not.toBe('改名');
  });

  it('an enterprise manager may edit their own contact details but not its credit code or region, nor another enterprise', async () => {
    const w = await createWorld(t.deps.database.db, t.deps.secrets, {
      county: '310116',
      town: '310116102',
      tag: 'Fengjing',
    });
    const api = client(t.app, await login(t.app, w.users.enterprise_manager));
    const ok = await api.patch(`/api/enterprises/${w.ids.enterprise}`, {
      safetyPrincipal: '赵敏',
      contactPhone: '021-1',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ safetyPrincipal: '赵敏', contactPhone: '021-1' });
    expectError(await api.patch(`/api/enterprises/${w.ids.enterprise}`, { regionCode: '310116102' }), 400, {
      field: 'regionCode',
    });
    expectError(await api.patch(`/api/enterprises/${w.ids.enterprise}`, { creditCode: creditCode() }), 400, {
      field: 'creditCode',
    });
    expectError(await api.patch(`/api/enterprises/${home.ids.enterprise}`, { contactPhone: 'x' }), 404);
  });
});

describe('list', () => {
  /** Enterprises of one test, found by a tag in their names. */
  async function seed(rows: Array<Record<string, unknown>>) {
    const tag = uniq('L');
    const created = [];
    for (const [i, r] of rows.entries()) {
      const res = await admin.post(
        '/api/enterprises',
        body({ name: `${tag} ${String.fromCharCode(65 + i)}`, ...r }),
      );
      expect(res.statusCode, res.body).toBe(201);
      created.push(res.json());
    }
    return { tag, created };
  }
  const list = async (qs: string) => {
    const res = await admin.get(`/api/enterprises?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    expectShape(Page(Enterprise), res.json());
    return res.json();
  };

  it('filters by region subtree, industry and scale', async () => {
    const { tag, created } = await seed([
      { regionCode: '310116101', industryCode: 'chemicals', scale: 'large' },
      { regionCode: '310116102', industryCode: 'chemicals', scale: 'small' },
      { regionCode: '310116101', industryCode: 'textiles', scale: 'large' },
      { regionCode: '310116', industryCode: 'chemicals', scale: 'large' },
    ]);
    const [a, b, c, d] = created.map((e) => e.id);
    expect(ids(await list(`q=${tag}&regionCode=310116101`)).sort()).toEqual([a, c].sort());
    expect(ids(await list(`q=${tag}&regionCode=310116`)).sort()).toEqual([a, b, c, d].sort());
    expect(ids(await list(`q=${tag}&industryCode=chemicals`)).sort()).toEqual([a, b, d].sort());
    expect(ids(await list(`q=${tag}&scale=large`)).sort()).toEqual([a, c, d].sort());
    expect(ids(await list(`q=${tag}&scale=large&industryCode=chemicals&regionCode=310116101`))).toEqual([a]);
    // A region filter cannot widen the jurisdiction.
    expect((await list('regionCode=15&pageSize=200')).total).toBe(0);
  });

  it('searches name, credit code, address and safety principal, case-insensitively and literally', async () => {
    const { tag, created } = await seed([
      { address: '亭林镇 100% 工业园' },
      { safetyPrincipal: 'Wang_Fang' },
      {},
    ]);
    const [a, b, c] = created;
    expect(ids(await list(`q=${encodeURIComponent(tag.toLowerCase())}`)).sort()).toEqual(
      [a.id, b.id, c.id].sort(),
    );
    expect(ids(await list(`q=${c.creditCode.slice(4).toLowerCase()}`))).toEqual([c.id]);
    expect(ids(await list(`q=${encodeURIComponent('100%')}`))).toEqual([a.id]);
    expect(ids(await list(`q=${encodeURIComponent('wang_fang')}`))).toEqual([b.id]);
    // % and _ are not wildcards.
    expect(ids(await list(`q=${encodeURIComponent(tag + '%')}`))).toEqual([]);
    expect(ids(await list(`q=${encodeURIComponent('Wang%Fang')}`))).toEqual([]);
    expect(ids(await list(`q=${encodeURIComponent('Wan__Fang')}`))).toEqual([]);
  });

  it('sorts by name, credit code and region, both ways', async () => {
    const { tag, created } = await seed([
      { regionCode: '310116102' },
      { regionCode: '310116101' },
      { regionCode: '310116501' },
    ]);
    const byName = [...created].sort((x, y) => (x.name < y.name ? -1 : 1)).map((e) => e.id);
    expect(ids(await list(`q=${tag}`))).toEqual(byName); // default sort: name
    expect(ids(await list(`q=${tag}&sort=name&order=desc`))).toEqual([...byName].reverse());
    const byCode = [...created].sort((x, y) => (x.creditCode < y.creditCode ? -1 : 1)).map((e) => e.id);
    expect(ids(await list(`q=${tag}&sort=creditCode`))).toEqual(byCode);
    expect(ids(await list(`q=${tag}&sort=regionCode&order=desc`))).toEqual([
      created[2].id,
      created[0].id,
      created[1].id,
    ]);
    expect(ids(await list(`q=${tag}&sort=createdAt&order=desc`))).toEqual([
      created[2].id,
      created[1].id,
      created[0].id,
    ]);
    expectError(await admin.get(`/api/enterprises?sort=password`), 400, { field: 'sort' });
    expectError(await admin.get(`/api/enterprises?order=up`), 400, { field: 'order' });
  });

  it('paginates by key: pages are disjoint, ordered, and the total counts all matches', async () => {
    const { tag, created } = await seed(Array.from({ length: 5 }, () => ({})));
    const all = created.map((e) => e.id); // names end in A…E: already in name order
    const p1 = await list(`q=${tag}&pageSize=2`);
    const p2 = await list(`q=${tag}&pageSize=2&cursor=${p1.nextCursor}`);
    const p3 = await list(`q=${tag}&pageSize=2&cursor=${p2.nextCursor}`);
    expect([ids(p1), ids(p2), ids(p3)]).toEqual([all.slice(0, 2), all.slice(2, 4), all.slice(4)]);
    expect(p3.nextCursor).toBeNull();
    expect([p1.total, p3.total, p1.totalCapped]).toEqual([5, 5, false]);
    expect(p2).toMatchObject({ pageSize: 2 });
    expect((await list(`q=${tag}`)).pageSize).toBe(20);
    // A cursor belongs to its sort order; an altered one is refused, not guessed at.
    expectError(await admin.get(`/api/enterprises?q=${tag}&sort=createdAt&cursor=${p1.nextCursor}`), 400, {
      field: 'cursor',
    });
    expectError(await admin.get(`/api/enterprises?cursor=${p1.nextCursor.slice(0, -3)}`), 400, {
      field: 'cursor',
    });
    expectError(await admin.get('/api/enterprises?pageSize=201'), 400, { field: 'pageSize' });
    expectError(await admin.get('/api/enterprises?page=2'), 400, { field: 'page' });
    expectError(await admin.get('/api/enterprises?q=' + 'x'.repeat(101)), 400, { field: 'q' });
    expectError(await admin.get('/api/enterprises?colour=red'), 400, { field: 'colour' });
  });
});
