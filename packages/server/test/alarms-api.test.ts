import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import {
  addWorker,
  readingEvent,
  recentWorkingHour,
  registerDevice,
  sendEvents,
  weldingEvent,
} from './helpers/devices.ts';
import { runAlarmClock } from '../src/modules/devices/jobs.ts';
import { deviceServices } from '../src/modules/devices/ingest/services.ts';
import { weldingSnapshot } from '../src/modules/devices/simulator/png.ts';

/** Alarm lifecycle, evidence, stats, rules, clock jobs, snapshots and the ISAPI adapter, over HTTP. */
let t: TestApp;
let a: World;
let inspector: string;
let coInspector: string;
let duty: string;
let manager: string;
let camera: { id: string; code: string; token: string };
// 08:00 local at least 6 h ago: later incidents at +1…+5 h stay inside the permitted hot-work hours and in the past.
const when = recentWorkingHour(8, 6 * 60);

async function newWeldingAlarm(eventId: string, at = when) {
  const res = await sendEvents(t.app, camera.token, [weldingEvent(camera.code, eventId, at)]);
  expect(res.json().accepted, res.body).toBe(1);
  const list = await t.app.inject({
    url: `/api/alarms?deviceId=${camera.id}&type=uncertified_special_operation&sort=createdAt&order=desc`,
    headers: { cookie: duty },
  });
  return list.json().items[0];
}
const act = (id: string, action: string, cookie = duty, note?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/alarms/${id}/actions`,
    headers: { cookie },
    payload: { action, ...(note && { note }) },
  });

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  inspector = await login(t.app, a.users.inspector);
  coInspector = await login(t.app, a.coInspector);
  duty = await login(t.app, a.users.duty_officer);
  manager = await login(t.app, a.users.enterprise_manager);
  const w = await addWorker(t.deps.database.db, t.deps.secrets, {
    enterpriseId: a.ids.enterprise,
    regionCode: '310116501',
    name: '钱无证',
  });
  camera = await registerDevice(t.app, inspector, {
    code: 'JS-CAM-A01',
    name: '焊接车间摄像机',
    kind: 'ai_camera',
    siteId: a.ids.site,
  });
  await t.app.inject({
    method: 'POST',
    url: `/api/sites/${a.ids.site}/attendance`,
    headers: { cookie: inspector },
    payload: { workerId: w, direction: 'in', at: new Date(when.getTime() - 3_600_000).toISOString() },
  });
});
afterAll(() => t?.close());

describe('alarm lifecycle over the API', () => {
  it('new → acknowledged → verified real → dispatched (hazard) → closed, each step in the history', async () => {
    const alarm = await newWeldingAlarm('lc-1');
    expect(alarm.allowedActions).toEqual(['acknowledge', 'escalate', 'verify_real', 'mark_false_positive']);
    const ack = await act(alarm.id, 'acknowledge');
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { name: expect.any(String) },
    });
    expect((await act(alarm.id, 'acknowledge')).json().error.code).toBe('ILLEGAL_TRANSITION');
    const verified = await act(alarm.id, 'verify_real', duty, '视频复核确认');
    expect(verified.json()).toMatchObject({ status: 'verified', verdict: 'real' });
    // A duty officer issues no documents: their path to enforcement is the hand-over to an officer.
    expect(verified.json().allowedActions).toEqual(['mark_false_positive', 'dispatch', 'close', 'hand_over']);
    const dispatched = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${alarm.id}/dispatch`,
      headers: { cookie: duty },
      payload: { kind: 'hazard', note: '转隐患' },
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect(dispatched.json()).toMatchObject({
      status: 'dispatched',
      disposition: { kind: 'hazard', by: { name: expect.any(String) }, refId: expect.any(String) },
    });
    const hazard = await t.deps.database.db
      .selectFrom('hazards')
      .selectAll()
      .where('id', '=', dispatched.json().disposition.refId)
      .executeTakeFirstOrThrow();
    expect(hazard).toMatchObject({
      source: 'alarm',
      grade: 'major',
      status: 'reported',
      site_id: a.ids.site,
      enterprise_id: a.ids.enterprise,
    });
    expect(hazard.description).toContain('钱无证');
    expect(dispatched.json().allowedActions).toEqual(['close']);
    const closed = await act(alarm.id, 'close', duty, '已处置');
    expect(closed.json().status).toBe('closed');
    const history = await t.app.inject({ url: `/api/alarms/${alarm.id}/history`, headers: { cookie: duty } });
    expect(history.json().map((h: any) => [h.action, h.toStatus])).toEqual([
      ['raised', 'new'],
      ['acknowledge', 'acknowledged'],
      ['verify_real', 'verified'],
      ['dispatch', 'dispatched'],
      ['close', 'closed'],
    ]);
    const audit = await t.deps.database.db
      .selectFrom('audit_entries')
      .select('action')
      .where('subject_id', '=', alarm.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((r) => r.action)).toEqual([
      'alarm.raise',
      'alarm.acknowledge',
      'alarm.verify_real',
      'alarm.dispatch',
      'alarm.close',
    ]);
  });

  it('off-site enforcement: issues the pre-filled rectification order and on-site treatment decision, all or nothing', async () => {
    const later = new Date(when.getTime() + 5 * 3_600_000);
    const alarm = await newWeldingAlarm('enf-1', later);
    expect((await act(alarm.id, 'verify_real')).json().status).toBe('verified');
    // A duty officer may not sign the rectification order (template issuer roles): nothing is issued, nothing changes.
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${alarm.id}/enforcement`,
      headers: { cookie: duty },
      payload: { documents: ['rectification_order', 'treatment_decision'] },
    });
    expect(refused.statusCode, refused.body).toBe(403);
    const hazardsBefore = await t.deps.database.db
      .selectFrom('hazards')
      .select('id')
      .where('source', '=', 'alarm')
      .execute();
    expect(
      (await t.app.inject({ url: `/api/alarms/${alarm.id}`, headers: { cookie: duty } })).json().status,
    ).toBe('verified');
    // The inspector names a certified colleague (Administrative Penalty Law 2021 art. 42: two officers).
    const coId = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: coInspector } })).json().id;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${alarm.id}/enforcement`,
      headers: { cookie: inspector },
      payload: {
        documents: ['rectification_order', 'treatment_decision'],
        note: '非现场执法',
        coOfficerId: coId,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { alarm: after, documents } = res.json();
    expect(documents.map((d: any) => d.kind)).toEqual(['rectification_order', 'treatment_decision']);
    // drafts until the colleague confirms; then the inspector issues them
    expect(documents.map((d: any) => d.status)).toEqual(['draft', 'draft']);
    expect(after).toMatchObject({ status: 'dispatched', disposition: { kind: 'enforcement', documents } });
    for (const d of documents) {
      const confirmed = await t.app.inject({
        method: 'POST',
        url: `/api/documents/${d.id}/officers/confirm`,
        headers: { cookie: coInspector },
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      const issued = await t.app.inject({
        method: 'POST',
        url: `/api/documents/${d.id}/issue`,
        headers: { cookie: inspector },
      });
      expect(issued.statusCode, issued.body).toBe(200);
      d.number = issued.json().number;
    }
    expect(documents[0].number).toMatch(/责改/);
    expect(documents[1].number).toMatch(/现决/);
    const hazard = await t.deps.database.db
      .selectFrom('hazards')
      .selectAll()
      .where('id', '=', after.disposition.refId)
      .executeTakeFirstOrThrow();
    expect(hazard.status).toBe('rectification_ordered');
    expect(
      (await t.deps.database.db.selectFrom('hazards').select('id').where('source', '=', 'alarm').execute())
        .length,
    ).toBe(hazardsBefore.length + 1);
    const doc = await t.app.inject({
      url: `/api/documents/${documents[1].id}`,
      headers: { cookie: inspector },
    });
    expect(doc.json().facts.findingsText).toContain('钱无证未持有焊接与热切割作业操作证');
    expect(doc.json().alarmId).toBe(alarm.id);
    const pdf = await t.app.inject({ url: documents[0].pdfUrl, headers: { cookie: inspector } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${alarm.id}/enforcement`,
      headers: { cookie: inspector },
      payload: { documents: ['treatment_decision'] },
    });
    expect(again.statusCode).toBe(409);
  });

  it('a false positive in one click from new; it feeds the false-positive rate of the rule and the device', async () => {
    // A new incident: after dedup + cool-down of the welding rule.
    const later = new Date(when.getTime() + 1 * 3_600_000);
    const alarm = await newWeldingAlarm('lc-2', later);
    const fp = await act(alarm.id, 'mark_false_positive', duty, '画面为切割机火花，非焊接');
    expect(fp.json()).toMatchObject({
      status: 'false_positive',
      verdict: 'false_positive',
      acknowledgedBy: { name: expect.any(String) },
    });
    const stats = await t.app.inject({ url: '/api/alarms/stats', headers: { cookie: duty } });
    const rule = stats.json().falsePositive.byRule.find((r: any) => r.ruleCode === 'welding-uncertified');
    expect(rule).toMatchObject({ real: 2, falsePositive: 1 });
    expect(rule.rate).toBeCloseTo(1 / 3);
    expect(rule.ratePercent).toBe('33.3'); // rounded down, as displayed
    expect(stats.json().falsePositive.byDevice[0]).toMatchObject({
      deviceCode: camera.code,
      falsePositive: 1,
    });
  });

  it('only regulators act; an enterprise manager sees the alarm of their enterprise but may not handle it', async () => {
    const list = await t.app.inject({ url: '/api/alarms', headers: { cookie: manager } });
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBeGreaterThan(0);
    expect(list.json().items[0].allowedActions).toEqual([]);
    const r = await act(list.json().items[0].id, 'acknowledge', manager);
    expect(r.statusCode).toBe(403);
  });

  it('bad input: unknown action 400 naming the field, unknown alarm 404, dispatch of an unverified alarm 409', async () => {
    const later = new Date(when.getTime() + 2 * 3_600_000);
    const alarm = await newWeldingAlarm('lc-3', later);
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${alarm.id}/actions`,
      headers: { cookie: duty },
      payload: { action: 'explode' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION');
    const extra = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${alarm.id}/actions`,
      headers: { cookie: duty },
      payload: { action: 'acknowledge', x: 1 },
    });
    expect(extra.statusCode).toBe(400);
    expect((await act(randomUUID(), 'acknowledge')).statusCode).toBe(404);
    const notUuid = await t.app.inject({ url: '/api/alarms/not-a-uuid', headers: { cookie: duty } });
    expect(notUuid.statusCode).toBe(400);
    const early = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${alarm.id}/dispatch`,
      headers: { cookie: duty },
      payload: { kind: 'inspection' },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('ILLEGAL_TRANSITION');
    const badFilter = await t.app.inject({ url: '/api/alarms?severity=LOUD', headers: { cookie: duty } });
    expect(badFilter.statusCode).toBe(400);
  });

  it('filters by status, severity, type and site', async () => {
    const q = async (qs: string) =>
      (await t.app.inject({ url: `/api/alarms?${qs}`, headers: { cookie: duty } })).json();
    expect((await q('status=closed')).items.every((x: any) => x.status === 'closed')).toBe(true);
    expect(
      (await q('status=open')).items.every((x: any) =>
        ['new', 'escalated', 'acknowledged', 'verified'].includes(x.status),
      ),
    ).toBe(true);
    expect((await q('severity=critical')).total).toBe(0);
    expect((await q('type=uncertified_special_operation')).total).toBe(4);
    expect((await q(`siteId=${a.ids.site}&sort=severity`)).total).toBe(4);
  });

  it('the enforcement preview pre-fills both documents from the alarm’s evidence', async () => {
    const later = new Date(when.getTime() + 3 * 3_600_000);
    const alarm = await newWeldingAlarm('lc-4', later);
    const res = await t.app.inject({ url: `/api/alarms/${alarm.id}/enforcement`, headers: { cookie: duty } });
    expect(res.statusCode, res.body).toBe(200);
    const [order, decision] = res.json().drafts;
    expect(order.kind).toBe('rectification_order');
    expect(order.fields.subjectName).toContain('测试机械有限公司');
    expect(order.fields.hazards[0].title).toContain('未取得相应资格');
    expect(order.fields.hazards[0].descriptionSuffix).toContain('钱无证');
    expect(order.fields.inspectionText).toContain(alarm.number);
    expect(decision.kind).toBe('treatment_decision');
    expect(decision.fields.findingsText).toContain('钱无证未持有焊接与热切割作业操作证');
    expect(decision.fields.measures[0].text).toContain('停止');
    // issuing needs a verified alarm first
    const early = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${alarm.id}/enforcement`,
      headers: { cookie: inspector },
      payload: { documents: ['treatment_decision'] },
    });
    expect(early.statusCode).toBe(409);
  });
});

describe('the alarm clock', () => {
  it('escalates an alarm nobody acknowledged within the limit', async () => {
    const later = new Date(when.getTime() + 4 * 3_600_000);
    const alarm = await newWeldingAlarm('clk-1', later);
    const services = deviceServices(t.deps);
    await runAlarmClock(services, new Date(Date.now() + (t.deps.config.ALARM_ESCALATE_MINUTES + 1) * 60_000));
    const after = (await t.app.inject({ url: `/api/alarms/${alarm.id}`, headers: { cookie: duty } })).json();
    expect(after.status).toBe('escalated');
    expect(after.escalatedAt).not.toBeNull();
    expect(after.allowedActions).toContain('acknowledge');
  });

  it('raises "device offline" once for a silent device, and ends it when the device speaks again', async () => {
    // On a site of its own: the site's other devices going offline at the same tick would fold it into their alarm.
    const own = await t.deps.database.db
      .insertInto('sites')
      .values({
        name: '气瓶库',
        kind: 'warehouse',
        enterprise_id: a.ids.enterprise,
        region_code: '310116501',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const gas = await registerDevice(t.app, inspector, {
      code: 'JS-GAS-A02',
      name: '可燃气体探测器',
      kind: 'combustible_gas_sensor',
      siteId: own.id,
      heartbeatSeconds: 30,
    });
    await sendEvents(t.app, gas.token, [
      readingEvent(gas.code, 'g-1', new Date(Date.now() - 60_000), { gas_lel: 1 }),
    ]);
    const services = deviceServices(t.deps);
    await runAlarmClock(services, new Date(Date.now() + 10 * 60_000));
    await runAlarmClock(services, new Date(Date.now() + 20 * 60_000));
    const list = async () =>
      (await t.app.inject({ url: `/api/alarms?deviceId=${gas.id}`, headers: { cookie: duty } })).json().items;
    const [offline] = await list();
    expect(await list()).toHaveLength(1);
    expect(offline).toMatchObject({ type: 'device_offline', conditionEndedAt: null });
    const device = await t.app.inject({ url: `/api/devices/${gas.id}`, headers: { cookie: duty } });
    expect(device.json().status).toBe('offline');
    await sendEvents(t.app, gas.token, [readingEvent(gas.code, 'g-2', new Date(), { gas_lel: 1 })]);
    expect((await list())[0].conditionEndedAt).not.toBeNull();
    expect(
      (await t.app.inject({ url: `/api/devices/${gas.id}`, headers: { cookie: duty } })).json().status,
    ).toBe('online');
  });
});

describe('snapshots and the camera-alarm adapter', () => {
  it('a camera uploads a snapshot, refers to it in an event, and the alarm serves it only to those who may see the alarm', async () => {
    const cam = await registerDevice(t.app, inspector, {
      code: 'JS-CAM-S01',
      name: '抓拍摄像机',
      kind: 'ai_camera',
      siteId: a.ids.site,
    });
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/snapshots',
      headers: { authorization: `Bearer ${cam.token}`, 'content-type': 'image/png' },
      payload: weldingSnapshot(3),
    });
    expect(up.statusCode, up.body).toBe(201);
    const ref = up.json().ref;
    expect(ref).toMatch(/^snapshot:/);
    const notImage = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/snapshots',
      headers: { authorization: `Bearer ${cam.token}`, 'content-type': 'image/png' },
      payload: Buffer.from('hello, not a png'),
    });
    expect(notImage.statusCode).toBe(415);
    await sendEvents(t.app, cam.token, [weldingEvent(cam.code, 's-1', when, 0.95, ref)]);
    const [alarm] = (
      await t.app.inject({ url: `/api/alarms?deviceId=${cam.id}`, headers: { cookie: duty } })
    ).json().items;
    const img = await t.app.inject({ url: alarm.evidence.snapshotUrl, headers: { cookie: duty } });
    expect(img.statusCode).toBe(200);
    expect(img.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
    const foreign = await login(t.app, b.users.duty_officer);
    expect(
      (await t.app.inject({ url: alarm.evidence.snapshotUrl, headers: { cookie: foreign } })).statusCode,
    ).toBe(404);
  });

  it('maps a Hikvision-ISAPI-like hot-work alert to a detection event', async () => {
    const cam = await registerDevice(t.app, inspector, {
      code: 'JS-CAM-H01',
      name: 'ISAPI 摄像机',
      kind: 'ai_camera',
      siteId: a.ids.site,
    });
    const alert = {
      ipAddress: '172.16.3.21',
      channelID: 1,
      dateTime: new Date(when.getTime() + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00',
      activePostCount: 42,
      eventType: 'hotWork',
      eventState: 'active',
      targets: [{ label: 'welding', confidence: 93, rect: { x: 0.41, y: 0.38, width: 0.12, height: 0.22 } }],
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/adapters/isapi',
      headers: { authorization: `Bearer ${cam.token}` },
      payload: alert,
    });
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const [ev] = (
      await t.app.inject({ url: `/api/devices/${cam.id}/events`, headers: { cookie: duty } })
    ).json().items;
    expect(ev).toMatchObject({
      type: 'detection',
      detections: [{ type: 'welding', confidence: 0.93, box: { x: 0.41, y: 0.38, w: 0.12, h: 0.22 } }],
    });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/adapters/isapi',
      headers: { authorization: `Bearer ${cam.token}` },
      payload: alert,
    });
    expect(again.json().duplicates).toBe(1);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/adapters/isapi',
      headers: { authorization: `Bearer ${cam.token}` },
      payload: { ...alert, eventType: 'faceSnap' },
    });
    expect(unknown.json().rejected[0].code).toBe('UNMAPPED_EVENT_TYPE');
  });
});

describe('alarm rules as data, with versions', () => {
  it('lists the rules in force and adds a version that applies at once while old alarms keep theirs', async () => {
    const admin = await login(t.app, a.users.admin);
    const rules = await t.app.inject({ url: '/api/alarm-rules', headers: { cookie: duty } });
    expect(rules.json().map((r: any) => r.code)).toEqual(
      expect.arrayContaining(['welding-uncertified', 'gas-leak', 'device-offline']),
    );
    const gas = rules.json().find((r: any) => r.code === 'gas-leak');
    const {
      code: _c,
      version: _v,
      active: _a,
      source: _s,
      createdAt: _t,
      createdBy: _b,
      scope: _sc,
      overriddenIn: _o,
      appliesToCaller: _ap,
      ...body
    } = gas;
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/alarm-rules/gas-leak/versions',
      headers: { cookie: admin },
      payload: { ...body, trigger: { ...body.trigger, clearAt: 40 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('trigger.clearAt');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/alarm-rules/gas-leak/versions',
          headers: { cookie: duty },
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
    const v2 = await t.app.inject({
      method: 'POST',
      url: '/api/alarm-rules/gas-leak/versions',
      headers: { cookie: admin },
      payload: {
        ...body,
        trigger: { ...body.trigger, match: { ...body.trigger.match, value: 20 }, clearAt: 15 },
      },
    });
    expect(v2.statusCode, v2.body).toBe(201);
    // A county administrator's version is the county's override; the national version stays in force elsewhere.
    expect(v2.json()).toMatchObject({
      code: 'gas-leak',
      version: 2,
      active: true,
      source: 'edited',
      scope: { regionCode: '310116', level: 'district' },
      appliesToCaller: true,
    });
    const versions = await t.app.inject({ url: '/api/alarm-rules/gas-leak', headers: { cookie: duty } });
    expect(versions.json().map((r: any) => [r.version, r.active, r.scope.regionCode])).toEqual([
      [2, true, '310116'],
      [1, true, ''],
    ]);
    // The new limit applies to the next events at once (the rules cache hears the change).
    const gasDev = await registerDevice(t.app, inspector, {
      code: 'JS-GAS-V02',
      name: '探测器',
      kind: 'combustible_gas_sensor',
      siteId: a.ids.site,
    });
    await new Promise((r) => setTimeout(r, 200));
    const base = Date.now() - 60_000;
    await sendEvents(
      t.app,
      gasDev.token,
      Array.from({ length: 8 }, (_, i) =>
        readingEvent(gasDev.code, `v-${i}`, new Date(base + i * 2000), { gas_lel: 22 }),
      ),
    );
    const [alarm] = (
      await t.app.inject({ url: `/api/alarms?deviceId=${gasDev.id}`, headers: { cookie: duty } })
    ).json().items;
    expect(alarm.rule).toMatchObject({ code: 'gas-leak', version: 2 });
    expect(
      (await t.app.inject({ url: '/api/alarm-rules/no-such-rule', headers: { cookie: duty } })).statusCode,
    ).toBe(404);
  });
});
