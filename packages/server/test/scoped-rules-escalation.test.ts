import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { readingEvent, registerDevice, sendEvents } from './helpers/devices.ts';
import { deliverDueWebhooks } from '../src/modules/webhooks/deliver.ts';
import { deviceServices } from '../src/modules/devices/ingest/index.ts';

/**
 * Issue 11 — scoped alarm rules (a district override applies in the district only, invisible to
 * another province), escalation that reaches leaders and group-robot webhooks (retried, recorded,
 * never in the request), and refused events seen by the operations centre of the devices' own
 * jurisdiction.
 */
let t: TestApp;
let js: World; // Jinshan District, Shanghai (310116)
let xh: World; // Xihu District, Hangzhou, Zhejiang (330106)
let jsLeader: string;
let jsAdmin: string;
let jsDuty: string;
let jsInspector: string;
let xhLeader: string;
let xhDuty: string;

const RESPONSE_FIELDS = [
  'code',
  'version',
  'active',
  'source',
  'createdAt',
  'createdBy',
  'scope',
  'overriddenIn',
  'appliesToCaller',
];
const bodyOf = (rule: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(rule).filter(([k]) => !RESPONSE_FIELDS.includes(k)));

async function rules(cookie: string) {
  const r = await t.app.inject({ url: '/api/alarm-rules', headers: { cookie } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Array<Record<string, any>>;
}

async function gasAlarmsAfter(world: World, cookie: string, code: string, lel: number) {
  const dev = await registerDevice(t.app, cookie, {
    code,
    name: '可燃气体探测器',
    kind: 'combustible_gas_sensor',
    siteId: world.ids.site,
  });
  const base = Date.now() - 120_000;
  const res = await sendEvents(
    t.app,
    dev.token,
    Array.from({ length: 10 }, (_, i) =>
      readingEvent(dev.code, `${code}-${i}`, new Date(base + i * 2000), { gas_lel: lel }),
    ),
  );
  expect(res.statusCode, res.body).toBe(200);
  const list = await t.app.inject({ url: `/api/alarms?deviceId=${dev.id}`, headers: { cookie } });
  return list.json().items as Array<Record<string, any>>;
}

beforeAll(async () => {
  t = await createTestApp();
  js = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116103',
    tag: 'Jinshan',
  });
  xh = await createWorld(t.deps.database.db, t.deps.secrets, { county: '330106', tag: 'Xihu' });
  jsLeader = await login(t.app, js.users.leader);
  jsAdmin = await login(t.app, js.users.admin);
  jsDuty = await login(t.app, js.users.duty_officer);
  jsInspector = await login(t.app, js.users.inspector);
  xhLeader = await login(t.app, xh.users.leader);
  xhDuty = await login(t.app, xh.users.duty_officer);
});
afterAll(() => t?.close());

describe('scoped alarm rules', () => {
  it('a district leader overrides a rule for the district only: another province neither sees nor is judged by it', async () => {
    const national = (await rules(jsLeader)).find((r) => r.code === 'gas-leak')!;
    expect(national.scope).toEqual({ regionCode: '', regionName: null, level: 'national' });
    expect(national.appliesToCaller).toBe(true);

    // Not for inspectors or duty officers.
    const body = bodyOf(national) as any;
    const lower = {
      ...body,
      trigger: { ...body.trigger, match: { ...body.trigger.match, value: 15 }, clearAt: 10 },
    };
    for (const cookie of [jsInspector, jsDuty]) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/alarm-rules/gas-leak/versions',
        headers: { cookie },
        payload: lower,
      });
      expect(r.statusCode).toBe(403);
    }
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/alarm-rules/gas-leak/versions',
      headers: { cookie: jsLeader },
      payload: lower,
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({
      code: 'gas-leak',
      active: true,
      source: 'edited',
      scope: { regionCode: '310116', level: 'district' },
      appliesToCaller: true,
    });
    const overrideVersion = made.json().version;

    // Jinshan sees both: the national version (overridden in Jinshan) and the override.
    const mine = (await rules(jsLeader)).filter((r) => r.code === 'gas-leak');
    expect(mine.map((r) => [r.scope.regionCode, r.appliesToCaller])).toEqual([
      ['', false],
      ['310116', true],
    ]);
    expect(mine[0].overriddenIn).toEqual([
      { regionCode: '310116', regionName: expect.any(String), level: 'district' },
    ]);

    // Zhejiang sees only the national version, in force for them, overridden nowhere they can see.
    const theirs = (await rules(xhLeader)).filter((r) => r.code === 'gas-leak');
    expect(theirs.map((r) => [r.scope.regionCode, r.version, r.appliesToCaller, r.overriddenIn])).toEqual([
      ['', national.version, true, []],
    ]);
    const history = await t.app.inject({ url: '/api/alarm-rules/gas-leak', headers: { cookie: xhLeader } });
    expect(history.json().map((r: any) => r.version)).not.toContain(overrideVersion);

    // Ingest judges each device by the version of its region: 18 % LEL is an alarm in Jinshan only.
    const inJinshan = await gasAlarmsAfter(js, jsInspector, 'JS-GAS-S1', 18);
    expect(inJinshan).toHaveLength(1);
    expect(inJinshan[0].rule).toMatchObject({ code: 'gas-leak', version: overrideVersion });
    const inXihu = await gasAlarmsAfter(xh, await login(t.app, xh.users.inspector), 'XH-GAS-S1', 18);
    expect(inXihu).toHaveLength(0);
    // Above the national limit Xihu alarms under the national version.
    const xhHigh = await gasAlarmsAfter(xh, await login(t.app, xh.users.inspector), 'XH-GAS-S2', 30);
    expect(xhHigh[0].rule).toMatchObject({ code: 'gas-leak', version: national.version });
  });

  it("one leader cannot touch another jurisdiction's override; retiring one's own falls back to the version above", async () => {
    // Xihu has no override to retire (Jinshan's is not theirs): 404.
    const r1 = await t.app.inject({
      method: 'DELETE',
      url: '/api/alarm-rules/gas-leak/override',
      headers: { cookie: xhLeader },
    });
    expect(r1.statusCode).toBe(404);
    // Xihu's own override stays in Xihu; Jinshan's is unchanged.
    const national = (await rules(xhLeader)).find((r) => r.code === 'gas-leak')!;
    const xhBody = bodyOf(national) as any;
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/alarm-rules/gas-leak/versions',
      headers: { cookie: xhLeader },
      payload: { ...xhBody, severity: 'high' },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().scope.regionCode).toBe('330106');
    const jsView = (await rules(jsLeader)).filter((r) => r.code === 'gas-leak');
    expect(jsView.map((r) => r.scope.regionCode)).toEqual(['', '310116']);
    expect(jsView[1].severity).toBe('critical');

    // Jinshan retires its override: Jinshan is judged by the national version again.
    const gone = await t.app.inject({
      method: 'DELETE',
      url: '/api/alarm-rules/gas-leak/override',
      headers: { cookie: jsLeader },
    });
    expect(gone.statusCode, gone.body).toBe(204);
    const after = (await rules(jsLeader)).filter((r) => r.code === 'gas-leak');
    expect(after.map((r) => [r.scope.regionCode, r.appliesToCaller])).toEqual([['', true]]);
    expect(await gasAlarmsAfter(js, jsInspector, 'JS-GAS-S2', 18)).toHaveLength(0);
    // Every version stays on record.
    const history = await t.app.inject({ url: '/api/alarm-rules/gas-leak', headers: { cookie: jsLeader } });
    expect(history.json().map((r: any) => [r.scope.regionCode, r.active])).toEqual([
      ['310116', false],
      ['', true],
    ]);
    const audit = await t.deps.database.db
      .selectFrom('audit_entries')
      .select(['action', 'region_code'])
      .where('subject_type', '=', 'alarm_rule')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'alarm_rule.version', region_code: '310116' },
        { action: 'alarm_rule.version', region_code: '330106' },
        { action: 'alarm_rule.retire', region_code: '310116' },
      ]),
    );
  });

  it('a town-level user sets no rules, and an override is of an existing rule', async () => {
    await t.deps.database.db
      .updateTable('users')
      .set({ region_code: '310116103' })
      .where('username', '=', js.users.admin)
      .execute();
    const townAdmin = await login(t.app, js.users.admin);
    const national = (await rules(jsLeader)).find((r) => r.code === 'gas-leak')!;
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/alarm-rules/gas-leak/versions',
      headers: { cookie: townAdmin },
      payload: bodyOf(national),
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toMatch(/province, city or district/);
    await t.deps.database.db
      .updateTable('users')
      .set({ region_code: '310116' })
      .where('username', '=', js.users.admin)
      .execute();
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/alarm-rules/no-such-rule/versions',
      headers: { cookie: jsLeader },
      payload: bodyOf(national),
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('escalation reaches people', () => {
  let server: http.Server;
  let url: string;
  const received: Array<{ body: any; status: number }> = [];
  let failuresLeft = 1;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        const status = failuresLeft-- > 0 ? 500 : 200;
        received.push({ body: JSON.parse(data), status });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 200 ? '{"errcode":0,"errmsg":"ok"}' : '{"errcode":-1,"errmsg":"system busy"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot/send?access_token=secret-token`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('webhooks: http(s) only, addresses shown to administrators only, scoped to their jurisdiction', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks',
      headers: { cookie: jsLeader },
      payload: { name: '钉钉群', url: 'file:///etc/passwd' },
    });
    expect(bad.statusCode).toBe(400);
    const ftp = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks',
      headers: { cookie: jsLeader },
      payload: { name: '钉钉群', url: 'ftp://example.com/x' },
    });
    expect(ftp.statusCode).toBe(400);
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks',
      headers: { cookie: jsLeader },
      payload: { name: '金山应急值守群', url, format: 'text' },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ regionCode: '310116', urlMasked: true, enabled: true });
    expect(made.json().url).not.toContain('secret-token');
    const asAdmin = await t.app.inject({ url: '/api/webhooks', headers: { cookie: jsAdmin } });
    expect(asAdmin.json()[0]).toMatchObject({ url, urlMasked: false });
    expect((await t.app.inject({ url: '/api/webhooks', headers: { cookie: xhLeader } })).json()).toEqual([]);
    expect((await t.app.inject({ url: '/api/webhooks', headers: { cookie: jsDuty } })).statusCode).toBe(403);
    const foreign = await t.app.inject({
      method: 'PATCH',
      url: `/api/webhooks/${made.json().id}`,
      headers: { cookie: xhLeader },
      payload: { enabled: false },
    });
    expect(foreign.statusCode).toBe(404);
    // The audit records the change without the token.
    const audit = await t.deps.database.db
      .selectFrom('audit_entries')
      .select(['details', 'region_code'])
      .where('action', '=', 'webhook.create')
      .executeTakeFirstOrThrow();
    expect(audit.region_code).toBe('310116');
    expect(JSON.stringify(audit.details)).not.toContain('secret-token');
  });

  it('an escalated alarm notifies the leaders of its jurisdiction and goes to the webhook, retried with back-off and recorded', async () => {
    const [alarm] = await gasAlarmsAfter(js, jsInspector, 'JS-GAS-E1', 40);
    expect(alarm.status).toBe('new');
    const esc = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${alarm.id}/actions`,
      headers: { cookie: jsDuty },
      payload: { action: 'escalate', note: '值班员无法联系现场' },
    });
    expect(esc.statusCode, esc.body).toBe(200);
    expect(esc.json().status).toBe('escalated');
    // Nothing was sent inside the request: the delivery is queued.
    expect(received).toHaveLength(0);

    const notices = await t.app.inject({ url: '/api/notifications', headers: { cookie: jsLeader } });
    const mine = notices.json().items.filter((n: any) => n.kind === 'alarm_escalated');
    expect(mine).toHaveLength(1);
    expect(mine[0].title).toContain(alarm.number);
    expect(mine[0].link).toContain(alarm.id);
    const xhNotices = await t.app.inject({ url: '/api/notifications', headers: { cookie: xhLeader } });
    expect(xhNotices.json().items.filter((n: any) => n.kind === 'alarm_escalated')).toHaveLength(0);

    // First attempt: the robot answers 500 → failing, next attempt 30 s later.
    const now0 = new Date();
    expect(await deliverDueWebhooks({ ...t.deps, now: () => now0 })).toContain('1 failed');
    expect(received).toHaveLength(1);
    expect(received[0].body).toEqual({
      msgtype: 'text',
      text: { content: expect.stringContaining(alarm.number) },
    });
    expect(received[0].body.text.content).toContain('可燃气体');
    // Not due yet 10 s later.
    expect(await deliverDueWebhooks({ ...t.deps, now: () => new Date(now0.getTime() + 10_000) })).toBe('');
    expect(received).toHaveLength(1);
    // Due after the back-off: delivered.
    expect(await deliverDueWebhooks({ ...t.deps, now: () => new Date(now0.getTime() + 31_000) })).toContain(
      '1 delivered',
    );
    expect(received).toHaveLength(2);

    const hooks = (await t.app.inject({ url: '/api/webhooks', headers: { cookie: jsAdmin } })).json();
    const deliveries = await t.app.inject({
      url: `/api/webhooks/${hooks[0].id}/deliveries`,
      headers: { cookie: jsLeader },
    });
    expect(deliveries.statusCode, deliveries.body).toBe(200);
    const [d] = deliveries.json();
    expect(d).toMatchObject({
      event: 'alarm.escalated',
      subjectId: alarm.id,
      status: 'delivered',
      attempts: 2,
    });
    expect(d.history.map((h: any) => [h.attempt, h.ok, h.statusCode])).toEqual([
      [1, false, 500],
      [2, true, 200],
    ]);
    expect(d.history[0].error).toContain('500');
    // Escalating again is refused (already escalated) and queues nothing more.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${alarm.id}/actions`,
      headers: { cookie: jsDuty },
      payload: { action: 'escalate' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('a failing webhook never blocks ingest or escalation (the robot unreachable, events still committed)', async () => {
    const hooks = (await t.app.inject({ url: '/api/webhooks', headers: { cookie: jsAdmin } })).json();
    await t.app.inject({
      method: 'PATCH',
      url: `/api/webhooks/${hooks[0].id}`,
      headers: { cookie: jsAdmin },
      payload: { url: 'http://127.0.0.1:1/unreachable' },
    });
    const started = performance.now();
    const [alarm] = await gasAlarmsAfter(js, jsInspector, 'JS-GAS-E2', 40);
    const esc = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${alarm.id}/actions`,
      headers: { cookie: jsDuty },
      payload: { action: 'escalate' },
    });
    expect(esc.statusCode).toBe(200);
    expect(performance.now() - started).toBeLessThan(5_000);
    const out = await deliverDueWebhooks(t.deps);
    expect(out).toContain('1 failed');
    const row = await t.deps.database.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('subject_id', '=', alarm.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failing', attempts: 1, last_status_code: null });
    expect(row.last_error).toBeTruthy();
  });
});

describe('refused events for the operations centre', () => {
  it("a district's duty officer and leader see the refusals of their own devices, not another province's", async () => {
    const dev = await registerDevice(t.app, jsInspector, {
      code: 'JS-GAS-R1',
      name: '探测器',
      kind: 'combustible_gas_sensor',
      siteId: js.ids.site,
    });
    // An event from the future is refused with a reason.
    const res = await sendEvents(t.app, dev.token, [
      readingEvent(dev.code, 'r-1', new Date(Date.now() + 3 * 3_600_000), { gas_lel: 1 }),
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json().rejected).toHaveLength(1);
    await deviceServices(t.deps).pipeline.drain(); // refusals are recorded with the next batch
    for (const cookie of [jsDuty, jsLeader]) {
      const r = await t.app.inject({ url: '/api/ingest/rejections', headers: { cookie } });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().items.map((x: any) => x.deviceCode)).toContain('JS-GAS-R1');
    }
    const other = await t.app.inject({ url: '/api/ingest/rejections', headers: { cookie: xhDuty } });
    expect(other.statusCode).toBe(200);
    expect(other.json().items.map((x: any) => x.deviceCode)).not.toContain('JS-GAS-R1');
    // Counters cover every jurisdiction: still the national administrator's only.
    expect((await t.app.inject({ url: '/api/ingest/stats', headers: { cookie: jsDuty } })).statusCode).toBe(
      403,
    );
    // An enterprise manager sees no refusals.
    const mgr = await login(t.app, js.users.enterprise_manager);
    expect((await t.app.inject({ url: '/api/ingest/rejections', headers: { cookie: mgr } })).statusCode).toBe(
      403,
    );
  });
});
