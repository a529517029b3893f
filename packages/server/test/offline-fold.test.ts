import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { readingEvent, registerDevice, sendEvents } from './helpers/devices.ts';
import { runAlarmClock } from '../src/modules/devices/jobs.ts';
import { deviceServices } from '../src/modules/devices/ingest/services.ts';

/**
 * Offline alarms fold on the server (issue 16): devices of one site going offline within 5 minutes
 * of the site's open offline alarm join it; another site, or a device 6 minutes later, raises its own.
 */
let t: TestApp;
let a: World;
let duty: string;
let siteB: string;
const ids = new Map<string, string>();
const tokens = new Map<string, string>();
const T0 = Date.now();
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

interface AlarmJson {
  id: string;
  type: string;
  site: { id: string };
  device: { code: string };
  devices: Array<{ id: string; code: string }>;
  facts: Array<{ code: string; params: Record<string, string | number> }>;
}

const offlineAlarms = async (): Promise<AlarmJson[]> =>
  (
    await t.app.inject({
      url: '/api/alarms?type=device_offline&sort=createdAt&order=asc',
      headers: { cookie: duty },
    })
  ).json().items;

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Fold',
  });
  duty = await login(t.app, a.users.duty_officer);
  // A second location of the same enterprise.
  const site = await t.deps.database.db
    .insertInto('sites')
    .values({
      name: 'Fold仓库',
      kind: 'warehouse',
      key_risk_source: false,
      enterprise_id: a.ids.enterprise,
      region_code: '310116501',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  siteB = site.id;
  const inspector = await login(t.app, a.users.inspector);
  // Each device speaks once a minute ago, then falls silent: offline once the longer of 5 min and
  // 3 heartbeats has passed.
  const register = async (code: string, siteId: string, heartbeatSeconds: number) => {
    const d = await registerDevice(t.app, inspector, {
      code,
      name: `气体探测器 ${code}`,
      kind: 'combustible_gas_sensor',
      siteId,
      heartbeatSeconds,
    });
    ids.set(code, d.id);
    tokens.set(code, d.token);
    const sent = await sendEvents(t.app, d.token, [
      readingEvent(code, `${code}-1`, new Date(T0 - 60_000), { gas_lel: 1 }),
    ]);
    expect(sent.json().accepted, sent.body).toBe(1);
  };
  for (const code of ['FA-1', 'FA-2', 'FA-3']) await register(code, a.ids.site, 30); // offline after ~5 min
  for (const code of ['FB-1', 'FB-2']) await register(code, siteB, 30);
  await register('FA-4', a.ids.site, 240); // after ~12 min: 4 min after the others
  await register('FA-5', a.ids.site, 310); // after ~15.5 min: 6 min after the others
});
afterAll(() => t?.close());

describe('offline alarms fold per site on the server', () => {
  it('N devices of one site offline together → one alarm naming N devices; another site → its own alarm', async () => {
    const services = deviceServices(t.deps);
    await runAlarmClock(services, at(10));
    const alarms = await offlineAlarms();
    expect(alarms).toHaveLength(2);
    const ofA = alarms.find((x) => x.site.id === a.ids.site)!;
    const ofB = alarms.find((x) => x.site.id === siteB)!;
    expect(ofA.devices.map((d) => d.code).sort()).toEqual(['FA-1', 'FA-2', 'FA-3']);
    expect(ofA.devices[0].code).toBe(ofA.device.code);
    expect(ofA.facts.find((f) => f.code === 'DEVICES_OFFLINE')?.params).toMatchObject({ count: 3 });
    expect(ofB.devices.map((d) => d.code).sort()).toEqual(['FB-1', 'FB-2']);
    expect(ofB.facts.find((f) => f.code === 'DEVICES_OFFLINE')?.params).toMatchObject({ count: 2 });
    // Each device is offline, folded or not.
    const devices = (
      await t.app.inject({ url: '/api/devices?status=offline&pageSize=50', headers: { cookie: duty } })
    ).json().items;
    expect(devices.map((d: { code: string }) => d.code)).toEqual(
      expect.arrayContaining(['FA-1', 'FA-2', 'FA-3', 'FB-1', 'FB-2']),
    );
    // A folded device's alarms are the alarm it joined.
    const mine = (
      await t.app.inject({ url: `/api/alarms?deviceId=${ids.get('FA-2')}`, headers: { cookie: duty } })
    ).json().items;
    expect(mine.map((x: AlarmJson) => x.id)).toEqual([ofA.id]);
    // The fold is on record: a history line and an audit entry per device attached.
    const history = (
      await t.app.inject({ url: `/api/alarms/${ofA.id}/history`, headers: { cookie: duty } })
    ).json();
    const lines = (Array.isArray(history) ? history : history.items) as Array<{ action: string }>;
    expect(lines.filter((h) => h.action === 'device_folded')).toHaveLength(2);
    const audit = await t.deps.database.db
      .selectFrom('audit_entries')
      .select('action')
      .where('subject_id', '=', ofA.id)
      .where('action', '=', 'alarm.fold')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('a device of the site offline 4 minutes later joins; one 6 minutes later raises a new alarm', async () => {
    const services = deviceServices(t.deps);
    await runAlarmClock(services, at(14));
    let alarms = await offlineAlarms();
    expect(alarms).toHaveLength(2);
    const ofA = alarms.find((x) => x.site.id === a.ids.site)!;
    expect(ofA.devices.map((d) => d.code)).toContain('FA-4');
    expect(ofA.facts.find((f) => f.code === 'DEVICES_OFFLINE')?.params).toMatchObject({ count: 4 });

    await runAlarmClock(services, at(16));
    alarms = await offlineAlarms();
    expect(alarms).toHaveLength(3);
    const fresh = alarms.filter((x) => x.site.id === a.ids.site && x.id !== ofA.id);
    expect(fresh).toHaveLength(1);
    expect(fresh[0].devices.map((d) => d.code)).toEqual(['FA-5']);
    expect(fresh[0].facts.some((f) => f.code === 'DEVICES_OFFLINE')).toBe(false);
  });

  it("a folded alarm's condition does not end when its own device returns while others it names are silent", async () => {
    const ofB = (await offlineAlarms()).find((x) => x.site.id === siteB)!;
    const first = ofB.device.code;
    const sent = await sendEvents(t.app, tokens.get(first)!, [
      readingEvent(first, `${first}-back`, new Date(), { gas_lel: 1 }),
    ]);
    expect(sent.json().accepted, sent.body).toBe(1);
    const device = await t.app.inject({ url: `/api/devices/${ids.get(first)}`, headers: { cookie: duty } });
    expect(device.json().status).toBe('online');
    const alarm = await t.app.inject({ url: `/api/alarms/${ofB.id}`, headers: { cookie: duty } });
    expect(alarm.json()).toMatchObject({ conditionEndedAt: null });
  });
});
