import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { addSite, addWorker, recentWorkingHour, registerDevice, weldingEvent } from './helpers/devices.ts';
import { deviceServices } from '../src/modules/devices/ingest/services.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../src/modules/devices/ingest/embedded-broker.ts';
import { startSubscribers, type Subscribers } from '../src/modules/devices/ingest/mqtt-subscriber.ts';

/**
 * The welding scenario over MQTT with a real MQTT client, on both brokers:
 *  - the embedded aedes broker (always; on a free port, never 1883);
 *  - a real Mosquitto when TEST_MQTT_URL is set (CI) — then an unreachable broker fails the test.
 * Exactly one "uncertified special operation" alarm naming the worker and certificate facts; the
 * same event published twice is stored once.
 */
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const when = recentWorkingHour(10);

interface BrokerSetup {
  name: string;
  start(
    t: TestApp,
  ): Promise<{ url: string; stop(): Promise<void>; restart?(): Promise<void>; kill?(): void }>;
  /** Device credentials are checked by the embedded broker; Mosquitto here allows anonymous publishers. */
  checksCredentials: boolean;
}

const brokers: BrokerSetup[] = [
  {
    name: 'embedded aedes broker',
    checksCredentials: true,
    async start(t) {
      const broker: EmbeddedBroker = await startEmbeddedBroker(deviceServices(t.deps), {
        host: '127.0.0.1',
        port: 0,
        log: silent,
      });
      return { url: `mqtt://127.0.0.1:${broker.port}`, stop: () => broker.close() };
    },
  },
];
if (process.env.TEST_MQTT_URL) {
  const url = process.env.TEST_MQTT_URL;
  brokers.push({
    name: `real broker at ${url}`,
    checksCredentials: false,
    async start(t) {
      // A group and client ids of our own, so parallel runs and other users of the broker don't interfere.
      const run = randomBytes(4).toString('hex');
      const opts = {
        url,
        group: `rltest${run}`,
        count: 2,
        protocolVersion: 5 as const,
        clientIdPrefix: `rltest-${run}`,
        log: silent,
      };
      let subs: Subscribers = await startSubscribers(deviceServices(t.deps), opts);
      return {
        url,
        stop: () => subs.close(),
        kill: () => subs.clients.forEach((c) => c.stream.destroy()),
        restart: async () => {
          subs.clients.forEach((c) => c.end(true));
          subs = await startSubscribers(deviceServices(t.deps), opts);
        },
      };
    },
  });
}

async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false>,
  what: string,
  ms = 15_000,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(brokers)('MQTT ingest on the $name', (setup) => {
  let t: TestApp;
  let a: World;
  let inspector: string;
  let duty: string;
  let broker: Awaited<ReturnType<BrokerSetup['start']>>;
  let camera: { id: string; code: string; token: string; mqttTopic: string };
  let welderId: string;
  const tag = randomBytes(3).toString('hex').toUpperCase();

  beforeAll(async () => {
    t = await createTestApp();
    a = await createWorld(t.deps.database.db, t.deps.secrets, {
      county: '310116',
      town: '310116501',
      tag: 'Jinshan',
    });
    inspector = await login(t.app, a.users.inspector);
    duty = await login(t.app, a.users.duty_officer);
    broker = await setup.start(t);
    welderId = await addWorker(t.deps.database.db, t.deps.secrets, {
      enterpriseId: a.ids.enterprise,
      regionCode: '310116501',
      name: '赵无证',
    });
    camera = await registerDevice(t.app, inspector, {
      code: `JS-CAM-M${tag}`,
      name: '焊接车间摄像机',
      kind: 'ai_camera',
      siteId: a.ids.site,
    });
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/sites/${a.ids.site}/attendance`,
      headers: { cookie: inspector },
      payload: {
        workerId: welderId,
        direction: 'in',
        at: new Date(when.getTime() - 3_600_000).toISOString(),
      },
    });
    expect(r.statusCode, r.body).toBe(201);
  });
  afterAll(async () => {
    await broker?.stop();
    await t?.close();
  });

  const connectDevice = async (d: { code: string; token: string }) => {
    const client = await mqtt.connectAsync(broker.url, {
      protocolVersion: 4,
      clientId: `dev-${d.code}-${tag}`,
      username: d.code,
      password: d.token,
      reconnectPeriod: 0,
    });
    return client;
  };
  const alarms = async () => {
    const res = await t.app.inject({ url: `/api/alarms?deviceId=${camera.id}`, headers: { cookie: duty } });
    return res.json().items as any[];
  };
  const storedIds = async (deviceId: string) =>
    (
      await t.deps.database.db
        .selectFrom('device_events')
        .select('event_id')
        .where('device_id', '=', deviceId)
        .execute()
    )
      .map((r) => r.event_id)
      .sort();

  it('welding seen, the worker on duty has no welding certificate → exactly one "uncertified special operation" alarm with the facts', async () => {
    const device = await connectDevice(camera);
    await device.publishAsync(camera.mqttTopic, JSON.stringify(weldingEvent(camera.code, 'mq-1', when)), {
      qos: 1,
    });
    const [alarm] = await waitFor(async () => {
      const list = await alarms();
      return list.length ? list : null;
    }, 'the alarm');
    expect(await alarms()).toHaveLength(1);
    expect(alarm.type).toBe('uncertified_special_operation');
    expect(alarm.crossCheck.verdict).toBe('violation');
    expect(alarm.crossCheck.facts).toEqual([
      expect.objectContaining({
        code: 'SPECIAL_OPERATION',
        params: expect.objectContaining({ operation: 'welding' }),
      }),
      expect.objectContaining({
        code: 'ON_DUTY',
        params: expect.objectContaining({ worker: '赵无证', workerId: welderId, trade: 'welder' }),
      }),
      expect.objectContaining({
        code: 'NO_OPERATION_CERTIFICATE',
        params: expect.objectContaining({ worker: '赵无证', workerId: welderId }),
      }),
      expect.objectContaining({
        code: 'UNCERTIFIED_ON_DUTY',
        params: expect.objectContaining({ worker: '赵无证', workerId: welderId }),
      }),
    ]);
    await device.endAsync();
  });

  it('the same event published twice is stored once; the alarm is not raised again', async () => {
    const device = await connectDevice(camera);
    const payload = JSON.stringify(weldingEvent(camera.code, 'mq-2', new Date(when.getTime() + 5000)));
    await device.publishAsync(camera.mqttTopic, payload, { qos: 1 });
    await device.publishAsync(camera.mqttTopic, payload, { qos: 1 });
    await device.publishAsync(camera.mqttTopic, JSON.stringify(weldingEvent(camera.code, 'mq-1', when)), {
      qos: 1,
    });
    await waitFor(async () => (await storedIds(camera.id)).includes('mq-2'), 'mq-2 stored');
    await deviceServices(t.deps).pipeline.drain();
    await new Promise((r) => setTimeout(r, 300));
    expect(await storedIds(camera.id)).toEqual(['mq-1', 'mq-2']);
    const list = await alarms();
    expect(list).toHaveLength(1);
    expect(list[0].eventCount).toBe(2);
    await device.endAsync();
  });

  it('a malformed message is refused with a reason and counted, and the stream goes on', async () => {
    const services = deviceServices(t.deps);
    const before = services.pipeline.stats.rejectedByCode.MALFORMED_JSON ?? 0;
    const device = await connectDevice(camera);
    await device.publishAsync(camera.mqttTopic, '{"schema": "redline.event/1", oops', { qos: 1 });
    await device.publishAsync(
      camera.mqttTopic,
      JSON.stringify({ ...weldingEvent(camera.code, 'mq-bad', when), detections: 'many' }),
      { qos: 1 },
    );
    await device.publishAsync(
      camera.mqttTopic,
      JSON.stringify(weldingEvent(camera.code, 'mq-3', new Date(when.getTime() + 9000))),
      { qos: 1 },
    );
    await waitFor(async () => (await storedIds(camera.id)).includes('mq-3'), 'mq-3 stored');
    await waitFor(
      async () => (services.pipeline.stats.rejectedByCode.MALFORMED_JSON ?? 0) > before,
      'the refusal counted',
    );
    expect(services.pipeline.stats.rejectedByCode.SCHEMA).toBeGreaterThan(0);
    await device.endAsync();
  });

  it('a certified welder on duty at another site: no alarm from the same sight', async () => {
    const site = await addSite(t.deps.database.db, {
      enterpriseId: a.ids.enterprise,
      regionCode: '310116501',
      name: `持证车间${tag}`,
    });
    const cam = await registerDevice(t.app, inspector, {
      code: `JS-CAM-C${tag}`,
      name: '持证车间摄像机',
      kind: 'ai_camera',
      siteId: site,
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/sites/${site}/attendance`,
      headers: { cookie: inspector },
      payload: {
        workerId: a.ids.worker,
        direction: 'in',
        at: new Date(when.getTime() - 3_600_000).toISOString(),
      },
    });
    const device = await connectDevice(cam);
    await device.publishAsync(cam.mqttTopic, JSON.stringify(weldingEvent(cam.code, 'ok-1', when)), {
      qos: 1,
    });
    await waitFor(async () => (await storedIds(cam.id)).length === 1, 'the event stored');
    await deviceServices(t.deps).pipeline.drain();
    const res = await t.app.inject({ url: `/api/alarms?deviceId=${cam.id}`, headers: { cookie: duty } });
    expect(res.json().total).toBe(0);
    await device.endAsync();
  });

  if (setup.checksCredentials) {
    it('acknowledges a publish only after the event is committed', async () => {
      const device = await connectDevice(camera);
      await device.publishAsync(
        camera.mqttTopic,
        JSON.stringify(weldingEvent(camera.code, 'mq-ack', new Date(when.getTime() + 12_000))),
        { qos: 1 },
      );
      // PUBACK received: the event must already be in the database, with no waiting.
      expect(await storedIds(camera.id)).toContain('mq-ack');
      await device.endAsync();
    });

    it('refuses a device with a wrong token, and a device publishing as another', async () => {
      await expect(
        mqtt.connectAsync(broker.url, {
          protocolVersion: 4,
          username: camera.code,
          password: 'rld_wrong',
          reconnectPeriod: 0,
        }),
      ).rejects.toThrow();
      const other = await registerDevice(t.app, inspector, {
        code: `JS-GAS-X${tag}`,
        name: '燃气探测器',
        kind: 'combustible_gas_sensor',
        siteId: a.ids.site,
      });
      const device = await connectDevice(other);
      const before = deviceServices(t.deps).pipeline.stats.rejectedByCode.TOPIC_MISMATCH ?? 0;
      await device.publishAsync(
        camera.mqttTopic,
        JSON.stringify(weldingEvent(camera.code, 'spoof-1', when)),
        { qos: 1 },
      );
      expect(deviceServices(t.deps).pipeline.stats.rejectedByCode.TOPIC_MISMATCH).toBe(before + 1);
      expect(await storedIds(camera.id)).not.toContain('spoof-1');
      await device.endAsync();
    });
  } else {
    it('a message whose worker dies before acknowledging is delivered again by the broker and stored once', async () => {
      const services = deviceServices(t.deps);
      const duplicatesBefore = services.pipeline.stats.duplicates;
      const pipeline = services.pipeline as unknown as { commit: (...args: unknown[]) => Promise<unknown> };
      const real = pipeline.commit;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let held = 0;
      pipeline.commit = async () => {
        held++;
        await gate;
        throw Object.assign(new Error('connection lost'), { code: '57P01' });
      };
      const device = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
      await device.publishAsync(
        camera.mqttTopic,
        JSON.stringify(weldingEvent(camera.code, 'mq-redeliver', new Date(when.getTime() + 15_000))),
        { qos: 1 },
      );
      await waitFor(async () => held > 0, 'the batch to be taken');
      broker.kill!(); // the workers vanish with the message unacknowledged
      pipeline.commit = real;
      release();
      await broker.restart!();
      await waitFor(
        async () => (await storedIds(camera.id)).includes('mq-redeliver'),
        'the redelivered event',
        20_000,
      );
      await services.pipeline.drain();
      expect((await storedIds(camera.id)).filter((id) => id === 'mq-redeliver')).toHaveLength(1);
      // The broker delivered it again to the new workers (persistent session): it arrived as a duplicate.
      await waitFor(async () => services.pipeline.stats.duplicates > duplicatesBefore, 'the redelivery');
      await device.endAsync();
    });
  }
});
