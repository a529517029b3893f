import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EquipmentDuePage, EquipmentInspectionView } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, uniq, type Client } from './helpers/client.ts';
import { equipmentReminderJob } from '../src/modules/equipment-inspections/reminders.ts';

/**
 * Special equipment due-date work (issue 15), today fixed at 2026-11-23. Every category warns 30 days
 * ahead (reference data warn_days), so: next date 2026-12-23 (= today + 30) is due, 2026-12-24 is
 * not; 2026-11-23 (today) is still due, not overdue; 2026-11-22 is overdue. Lifting machinery (4000)
 * is inspected every 12 months.
 */
const TODAY = '2026-11-23';
let t: TestApp;
let home: World;
let foreign: World;
let inspector: Client;
let manager: Client;
const eq: Record<string, string> = {};

async function addEquipment(
  w: World,
  next: string | null,
  over: { last_inspection_result?: 'pass' | 'fail'; registered_on?: string | null } = {},
) {
  const r = await t.deps.database.db
    .insertInto('equipment')
    .values({
      category_code: '4000',
      type_name: '塔式起重机',
      registration_code: uniq('起'),
      user_enterprise_id: w.ids.enterprise,
      site_id: w.ids.site,
      region_code: '320411',
      next_inspection_on: next,
      last_inspection_on: next ? '2025-11-01' : null,
      last_inspection_result: over.last_inspection_result ?? (next ? 'pass' : null),
      registered_on: over.registered_on === undefined ? '2020-01-01' : over.registered_on,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

beforeAll(async () => {
  t = await createTestApp({ today: TODAY });
  home = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Xinbei' });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '340111', tag: 'Baohe' });
  inspector = client(t.app, await login(t.app, home.users.inspector));
  manager = client(t.app, await login(t.app, home.users.enterprise_manager));
  eq.yesterday = await addEquipment(home, '2026-11-22');
  eq.today = await addEquipment(home, '2026-11-23');
  eq.in30 = await addEquipment(home, '2026-12-23');
  eq.in31 = await addEquipment(home, '2026-12-24');
  eq.failed = await addEquipment(home, '2027-06-01', { last_inspection_result: 'fail' });
  eq.unregistered = await addEquipment(home, '2027-06-01', { registered_on: null });
});
afterAll(() => t?.close());

const listIds = async (c: Client, list: string) => {
  const res = await c.get(`/api/equipment-inspections/due?list=${list}&pageSize=200`);
  expect(res.statusCode, res.body).toBe(200);
  expectShape(EquipmentDuePage, res.json());
  return res.json().items as Array<{
    id: string;
    status: string;
    daysLeft: number | null;
    mustNotBeUsed: boolean;
  }>;
};

describe('due, overdue and unregistered at the date boundaries', () => {
  it('due: from next − 30 days up to and including the next date', async () => {
    const items = await listIds(inspector, 'due');
    const ids = items.map((i) => i.id);
    expect(ids).toContain(eq.today);
    expect(ids).toContain(eq.in30);
    expect(ids).not.toContain(eq.in31);
    expect(ids).not.toContain(eq.yesterday);
    expect(items.find((i) => i.id === eq.today)).toMatchObject({
      status: 'due_soon',
      daysLeft: 0,
      mustNotBeUsed: false,
    });
    expect(items.find((i) => i.id === eq.in30)).toMatchObject({ daysLeft: 30 });
  });

  it('overdue: past the next date, or failed — must not be used', async () => {
    const items = await listIds(inspector, 'overdue');
    const ids = items.map((i) => i.id);
    expect(ids).toContain(eq.yesterday);
    expect(ids).toContain(eq.failed);
    expect(ids).not.toContain(eq.today);
    expect(items.find((i) => i.id === eq.yesterday)).toMatchObject({
      status: 'overdue',
      daysLeft: -1,
      mustNotBeUsed: true,
    });
    expect(items.find((i) => i.id === eq.failed)).toMatchObject({ status: 'failed', mustNotBeUsed: true });
  });

  it('unregistered: no use registration', async () => {
    const ids = (await listIds(inspector, 'unregistered')).map((i) => i.id);
    expect(ids).toContain(eq.unregistered);
    expect(ids).not.toContain(eq.today);
  });

  it('flags the enterprise and the site', async () => {
    // the world's own equipment (no site, no registration date, due 2027-03-01) counts for the enterprise
    for (const [q, unregistered] of [
      [`enterpriseId=${home.ids.enterprise}`, 2],
      [`siteId=${home.ids.site}`, 1],
    ] as const) {
      const res = await inspector.get(`/api/equipment-inspections/flags?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ overdue: 1, failed: 1, dueSoon: 2, unregistered });
    }
  });

  it('another jurisdiction sees none of it; bad queries are 400', async () => {
    const theirs = client(t.app, await login(t.app, foreign.users.inspector));
    for (const list of ['due', 'overdue', 'unregistered'])
      expect((await listIds(theirs, list)).map((i) => i.id)).not.toContain(eq.yesterday);
    expect(
      (await theirs.get(`/api/equipment-inspections/flags?enterpriseId=${home.ids.enterprise}`)).json(),
    ).toEqual({
      overdue: 0,
      failed: 0,
      dueSoon: 0,
      unregistered: 0,
    });
    expectError(await inspector.get('/api/equipment-inspections/due?list=soon'), 400);
    expectError(await inspector.get('/api/equipment-inspections/due'), 400);
  });
});

describe('recording results', () => {
  it('a pass moves the next date on by the interval and takes it off the overdue list', async () => {
    const res = await inspector.post(`/api/equipment/${eq.yesterday}/inspections`, {
      inspectedOn: '2026-11-23',
      result: 'pass',
      inspectorOrg: '常州市特种设备检验所',
    });
    expect(res.statusCode, res.body).toBe(201);
    expectShape(EquipmentInspectionView, res.json());
    expect(res.json()).toMatchObject({ nextInspectionOn: '2027-11-23', intervalMonths: 12, result: 'pass' });
    const e = await t.deps.database.db
      .selectFrom('equipment')
      .select(['next_inspection_on', 'last_inspection_on', 'last_inspection_result'])
      .where('id', '=', eq.yesterday)
      .executeTakeFirstOrThrow();
    expect(e).toEqual({
      next_inspection_on: '2027-11-23',
      last_inspection_on: '2026-11-23',
      last_inspection_result: 'pass',
    });
    expect((await listIds(inspector, 'overdue')).map((i) => i.id)).not.toContain(eq.yesterday);
  });

  it('a fail creates one hazard per defect through create-hazard, and the equipment must not be used', async () => {
    const res = await manager.post(`/api/equipment/${eq.in30}/inspections`, {
      inspectedOn: '2026-11-20',
      result: 'fail',
      defects: ['起升高度限位器失效', '标准节连接螺栓松动'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v.nextInspectionOn).toBeNull();
    expect(v.defects).toHaveLength(2);
    const hazards = await t.deps.database.db
      .selectFrom('hazards')
      .select(['id', 'description', 'equipment_id', 'enterprise_id', 'status'])
      .where('equipment_id', '=', eq.in30)
      .orderBy('description')
      .execute();
    expect(hazards.map((h) => h.description).sort()).toEqual(
      ['标准节连接螺栓松动', '起升高度限位器失效'].sort(),
    );
    expect(hazards.every((h) => h.enterprise_id === home.ids.enterprise)).toBe(true);
    expect(v.defects.map((d: { hazardId: string }) => d.hazardId).sort()).toEqual(
      hazards.map((h) => h.id).sort(),
    );
    const audit = await t.deps.database.db
      .selectFrom('audit_entries')
      .select('action')
      .where(
        'subject_id',
        'in',
        hazards.map((h) => h.id),
      )
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['hazard.report', 'hazard.report']);
    const overdue = await listIds(inspector, 'overdue');
    expect(overdue.find((i) => i.id === eq.in30)).toMatchObject({ status: 'failed', mustNotBeUsed: true });
    const history = (await inspector.get(`/api/equipment/${eq.in30}/inspections`)).json();
    expect(history.map((h: { result: string }) => h.result)).toEqual(['fail']);
  });

  it('refuses bad results with a 4xx naming the field', async () => {
    const url = `/api/equipment/${eq.in31}/inspections`;
    expectError(await inspector.post(url, { inspectedOn: '2026-11-20', result: 'fail' }), 400, {
      field: 'defects',
    });
    expectError(
      await inspector.post(url, { inspectedOn: '2026-11-20', result: 'pass', defects: ['x'] }),
      400,
      {
        field: 'defects',
      },
    );
    expectError(await inspector.post(url, { inspectedOn: '2026-11-24', result: 'pass' }), 400, {
      field: 'inspectedOn',
    });
    expectError(await inspector.post(url, { inspectedOn: '2025-10-01', result: 'pass' }), 400, {
      field: 'inspectedOn',
    });
    expectError(await inspector.post(url, { inspectedOn: '2026-02-30', result: 'pass' }), 400);
    expectError(await inspector.post(url, { inspectedOn: '2026-11-20', result: 'ok' }), 400);
    const f = await inspector.post(`/api/equipment/${foreign.ids.equipment}/inspections`, {
      inspectedOn: '2026-11-20',
      result: 'pass',
    });
    const m = await inspector.post(`/api/equipment/${randomUUID()}/inspections`, {
      inspectedOn: '2026-11-20',
      result: 'pass',
    });
    expectError(f, 404);
    expect(f.body).toBe(m.body);
  });
});

describe('reminders', () => {
  it('notifies the use unit and the jurisdiction webhooks once per equipment, due date and kind', async () => {
    const db = t.deps.database.db;
    await db
      .insertInto('webhooks')
      .values({
        region_code: '3204',
        name: '常州应急群',
        url: 'https://oapi.dingtalk.com/robot/send?access_token=x',
      })
      .execute();
    const run = () => db.transaction().execute((trx) => equipmentReminderJob.run(trx, t.deps));
    await run();
    const again = await run();
    expect(again).toBe('0 reminders');
    const managerId = (
      await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', home.users.enterprise_manager)
        .executeTakeFirstOrThrow()
    ).id;
    const notes = await db
      .selectFrom('notifications')
      .select(['kind', 'subject_id', 'title'])
      .where('user_id', '=', managerId)
      .where('kind', 'like', 'equipment.%')
      .execute();
    const bySubject = (id: string) => notes.filter((n) => n.subject_id === id).map((n) => n.kind);
    expect(bySubject(eq.today)).toEqual(['equipment.due_soon']);
    expect(bySubject(eq.in31)).toEqual([]); // 31 days ahead: not yet
    expect(bySubject(eq.failed)).toEqual([]); // failed: on the overdue list, no due reminder
    const deliveries = await db
      .selectFrom('webhook_deliveries')
      .select(['event', 'subject_id'])
      .where('event', 'like', 'equipment.%')
      .execute();
    expect(deliveries.filter((d) => d.subject_id === eq.today).map((d) => d.event)).toEqual([
      'equipment.due_soon',
    ]);
    // the day after the due date: an overdue reminder, once
    const later = { ...t.deps, today: () => '2026-11-24' };
    await db.transaction().execute((trx) => equipmentReminderJob.run(trx, later));
    expect(await db.transaction().execute((trx) => equipmentReminderJob.run(trx, later))).toBe('0 reminders');
    const after = await db
      .selectFrom('notifications')
      .select('kind')
      .where('user_id', '=', managerId)
      .where('subject_id', '=', eq.today)
      .orderBy('kind')
      .execute();
    expect(after.map((n) => n.kind)).toEqual(['equipment.due_soon', 'equipment.overdue']);
  });
});
