import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccidentPage, AccidentStats, AccidentView } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, type Client } from './helpers/client.ts';
import { loadExcelJs } from '../src/lazy-packages.ts';

/**
 * Accident reports (issue 15), today fixed at 2026-11-23 (Asia/Shanghai): grading through the API,
 * the grade's reason, reporting deadlines, versions and the Order 493 update window, statistics with
 * year-on-year change from seeded reports, the Excel export, and 4xx on bad input.
 */
const TODAY = '2026-11-23';
let t: TestApp;
let home: World;
let foreign: World;
let inspector: Client;
let leader: Client;
let manager: Client;
let foreignLeader: Client;

beforeAll(async () => {
  t = await createTestApp({ today: TODAY });
  home = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Xinbei' });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '340111', tag: 'Baohe' });
  inspector = client(t.app, await login(t.app, home.users.inspector));
  leader = client(t.app, await login(t.app, home.users.leader));
  manager = client(t.app, await login(t.app, home.users.enterprise_manager));
  foreignLeader = client(t.app, await login(t.app, foreign.users.leader));
});
afterAll(() => t?.close());

const report = (over: Record<string, unknown> = {}) => ({
  occurredAt: '2026-11-01T09:30:00+08:00',
  regionCode: '320411',
  address: '新北区测试路 1 号',
  enterpriseId: home.ids.enterprise,
  typeCode: '04',
  course: '塔吊吊运钢筋时吊索断裂，钢筋坠落。',
  measures: '停工，封闭现场。',
  deaths: 0,
  seriousInjuries: 0,
  minorInjuries: 0,
  missing: 0,
  directLossYuan: 0,
  ...over,
});
const M = 10_000;

describe('report and grade', () => {
  it.each([
    [{ deaths: 2 }, 'general'],
    [{ deaths: 3 }, 'larger'],
    [{ deaths: 9 }, 'larger'],
    [{ deaths: 10 }, 'serious'],
    [{ deaths: 29 }, 'serious'],
    [{ deaths: 30 }, 'especially_serious'],
    [{ seriousInjuries: 9 }, 'general'],
    [{ seriousInjuries: 10 }, 'larger'],
    [{ seriousInjuries: 49 }, 'larger'],
    [{ seriousInjuries: 50 }, 'serious'],
    [{ seriousInjuries: 99 }, 'serious'],
    [{ seriousInjuries: 100 }, 'especially_serious'],
    [{ directLossYuan: 1000 * M - 0.01 }, 'general'],
    [{ directLossYuan: 1000 * M }, 'larger'],
    [{ directLossYuan: 5000 * M - 0.01 }, 'larger'],
    [{ directLossYuan: 5000 * M }, 'serious'],
    [{ directLossYuan: 10000 * M - 0.01 }, 'serious'],
    [{ directLossYuan: 10000 * M }, 'especially_serious'],
    // the highest grade any measure reaches wins
    [{ deaths: 2, seriousInjuries: 12, directLossYuan: 6000 * M }, 'serious'],
  ])('%j → %s, stored and shown', async (facts, grade) => {
    const res = await inspector.post('/api/accidents', report(facts));
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expectShape(AccidentView, v);
    expect(v.grade).toBe(grade);
    const row = await t.deps.database.db
      .selectFrom('accident_versions')
      .select(['grade', 'version'])
      .where('accident_id', '=', v.id)
      .execute();
    expect(row).toEqual([{ grade, version: 1 }]);
  });

  it('shows the reason, the basis, the deadlines and the update window', async () => {
    const res = await inspector.post('/api/accidents', report({ deaths: 3, seriousInjuries: 2 }));
    const v = res.json();
    expect(v.gradeReason).toBe('死亡 3 人 ≥ 3 人 → 较大');
    expect(v.gradeBasis).toMatch(/493/);
    expect(v.reporting.map((s: { level: string }) => s.level)).toEqual(['county', 'city', 'province']);
    // 09:30 +08:00 → county by 10:30, not reported and long past
    expect(v.reporting[0]).toMatchObject({ deadline: '2026-11-01T02:30:00.000Z', state: 'late_pending' });
    expect(v.updateWindow).toEqual({ days: 30, lastDay: '2026-12-01', open: true });
    expect(v.occurredOn).toBe('2026-11-01');
    expect(v.enterpriseName).toMatch(/Xinbei/);
    expect(v.industry).toBe('machinery');
  });

  it('counts the date of the accident in the service time zone', async () => {
    const v = (await inspector.post('/api/accidents', report({ occurredAt: '2026-10-31T16:30:00Z' }))).json();
    expect(v.occurredOn).toBe('2026-11-01');
  });

  it('refuses bad input with a 4xx naming the field', async () => {
    expectError(await inspector.post('/api/accidents', report({ typeCode: '21' })), 400, {
      code: 'VALIDATION',
    });
    expectError(await inspector.post('/api/accidents', report({ deaths: -1 })), 400, { code: 'VALIDATION' });
    expectError(await inspector.post('/api/accidents', report({ deaths: 1.5 })), 400, { code: 'VALIDATION' });
    expectError(await inspector.post('/api/accidents', report({ extra: 1 })), 400, { code: 'VALIDATION' });
    expectError(await inspector.post('/api/accidents', report({ occurredAt: '2099-01-01T00:00:00Z' })), 400, {
      field: 'occurredAt',
    });
    expectError(await inspector.post('/api/accidents', report({ regionCode: '340111' })), 400, {
      field: 'regionCode',
    });
    expectError(await inspector.post('/api/accidents', report({ equipmentCategoryCode: '7000' })), 400, {
      field: 'equipmentCategoryCode',
    });
    // a foreign enterprise answers like a missing one
    const f = await inspector.post('/api/accidents', report({ enterpriseId: foreign.ids.enterprise }));
    const m = await inspector.post('/api/accidents', report({ enterpriseId: randomUUID() }));
    expectError(f, 404);
    expect(f.body).toBe(m.body);
  });

  it('an enterprise manager reports for their own enterprise only, and may not update', async () => {
    const res = await manager.post('/api/accidents', report({ enterpriseId: undefined }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().enterpriseId).toBe(home.ids.enterprise);
    const other = await manager.post('/api/accidents', report({ enterpriseId: foreign.ids.enterprise }));
    expectError(other, 404);
    expectError(
      await manager.post(`/api/accidents/${res.json().id}/versions`, {
        deaths: 1,
        seriousInjuries: 0,
        minorInjuries: 0,
        missing: 0,
        directLossYuan: 0,
        note: 'x',
      }),
      403,
    );
  });
});

const update = (over: Record<string, unknown> = {}) => ({
  deaths: 3,
  seriousInjuries: 0,
  minorInjuries: 1,
  missing: 0,
  directLossYuan: 200 * M,
  note: '一名重伤者抢救无效死亡',
  ...over,
});

describe('casualty updates and versions', () => {
  it('a change within 30 days becomes version 2 and regrades', async () => {
    const v1 = (
      await inspector.post('/api/accidents', report({ deaths: 2, occurredAt: '2026-10-24T10:00:00+08:00' }))
    ).json();
    expect(v1.grade).toBe('general');
    // 2026-10-24 + 30 = 2026-11-23 = today: the last day is still open
    expect(v1.updateWindow).toEqual({ days: 30, lastDay: '2026-11-23', open: true });
    const res = await inspector.post(`/api/accidents/${v1.id}/versions`, update());
    expect(res.statusCode, res.body).toBe(200);
    const v2 = res.json();
    expect(v2.grade).toBe('larger');
    expect(v2.version).toBe(2);
    expect(v2.gradeReason).toBe('死亡 3 人 ≥ 3 人 → 较大');
    expect(
      v2.versions.map((v: { version: number; grade: string; deaths: number }) => [
        v.version,
        v.grade,
        v.deaths,
      ]),
    ).toEqual([
      [1, 'general', 2],
      [2, 'larger', 3],
    ]);
    expect(v2.directLossYuan).toBe('2000000.00');
    // a larger accident is reported up to the province
    expect(v2.reporting).toHaveLength(3);
  });

  it('after the window the update is refused (409) and nothing changes', async () => {
    const v1 = (
      await inspector.post('/api/accidents', report({ deaths: 1, occurredAt: '2026-10-23T10:00:00+08:00' }))
    ).json();
    expect(v1.updateWindow.open).toBe(false);
    expectError(await inspector.post(`/api/accidents/${v1.id}/versions`, update()), 409, {
      code: 'ACCIDENT_UPDATE_WINDOW_CLOSED',
    });
    const after = (await inspector.get(`/api/accidents/${v1.id}`)).json();
    expect([after.version, after.deaths, after.versions.length]).toEqual([1, 1, 1]);
  });

  it('fire and road traffic: 7 days (the 7th open, the 8th closed)', async () => {
    const open = (
      await inspector.post(
        '/api/accidents',
        report({ typeCode: '08', occurredAt: '2026-11-16T10:00:00+08:00' }),
      )
    ).json();
    expect(open.updateWindow).toEqual({ days: 7, lastDay: '2026-11-23', open: true });
    expect((await inspector.post(`/api/accidents/${open.id}/versions`, update())).statusCode).toBe(200);
    const closed = (
      await inspector.post(
        '/api/accidents',
        report({ typeCode: '02', roadTraffic: true, occurredAt: '2026-11-15T10:00:00+08:00' }),
      )
    ).json();
    expectError(await inspector.post(`/api/accidents/${closed.id}/versions`, update()), 409, {
      code: 'ACCIDENT_UPDATE_WINDOW_CLOSED',
    });
  });

  it('bad updates are 400; a foreign accident 404 like a missing one', async () => {
    const v = (await inspector.post('/api/accidents', report())).json();
    expectError(await inspector.post(`/api/accidents/${v.id}/versions`, update({ note: '' })), 400);
    expectError(await inspector.post(`/api/accidents/${v.id}/versions`, update({ missing: -2 })), 400);
    const f = await inspector.post(`/api/accidents/${foreign.ids.accident}/versions`, update());
    const m = await inspector.post(`/api/accidents/${randomUUID()}/versions`, update());
    expectError(f, 404);
    expect(f.body).toBe(m.body);
  });
});

describe('reporting to each level', () => {
  it('records each level once and shows met or missed', async () => {
    const v = (
      await inspector.post('/api/accidents', report({ occurredAt: '2026-11-02T08:00:00+08:00' }))
    ).json();
    const a = await inspector.post(`/api/accidents/${v.id}/reported`, {
      level: 'county',
      at: '2026-11-02T08:55:00+08:00',
    });
    expect(a.statusCode, a.body).toBe(200);
    const b = await inspector.post(`/api/accidents/${v.id}/reported`, {
      level: 'city',
      at: '2026-11-02T11:00:00+08:00',
    });
    const steps = b.json().reporting;
    expect(steps.map((s: { level: string; state: string }) => [s.level, s.state])).toEqual([
      ['county', 'met'],
      ['city', 'missed'], // due 08:55 + 2 h = 10:55
    ]);
    expect(steps[1].deadline).toBe('2026-11-02T02:55:00.000Z');
    expectError(
      await inspector.post(`/api/accidents/${v.id}/reported`, {
        level: 'county',
        at: '2026-11-02T08:56:00+08:00',
      }),
      409,
    );
    expectError(
      await inspector.post(`/api/accidents/${v.id}/reported`, {
        level: 'province',
        at: '2026-11-01T08:00:00+08:00',
      }),
      400,
      { field: 'at' },
    );
    expectError(
      await inspector.post(`/api/accidents/${v.id}/reported`, { level: 'town', at: '2026-11-02T09:00:00Z' }),
      400,
    );
  });
});

describe('list', () => {
  it('pages by key and never shows another jurisdiction', async () => {
    const first = await leader.get('/api/accidents?pageSize=5');
    expect(first.statusCode, first.body).toBe(200);
    const p = first.json();
    expectShape(AccidentPage, p);
    expect(p.items).toHaveLength(5);
    expect(p.nextCursor).not.toBeNull();
    const second = (await leader.get(`/api/accidents?pageSize=5&cursor=${p.nextCursor}`)).json();
    const ids = [...p.items, ...second.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    const times = [...p.items, ...second.items].map((i: { occurredAt: string }) => i.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(ids).not.toContain(foreign.ids.accident);
    const theirs = (await foreignLeader.get('/api/accidents?pageSize=200')).json();
    expect(theirs.items.map((i: { id: string }) => i.id)).toEqual([foreign.ids.accident]);
    expectError(await leader.get('/api/accidents?cursor=bogus!'), 400);
    expectError(await leader.get('/api/accidents?grade=minor'), 400);
  });
});

describe('statistics year on year', () => {
  // Elevator accidents (special equipment 3000) in a fresh county: 11 in H1 2025 with 13 deaths,
  // 6 in H1 2026 with 7 deaths → "down 45 %" (−5/11 = −45.45…) and "down 46 %" (−6/13 = −46.15…).
  const COUNTY = '320412';
  let yoyInspector: Client;
  let yoyLeader: Client;

  beforeAll(async () => {
    const w = await createWorld(t.deps.database.db, t.deps.secrets, { county: COUNTY, tag: 'Wujin' });
    yoyInspector = client(t.app, await login(t.app, w.users.inspector));
    yoyLeader = client(t.app, await login(t.app, w.users.leader));
    const elevator = (at: string, deaths: number) =>
      report({
        occurredAt: at,
        regionCode: COUNTY,
        enterpriseId: w.ids.enterprise,
        typeCode: '20',
        equipmentCategoryCode: '3000',
        deaths,
      });
    // 2025: 11 accidents, 13 deaths (2 × 2 + 9 × 1); the last at 23:30 on 30 June (Beijing time)
    const y2025 = [
      ['2025-01-05T10:00:00+08:00', 2],
      ['2025-02-10T10:00:00+08:00', 2],
      ...[3, 4, 5, 6].flatMap((m) => [
        [`2025-0${m}-03T10:00:00+08:00`, 1],
        [`2025-0${m}-17T10:00:00+08:00`, 1],
      ]),
      ['2025-06-30T23:30:00+08:00', 1],
    ] as Array<[string, number]>;
    // 2026: 6 accidents, 7 deaths; and outside either period: 1 July 2025 00:10 and 31 Dec 2024
    const y2026 = [
      ['2026-01-08T10:00:00+08:00', 2],
      ['2026-02-08T10:00:00+08:00', 1],
      ['2026-03-08T10:00:00+08:00', 1],
      ['2026-04-08T10:00:00+08:00', 1],
      ['2026-05-08T10:00:00+08:00', 1],
      ['2026-06-30T12:00:00+08:00', 1],
    ] as Array<[string, number]>;
    const outside = [
      ['2025-07-01T00:10:00+08:00', 4],
      ['2024-12-31T23:50:00+08:00', 4],
    ] as Array<[string, number]>;
    expect(y2025.length).toBe(11);
    for (const [at, d] of [...y2025, ...y2026, ...outside]) {
      const r = await yoyInspector.post('/api/accidents', elevator(at, d));
      expect(r.statusCode, r.body).toBe(201);
    }
    // a non-elevator accident in H1 2026 (not in the elevator group, in the total)
    const other = await yoyInspector.post(
      '/api/accidents',
      report({
        occurredAt: '2026-03-15T10:00:00+08:00',
        regionCode: COUNTY,
        enterpriseId: w.ids.enterprise,
        typeCode: '09',
        deaths: 1,
      }),
    );
    expect(other.statusCode).toBe(201);
  });

  it('elevator accidents down 45 %, deaths down 46 %, with the counts', async () => {
    const res = await yoyLeader.get('/api/accidents/stats?from=2026-01-01&to=2026-06-30&groupBy=equipment');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expectShape(AccidentStats, s);
    expect(s.previousPeriod).toEqual({ from: '2025-01-01', to: '2025-06-30' });
    const elevator = s.groups.find((g: { key: string }) => g.key === '3000');
    expect(elevator.name).toBe('电梯');
    expect(elevator.accidents).toMatchObject({
      current: 6,
      previous: 11,
      changePercent: -45,
      direction: 'down',
    });
    expect(elevator.deaths).toMatchObject({
      current: 7,
      previous: 13,
      changePercent: -46,
      direction: 'down',
    });
    expect(elevator.accidents.text).toBe('6 起（去年同期 11 起），同比下降 45 %');
    expect(elevator.deaths.text).toBe('7 人（去年同期 13 人），同比下降 46 %');
    // the other accident: no base last year
    const none = s.groups.find((g: { key: string }) => g.key === '');
    expect(none.accidents).toMatchObject({
      current: 1,
      previous: 0,
      changePercent: null,
      direction: 'no_base',
    });
    expect(s.total.accidents).toMatchObject({ current: 7, previous: 11 });
    expect(s.rounding).toMatch(/ceiling/);
  });

  it('the figures equal counts from the source rows', async () => {
    const db = t.deps.database.db;
    const count = async (from: string, to: string) =>
      db
        .selectFrom('accidents')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('deaths').as('d')])
        .where('region_code', 'like', `${COUNTY}%`)
        .where('occurred_on', '>=', from)
        .where('occurred_on', '<=', to)
        .executeTakeFirstOrThrow();
    const cur = await count('2026-01-01', '2026-06-30');
    const prev = await count('2025-01-01', '2025-06-30');
    const s = (await yoyLeader.get('/api/accidents/stats?from=2026-01-01&to=2026-06-30')).json();
    expect(s.total.accidents.current).toBe(Number(cur.n));
    expect(s.total.deaths.current).toBe(Number(cur.d));
    expect(s.total.accidents.previous).toBe(Number(prev.n));
    expect(s.total.deaths.previous).toBe(Number(prev.d));
  });

  it('filters to one equipment category, groups by month against the same month', async () => {
    const s = (
      await yoyLeader.get(
        '/api/accidents/stats?from=2026-01-01&to=2026-06-30&equipmentCategoryCode=3000&groupBy=month',
      )
    ).json();
    expect(s.total.accidents).toMatchObject({ current: 6, previous: 11, changePercent: -45 });
    const june = s.groups.find((g: { key: string }) => g.key === '2026-06');
    expect(june.accidents).toMatchObject({ current: 1, previous: 3 });
  });

  it('another jurisdiction sees none of it; bad queries are 400', async () => {
    const s = (await foreignLeader.get('/api/accidents/stats?from=2026-01-01&to=2026-06-30')).json();
    expect(s.total.accidents).toMatchObject({ current: 0, previous: 0 });
    expectError(await yoyLeader.get('/api/accidents/stats?from=2026-06-30&to=2026-01-01'), 400, {
      field: 'to',
    });
    expectError(await yoyLeader.get('/api/accidents/stats?from=2026-01-01'), 400);
    expectError(await yoyLeader.get('/api/accidents/stats?from=2026-02-30&to=2026-03-31'), 400, {
      field: 'from',
    });
    expectError(await yoyLeader.get('/api/accidents?to=2026-02-30'), 400, { field: 'to' });
    expectError(
      await yoyLeader.get('/api/accidents/stats?from=2026-01-01&to=2026-06-30&groupBy=colour'),
      400,
    );
  });

  it('exports the same figures to Excel', async () => {
    const res = await yoyLeader.get(
      '/api/accidents/stats/export?from=2026-01-01&to=2026-06-30&groupBy=equipment',
    );
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new (await loadExcelJs()).Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('事故统计')!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const elevator = rows.find((r) => r[0] === '电梯')!;
    expect(elevator.slice(0, 7)).toEqual(['电梯', 6, 11, '-45 %', 7, 13, '-46 %']);
    expect(rows.some((r) => String(r[0]).includes('向上取整'))).toBe(true);
  });
});
