import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Certificate, Page } from '@redline/contracts';
import { createTestApp, login, TODAY, type TestApp } from './helpers/harness.ts';
import { createWorld, residentId, type World } from './helpers/factories.ts';
import { buildApp } from '../src/app.ts';
import { client, expectError, expectShape, uniq, type Client } from './helpers/client.ts';

/**
 * Special-operation certificates. Today is fixed at 2026-11-23 (the harness default). Category
 * rules from data/reference: EM-02 welding — valid 6 years, review every 3, window 60 days;
 * HS-01 construction electrician — valid 2 years, no mid-term review, window 90 days.
 */
let t: TestApp;
let home: World;
let foreign: World;
let admin: Client;

beforeAll(async () => {
  expect(TODAY).toBe('2026-11-23');
  t = await createTestApp({ today: TODAY });
  home = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116102',
    tag: 'Fengjing',
  });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  admin = client(t.app, await login(t.app, home.users.admin));
});
afterAll(() => t?.close());

const body = (over: Record<string, unknown> = {}) => ({
  workerId: home.ids.worker,
  categoryCode: 'EM-02',
  number: uniq('T'),
  issuedOn: '2025-06-01',
  issuer: '上海市应急管理局',
  ...over,
});
const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);

/** A fresh worker, so each test lists only its own certificates. */
async function newWorker() {
  const res = await admin.post('/api/workers', {
    name: uniq('持证人'),
    idNumber: residentId('310116', '19800101'),
    employerId: home.ids.enterprise,
    trade: 'welder',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describe('create', () => {
  it('registers a certificate, computing expiry and next review from the category rules', async () => {
    const input = body({ issuedOn: '2025-06-01' });
    const res = await admin.post('/api/certificates', input);
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expectShape(Certificate, c);
    expect(c).toMatchObject({
      workerId: home.ids.worker,
      employerId: home.ids.enterprise,
      categoryCode: 'EM-02',
      categoryName: '焊接与热切割作业',
      track: 'emergency',
      number: input.number,
      issuedOn: '2025-06-01',
      expiresOn: '2031-06-01', // the same calendar day six years on, valid through it (domain rule)
      nextReviewOn: '2028-06-01',
      lastReviewedOn: null,
      issuer: '上海市应急管理局',
      regionCode: '310116102', // the worker's region
      status: 'valid',
    });
    expect(c.statusReason).toMatch(/valid until 2031-06-01/);
    expect((await admin.get(`/api/certificates/${c.id}`)).json()).toEqual(c);
  });

  it('a housing-track certificate has no mid-term review', async () => {
    const res = await admin.post(
      '/api/certificates',
      body({ categoryCode: 'HS-01', issuedOn: '2026-01-15' }),
    );
    expect(res.json()).toMatchObject({
      track: 'housing',
      expiresOn: '2028-01-15',
      nextReviewOn: null,
      status: 'valid',
    });
  });

  it('keeps dates given explicitly', async () => {
    const res = await admin.post(
      '/api/certificates',
      body({ issuedOn: '2025-01-01', expiresOn: '2027-12-31', nextReviewOn: null }),
    );
    expect(res.json()).toMatchObject({ expiresOn: '2027-12-31', nextReviewOn: null });
  });

  it.each<[string, Record<string, unknown>, string, number?]>([
    ['an unknown category', { categoryCode: 'EM-99' }, 'categoryCode'],
    ['expiry before issue', { issuedOn: '2025-06-01', expiresOn: '2025-05-31' }, 'expiresOn'],
    ['expiry on the issue day', { issuedOn: '2025-06-01', expiresOn: '2025-06-01' }, 'expiresOn'],
    ['an impossible issue date', { issuedOn: '2025-02-29' }, 'issuedOn'],
    ['a far-future issue date', { issuedOn: '9999-01-01' }, 'issuedOn'],
    ['a date in another format', { issuedOn: '2025/06/01' }, 'issuedOn'],
    ['a short number', { number: 'A1' }, 'number'],
    ['a foreign worker', { workerId: '@foreign' }, 'workerId'],
    ['a missing worker', { workerId: randomUUID() }, 'workerId'],
    ['an unknown field', { status: 'valid' }, 'status'],
    ['a number that is a number', { number: 12345678 }, 'number'],
  ])('refuses %s, naming the field', async (_label, over, field) => {
    const resolved = Object.fromEntries(
      Object.entries(over).map(([k, v]) => [k, v === '@foreign' ? foreign.ids.worker : v]),
    );
    expectError(await admin.post('/api/certificates', body(resolved)), 400, { code: 'VALIDATION', field });
  });

  it('refuses the same number twice in one category (409), but allows it in another', async () => {
    const number = uniq('DUP');
    expect((await admin.post('/api/certificates', body({ number }))).statusCode).toBe(201);
    expectError(await admin.post('/api/certificates', body({ number })), 409, {
      code: 'CONFLICT',
      field: 'number',
    });
    expect((await admin.post('/api/certificates', body({ number, categoryCode: 'EM-01' }))).statusCode).toBe(
      201,
    );
  });

  it('an enterprise manager registers certificates for their own workers only', async () => {
    const other = await createWorld(t.deps.database.db, t.deps.secrets, {
      county: '310116',
      town: '310116102',
      tag: 'Fengjing2',
    });
    const manager = client(t.app, await login(t.app, home.users.enterprise_manager));
    expect((await manager.post('/api/certificates', body())).statusCode).toBe(201);
    expectError(await manager.post('/api/certificates', body({ workerId: other.ids.worker })), 400, {
      field: 'workerId',
    });
    for (const role of ['duty_officer', 'worker'] as const) {
      expectError(
        await client(t.app, await login(t.app, home.users[role])).post('/api/certificates', body()),
        403,
        { code: 'FORBIDDEN' },
      );
    }
  });
});

describe('computed status (today 2026-11-23)', () => {
  const cases: Array<[string, Record<string, unknown>, 'valid' | 'review_due' | 'expired', RegExp]> = [
    [
      'valid: review and expiry far away',
      { categoryCode: 'EM-02', issuedOn: '2025-06-01' },
      'valid',
      /valid until/,
    ],
    [
      'review due: inside the 60-day window before the review date',
      { categoryCode: 'EM-02', issuedOn: '2024-01-10' },
      'review_due',
      /review due by 2027-01-10 \(48 days left\)/,
    ],
    [
      'review due: window opens exactly today',
      { categoryCode: 'EM-02', issuedOn: '2024-01-22', nextReviewOn: '2027-01-22' },
      'review_due',
      /60 days left/,
    ],
    [
      'valid: window opens tomorrow',
      { categoryCode: 'EM-02', issuedOn: '2024-01-23', nextReviewOn: '2027-01-23' },
      'valid',
      /valid/,
    ],
    [
      'review due: review date passed without a review',
      { categoryCode: 'EM-02', issuedOn: '2023-10-01', nextReviewOn: '2026-10-01' },
      'review_due',
      /53 days overdue/,
    ],
    [
      'valid: reviewed inside the window',
      {
        categoryCode: 'EM-02',
        issuedOn: '2023-12-01',
        nextReviewOn: '2026-12-01',
        lastReviewedOn: '2026-11-01',
      },
      'valid',
      /valid/,
    ],
    [
      'review due: reviewed before the window opened does not count',
      {
        categoryCode: 'EM-02',
        issuedOn: '2023-12-01',
        nextReviewOn: '2026-12-01',
        lastReviewedOn: '2026-09-01',
      },
      'review_due',
      /review due by/,
    ],
    [
      'review due: housing card expiring within 90 days',
      { categoryCode: 'HS-01', issuedOn: '2024-12-20' },
      'review_due',
      /expires on 2026-12-20 \(27 days left\): renew/,
    ],
    [
      'review due: expires today',
      { categoryCode: 'HS-01', issuedOn: '2024-11-24', expiresOn: '2026-11-23' },
      'review_due',
      /0 days left/,
    ],
    [
      'expired: expired yesterday',
      { categoryCode: 'HS-01', issuedOn: '2024-11-23', expiresOn: '2026-11-22' },
      'expired',
      /expired on 2026-11-22 \(1 days ago\)/,
    ],
    [
      'expired: long ago',
      { categoryCode: 'HS-01', issuedOn: '2020-01-01' },
      'expired',
      /expired on 2022-01-01/,
    ],
  ];

  it.each(cases)('%s', async (_label, over, status, reason) => {
    const res = await admin.post('/api/certificates', body(over));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe(status);
    expect(res.json().statusReason).toMatch(reason);
  });

  it('the list status filter agrees with every certificate’s computed status', async () => {
    const worker = await newWorker();
    const created: Record<string, string> = {};
    for (const [label, over] of cases) {
      const res = await admin.post('/api/certificates', body({ workerId: worker, ...over }));
      created[res.json().id] = label;
    }
    const all = (await admin.get(`/api/certificates?workerId=${worker}&pageSize=200`)).json();
    expect(all.total).toBe(cases.length);
    const byStatus: Record<string, string[]> = { valid: [], review_due: [], expired: [] };
    for (const c of all.items) byStatus[c.status].push(c.id);
    expect(byStatus.valid.length * byStatus.review_due.length * byStatus.expired.length).toBeGreaterThan(0);
    for (const status of ['valid', 'review_due', 'expired']) {
      const filtered = (
        await admin.get(`/api/certificates?workerId=${worker}&status=${status}&pageSize=200`)
      ).json();
      expect(ids(filtered).sort(), status).toEqual(byStatus[status].sort());
      expect(filtered.total).toBe(byStatus[status].length);
      expect(filtered.items.every((c: { status: string }) => c.status === status)).toBe(true);
    }
    // The worker list's certificate-status filter uses the same rule.
    for (const status of ['valid', 'review_due', 'expired']) {
      expect(
        ids((await admin.get(`/api/workers?certificateStatus=${status}&pageSize=200`)).json()),
      ).toContain(worker);
    }
  });

  it('moves with the date: the same certificate seen on another day', async () => {
    const worker = await newWorker();
    const c = (
      await admin.post(
        '/api/certificates',
        body({ workerId: worker, categoryCode: 'HS-01', issuedOn: '2025-03-01' }),
      )
    ).json(); // expires 2027-03-01, valid through that day
    const later = await buildApp({ ...t.deps, today: () => '2027-03-02' });
    await later.ready();
    try {
      const api = client(later, await login(later, home.users.admin));
      expect(c.status).toBe('valid');
      expect((await api.get(`/api/certificates/${c.id}`)).json().status).toBe('expired');
      expect(ids((await api.get(`/api/certificates?workerId=${worker}&status=expired`)).json())).toEqual([
        c.id,
      ]);
      expect(ids((await admin.get(`/api/certificates?workerId=${worker}&status=expired`)).json())).toEqual(
        [],
      );
    } finally {
      await later.close();
    }
  });
});

describe('read and edit', () => {
  it('404 for missing and foreign, identical', async () => {
    const a = await admin.get(`/api/certificates/${foreign.ids.certificate}`);
    const b = await admin.get(`/api/certificates/${randomUUID()}`);
    expectError(a, 404, { code: 'NOT_FOUND' });
    expect(a.body).toBe(b.body);
    expect((await admin.patch(`/api/certificates/${foreign.ids.certificate}`, { issuer: 'x' })).body).toBe(
      b.body,
    );
  });

  it('records a review: the status follows', async () => {
    const c = (await admin.post('/api/certificates', body({ issuedOn: '2024-01-10' }))).json();
    expect(c.status).toBe('review_due');
    const res = await admin.patch(`/api/certificates/${c.id}`, { lastReviewedOn: '2026-11-20' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ lastReviewedOn: '2026-11-20', status: 'valid' });
  });

  it('records a review: the next review date runs from that review, never left in the past', async () => {
    // Issued 2022-03-01: review due 2025-03-01, expires 2028-02-29; reviewed late, on 2025-04-10.
    // Before, the card kept 2025-03-01 — already past — as the next review.
    const late = (await admin.post('/api/certificates', body({ issuedOn: '2022-03-01' }))).json();
    expect(late.nextReviewOn).toBe('2025-03-01');
    const reviewed = await admin.patch(`/api/certificates/${late.id}`, { lastReviewedOn: '2025-04-10' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    // 2028-04-10 falls after expiry: renewal replaces the next review.
    expect(reviewed.json()).toMatchObject({
      lastReviewedOn: '2025-04-10',
      nextReviewOn: null,
      status: 'valid',
    });

    const c = (await admin.post('/api/certificates', body({ issuedOn: '2024-01-10' }))).json();
    expect(c.nextReviewOn).toBe('2027-01-10');
    // Reviewed early (2026-01-05): the next review is three years on, well before expiry 2030-01-09.
    const res = await admin.patch(`/api/certificates/${c.id}`, { lastReviewedOn: '2026-01-05' });
    expect(res.json()).toMatchObject({ nextReviewOn: '2029-01-05', status: 'valid' });
    expect((await admin.get(`/api/certificates/${c.id}`)).json().nextReviewOn).toBe('2029-01-05');
    // Reviewed inside the window of 2027-01-10: the next would fall inside expiry's window — none.
    const inWindow = await admin.patch(`/api/certificates/${c.id}`, { lastReviewedOn: '2026-11-20' });
    expect(inWindow.json()).toMatchObject({ nextReviewOn: null, status: 'valid' });

    // Registered with a past review: the next one is computed from it too.
    const created = await admin.post(
      '/api/certificates',
      body({ issuedOn: '2023-06-01', lastReviewedOn: '2025-05-15' }),
    );
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ nextReviewOn: '2028-05-15', status: 'valid' });

    // An explicit next review date still wins.
    const explicit = await admin.patch(`/api/certificates/${c.id}`, {
      lastReviewedOn: '2026-11-21',
      nextReviewOn: '2029-12-31',
    });
    expect(explicit.json().nextReviewOn).toBe('2029-12-31');
  });

  it('records a review through a form that sends the whole record back: the old, past next review does not stick', async () => {
    // The edit form sends every field: the new review date together with the old next review date.
    const c = (await admin.post('/api/certificates', body({ issuedOn: '2022-12-01' }))).json();
    expect(c).toMatchObject({ nextReviewOn: '2025-12-01', status: 'review_due' }); // missed, past
    const { id, workerId, categoryCode, number, issuer, issuedOn, expiresOn, nextReviewOn } = c;
    const res = await admin.patch(`/api/certificates/${id}`, {
      workerId,
      categoryCode,
      number,
      issuer,
      issuedOn,
      expiresOn,
      nextReviewOn, // 2025-12-01, unchanged
      lastReviewedOn: '2026-01-20',
    });
    expect(res.statusCode, res.body).toBe(200);
    // 2029-01-20 would fall after expiry 2028-12-01: renewal replaces the review — and never 2025-12-01
    expect(res.json()).toMatchObject({ lastReviewedOn: '2026-01-20', nextReviewOn: null, status: 'valid' });
    const d = (await admin.post('/api/certificates', body({ issuedOn: '2024-01-01' }))).json();
    const again = await admin.patch(`/api/certificates/${d.id}`, {
      nextReviewOn: d.nextReviewOn,
      lastReviewedOn: '2026-11-20',
    });
    expect(again.json().nextReviewOn).toBe(null); // 2029-11-20 is inside the window of expiry 2030-01-01
    const e = (await admin.post('/api/certificates', body({ issuedOn: '2024-03-05' }))).json();
    const early = await admin.patch(`/api/certificates/${e.id}`, {
      nextReviewOn: e.nextReviewOn,
      lastReviewedOn: '2026-11-20',
    });
    expect(early.json()).toMatchObject({ nextReviewOn: '2029-11-20', status: 'valid' });
  });

  it('refuses a next review date on or before the review recorded with it', async () => {
    const c = (await admin.post('/api/certificates', body({ issuedOn: '2024-01-10' }))).json();
    const res = await admin.patch(`/api/certificates/${c.id}`, {
      lastReviewedOn: '2026-11-20',
      nextReviewOn: '2026-11-20',
    });
    expectError(res, 400, { code: 'VALIDATION', field: 'nextReviewOn' });
    expect(res.json().error.message).toMatch(/must come after the review of 2026-11-20/);
    expectError(
      await admin.post(
        '/api/certificates',
        body({ issuedOn: '2023-06-01', lastReviewedOn: '2025-05-15', nextReviewOn: '2025-01-01' }),
      ),
      400,
      { code: 'VALIDATION', field: 'nextReviewOn' },
    );
  });

  it('a certificate is valid on its expiry date and expired the day after (domain, list filter and view agree)', async () => {
    // today is 2026-11-23
    const onD = (
      await admin.post('/api/certificates', body({ categoryCode: 'HS-01', issuedOn: '2024-11-23' }))
    ).json();
    expect(onD).toMatchObject({ expiresOn: '2026-11-23', status: 'review_due' }); // not expired on D
    const past = (
      await admin.post('/api/certificates', body({ categoryCode: 'HS-01', issuedOn: '2024-11-22' }))
    ).json();
    expect(past).toMatchObject({ expiresOn: '2026-11-22', status: 'expired' });
    const expired = async (number: string) =>
      (await admin.get(`/api/certificates?status=expired&q=${encodeURIComponent(number)}`))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await expired(past.number)).toEqual([past.id]);
    expect(await expired(onD.number)).toEqual([]);
  });

  it('a review cannot be recorded in the future or before the certificate was issued', async () => {
    const c = (await admin.post('/api/certificates', body({ issuedOn: '2024-01-10' }))).json();
    expectError(await admin.patch(`/api/certificates/${c.id}`, { lastReviewedOn: '2026-11-24' }), 400, {
      code: 'VALIDATION',
      field: 'lastReviewedOn',
    });
    expectError(await admin.patch(`/api/certificates/${c.id}`, { lastReviewedOn: '2024-01-09' }), 400, {
      code: 'VALIDATION',
      field: 'lastReviewedOn',
    });
    expectError(
      await admin.post('/api/certificates', body({ issuedOn: '2024-01-10', lastReviewedOn: '2027-01-01' })),
      400,
      { code: 'VALIDATION', field: 'lastReviewedOn' },
    );
    expect((await admin.get(`/api/certificates/${c.id}`)).json()).toEqual(c);
  });

  it('validates edits, naming the field', async () => {
    const c = (await admin.post('/api/certificates', body())).json();
    const other = (await admin.post('/api/certificates', body())).json();
    expectError(await admin.patch(`/api/certificates/${c.id}`, { categoryCode: 'EM-99' }), 400, {
      code: 'VALIDATION',
      field: 'categoryCode',
    });
    expectError(await admin.patch(`/api/certificates/${c.id}`, { number: other.number }), 409, {
      code: 'CONFLICT',
      field: 'number',
    });
    expectError(await admin.patch(`/api/certificates/${c.id}`, { expiresOn: '2025-01-01' }), 400, {
      field: 'expiresOn',
    });
    expectError(await admin.patch(`/api/certificates/${c.id}`, { workerId: foreign.ids.worker }), 400, {
      field: 'workerId',
    });
    expectError(await admin.patch(`/api/certificates/${c.id}`, { nextReviewOn: '2027-02-30' }), 400, {
      field: 'nextReviewOn',
    });
    expect((await admin.get(`/api/certificates/${c.id}`)).json()).toEqual(c);
    // Clearing the review date is allowed.
    expect(
      (await admin.patch(`/api/certificates/${c.id}`, { nextReviewOn: null })).json().nextReviewOn,
    ).toBeNull();
  });
});

describe('list', () => {
  it('filters by track, category, worker and employer; searches; sorts by expiry; paginates', async () => {
    const worker = await newWorker();
    const other = await createWorld(t.deps.database.db, t.deps.secrets, {
      county: '310116',
      town: '310116102',
      tag: 'Fengjing3',
    });
    const tag = uniq('C');
    const mk = async (over: Record<string, unknown>) =>
      (
        await admin.post(
          '/api/certificates',
          body({ workerId: worker, number: `${tag}-${uniq('')}`, ...over }),
        )
      ).json();
    const a = await mk({ categoryCode: 'EM-02', issuedOn: '2025-06-01' }); // expires 2031-06-01 (valid through that day)
    const b = await mk({ categoryCode: 'HS-01', issuedOn: '2025-06-01' }); // 2027-06-01
    const c = await mk({ categoryCode: 'EM-01', issuedOn: '2022-06-01' }); // 2028-06-01
    const d = await mk({ categoryCode: 'HS-01', workerId: other.ids.worker, issuedOn: '2026-01-01' }); // 2028-01-01
    const list = async (qs: string) => {
      const res = await admin.get(`/api/certificates?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      expectShape(Page(Certificate), res.json());
      return ids(res.json());
    };
    expect(await list(`q=${tag}`)).toEqual([b.id, d.id, c.id, a.id]); // default: expiry ascending
    expect(await list(`q=${tag}&order=desc`)).toEqual([a.id, c.id, d.id, b.id]);
    expect(await list(`q=${tag}&track=housing`)).toEqual([b.id, d.id]);
    expect(await list(`q=${tag}&categoryCode=EM-01`)).toEqual([c.id]);
    expect(await list(`q=${tag}&workerId=${worker}`)).toEqual([b.id, c.id, a.id]);
    expect(await list(`q=${tag}&employerId=${other.ids.enterprise}`)).toEqual([d.id]);
    expect(await list(`q=${tag}&sort=categoryCode`)).toEqual([c.id, a.id, ...[b.id, d.id].sort()]);
    // Pages by key: the first page's cursor leads to the rest, in the same order.
    const first = (await admin.get(`/api/certificates?q=${tag}&pageSize=3`)).json();
    expect(ids(first)).toEqual([b.id, d.id, c.id]);
    expect(await list(`q=${tag}&pageSize=3&cursor=${first.nextCursor}`)).toEqual([a.id]);
    // Search by worker name and by employer name.
    const workerName = (await admin.get(`/api/workers/${worker}`)).json().name;
    expect((await list(`q=${encodeURIComponent(workerName)}`)).sort()).toEqual([a.id, b.id, c.id].sort());
    expectError(await admin.get('/api/certificates?status=lapsed'), 400, { field: 'status' });
    expectError(await admin.get('/api/certificates?track=navy'), 400, { field: 'track' });
  });

  it('a worker sees only their own certificates; an enterprise manager only their workers’', async () => {
    const other = await createWorld(t.deps.database.db, t.deps.secrets, {
      county: '310116',
      town: '310116102',
      tag: 'Fengjing4',
    });
    const asWorker = client(t.app, await login(t.app, home.users.worker));
    const mine = ids((await asWorker.get('/api/certificates?pageSize=200')).json());
    expect(mine).toContain(home.ids.certificate);
    expect(mine).not.toContain(other.ids.certificate);
    const all = (await asWorker.get('/api/certificates?pageSize=200')).json().items;
    expect(all.every((c: { workerId: string }) => c.workerId === home.ids.worker)).toBe(true);
    const asManager = client(t.app, await login(t.app, other.users.enterprise_manager));
    expect(ids((await asManager.get('/api/certificates?pageSize=200')).json())).toEqual([
      other.ids.certificate,
    ]);
    expectError(await asManager.get(`/api/certificates/${home.ids.certificate}`), 404);
  });
});
