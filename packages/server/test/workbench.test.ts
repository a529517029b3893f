import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workbench, type WorkbenchSection } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectShape, type Client } from './helpers/client.ts';
import { createHazard } from './helpers/enforcement-factories.ts';
import { addWorker, registerDevice } from './helpers/devices.ts';
import { ensureShippedRules } from '../src/modules/devices/ensure-shipped-rules.ts';

/**
 * GET /api/workbench (issue 16): each role's sections from one request, with counts that a wrong
 * scope or a wrong filter would change — two worlds in two provinces, the foreign one holding the
 * same kinds of records, none of which may appear at home.
 */
let t: TestApp;
let home: World;
let foreign: World;
const c: Record<string, Client> = {};
const ids: Record<string, string> = {};

async function userId(username: string) {
  const r = await t.deps.database.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Moves a hazard to a status (and deadline) as its lifecycle would have. */
async function setHazard(id: string, status: string, deadline: Date | null) {
  const db = t.deps.database.db;
  const row = await db.selectFrom('hazards').select('state').where('id', '=', id).executeTakeFirstOrThrow();
  const state = {
    ...(row.state as Record<string, unknown>),
    status,
    deadline: deadline?.toISOString() ?? null,
  };
  await db
    .updateTable('hazards')
    .set({ status, deadline, state: JSON.stringify(state) })
    .where('id', '=', id)
    .execute();
}

async function seedWorld(w: World, tag: string, cookie: string) {
  const db = t.deps.database.db;
  const day = 86_400_000;
  // Hazards: one submitted for review, one overdue, one open with a deadline next week.
  const submitted = await createHazard(db, w, { title: `${tag} 已提交整改的隐患` });
  await setHazard(submitted, 'submitted', new Date(Date.now() + 5 * day));
  const overdue = await createHazard(db, w, { title: `${tag} 逾期未整改的隐患`, grade: 'major' });
  await setHazard(overdue, 'rectifying', new Date(Date.now() - 2 * day));
  const open = await createHazard(db, w, { title: `${tag} 整改中的隐患` });
  await setHazard(open, 'rectification_ordered', new Date(Date.now() + 7 * day));
  // A device and an open critical gas alarm at the enterprise's site, one device offline.
  const device = await registerDevice(t.app, cookie, {
    code: `${tag}-GAS-01`,
    name: '可燃气体探测器',
    kind: 'combustible_gas_sensor',
    siteId: w.ids.site,
  });
  const rule = await db
    .selectFrom('alarm_rules')
    .select(['code', 'version'])
    .where('code', '=', 'gas-leak')
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  const alarm = await db
    .insertInto('alarms')
    .values({
      number: `${tag}-BJ-0001`,
      device_id: device.id,
      rule_code: rule.code,
      rule_version: rule.version,
      incident_seq: 1,
      type: 'gas_leak',
      severity: 'critical',
      site_id: w.ids.site,
      enterprise_id: w.ids.enterprise,
      region_code: device.regionCode,
      first_event_at: new Date(),
      last_event_at: new Date(),
      facts: JSON.stringify([]),
      evidence: JSON.stringify({}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('devices')
    .set({ online: false, last_seen_at: new Date(Date.now() - 3600_000) })
    .where('id', '=', device.id)
    .execute();
  // An expired certificate of another worker of the enterprise.
  const place = (
    await db.selectFrom('sites').select('region_code').where('id', '=', w.ids.site).executeTakeFirstOrThrow()
  ).region_code;
  await addWorker(db, t.deps.secrets, {
    enterpriseId: w.ids.enterprise,
    regionCode: place,
    name: `${tag}李四`,
    certificate: { category: 'EM-02', issuedOn: '2019-01-01', expiresOn: '2025-01-01' },
  });
  // An unfinished inspection the inspector is on.
  const inspector = await userId(w.users.inspector);
  const insp = await db
    .insertInto('inspections')
    .values({
      number: `${tag}-JC-0001`,
      kind: 'routine',
      status: 'in_progress',
      region_code: place,
      home_region_code: place.slice(0, 6),
      target_kind: 'enterprise',
      enterprise_id: w.ids.enterprise,
      target: JSON.stringify({ name: `${tag} 被检查企业` }),
      created_by: inspector,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('inspection_members')
    .values({
      inspection_id: insp.id,
      user_id: inspector,
      role: 'leader',
      display_name: 'x',
      home_region_code: place.slice(0, 6),
    })
    .execute();
  return { submitted, overdue, open, alarm: alarm.id, device: device.id, inspection: insp.id };
}

beforeAll(async () => {
  t = await createTestApp();
  await ensureShippedRules(t.deps.database.db);
  home = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Xinbei' });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '340111', tag: 'Baohe' });
  for (const [w, prefix] of [
    [home, ''],
    [foreign, 'f.'],
  ] as const)
    for (const role of [
      'inspector',
      'leader',
      'duty_officer',
      'enterprise_manager',
      'worker',
      'admin',
    ] as const)
      c[prefix + role] = client(t.app, await login(t.app, w.users[role]));
  const h = await seedWorld(home, 'XB', await login(t.app, home.users.inspector));
  const f = await seedWorld(foreign, 'BH', await login(t.app, foreign.users.inspector));
  for (const [k, v] of Object.entries(h)) ids[k] = v;
  for (const [k, v] of Object.entries(f)) ids[`f.${k}`] = v;
}, 120_000);
afterAll(() => t?.close());

async function bench(who: string) {
  const res = await c[who].get('/api/workbench');
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as Workbench;
  expectShape(Workbench, body);
  return body;
}
const sectionOf = (w: Workbench, key: WorkbenchSection['key']) => {
  const s = w.sections.find((x) => x.key === key);
  if (!s) throw new Error(`no section ${key} in ${w.sections.map((x) => x.key).join(', ')}`);
  return s;
};
const itemIds = (s: WorkbenchSection) => s.items.map((i) => i.id);

describe('inspector', () => {
  it('reviews due, overdue rectifications and drafts of their jurisdiction only, with the filtered list links', async () => {
    const w = await bench('inspector');
    expect(w.role).toBe('inspector');
    expect(w.dashboard).toBeNull();
    expect(w.sections.map((s) => s.key)).toEqual([
      'tasks_today',
      'group_tasks',
      'drafts',
      'reviews_due',
      'overdue_to_check',
    ]);
    const review = sectionOf(w, 'reviews_due');
    expect(review).toMatchObject({ count: 1, capped: false, link: '/hazards?tab=submitted' });
    expect(itemIds(review)).toEqual([ids.submitted]);
    const overdue = sectionOf(w, 'overdue_to_check');
    expect(overdue).toMatchObject({ count: 1, link: '/hazards?tab=overdue' });
    expect(overdue.items[0]).toMatchObject({ id: ids.overdue, tone: 'danger', status: 'overdue' });
    const drafts = sectionOf(w, 'drafts');
    expect(drafts.count).toBe(1);
    expect(drafts.items[0]).toMatchObject({ id: ids.inspection, link: `/inspections/${ids.inspection}` });
  });

  it('another jurisdiction’s inspector sees only their own records', async () => {
    const w = await bench('f.inspector');
    expect(itemIds(sectionOf(w, 'reviews_due'))).toEqual([ids['f.submitted']]);
    expect(itemIds(sectionOf(w, 'overdue_to_check'))).toEqual([ids['f.overdue']]);
    expect(itemIds(sectionOf(w, 'drafts'))).toEqual([ids['f.inspection']]);
  });

  it('counts match the totals of the lists the links open', async () => {
    const w = await bench('inspector');
    const list = await c.inspector.get('/api/hazards/rectification?status=submitted&pageSize=1');
    expect(sectionOf(w, 'reviews_due').count).toBe(list.json().total);
    const od = await c.inspector.get('/api/hazards/rectification?overdue=true&pageSize=1');
    expect(sectionOf(w, 'overdue_to_check').count).toBe(od.json().total);
  });
});

describe('duty officer', () => {
  it('open alarms by severity, offline devices; nothing of the other jurisdiction', async () => {
    const w = await bench('duty_officer');
    const open = sectionOf(w, 'open_alarms');
    expect(open.count).toBe(1);
    expect(itemIds(open)).toEqual([ids.alarm]);
    expect(open.breakdown).toEqual([{ key: 'critical', count: 1, link: '/offsite?severity=critical' }]);
    expect(open.items[0]).toMatchObject({ title: 'gas_leak', status: 'critical', tone: 'danger' });
    const offline = sectionOf(w, 'devices_offline');
    expect(offline.count).toBe(1);
    expect(itemIds(offline)).toEqual([ids.device]);
    expect(sectionOf(w, 'handoffs_waiting').count).toBe(0);
  });

  it('a verified alarm waits for its hand-over', async () => {
    await t.deps.database.db
      .updateTable('alarms')
      .set({ status: 'verified', verdict: 'real', verified_at: new Date() })
      .where('id', '=', ids.alarm)
      .execute();
    try {
      const w = await bench('duty_officer');
      const waiting = sectionOf(w, 'handoffs_waiting');
      expect(waiting.count).toBe(1);
      expect(waiting.items[0]).toMatchObject({ id: ids.alarm, status: 'verified', tone: 'warning' });
      expect(sectionOf(await bench('f.duty_officer'), 'handoffs_waiting').count).toBe(0);
    } finally {
      await t.deps.database.db
        .updateTable('alarms')
        .set({ status: 'new', verdict: null, verified_at: null })
        .where('id', '=', ids.alarm)
        .execute();
    }
  });
});

describe('enterprise safety manager', () => {
  it('their open hazards by deadline (overdue first, flagged), alarms at their sites, due certificates', async () => {
    const w = await bench('enterprise_manager');
    expect(w.dashboard).toBeNull();
    const mine = sectionOf(w, 'my_hazards');
    expect(mine.count).toBe(3); // submitted, overdue, ordered: all open
    expect(mine.items[0]).toMatchObject({ id: ids.overdue, tone: 'danger' });
    expect(mine.breakdown).toEqual([{ key: 'overdue', count: 1, link: '/hazards?tab=overdue' }]);
    expect(itemIds(mine)).not.toContain(ids['f.overdue']);
    expect(itemIds(sectionOf(w, 'site_alarms'))).toEqual([ids.alarm]);
    const certs = sectionOf(w, 'certificates_due');
    // the expired one first (by expiry), then the world's welder, whose review is due (2027-01-10)
    expect(certs.count).toBe(2);
    expect(certs.items.map((i) => i.status)).toEqual(['expired', 'review_due']);
    expect(certs.items[0]).toMatchObject({ tone: 'danger' });
    expect(certs.items[0].title).toContain('XB李四');
    expect(sectionOf(w, 'unread_notifications').link).toBe('');
  });

  it('another enterprise’s manager sees none of these', async () => {
    const w = await bench('f.enterprise_manager');
    expect(itemIds(sectionOf(w, 'my_hazards'))).not.toContain(ids.overdue);
    expect(itemIds(sectionOf(w, 'site_alarms'))).toEqual([ids['f.alarm']]);
    expect(
      sectionOf(w, 'certificates_due')
        .items.map((i) => i.title)
        .join(),
    ).not.toContain('XB');
  });
});

describe('worker', () => {
  it('their own certificates only', async () => {
    const w = await bench('worker');
    const certs = sectionOf(w, 'my_certificates');
    expect(certs.count).toBe(1);
    expect(certs.items[0]).toMatchObject({ id: home.ids.certificate, status: 'review_due', tone: 'warning' });
    expect(certs.link).toBe(`/registry/workers/${home.ids.worker}`);
    expect(w.sections.map((s) => s.key)).toEqual(['my_certificates', 'my_site']);
    expect(w.dashboard).toBeNull();
  });
});

describe('leader', () => {
  it('this month’s figures of their jurisdiction, the same as the dashboard', async () => {
    const w = await bench('leader');
    expect(w.sections).toEqual([]);
    expect(w.dashboard).not.toBeNull();
    const d = (await c.leader.get('/api/dashboard')).json();
    expect(w.dashboard!.figures).toEqual(d.figures);
    expect(w.dashboard!.figures.enterprises).toBe(1); // the foreign world's enterprise is not counted
  });
});

it('answers 401 without a session', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/workbench' });
  expect(res.statusCode).toBe(401);
});
