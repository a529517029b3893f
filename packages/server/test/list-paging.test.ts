import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { HazardSummary, Page, PAGE_TOTAL_CAP } from '@redline/contracts';
import { reportHazard } from '@redline/domain';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, uniq, type Client } from './helpers/client.ts';

/**
 * Issue 13: every list pages by key. These tests hold the hazard list (the largest) to it: a walk
 * through all pages sees every row that existed when it started exactly once while rows are being
 * inserted; a cursor is opaque but checked; totals are capped; Chinese substring search is served by
 * the trigram index; and paging never crosses a jurisdiction (county, city, province scopes).
 */
let t: TestApp;
let a: World; // 310116, Shanghai Jinshan
let b: World; // 310115, Shanghai Pudong — same city as a
let c: World; // 320102, Nanjing — another province
let inspectorA: Client;
let cityUser: Client;
let provinceUser: Client;
let admin: Client;
let foundBy: string;

const db = () => t.deps.database.db;

/** Inserts `n` hazards in one statement; `at` is SQL for updated_at/found_at given the series `g`. */
async function insertHazards(
  world: World,
  region: string,
  n: number,
  opts: { title?: string; at?: string; deadline?: string } = {},
) {
  const { state } = reportHazard(
    { grade: 'general' },
    {
      now: '2026-11-01T00:00:00.000Z',
      actor: { id: foundBy, role: 'inspector', authorityId: world.authorityId },
    },
  );
  const at = sql.raw(opts.at ?? 'now()');
  const deadline = sql.raw(opts.deadline ?? 'NULL::timestamptz');
  const rows = await sql<{ id: string }>`
    INSERT INTO hazards (region_code, enterprise_id, source, title, description, grade, status, state,
                         found_at, updated_at, deadline, found_by)
    SELECT ${region}, ${world.ids.enterprise}::uuid, 'report', ${opts.title ?? '测试隐患'} || ' #' || g, '', 'general',
           ${state.status}, ${JSON.stringify(state)}::jsonb, ${at}, ${at}, ${deadline}, ${foundBy}::uuid
    FROM generate_series(1, ${n}) AS g
    RETURNING id`.execute(db());
  return rows.rows.map((r) => r.id);
}

type PageBody = {
  items: Array<{ id: string }>;
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
};

async function page(who: Client, qs: string): Promise<PageBody> {
  const res = await who.get(`/api/hazards/rectification?${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  expectShape(Page(HazardSummary), res.json());
  return res.json();
}

/** Every id of every page, following nextCursor; `between` runs after each page is read. */
async function walk(
  who: Client,
  qs: string,
  between?: (i: number) => Promise<unknown>,
  start: string | null = null,
) {
  const ids: string[] = [];
  let cursor: string | null = start;
  for (let i = 0; ; i++) {
    const p: PageBody = await page(who, `${qs}${cursor ? `&cursor=${cursor}` : ''}`);
    ids.push(...p.items.map((h) => h.id));
    if (!p.nextCursor) return ids;
    expect(p.items.length).toBeGreaterThan(0);
    cursor = p.nextCursor;
    if (between) await between(i);
    if (i > 500) throw new Error('paging did not end');
  }
}

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(db(), t.deps.secrets, { county: '310116', tag: 'PagA' });
  b = await createWorld(db(), t.deps.secrets, { county: '310115', tag: 'PagB' });
  c = await createWorld(db(), t.deps.secrets, { county: '320102', tag: 'PagC' });
  const inspector = await db()
    .selectFrom('users')
    .select(['id', 'password_hash', 'authority_id'])
    .where('username', '=', a.users.inspector)
    .executeTakeFirstOrThrow();
  foundBy = inspector.id;
  // Regulators of the city (3101) and the province (31): the other two levels of the scope.
  for (const [username, region] of [
    ['pag-city', '3101'],
    ['pag-province', '31'],
  ] as const)
    await db()
      .insertInto('users')
      .values({
        username,
        display_name: `测试${region}`,
        password_hash: inspector.password_hash,
        role: 'inspector',
        authority_id: inspector.authority_id,
        region_code: region,
      })
      .execute();
  inspectorA = client(t.app, await login(t.app, a.users.inspector));
  cityUser = client(t.app, await login(t.app, 'pag-city'));
  provinceUser = client(t.app, await login(t.app, 'pag-province'));
  admin = client(t.app, await login(t.app, a.users.admin));
}, 120_000);

afterAll(() => t?.close());

describe('keyset paging of the hazard list', () => {
  it('returns every row that existed at the start exactly once while rows are inserted', async () => {
    const tag = uniq('KS');
    // Ties on the sort key (same instant), keys a microsecond apart (JavaScript dates would lose
    // them), and nullable deadlines: the cursor must keep all of them apart.
    const before = [
      ...(await insertHazards(a, '310116', 30, { title: tag, at: `'2026-11-10 08:00:00+00'` })),
      ...(await insertHazards(a, '310116', 30, {
        title: tag,
        at: `'2026-11-10 08:00:00+00'::timestamptz - g * interval '1 microsecond'`,
        deadline: `CASE WHEN g % 3 = 0 THEN NULL ELSE '2026-12-01'::timestamptz + (g % 4) * interval '1 day' END`,
      })),
      ...(await insertHazards(a, '310116121', 13, { title: tag, at: `now() - g * interval '1 hour'` })),
    ];
    for (const sort of [
      '',
      '&sort=deadline',
      '&sort=deadline&order=desc',
      '&sort=foundAt&order=asc',
      '&sort=grade',
    ]) {
      let round = 0;
      const seen = await walk(inspectorA, `q=${tag}&pageSize=7${sort}`, async () => {
        round++;
        // Inserts racing the next page: newer, older and equal keys, in this scope and others.
        await Promise.all([
          insertHazards(a, '310116', 2, { title: tag }),
          insertHazards(a, '310116', 1, { title: tag, at: `'2026-11-10 08:00:00+00'` }),
          insertHazards(a, '310116', 1, {
            title: tag,
            at: `'2000-01-01 00:00:00+00'`,
            deadline: `'2099-01-01'`,
          }),
          insertHazards(b, '310115', 1, { title: tag }),
        ]);
      });
      expect(round).toBeGreaterThan(5);
      expect(new Set(seen).size, `duplicates with ${sort || 'the default sort'}`).toBe(seen.length);
      const missing = before.filter((id) => !seen.includes(id));
      expect(missing, `missing with ${sort || 'the default sort'}`).toEqual([]);
    }
  }, 240_000);

  it('orders a page like the sort says, ties by id in the same direction', async () => {
    const tag = uniq('KO');
    await insertHazards(a, '310116', 9, { title: tag, at: `'2026-11-11 08:00:00+00'` });
    const ids = await walk(inspectorA, `q=${tag}&pageSize=4`);
    expect(ids).toEqual([...ids].sort().reverse()); // updatedAt desc, all equal → id desc
    const asc = await walk(inspectorA, `q=${tag}&pageSize=4&order=asc`);
    expect(asc).toEqual([...ids].reverse());
  });

  it('refuses a tampered, foreign-sort or malformed cursor with 400 on the field cursor', async () => {
    const tag = uniq('KT');
    await insertHazards(a, '310116', 5, { title: tag });
    const first = await page(inspectorA, `q=${tag}&pageSize=2`);
    const cursor = first.nextCursor!;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    const [sortOf, keyOf, idOf, totalOf, cappedOf] = decoded;
    expect(decoded).toHaveLength(5);
    const forge = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const bad = [
      cursor.slice(0, -2), // truncated
      cursor.replace(/^./, (ch) => (ch === 'W' ? 'X' : 'W')), // altered
      forge([sortOf, 'not a time', idOf, totalOf, cappedOf]),
      forge([sortOf, '2026-02-30 10:00:00+00', idOf, totalOf, cappedOf]), // shaped like a time, no such day
      forge([sortOf, keyOf, 'not-a-uuid', totalOf, cappedOf]),
      forge([sortOf, keyOf, idOf, PAGE_TOTAL_CAP + 1, 1]), // "more than the cap" carries the cap itself
      forge([sortOf, keyOf, idOf, -1, cappedOf]),
      forge([sortOf, keyOf, idOf, totalOf, 2]),
      forge([sortOf, keyOf, idOf]),
      forge({ s: sortOf }),
      'bm90IGpzb24', // "not json"
    ];
    for (const c of bad)
      expectError(await inspectorA.get(`/api/hazards/rectification?q=${tag}&cursor=${c}`), 400, {
        field: 'cursor',
      });
    // A cursor of one sort order is not a position in another.
    expectError(
      await inspectorA.get(`/api/hazards/rectification?q=${tag}&sort=deadline&cursor=${cursor}`),
      400,
      {
        field: 'cursor',
      },
    );
    expectError(await inspectorA.get(`/api/hazards/rectification?q=${tag}&order=asc&cursor=${cursor}`), 400, {
      field: 'cursor',
    });
    expectError(await inspectorA.get(`/api/hazards/rectification?cursor=${'%2B%2F'}`), 400, {
      field: 'cursor',
    });
    expectError(await inspectorA.get(`/api/hazards/rectification?page=2`), 400, { field: 'page' });
  });

  it('counts up to the cap: beyond it the total says "more than"', async () => {
    const tag = uniq('KC');
    await insertHazards(c, '320102', PAGE_TOTAL_CAP + 5, { title: tag });
    const nanjing = client(t.app, await login(t.app, c.users.inspector));
    const capped = await page(nanjing, `q=${tag}&pageSize=3`);
    expect(capped).toMatchObject({ total: PAGE_TOTAL_CAP, totalCapped: true });
    expect(capped.items).toHaveLength(3);
    // The next pages carry the first page's count (no count per page), even as rows are added.
    await insertHazards(c, '320102', 3, { title: tag });
    const second = await page(nanjing, `q=${tag}&pageSize=3&cursor=${capped.nextCursor}`);
    expect(second).toMatchObject({ total: PAGE_TOTAL_CAP, totalCapped: true });
    const few = uniq('KF');
    await insertHazards(c, '320102', 4, { title: few });
    const fewFirst = await page(nanjing, `q=${few}&pageSize=3`);
    expect(fewFirst).toMatchObject({ total: 4, totalCapped: false });
    await insertHazards(c, '320102', 1, { title: few, at: `'2000-01-01 00:00:00+00'` });
    const fewNext = await page(nanjing, `q=${few}&pageSize=3&cursor=${fewFirst.nextCursor}`);
    expect(fewNext.total).toBe(4); // as counted for the first page
    expect(fewNext.items).toHaveLength(2); // the row added after it is still listed
  }, 120_000);
});

describe('exact totals from the rollups', () => {
  it("a regulator's totals for the common filters equal the rows, beyond the cap, and a search still counts", async () => {
    // A county of its own, so the expected counts are over rows this test controls.
    const d = await createWorld(db(), t.deps.secrets, { county: '320104', tag: 'PagD' });
    const ids = await insertHazards(d, '320104103', PAGE_TOTAL_CAP + 40);
    const set = (from: number, to: number, assignment: string) =>
      sql`UPDATE hazards SET ${sql.raw(assignment)} WHERE id = ANY(${ids.slice(from, to)}::uuid[])`.execute(
        db(),
      );
    await set(0, 300, `status = 'closed'`);
    await set(300, 340, `status = 'rejected'`);
    await set(340, 420, `status = 'rectification_ordered', deadline = '2000-01-01T00:00:00Z'`);
    await set(420, 460, `status = 'rectifying', deadline = now() + interval '30 days'`);
    await set(380, 520, `grade = 'major'`);
    await set(500, 530, `state = jsonb_set(state, '{listing}', '{"at": "2026-11-02T00:00:00.000Z"}'::jsonb)`);
    const who = client(t.app, await login(t.app, d.users.inspector));
    const cases: Array<[string, string]> = [
      ['', 'true'],
      ['open=true', `status NOT IN ('closed', 'rejected')`],
      ['open=false', `status IN ('closed', 'rejected')`],
      ['status=closed', `status = 'closed'`],
      ['status=rejected', `status = 'rejected'`],
      ['grade=major&open=true', `grade = 'major' AND status NOT IN ('closed', 'rejected')`],
      ['overdue=true', `status IN ('rectification_ordered', 'rectifying') AND deadline < now()`],
      ['listed=true', `jsonb_typeof(state->'listing') = 'object'`],
    ];
    for (const [qs, where] of cases) {
      const expected = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM hazards WHERE region_code LIKE '320104%' AND ${sql.raw(where)}`.execute(
        db(),
      );
      const p = await page(who, `${qs}&pageSize=5`);
      expect({ qs, total: p.total, totalCapped: p.totalCapped }).toEqual({
        qs,
        total: expected.rows[0].n,
        totalCapped: false,
      });
      // The next page carries the exact total on (a total above the cap is a valid cursor).
      if (p.nextCursor)
        expect((await page(who, `${qs}&pageSize=5&cursor=${p.nextCursor}`)).total).toBe(p.total);
    }
    expect((await page(who, 'pageSize=5')).total).toBe(PAGE_TOTAL_CAP + 40);
    // A filter the rollups do not count (a search, another status) still counts up to the cap.
    expect(await page(who, `q=${encodeURIComponent('测试隐患')}&pageSize=5`)).toMatchObject({
      total: PAGE_TOTAL_CAP,
      totalCapped: true,
    });
    expect((await page(who, 'status=rectifying&pageSize=5')).total).toBe(40);
  }, 120_000);
});

describe('search by Chinese substring', () => {
  it('finds the rows whose title holds the words, for 3+ characters through the trigram index', async () => {
    const tag = uniq('ZH');
    const [wall] = await insertHazards(a, '310116', 1, { title: `${tag}脚手架连墙件缺失` });
    const [edge] = await insertHazards(a, '310116', 1, { title: `${tag}临边防护栏杆缺失` });
    await insertHazards(b, '310115', 1, { title: `${tag}脚手架连墙件缺失` }); // other county
    const ids = async (q: string) =>
      (await page(inspectorA, `q=${encodeURIComponent(q)}&pageSize=50`)).items.map((h) => h.id).sort();
    expect(await ids('连墙件')).toContain(wall);
    expect(await ids(`${tag}脚手架连墙件`)).toEqual([wall]);
    expect(await ids(`${tag}临边`)).toEqual([edge]);
    expect(await ids('缺失')).toEqual(expect.arrayContaining([wall, edge]));
    // Two characters: below a trigram, the same predicate as a filter — the same answer.
    expect(await ids('连墙')).toContain(wall);
    expect(await ids('连墙')).not.toContain(edge);
    // The index can serve the predicate on this engine (PGlite and PostgreSQL alike).
    await sql`SET enable_seqscan = off`.execute(db());
    try {
      const plan = await sql<
        Record<string, string>
      >`EXPLAIN SELECT id FROM hazards WHERE title ILIKE '%连墙件%'`.execute(db());
      expect(plan.rows.map((r) => Object.values(r)[0]).join('\n')).toMatch(/hazards_trgm_title/);
    } finally {
      await sql`RESET enable_seqscan`.execute(db());
    }
  });
});

describe('jurisdiction', () => {
  it('a county, its city and its province each page through their own rows only', async () => {
    const tag = uniq('KJ');
    const inA = await insertHazards(a, '310116', 11, { title: tag });
    const inATown = await insertHazards(a, '310116103', 3, { title: tag });
    const inB = await insertHazards(b, '310115', 7, { title: tag });
    const inC = await insertHazards(c, '320102', 5, { title: tag });
    const sorted = (x: string[]) => [...x].sort();
    expect(sorted(await walk(inspectorA, `q=${tag}&pageSize=4`))).toEqual(sorted([...inA, ...inATown]));
    expect(sorted(await walk(cityUser, `q=${tag}&pageSize=4`))).toEqual(sorted([...inA, ...inATown, ...inB]));
    expect(sorted(await walk(provinceUser, `q=${tag}&pageSize=4&sort=deadline`))).toEqual(
      sorted([...inA, ...inATown, ...inB]),
    );
    expect(sorted(await walk(admin, `q=${tag}&pageSize=4`))).toEqual(sorted([...inA, ...inATown]));
    const first = await page(cityUser, `q=${tag}&pageSize=4`);
    expect(first).toMatchObject({ total: 21, totalCapped: false });
    // A filter to a region outside the scope is empty, and a cursor is only a position: one made by
    // the city user does not open the county's neighbour to the county inspector.
    expect((await page(inspectorA, `q=${tag}&regionCode=310115`)).items).toEqual([]);
    const rest = await walk(inspectorA, `q=${tag}&pageSize=4`, undefined, first.nextCursor);
    expect(rest.filter((id) => inB.includes(id) || inC.includes(id))).toEqual([]);
  });
});
