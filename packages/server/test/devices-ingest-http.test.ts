import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { deviceServices } from '../src/modules/devices/ingest/services.ts';
import {
  addSite,
  addWorker,
  readingEvent,
  recentWorkingHour,
  registerDevice,
  sendEvents,
  weldingEvent,
} from './helpers/devices.ts';

/**
 * HTTP ingest end to end: device tokens, the event contract, idempotency, rules, the welding
 * cross-check against attendance and certificates, and the alarm it raises.
 */
let t: TestApp;
let a: World;
let inspector: string;
let duty: string;
let camera: { id: string; code: string; token: string };
let uncertifiedId: string;
const when = recentWorkingHour(10);

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  inspector = await login(t.app, a.users.inspector);
  duty = await login(t.app, a.users.duty_officer);
  uncertifiedId = await addWorker(t.deps.database.db, t.deps.secrets, {
    enterpriseId: a.ids.enterprise,
    regionCode: '310116501',
    name: '王无证',
  });
  camera = await registerDevice(t.app, inspector, {
    code: 'JS-CAM-T01',
    name: '焊接车间东摄像机',
    kind: 'ai_camera',
    siteId: a.ids.site,
  });
  const checkIn = await t.app.inject({
    method: 'POST',
    url: `/api/sites/${a.ids.site}/attendance`,
    headers: { cookie: inspector },
    payload: {
      workerId: uncertifiedId,
      direction: 'in',
      at: new Date(when.getTime() - 3_600_000).toISOString(),
    },
  });
  expect(checkIn.statusCode, checkIn.body).toBe(201);
});
afterAll(() => t?.close());

const alarmsOf = async (cookie: string, query = '') => {
  const res = await t.app.inject({ url: `/api/alarms?pageSize=200${query}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<any>;
};

describe('HTTP ingest: the welding scenario', () => {
  it('a camera sees welding; the worker on duty holds no welding certificate → one "uncertified special operation" alarm naming the facts', async () => {
    const res = await sendEvents(t.app, camera.token, [weldingEvent(camera.code, 'w-0001', when)]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });

    const alarms = await alarmsOf(duty, `&deviceId=${camera.id}`);
    expect(alarms).toHaveLength(1);
    const alarm = alarms[0];
    expect(alarm.type).toBe('uncertified_special_operation');
    expect(alarm.status).toBe('new');
    expect(alarm.rule).toMatchObject({ code: 'welding-uncertified', version: 2 });
    expect(alarm.facts[0]).toMatchObject({ code: 'DETECTED', params: { type: 'welding', confidence: 0.93 } });
    expect(alarm.crossCheck.verdict).toBe('violation');
    expect(alarm.crossCheck.facts).toContainEqual(
      expect.objectContaining({
        code: 'ON_DUTY',
        params: expect.objectContaining({ worker: '王无证', workerId: uncertifiedId }),
      }),
    );
    expect(alarm.crossCheck.facts).toContainEqual(
      expect.objectContaining({
        code: 'UNCERTIFIED_ON_DUTY',
        params: expect.objectContaining({ worker: '王无证', workerId: uncertifiedId }),
      }),
    );
    expect(alarm.site.id).toBe(a.ids.site);
    expect(alarm.enterprise.id).toBe(a.ids.enterprise);
    expect(alarm.evidence.detections[0]).toMatchObject({ type: 'welding' });
    expect(alarm.number).toMatch(/^AL-\d{8}-\d{6}$/);
  });

  it('the same event sent twice is stored once and raises nothing new', async () => {
    const again = await sendEvents(t.app, camera.token, [weldingEvent(camera.code, 'w-0001', when)]);
    expect(again.json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    const twiceInOne = await sendEvents(t.app, camera.token, [
      weldingEvent(camera.code, 'w-0002', when),
      weldingEvent(camera.code, 'w-0002', when),
    ]);
    expect(twiceInOne.json()).toMatchObject({ accepted: 1, duplicates: 1 });
    const stored = await t.deps.database.db
      .selectFrom('device_events')
      .select('event_id')
      .where('device_id', '=', camera.id)
      .execute();
    expect(stored.map((r) => r.event_id).sort()).toEqual(['w-0001', 'w-0002']);
    expect(await alarmsOf(duty, `&deviceId=${camera.id}`)).toHaveLength(1);
  });

  it('more frames of the same welding update the one alarm instead of raising new ones', async () => {
    const frames = Array.from({ length: 20 }, (_, i) =>
      weldingEvent(
        camera.code,
        `w-1${String(i).padStart(3, '0')}`,
        new Date(when.getTime() + (i + 1) * 5000),
      ),
    );
    const res = await sendEvents(t.app, camera.token, frames);
    expect(res.json().accepted).toBe(20);
    const alarms = await alarmsOf(duty, `&deviceId=${camera.id}`);
    expect(alarms).toHaveLength(1);
    expect(alarms[0].eventCount).toBe(22);
    const events = await t.app.inject({
      url: `/api/alarms/${alarms[0].id}/events?pageSize=200`,
      headers: { cookie: duty },
    });
    expect(events.json().total).toBe(22);
  });

  it('a certified welder on duty: the same sight raises no alarm', async () => {
    const site = await addSite(t.deps.database.db, {
      enterpriseId: a.ids.enterprise,
      regionCode: '310116501',
      name: '二号焊接车间',
    });
    const cam = await registerDevice(t.app, inspector, {
      code: 'JS-CAM-T02',
      name: '二号车间摄像机',
      kind: 'ai_camera',
      siteId: site,
    });
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/sites/${site}/attendance`,
      headers: { cookie: inspector },
      payload: {
        workerId: a.ids.worker,
        direction: 'in',
        at: new Date(when.getTime() - 3_600_000).toISOString(),
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await sendEvents(t.app, cam.token, [weldingEvent(cam.code, 'c-1', when)])).json().accepted).toBe(
      1,
    );
    expect(await alarmsOf(duty, `&deviceId=${cam.id}`)).toHaveLength(0);
  });

  it('a gate check-in event puts a worker on duty (attendance over the same contract)', async () => {
    const site = await addSite(t.deps.database.db, {
      enterpriseId: a.ids.enterprise,
      regionCode: '310116501',
      name: '三号焊接车间',
    });
    const gate = await registerDevice(t.app, inspector, {
      code: 'JS-GATE-T03',
      name: '三号车间闸机',
      kind: 'access_gate',
      siteId: site,
    });
    const cam = await registerDevice(t.app, inspector, {
      code: 'JS-CAM-T03',
      name: '三号车间摄像机',
      kind: 'ai_camera',
      siteId: site,
    });
    const welder = await addWorker(t.deps.database.db, t.deps.secrets, {
      enterpriseId: a.ids.enterprise,
      regionCode: '310116501',
      name: '李过期',
      certificate: { category: 'EM-02', issuedOn: '2018-01-10', expiresOn: '2024-01-09' },
    });
    const checkIn = {
      schema: 'redline.event/1',
      eventId: 'g-1',
      deviceId: gate.code,
      time: new Date(when.getTime() - 1_800_000).toISOString(),
      type: 'attendance',
      values: { worker: welder, direction: 'in' },
    };
    expect((await sendEvents(t.app, gate.token, [checkIn])).json().accepted).toBe(1);
    const list = await t.app.inject({ url: `/api/sites/${site}/attendance`, headers: { cookie: inspector } });
    expect(list.json().items.map((r: any) => [r.workerName, r.source, r.checkOutAt])).toEqual([
      ['李过期', 'gate', null],
    ]);
    await sendEvents(t.app, cam.token, [weldingEvent(cam.code, 'e-1', when)]);
    const [alarm] = await alarmsOf(duty, `&deviceId=${cam.id}`);
    expect(alarm.crossCheck.facts).toContainEqual(
      expect.objectContaining({
        code: 'OPERATION_CERTIFICATE_EXPIRED',
        params: expect.objectContaining({ worker: '李过期', expiresOn: '2024-01-09' }),
      }),
    );
  });
});

describe('HTTP ingest: refusing bad input', () => {
  it('needs the device token', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/api/ingest/events', payload: { events: [{}] } });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('DEVICE_UNAUTHENTICATED');
    const wrong = await sendEvents(t.app, 'rld_not-a-token', [{}]);
    expect(wrong.statusCode).toBe(401);
  });

  it('checks each event on its own: bad ones are listed with a reason, good ones stored', async () => {
    const good = readingEvent(camera.code, 'h-ok', when, { temperature_c: 20 });
    const res = await sendEvents(t.app, camera.token, [
      good,
      { ...good, eventId: 'h-1', schema: 'redline.event/2' },
      { ...good, eventId: 'h-2', time: '2026-11-23 10:00:00' },
      { ...good, eventId: 'h-3', extra: 1 },
      { ...good, eventId: 'h-4', deviceId: 'SOMEONE-ELSE' },
      { ...good, eventId: 'h-5', time: new Date(Date.now() + 3_600_000).toISOString() },
      { ...good, eventId: 'h-6', detections: [{ type: 'welding', confidence: 93 }] },
      'not an object',
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: any) => [r.index, r.code])).toEqual([
      [1, 'UNSUPPORTED_SCHEMA'],
      [2, 'SCHEMA'],
      [3, 'SCHEMA'],
      [4, 'DEVICE_MISMATCH'],
      [5, 'TIME_IN_FUTURE'],
      [6, 'SCHEMA'],
      [7, 'SCHEMA'],
    ]);
    expect(body.rejected[1].reason).toMatch(/time/);
    expect(body.rejected[5].reason).toMatch(/confidence/);
  });

  it('refuses a body that is not a batch, naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/events',
      headers: { authorization: `Bearer ${camera.token}` },
      payload: { events: [] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
  });

  it('counts refusals and keeps a sample with reasons, each administrator seeing their own jurisdiction', async () => {
    const db = t.deps.database.db;
    const hash = (
      await db
        .selectFrom('users')
        .select('password_hash')
        .where('username', '=', a.users.admin)
        .executeTakeFirstOrThrow()
    ).password_hash;
    await db
      .insertInto('users')
      .values({
        username: 'national.admin',
        display_name: '全国管理员',
        password_hash: hash,
        role: 'admin',
        region_code: '',
      })
      .execute();
    const national = await login(t.app, 'national.admin');
    const regional = await login(t.app, a.users.admin);
    const pipeline = deviceServices(t.deps).pipeline;
    await pipeline.drain();
    const stats = await t.app.inject({ url: '/api/ingest/stats', headers: { cookie: national } });
    expect(stats.json().rejectedByCode.SCHEMA).toBeGreaterThanOrEqual(4);
    expect((await t.app.inject({ url: '/api/ingest/stats', headers: { cookie: regional } })).statusCode).toBe(
      403,
    );
    expect((await t.app.inject({ url: '/api/ingest/stats', headers: { cookie: duty } })).statusCode).toBe(
      403,
    );
    const list = await t.app.inject({
      url: '/api/ingest/rejections?code=DEVICE_MISMATCH',
      headers: { cookie: regional },
    });
    expect(list.json().items[0]).toMatchObject({
      code: 'DEVICE_MISMATCH',
      deviceCode: 'SOMEONE-ELSE',
      transport: 'http',
    });
  });
});

describe('threshold rule over HTTP: gas above 25 % LEL for 10 s', () => {
  it('raises one gas-leak alarm for a sustained leak, none for a blip', async () => {
    const site = await addSite(t.deps.database.db, {
      enterpriseId: a.ids.enterprise,
      regionCode: '310116501',
      name: '燃气调压站',
      kind: 'gas_storage',
    });
    const gas = await registerDevice(t.app, inspector, {
      code: 'JS-GAS-T01',
      name: '调压站可燃气体探测器',
      kind: 'combustible_gas_sensor',
      siteId: site,
    });
    const base = Date.now() - 120_000;
    const blip = [0, 2, 4].map((s, i) =>
      readingEvent(gas.code, `b-${i}`, new Date(base + s * 1000), { gas_lel: i === 1 ? 40 : 5 }),
    );
    await sendEvents(t.app, gas.token, blip);
    expect(await alarmsOf(duty, `&deviceId=${gas.id}`)).toHaveLength(0);
    const leak = Array.from({ length: 12 }, (_, i) =>
      readingEvent(gas.code, `l-${i}`, new Date(base + 10_000 + i * 2000), { gas_lel: 30 + i }),
    );
    await sendEvents(t.app, gas.token, leak);
    const alarms = await alarmsOf(duty, `&deviceId=${gas.id}`);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ type: 'gas_leak', severity: 'critical', peak: 41 });
    await sendEvents(t.app, gas.token, [
      readingEvent(gas.code, 'n-1', new Date(base + 40_000), { gas_lel: 3 }),
    ]);
    const [cleared] = await alarmsOf(duty, `&deviceId=${gas.id}`);
    expect(cleared.conditionEndedAt).not.toBeNull();
  });
});

describe('ingest with a full queue', () => {
  it('a source waiting for room gives up after its time, a source already gone is not queued, and nothing is lost for the rest', async () => {
    const small = await createTestApp({ env: { INGEST_QUEUE_CAPACITY: '10' } });
    // Released in finally too: a failed expectation must not leave commits gated, or closing the app
    // (which drains the pipeline) would wait for them forever and hide the failure behind a timeout.
    let release = () => {};
    try {
      const w = await createWorld(small.deps.database.db, small.deps.secrets, {
        county: '310116',
        town: '310116501',
        tag: 'Full',
      });
      const cookie = await login(small.app, w.users.inspector);
      const cam = await registerDevice(small.app, cookie, {
        code: 'FULL-CAM-01',
        name: '满队列测试摄像机',
        kind: 'ai_camera',
        siteId: w.ids.site,
      });
      const services = deviceServices(small.deps);
      // Commits wait until released, so the ten events below fill the queue.
      const pipeline = services.pipeline as unknown as { commit: (...args: unknown[]) => Promise<unknown> };
      const real = pipeline.commit;
      const gate = new Promise<void>((r) => (release = r));
      pipeline.commit = async (...args) => (await gate, real(...args));
      const ev = (i: number) => weldingEvent(cam.code, `full-${i}`, new Date(when.getTime() + i * 1000));
      const from = { transport: 'test' };

      const filling = services.accept(
        Array.from({ length: 10 }, (_, i) => ev(i)),
        from,
      );
      // (accept checks and looks up before it queues: wait until the ten are in — up to 10 s on a busy machine.)
      for (let i = 0; i < 1000 && services.pipeline.depth < 10; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(services.pipeline.depth).toBe(10);
      const timedOut = await services.accept([ev(10)], from, { waitMs: 50 });
      expect(timedOut.failed).toBe(1);
      const gone = new AbortController();
      gone.abort();
      expect((await services.accept([ev(11)], from, { signal: gone.signal })).failed).toBe(1);

      release();
      pipeline.commit = real;
      expect((await filling).accepted).toBe(10);
      expect((await services.accept([ev(12)], from, { waitMs: 50 })).accepted).toBe(1);
    } finally {
      release();
      await small.close();
    }
    // It builds a whole app of its own (database, migrations, a world): more than the default on a busy machine.
  }, 90_000);
});
