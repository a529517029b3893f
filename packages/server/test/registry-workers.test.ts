import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { Page, Worker } from '@redline/contracts';
import { generateResidentId, residentIdCheckChar } from '@redline/domain';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, residentId, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, multipart, uniq, type Client } from './helpers/client.ts';
import { buildApp } from '../src/app.ts';
import { sha256Hex } from '../src/crypto.ts';

/** Workers: the resident ID number is validated, stored encrypted and shown only masked. */
let t: TestApp;
let home: World;
let foreign: World;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  home = await createWorld(t.deps.database.db, t.deps.secrets, { county: '340104', tag: 'Shushan' });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Xinbei' });
  admin = client(t.app, await login(t.app, home.users.admin));
});
afterAll(() => t?.close());

const body = (over: Record<string, unknown> = {}) => ({
  name: `陈${uniq()}`,
  idNumber: residentId('340104', '19850315'),
  employerId: home.ids.enterprise,
  projectId: home.ids.project,
  trade: 'welder',
  phone: '13955550000',
  ...over,
});
const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);
const mask = (id: string) => id.slice(0, 6) + '********' + id.slice(14);

/** An ID number whose check character is X. */
function idWithX(division = '340104', birth = '19790704') {
  for (let seq = 0; seq < 1000; seq++) {
    const first17 = `${division}${birth}${String(seq).padStart(3, '0')}`;
    if (residentIdCheckChar(first17) === 'X') return generateResidentId(first17);
  }
  throw new Error('unreachable');
}

describe('create', () => {
  it('registers a worker, deriving birth date and gender, and shows only the mask', async () => {
    const input = body({ idNumber: generateResidentId('34010419850315003') }); // odd 17th digit → male
    const res = await admin.post('/api/workers', input);
    expect(res.statusCode, res.body).toBe(201);
    const w = res.json();
    expectShape(Worker, w);
    expect(w).toMatchObject({
      name: input.name,
      idNumberMasked: mask(input.idNumber),
      gender: 'male',
      birthDate: '1985-03-15',
      employerId: home.ids.enterprise,
      projectId: home.ids.project,
      trade: 'welder',
      regionCode: '340104', // the employer's region by default
      regionName: '蜀山区',
      certificates: [],
    });
    expect(res.body).not.toContain(input.idNumber);
    expect(res.body).not.toContain('19850315');
    expect(Object.keys(w)).not.toContain('idNumber');
  });

  it('stores the ID number encrypted, never in clear', async () => {
    const input = body();
    const { id } = (await admin.post('/api/workers', input)).json();
    const row = await t.deps.database.db
      .selectFrom('workers')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(input.idNumber);
    expect(stored).not.toContain(sha256Hex(input.idNumber)); // a keyed hash, not a plain one
    expect(t.deps.secrets.decrypt(row.id_number_cipher)).toBe(input.idNumber);
  });

  it('accepts a lower-case x check character and normalises it', async () => {
    const id = idWithX();
    const res = await admin.post('/api/workers', body({ idNumber: id.toLowerCase() }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().idNumberMasked).toBe(mask(id));
    expect(res.json().idNumberMasked.endsWith('X')).toBe(true);
    // The same number in the other case is the same person.
    expectError(await admin.post('/api/workers', body({ idNumber: id })), 409, {
      code: 'CONFLICT',
      field: 'idNumber',
    });
  });

  it('refuses a wrong check digit, saying which is expected', async () => {
    const good = residentId('340104', '19900101');
    const expected = good[17];
    const wrong = expected === '0' ? '1' : '0';
    const err = expectError(
      await admin.post('/api/workers', body({ idNumber: good.slice(0, 17) + wrong })),
      400,
      { code: 'VALIDATION', field: 'idNumber' },
    );
    expect(err.message).toContain(`should be ${expected}`);
    expect(err.message).not.toContain(good.slice(6, 14) + '0'); // the message doesn't echo the number back
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an impossible birth date', { idNumber: generateResidentId('34010419990231001') }, 'idNumber'],
    ['17 characters', { idNumber: '34010419850315001' }, 'idNumber'],
    ['letters', { idNumber: '34010419850315ABCD' }, 'idNumber'],
    ['a foreign employer', { employerId: '@foreign' }, 'employerId'],
    ['a missing employer', { employerId: randomUUID() }, 'employerId'],
    ['a foreign project', { projectId: '@foreignProject' }, 'projectId'],
    ['an unknown trade', { trade: 'juggler' }, 'trade'],
    ['a region outside the jurisdiction', { regionCode: '320411' }, 'regionCode'],
    ['an unknown gender', { gender: 'x' }, 'gender'],
    ['an ID number as a number', { idNumber: 340104198503 }, 'idNumber'],
    ['an unknown field', { idNumberMasked: '340104********0011' }, 'idNumberMasked'],
    ['no name', { name: '' }, 'name'],
  ])('refuses %s, naming the field', async (_label, over, field) => {
    const resolved = Object.fromEntries(
      Object.entries(over).map(([k, v]) => [
        k,
        v === '@foreign' ? foreign.ids.enterprise : v === '@foreignProject' ? foreign.ids.project : v,
      ]),
    );
    expectError(await admin.post('/api/workers', body(resolved)), 400, { code: 'VALIDATION', field });
  });

  it('an enterprise manager registers workers for their own enterprise only', async () => {
    const other = await createWorld(t.deps.database.db, t.deps.secrets, {
      county: '340104',
      tag: 'Shushan2',
    });
    const manager = client(t.app, await login(t.app, home.users.enterprise_manager));
    const ok = await manager.post('/api/workers', body({ projectId: null }));
    expect(ok.statusCode, ok.body).toBe(201);
    expectError(
      await manager.post('/api/workers', body({ employerId: other.ids.enterprise, projectId: null })),
      400,
      { field: 'employerId' },
    );
    expectError(
      await client(t.app, await login(t.app, home.users.duty_officer)).post('/api/workers', body()),
      403,
      { code: 'FORBIDDEN' },
    );
  });
});

describe('read and edit', () => {
  it('404 for missing and foreign workers, identical, on read, edit and reveal', async () => {
    for (const path of ['', '/id-number']) {
      const a = await admin.get(`/api/workers/${foreign.ids.worker}${path}`);
      const b = await admin.get(`/api/workers/${randomUUID()}${path}`);
      expectError(a, 404, { code: 'NOT_FOUND' });
      expect(a.body).toBe(b.body);
    }
    const a = await admin.patch(`/api/workers/${foreign.ids.worker}`, { phone: '1' });
    expect(a.statusCode).toBe(404);
  });

  it('edits a worker; a new ID number is validated, re-masked and kept unique', async () => {
    const first = body();
    const created = (await admin.post('/api/workers', first)).json();
    const other = (await admin.post('/api/workers', body())).json();
    const newId = residentId('340104', '19920606');
    const res = await admin.patch(`/api/workers/${created.id}`, {
      idNumber: newId,
      trade: 'electrician',
      projectId: null,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      idNumberMasked: mask(newId),
      birthDate: '1992-06-06',
      trade: 'electrician',
      projectId: null,
      name: created.name,
    });
    const otherFull = (await admin.get(`/api/workers/${other.id}/id-number`)).json().idNumber;
    expectError(await admin.patch(`/api/workers/${created.id}`, { idNumber: otherFull }), 409, {
      field: 'idNumber',
    });
    expectError(
      await admin.patch(`/api/workers/${created.id}`, {
        idNumber: newId.slice(0, 17) + (newId[17] === '1' ? '2' : '1'),
      }),
      400,
      { field: 'idNumber' },
    );
    expectError(await admin.patch(`/api/workers/${created.id}`, { trade: 'juggler' }), 400, {
      field: 'trade',
    });
    expectError(
      await admin.patch(`/api/workers/${created.id}`, { employerId: foreign.ids.enterprise }),
      400,
      { field: 'employerId' },
    );
    // Its own number again is fine.
    expect((await admin.patch(`/api/workers/${created.id}`, { idNumber: newId })).statusCode).toBe(200);
    expect((await admin.get(`/api/workers/${created.id}/id-number`)).json().idNumber).toBe(newId);
  });
});

describe('the full ID number', () => {
  it('is revealed to admin, leader and inspector only, uncached', async () => {
    const input = body();
    const { id } = (await admin.post('/api/workers', input)).json();
    for (const role of ['admin', 'leader', 'inspector'] as const) {
      const res = await client(t.app, await login(t.app, home.users[role])).get(
        `/api/workers/${id}/id-number`,
      );
      expect(res.statusCode, `${role}: ${res.body}`).toBe(200);
      expect(res.json()).toEqual({ idNumber: input.idNumber });
      expect(res.headers['cache-control']).toBe('no-store');
    }
    for (const role of ['duty_officer', 'enterprise_manager', 'worker'] as const) {
      const res = await client(t.app, await login(t.app, home.users[role])).get(
        `/api/workers/${id}/id-number`,
      );
      expectError(res, 403, { code: 'FORBIDDEN' });
      expect(res.body).not.toContain(input.idNumber);
    }
    expectError(await t.app.inject({ url: `/api/workers/${id}/id-number` }), 401);
  });

  it('never appears in a list, detail, search or export body, for any role', async () => {
    const input = body({ name: `隐私${uniq()}` });
    const { id } = (await admin.post('/api/workers', input)).json();
    const birth = input.idNumber.slice(6, 14);
    for (const role of ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'] as const) {
      const api = client(t.app, await login(t.app, home.users[role]));
      const bodies: string[] = [];
      for (const url of [
        `/api/workers?pageSize=200`,
        `/api/workers/${id}`,
        `/api/workers?q=${encodeURIComponent(input.name)}`,
        `/api/certificates?pageSize=200`,
      ]) {
        const res = await api.get(url);
        expect(res.statusCode, `${role} ${url}`).toBe(200);
        bodies.push(res.body);
      }
      expect(bodies[0]).toContain(mask(input.idNumber));
      const csv = await api.get('/api/workers/export?format=csv');
      const xlsx = await api.get('/api/workers/export?format=xlsx');
      if (['admin', 'leader', 'inspector', 'enterprise_manager'].includes(role)) {
        expect(csv.statusCode).toBe(200);
        expect(csv.body).toContain(mask(input.idNumber));
        bodies.push(csv.body);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
        const cells: string[] = [];
        wb.worksheets[0].eachRow((row) => row.eachCell((c) => void cells.push(String(c.value))));
        expect(cells).toContain(mask(input.idNumber));
        bodies.push(cells.join('\n'));
      } else {
        expect(csv.statusCode).toBe(403);
      }
      for (const b of bodies) {
        expect(b.includes(input.idNumber), `${role} sees the full ID`).toBe(false);
        expect(b.includes(input.idNumber.toLowerCase())).toBe(false);
      }
      // Searching for the hidden digits does not find the worker (no oracle for birth dates).
      expect(ids((await api.get(`/api/workers?q=${birth}`)).json())).not.toContain(id);
      expect(ids((await api.get(`/api/workers?q=${input.idNumber}`)).json())).not.toContain(id);
    }
  });

  it('never appears in the server log, even at trace level', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await buildApp(t.deps, { logger: { level: 'trace', stream } });
    await logged.ready();
    try {
      const cookie = await login(logged, home.users.admin);
      const input = body();
      const created = await logged.inject({
        method: 'POST',
        url: '/api/workers',
        headers: { cookie },
        payload: input,
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().id;
      await logged.inject({ url: `/api/workers/${id}/id-number`, headers: { cookie } });
      await logged.inject({
        method: 'PATCH',
        url: `/api/workers/${id}`,
        headers: { cookie },
        payload: { idNumber: input.idNumber.slice(0, 17) + (input.idNumber[17] === '1' ? '2' : '1') },
      });
      const csv = `姓名,身份证号,用工单位,工种\n导入工人,${residentId('340104', '19770707')},${(await admin.get(`/api/enterprises/${home.ids.enterprise}`)).json().name},welder\n`;
      const { payload, contentType } = multipart(Buffer.from(csv), 'w.csv', 'text/csv');
      await logged.inject({
        method: 'POST',
        url: '/api/workers/import?mode=commit',
        headers: { cookie, 'content-type': contentType },
        payload,
      });
      const { token } = (
        await logged.inject({
          method: 'POST',
          url: '/api/auth/tokens',
          headers: { cookie },
          payload: { name: 'log test' },
        })
      ).json();
      await logged.inject({
        method: 'POST',
        url: '/api/workers/import?mode=validate',
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        payload,
      });
      const log = lines.join('');
      expect(log).toMatch(/personal data revealed/);
      expect(log.includes(input.idNumber)).toBe(false);
      expect(log.includes(csv.split('\n')[1].split(',')[1])).toBe(false);
      // Nor the session cookie (multipart logs the request headers at trace level).
      expect(log).toMatch(/busboyOptions/);
      expect(log).not.toContain(cookie.split('=')[1]);
      expect(log).not.toContain(token);
    } finally {
      await logged.close();
    }
  });
});

describe('list', () => {
  const list = async (qs: string) => {
    const res = await admin.get(`/api/workers?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    expectShape(Page(Worker), res.json());
    return res.json();
  };

  it('filters by trade, employer, project and certificate status; searches; sorts; paginates', async () => {
    const other = await createWorld(t.deps.database.db, t.deps.secrets, {
      county: '340104',
      tag: 'Shushan3',
    });
    const tag = uniq('W');
    const mk = async (i: number, over: Record<string, unknown>) => {
      const res = await admin.post('/api/workers', body({ name: `${tag} ${'ABCDE'[i]}`, ...over }));
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const a = await mk(0, { trade: 'welder' });
    const b = await mk(1, { trade: 'electrician', employerId: other.ids.enterprise, projectId: null });
    const c = await mk(2, { trade: 'welder', projectId: null });
    const d = await mk(3, { trade: 'scaffolder' });
    // Certificates with today fixed at 2026-11-23: a valid, b expired, c review due; d has none.
    const cert = (workerId: string, over: Record<string, unknown>) =>
      admin.post('/api/certificates', { workerId, number: uniq('N'), ...over });
    expect((await cert(a, { categoryCode: 'EM-02', issuedOn: '2025-06-01' })).json().status).toBe('valid');
    expect((await cert(b, { categoryCode: 'HS-01', issuedOn: '2023-01-01' })).json().status).toBe('expired');
    expect((await cert(c, { categoryCode: 'EM-02', issuedOn: '2024-01-10' })).json().status).toBe(
      'review_due',
    );

    expect(ids(await list(`q=${tag}&trade=welder`))).toEqual([a, c]);
    expect(ids(await list(`q=${tag}&employerId=${other.ids.enterprise}`))).toEqual([b]);
    expect(ids(await list(`q=${tag}&projectId=${home.ids.project}`))).toEqual([a, d]);
    expect(ids(await list(`q=${tag}&certificateStatus=valid`))).toEqual([a]);
    expect(ids(await list(`q=${tag}&certificateStatus=expired`))).toEqual([b]);
    expect(ids(await list(`q=${tag}&certificateStatus=review_due`))).toEqual([c]);
    expect(ids(await list(`q=${tag}&certificateStatus=none`))).toEqual([d]);
    const withCerts = (await list(`q=${tag}`)).items.map((w: { certificates: Array<{ status: string }> }) =>
      w.certificates.map((x) => x.status),
    );
    expect(withCerts).toEqual([['valid'], ['expired'], ['review_due'], []]);
    // Search by employer name.
    const otherName = (await admin.get(`/api/enterprises/${other.ids.enterprise}`)).json().name;
    expect(ids(await list(`q=${encodeURIComponent(otherName)}`)).sort()).toEqual(
      [b, other.ids.worker].sort(),
    );
    // Equal trades fall back to the id.
    expect(ids(await list(`q=${tag}&sort=trade`))).toEqual([b, d, ...[a, c].sort()]);
    // Ties follow the id in the sort's direction (the keyset is (key, id) both one way).
    expect(ids(await list(`q=${tag}&sort=trade&order=desc`))).toEqual([...[a, c].sort().reverse(), d, b]);
    expect(ids(await list(`q=${tag}&order=desc`))).toEqual([d, c, b, a]);
    const first = await list(`q=${tag}&pageSize=3`);
    const second = await list(`q=${tag}&pageSize=3&cursor=${first.nextCursor}`);
    expect(ids(second)).toEqual([d]);
    expect([second.total, second.nextCursor]).toEqual([4, null]);
    expectError(await admin.get('/api/workers?certificateStatus=lapsed'), 400, {
      field: 'certificateStatus',
    });
  });
});
