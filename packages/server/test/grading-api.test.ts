import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { GRADING_MODEL_V1, GRADING_MODEL_V2, addDays, addMonths } from '@redline/domain';
import { CREDIT_CONDITION_CODES } from '@redline/contracts';
import { CREDIT_LISTING_CONDITIONS } from '@redline/domain';
import { createTestApp, login, TODAY, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { createHazard } from './helpers/enforcement-factories.ts';
import { runRecordMatrix, runListMatrix } from './helpers/matrix.ts';
import { tick } from '../src/jobs/scheduler.ts';
import { readingEvent, registerDevice, sendEvents } from './helpers/devices.ts';

let t: TestApp;
let a: World;
let b: World;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Gradea',
  });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Gradeb' });
  for (const role of ['leader', 'inspector', 'enterprise_manager', 'duty_officer'] as const)
    cookies[role] = await login(t.app, a.users[role]);
});
afterAll(() => t?.close());

const get = (url: string, role = 'leader') =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[role] } });
const send = (method: 'POST' | 'DELETE', url: string, payload?: object, role = 'leader') =>
  t.app.inject({ method, url, headers: { cookie: cookies[role] }, ...(payload && { payload }) });
const drain = () => tick(t.deps, ['grading-dirty']);

describe('grading model', () => {
  it('the migrations ship exactly the domain’s models: v1 kept, v2 in force', async () => {
    const rows = await t.deps.database.db
      .selectFrom('grading_models')
      .selectAll()
      .orderBy('version')
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ version: 1, active: false, region_code: '' });
    expect(rows[0].model).toEqual(JSON.parse(JSON.stringify(GRADING_MODEL_V1)));
    expect(rows[1]).toMatchObject({ version: 2, active: true, region_code: '' });
    expect(rows[1].model).toEqual(JSON.parse(JSON.stringify(GRADING_MODEL_V2)));
  });

  it('the contracts name the same listing conditions as the domain', () => {
    expect([...CREDIT_CONDITION_CODES]).toEqual([...CREDIT_LISTING_CONDITIONS]);
  });

  it('GET /api/grading/model shows thresholds, frequencies and how v2 counts accidents', async () => {
    const res = await get('/api/grading/model');
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(m.thresholds).toEqual({ A: 90, B: 70 });
    expect(m.frequencies.C).toEqual({ perYear: 12, everyMonths: 1 });
    expect(m.version).toBe(2);
    expect(m.notes.join(' ')).not.toMatch(/Accidents are not a fact/);
    expect(m.notes.join(' ')).toMatch(/Accidents of the target in the window count by grade/);
  });
});

describe('grade of an enterprise', () => {
  const hazardIds: string[] = [];

  it('is ungraded before any computation', async () => {
    const res = await get(`/api/grades/enterprise/${a.ids.enterprise}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ grade: null, computed: null, overridden: false });
  });

  it('hazards mark it dirty; the job regrades it and every fact links its records', async () => {
    for (let i = 0; i < 3; i++) hazardIds.push(await createHazard(t.deps.database.db, a, { grade: 'major' }));
    hazardIds.push(await createHazard(t.deps.database.db, a, { grade: 'general' }));
    const dirty = await t.deps.database.db.selectFrom('grading_dirty').selectAll().execute();
    expect(dirty).toContainEqual(
      expect.objectContaining({ target_kind: 'enterprise', target_id: a.ids.enterprise }),
    );
    const [run] = await drain();
    expect(run.message).toMatch(/recomputed \d+ grade/);
    const view = (await get(`/api/grades/enterprise/${a.ids.enterprise}`)).json();
    // 100 − 3 × 5 − 1 − 10 (the world's general accident, model v2) = 74 → B (A from 90).
    expect(view.grade).toBe('B');
    expect(view.computed.total).toBe(74);
    expect(view.computed.thresholds).toEqual({ A: 90, B: 70 });
    expect(view.computed.modelVersion).toBe(2);
    const major = view.computed.facts.find((f: { code: string }) => f.code === 'hazards_major');
    expect(major).toMatchObject({ count: 3, pointsPerUnit: -5, points: -15 });
    expect(major.records.map((r: { href: string }) => r.href).sort()).toEqual(
      hazardIds
        .slice(0, 3)
        .map((id) => `/hazards/${id}`)
        .sort(),
    );
    expect(view.measures.frequency).toEqual({ perYear: 4, everyMonths: 3 });
    expect(view.history).toHaveLength(1);
  });

  it('a repeat of the same item at the same site counts as a repeat hazard', async () => {
    const db = t.deps.database.db;
    await db
      .updateTable('hazards')
      .set({ checklist_item_code: 'B.14-3' })
      .where('id', 'in', hazardIds.slice(0, 2))
      .execute();
    const res = await send(
      'POST',
      `/api/grades/enterprise/${a.ids.enterprise}/recompute`,
      undefined,
      'inspector',
    );
    expect(res.statusCode).toBe(200);
    const repeat = res.json().computed.facts.find((f: { code: string }) => f.code === 'hazards_repeat');
    expect(repeat.count).toBe(1);
    expect(res.json().computed.total).toBe(71);
    expect(res.json().history).toHaveLength(2);
  });

  it('a duty officer may not recompute, nor an inspector override', async () => {
    expect(
      (await send('POST', `/api/grades/enterprise/${a.ids.enterprise}/recompute`, undefined, 'duty_officer'))
        .statusCode,
    ).toBe(403);
    const res = await send(
      'POST',
      `/api/grades/enterprise/${a.ids.enterprise}/override`,
      { grade: 'A', reason: '整改到位，经复查合格', expiresOn: addDays(TODAY, 30) },
      'inspector',
    );
    expect(res.statusCode).toBe(403);
  });

  it('an override needs an expiry after today and within a year', async () => {
    const url = `/api/grades/enterprise/${a.ids.enterprise}/override`;
    const past = await send('POST', url, { grade: 'A', reason: '整改到位，经复查合格', expiresOn: TODAY });
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({ code: 'VALIDATION', field: 'expiresOn' });
    expect(past.json().error.message).toContain(TODAY);
    const far = await send('POST', url, {
      grade: 'A',
      reason: '整改到位，经复查合格',
      expiresOn: addMonths(TODAY, 13),
    });
    expect(far.statusCode).toBe(400);
    expect(far.json().error.field).toBe('expiresOn');
    const noReason = await send('POST', url, { grade: 'A', reason: 'ok', expiresOn: addDays(TODAY, 30) });
    expect(noReason.statusCode).toBe(400);
  });

  it('a leader overrides with a reason: it wins, is audited and visible, and expires by itself', async () => {
    const url = `/api/grades/enterprise/${a.ids.enterprise}/override`;
    const res = await send('POST', url, {
      grade: 'A',
      reason: '整改到位，经复查合格',
      expiresOn: addDays(TODAY, 30),
    });
    expect(res.statusCode).toBe(201);
    const view = res.json();
    expect(view).toMatchObject({ grade: 'A', overridden: true });
    expect(view.computed.grade).toBe('B');
    expect(view.override).toMatchObject({ grade: 'A', reason: '整改到位，经复查合格', inForce: true });
    const db = t.deps.database.db;
    const audit = await db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'grade.override')
      .where('subject_id', '=', a.ids.enterprise)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ reason: '整改到位，经复查合格' });
    const current = await db
      .selectFrom('current_grades')
      .selectAll()
      .where('target_id', '=', a.ids.enterprise)
      .executeTakeFirstOrThrow();
    expect(current).toMatchObject({ grade: 'A', overridden: true });
    // Time passes: the override's expiry is behind us.
    await db
      .updateTable('grade_overrides')
      .set({ expires_at: sql`now() - interval '1 minute'`, created_at: sql`now() - interval '2 days'` })
      .execute();
    const after = (await get(`/api/grades/enterprise/${a.ids.enterprise}`)).json();
    expect(after).toMatchObject({ grade: 'B', overridden: false, override: null });
    expect(after.overrides[0]).toMatchObject({ grade: 'A', inForce: false });
    const again = await db
      .selectFrom('current_grades')
      .selectAll()
      .where('target_id', '=', a.ids.enterprise)
      .executeTakeFirstOrThrow();
    expect(again).toMatchObject({ grade: 'B', overridden: false });
  });

  it('revoking ends an override in force now', async () => {
    const url = `/api/grades/enterprise/${a.ids.enterprise}/override`;
    await send('POST', url, { grade: 'C', reason: '发现瞒报隐患，从严监管', expiresOn: addDays(TODAY, 60) });
    expect((await get(`/api/grades/enterprise/${a.ids.enterprise}`)).json().grade).toBe('C');
    const res = await send('DELETE', url);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ grade: 'B', overridden: false });
  });

  it('an award project records the 20 % fee uplift', async () => {
    const res = await send('POST', `/api/grades/project/${a.ids.project}/awards`, {
      title: '市级安全文明标准化示范工地',
      awardedOn: TODAY,
    });
    expect(res.statusCode).toBe(201);
    const view = res.json();
    expect(view.awards[0]).toMatchObject({ title: '市级安全文明标准化示范工地', feeUpliftPercent: 20 });
    expect(view.grade).toBe('A');
    expect(view.measures.awardFeeUpliftPercent).toBe(20);
    const award = view.computed.facts.find((f: { code: string }) => f.code === 'model_awards');
    expect(award).toMatchObject({ count: 1, points: 5 });
    const future = await send('POST', `/api/grades/project/${a.ids.project}/awards`, {
      title: 'x',
      awardedOn: addDays(TODAY, 400),
    });
    expect(future.statusCode).toBe(400);
  });
});

describe('credit records', () => {
  let recordId = '';

  it('listing needs a leader; sets the planned end 3 years on and repair from 12 months', async () => {
    const body = {
      enterpriseId: a.ids.enterprise,
      conditionCode: 'concealed_accident',
      conditionText: '2026年发生生产安全事故后迟报、瞒报',
      decisionNo: '金应急信〔2026〕3号',
      startsOn: addDays(TODAY, -30),
    };
    expect((await send('POST', '/api/credit-records', body, 'inspector')).statusCode).toBe(403);
    expect(
      (await send('POST', '/api/credit-records', { ...body, startsOn: addDays(TODAY, 1) })).statusCode,
    ).toBe(400);
    const res = await send('POST', '/api/credit-records', body);
    expect(res.statusCode).toBe(201);
    const r = res.json();
    recordId = r.id;
    expect(r).toMatchObject({
      startsOn: addDays(TODAY, -30),
      plannedEndOn: addMonths(addDays(TODAY, -30), 36),
      repairFrom: addMonths(addDays(TODAY, -30), 12),
      inForce: true,
      listKind: 'serious_untrustworthy',
    });
    expect(r.history).toEqual([expect.objectContaining({ action: 'listed' })]);
  });

  it('the enterprise shows the joint-punishment flag; its grade becomes C after the job, and its badge says so', async () => {
    const credit = (await get(`/api/enterprises/${a.ids.enterprise}/credit`, 'enterprise_manager')).json();
    expect(credit.jointPunishment).toBe(true);
    await drain();
    const view = (await get(`/api/grades/enterprise/${a.ids.enterprise}`)).json();
    expect(view.grade).toBe('C');
    expect(view.computed.forcedBy).toEqual(['credit_listings']);
    expect(view.jointPunishment[0]).toMatchObject({ recordId });
    const creditFact = view.computed.facts.find((f: { code: string }) => f.code === 'credit_listings');
    expect(creditFact.records[0].href).toBe(`/registry/enterprises/${a.ids.enterprise}#credit-${recordId}`);
    const badges = (
      await get(`/api/grades/badges?kind=enterprise&ids=${a.ids.enterprise},${b.ids.enterprise}`)
    ).json();
    expect(badges).toEqual([
      { targetId: a.ids.enterprise, grade: 'C', overridden: false, jointPunishment: true },
    ]);
  });

  it('early removal before 12 months is a 409 naming the first allowed date', async () => {
    const res = await send('POST', `/api/credit-records/${recordId}/removal`, {
      removedOn: TODAY,
      reason: '已完成信用修复培训',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CREDIT_REPAIR_TOO_EARLY');
    expect(res.json().error.message).toContain(addMonths(addDays(TODAY, -30), 12));
  });

  it('removal after 12 months ends the listing, kept in the history', async () => {
    const old = await send('POST', '/api/credit-records', {
      enterpriseId: a.ids.enterprise,
      conditionCode: 'unlicensed_operation',
      conditionText: '未取得安全生产许可证擅自生产',
      startsOn: addMonths(TODAY, -13),
    });
    const id = old.json().id;
    const res = await send('POST', `/api/credit-records/${id}/removal`, {
      removedOn: TODAY,
      reason: '已完成信用修复',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ inForce: false, removedOn: TODAY });
    expect(res.json().history.map((h: { action: string }) => h.action)).toEqual(['listed', 'removed']);
    const again = await send('POST', `/api/credit-records/${id}/removal`, {
      removedOn: TODAY,
      reason: '已完成信用修复',
    });
    expect(again.json().error.code).toBe('CREDIT_ALREADY_REMOVED');
  });
});

describe('alarms', () => {
  it('an alarm verified as real marks its enterprise and counts, linked to the console', async () => {
    const db = t.deps.database.db;
    const dev = await registerDevice(t.app, cookies.inspector, {
      code: 'GR-GAS-1',
      name: '可燃气体探测器',
      kind: 'combustible_gas_sensor',
      siteId: a.ids.site,
    });
    const base = Date.now() - 120_000;
    await sendEvents(
      t.app,
      dev.token,
      Array.from({ length: 8 }, (_, i) =>
        readingEvent(dev.code, `gr-${i}`, new Date(base + i * 2000), { gas_lel: 40 }),
      ),
    );
    const alarm = (await get(`/api/alarms?deviceId=${dev.id}`, 'duty_officer')).json().items[0];
    expect(alarm).toBeTruthy();
    await drain();
    const before = (await get(`/api/grades/enterprise/${a.ids.enterprise}`)).json();
    const realBefore = before.computed.facts.find((f: { code: string }) => f.code === 'alarms_real');
    await db.deleteFrom('grading_dirty').execute();
    const verified = await send(
      'POST',
      `/api/alarms/${alarm.id}/actions`,
      { action: 'verify_real', note: '视频复核确认' },
      'duty_officer',
    );
    expect(verified.statusCode).toBe(200);
    expect((await db.selectFrom('grading_dirty').selectAll().execute()).map((m) => m.target_id)).toContain(
      a.ids.enterprise,
    );
    await drain();
    const after = (await get(`/api/grades/enterprise/${a.ids.enterprise}`)).json();
    const real = after.computed.facts.find((f: { code: string }) => f.code === 'alarms_real');
    expect(real.count).toBe(realBefore.count + 1);
    expect(real.records.map((r: { href: string }) => r.href)).toContain(`/offsite?status=all&id=${alarm.id}`);
  });
});

describe('jurisdiction', () => {
  it('the list filters by grade and never shows another jurisdiction', async () => {
    await send('POST', `/api/grades/enterprise/${a.ids.enterprise}/recompute`);
    // Grade b's records too, so a leak would show.
    const { recomputeById } = await import('../src/modules/grading/compute-grade.ts');
    await t.deps.database.db.transaction().execute(async (trx) => {
      await recomputeById(trx, t.deps, 'enterprise', b.ids.enterprise, 'test');
      await recomputeById(trx, t.deps, 'project', b.ids.project, 'test');
    });
    const c = (await get('/api/grades?grade=C')).json();
    // The enterprise and the project it builds (general contractor) are both on joint punishment.
    expect(c.items.map((i: { targetId: string }) => i.targetId).sort()).toEqual(
      [a.ids.enterprise, a.ids.project].sort(),
    );
    for (const item of c.items) expect(item).toMatchObject({ jointPunishment: true, grade: 'C' });
    const all = await get('/api/grades?pageSize=1');
    expect(all.json().items).toHaveLength(1);
    expect(all.json().nextCursor).not.toBeNull();
    const next = await get(`/api/grades?pageSize=1&cursor=${all.json().nextCursor}`);
    expect(next.json().items[0].targetId).not.toBe(all.json().items[0].targetId);
    expect((await get('/api/grades?cursor=abc')).statusCode).toBe(400);
    const checks = await runListMatrix(t, a, b, [
      {
        name: 'list grades',
        url: '/api/grades?pageSize=200',
        kind: 'json',
        okFor: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'],
      },
      {
        name: 'grading model',
        url: '/api/grading/model',
        kind: 'json',
        okFor: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'],
      },
    ]);
    expect(checks).toBe(10);
  });

  it('an enterprise manager sees their own grades only', async () => {
    const own = (await get('/api/grades?pageSize=200', 'enterprise_manager')).json();
    const ids = own.items.map((i: { targetId: string }) => i.targetId).sort();
    expect(ids).toEqual([a.ids.enterprise, a.ids.project].sort());
  });

  it('credit removal of a foreign record answers like a missing one', async () => {
    const db = t.deps.database.db;
    const leaderB = await login(t.app, b.users.leader);
    const rb = await t.app.inject({
      method: 'POST',
      url: '/api/credit-records',
      headers: { cookie: leaderB },
      payload: {
        enterpriseId: b.ids.enterprise,
        conditionCode: 'other',
        conditionText: '测试',
        startsOn: addMonths(TODAY, -13),
      },
    });
    expect(rb.statusCode).toBe(201);
    const ra = await send('POST', '/api/credit-records', {
      enterpriseId: a.ids.enterprise,
      conditionCode: 'other',
      conditionText: '测试',
      startsOn: addMonths(TODAY, -13),
    });
    // A listing of a foreign enterprise is refused like a missing enterprise.
    const foreign = await send('POST', '/api/credit-records', {
      enterpriseId: b.ids.enterprise,
      conditionCode: 'other',
      conditionText: '测试',
      startsOn: TODAY,
    });
    expect(foreign.statusCode).toBe(404);
    const swap = (w: World, id: string) => ({ ...w, ids: { ...w.ids, certificate: id } }) as World;
    const checks = await runRecordMatrix(t, swap(a, ra.json().id), swap(b, rb.json().id), [
      {
        name: 'POST credit removal',
        method: 'POST',
        kind: 'certificate',
        url: (id) => `/api/credit-records/${id}/removal`,
        body: { removedOn: TODAY, reason: '已完成信用修复' },
        okFor: ['leader'],
      },
    ]);
    expect(checks).toBe(6);
    const bRow = await db
      .selectFrom('credit_records')
      .select('removed_at')
      .where('id', '=', rb.json().id)
      .executeTakeFirstOrThrow();
    expect(bRow.removed_at).toBeNull();
  });
});

describe('facts from other modules, the nightly run and the CLI', () => {
  it('a site’s risk colour marks its enterprise and counts its points', async () => {
    const db = t.deps.database.db;
    await db.deleteFrom('grading_dirty').execute();
    await db.updateTable('sites').set({ risk_colour: 'red' }).where('id', '=', b.ids.site).execute();
    const marked = await db.selectFrom('grading_dirty').selectAll().execute();
    expect(marked.map((m) => m.target_id)).toContain(b.ids.enterprise);
    await drain();
    const leaderB = await login(t.app, b.users.leader);
    const view = (
      await t.app.inject({ url: `/api/grades/enterprise/${b.ids.enterprise}`, headers: { cookie: leaderB } })
    ).json();
    const line = view.computed.facts.find((f: { code: string }) => f.code === 'risk_colour');
    expect(line).toMatchObject({ colour: 'red', points: -10 });
    expect(line.records[0].href).toBe(`/registry/sites/${b.ids.site}`);
  });

  it('a finished inspection graded unqualified by JGJ 59 counts, linked to the inspection', async () => {
    const db = t.deps.database.db;
    const leaderB = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', b.users.leader)
      .executeTakeFirstOrThrow();
    const { id } = await db
      .insertInto('inspections')
      .values({
        number: 'JC-150602-2026-9001',
        kind: 'routine',
        status: 'signed',
        region_code: '150602',
        home_region_code: '150602',
        target_kind: 'enterprise',
        enterprise_id: b.ids.enterprise,
        target: JSON.stringify({ name: 'x' }),
        created_by: leaderB.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.deleteFrom('grading_dirty').execute();
    await db
      .updateTable('inspections')
      .set({
        status: 'finished',
        finished_at: new Date(),
        score: JSON.stringify([{ summary: { total: 62, grade: 'unqualified' } }]),
      })
      .where('id', '=', id)
      .execute();
    expect((await db.selectFrom('grading_dirty').selectAll().execute()).map((m) => m.target_id)).toEqual([
      b.ids.enterprise,
    ]);
    await drain();
    const cookie = await login(t.app, b.users.leader);
    const view = (
      await t.app.inject({ url: `/api/grades/enterprise/${b.ids.enterprise}`, headers: { cookie } })
    ).json();
    const fact = view.computed.facts.find((f: { code: string }) => f.code === 'jgj59_unqualified');
    expect(fact).toMatchObject({ count: 1, points: -5 });
    expect(fact.records[0]).toMatchObject({ href: `/inspections/${id}`, label: 'JC-150602-2026-9001' });
    // Red site −10, the unqualified inspection −5, b's listing of the test above −30, and the
    // world's general accident −10.
    expect(view.computed.total).toBe(100 - 10 - 5 - 30 - 10);
    expect(view.grade).toBe('C');
  });

  it('the nightly run marks every target once a day; the CLI recomputes them all', async () => {
    const db = t.deps.database.db;
    const { nightlyMark } = await import('../src/modules/grading/jobs.ts');
    await db.deleteFrom('grading_dirty').execute();
    const late = { ...t.deps, now: () => new Date(`${TODAY}T03:00:00+08:00`) };
    const early = { ...t.deps, now: () => new Date(`${TODAY}T01:00:00+08:00`) };
    expect(await db.transaction().execute((trx) => nightlyMark(trx, early))).toBe('not yet');
    expect(await db.transaction().execute((trx) => nightlyMark(trx, late))).toMatch(/marked 4 target/);
    expect(await db.transaction().execute((trx) => nightlyMark(trx, late))).toBe('already marked today');
    const marked = await db.selectFrom('grading_dirty').select(['reason']).execute();
    expect(marked.map((m) => m.reason)).toEqual(['nightly', 'nightly', 'nightly', 'nightly']);
    const { gradesCommand } = await import('../src/modules/grading/cli.ts');
    const lines: string[] = [];
    expect(await gradesCommand(t.deps, ['recompute', '--dirty'], (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toBe('recomputed 4 grade(s)');
    expect(await gradesCommand(t.deps, ['recompute'], (l) => lines.push(l))).toBe(0);
    expect(lines.at(-1)).toMatch(/^recomputed 4 grade\(s\) with model v2: A \d, B \d, C \d$/);
    expect(await gradesCommand(t.deps, ['nonsense'], (l) => lines.push(l))).toBe(2);
  });
});

describe('model v2: accidents and special equipment as facts', () => {
  let c: World;
  let inspectorC = '';
  let leaderC = '';
  beforeAll(async () => {
    c = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Gradec' });
    inspectorC = await login(t.app, c.users.inspector);
    leaderC = await login(t.app, c.users.leader);
  });
  const viewC = async () =>
    (
      await t.app.inject({ url: `/api/grades/enterprise/${c.ids.enterprise}`, headers: { cookie: leaderC } })
    ).json();
  const fact = (view: { computed: { facts: Array<{ code: string }> } }, code: string) =>
    view.computed.facts.find((f) => f.code === code) as
      | {
          count: number;
          points: number;
          pointsPerUnit: number;
          records: Array<{ kind: string; href: string }>;
        }
      | undefined;
  const report = (over: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/accidents',
      headers: { cookie: inspectorC },
      payload: {
        occurredAt: '2026-11-01T09:30:00+08:00',
        regionCode: '320411',
        address: '新北区测试路 1 号',
        enterpriseId: c.ids.enterprise,
        typeCode: '04',
        course: '塔吊吊运钢筋时吊索断裂，钢筋坠落。',
        measures: '停工，封闭现场。',
        deaths: 0,
        seriousInjuries: 0,
        minorInjuries: 0,
        missing: 0,
        directLossYuan: 0,
        ...over,
      },
    });

  it('the world’s general accident is a fact of v2, linked to its record', async () => {
    await drain();
    const view = await viewC();
    expect(view.computed.modelVersion).toBe(2);
    expect(fact(view, 'accidents_general')).toMatchObject({ count: 1, pointsPerUnit: -10, points: -10 });
    expect(fact(view, 'accidents_general')!.records).toEqual([
      expect.objectContaining({ kind: 'accident', href: `/accidents/${c.ids.accident}` }),
    ]);
    expect(view.computed.total).toBe(90);
    expect(view.grade).toBe('A');
  });

  it('reporting an accident marks the enterprise dirty; the job lowers its grade with the fact linked', async () => {
    const db = t.deps.database.db;
    const before = await viewC();
    await db.deleteFrom('grading_dirty').execute();
    const res = await report({ deaths: 1, seriousInjuries: 1 });
    expect(res.statusCode, res.body).toBe(201);
    const accidentId = res.json().id as string;
    expect(res.json().grade).toBe('general');
    expect(await db.selectFrom('grading_dirty').selectAll().execute()).toContainEqual(
      expect.objectContaining({ target_kind: 'enterprise', target_id: c.ids.enterprise }),
    );
    await drain();
    const view = await viewC();
    // 90 − 10 (a second general accident) − 5 (one death) = 75 → B.
    expect(view.computed.total).toBe(before.computed.total - 15);
    expect(view.grade).toBe('B');
    expect(fact(view, 'accidents_general')!.count).toBe(2);
    expect(fact(view, 'accidents_general')!.records.map((r) => r.href)).toContain(`/accidents/${accidentId}`);
    expect(fact(view, 'accident_deaths')).toMatchObject({ count: 1, points: -5 });
    expect(fact(view, 'accident_deaths')!.records.map((r) => r.href)).toEqual([`/accidents/${accidentId}`]);
  });

  it('an accident outside the window does not count', async () => {
    const res = await report({ occurredAt: '2025-10-01T09:30:00+08:00', deaths: 1 });
    expect(res.statusCode, res.body).toBe(201);
    await drain();
    const view = await viewC();
    expect(fact(view, 'accidents_general')!.count).toBe(2);
    expect(fact(view, 'accident_deaths')!.count).toBe(1);
  });

  it('special equipment overdue for inspection appears as a fact, linked; a pass recorded removes it', async () => {
    const db = t.deps.database.db;
    await db.deleteFrom('grading_dirty').execute();
    await db
      .updateTable('equipment')
      .set({ next_inspection_on: addDays(TODAY, -3) })
      .where('id', '=', c.ids.equipment)
      .execute();
    expect((await db.selectFrom('grading_dirty').selectAll().execute()).map((m) => m.target_id)).toContain(
      c.ids.enterprise,
    );
    await drain();
    const view = await viewC();
    expect(fact(view, 'equipment_overdue')).toMatchObject({ count: 1, pointsPerUnit: -4, points: -4 });
    expect(fact(view, 'equipment_overdue')!.records).toEqual([
      expect.objectContaining({ kind: 'equipment', href: `/registry/equipment/${c.ids.equipment}` }),
    ]);
    expect(view.computed.total).toBe(71);

    await db.deleteFrom('grading_dirty').execute();
    const pass = await t.app.inject({
      method: 'POST',
      url: `/api/equipment/${c.ids.equipment}/inspections`,
      headers: { cookie: inspectorC },
      payload: { inspectedOn: TODAY, result: 'pass', inspectorOrg: '常州市特种设备检验所' },
    });
    expect(pass.statusCode, pass.body).toBe(201);
    expect((await db.selectFrom('grading_dirty').selectAll().execute()).map((m) => m.target_id)).toContain(
      c.ids.enterprise,
    );
    await drain();
    const after = await viewC();
    expect(fact(after, 'equipment_overdue')!.count).toBe(0);
    expect(after.computed.total).toBe(75);
  });

  it('an accident of grade larger grades C, forced by it', async () => {
    const res = await report({ deaths: 3 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().grade).toBe('larger');
    await drain();
    const view = await viewC();
    expect(view.grade).toBe('C');
    expect(view.computed.forcedBy).toEqual(['accidents_larger']);
    expect(fact(view, 'accidents_larger')!.records.map((r) => r.href)).toEqual([
      `/accidents/${res.json().id}`,
    ]);
  });

  it('a computation under v1 keeps v1: no accident facts, its version stored', async () => {
    const { recomputeById } = await import('../src/modules/grading/compute-grade.ts');
    await recomputeById(t.deps.database.db, t.deps, 'enterprise', c.ids.enterprise, 'test', GRADING_MODEL_V1);
    const view = await viewC();
    expect(view.computed.modelVersion).toBe(1);
    expect(fact(view, 'accidents_general')).toBeUndefined();
    expect(view.computed.total).toBe(100);
    expect(view.history.map((h: { modelVersion: number }) => h.modelVersion)).toContain(2);
  });
});
