import { createServer, type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeviceServices } from '../src/modules/devices/ingest/services.ts';
import { startSubscribers } from '../src/modules/devices/ingest/mqtt-subscriber.ts';

/**
 * The ingest workers on an external broker hold a bounded number of unacknowledged messages,
 * whatever the broker sends: a bare aedes (MQTT 3.1.1, no flow control at all) always, and the real
 * broker of TEST_MQTT_URL (Mosquitto, MQTT 5) when set. The workers' `accept` is a stand-in that
 * commits only when the test lets it, so what the workers hold is what they took.
 */
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const CAPACITY = 40;
const MESSAGES = 400;

function standInServices() {
  const waiting: Array<() => void> = [];
  const s = { inAccept: 0, maxInAccept: 0, committed: 0, waiting };
  const services = {
    transports: new Set<string>(),
    pipeline: { capacity: CAPACITY, drain: async () => {}, reject: () => {}, stats: { reconnects: 0 } },
    accept: async () => {
      s.inAccept++;
      s.maxInAccept = Math.max(s.maxInAccept, s.inAccept);
      await new Promise<void>((r) => waiting.push(r));
      s.inAccept--;
      s.committed++;
      return { accepted: 1, duplicates: 0, failed: 0, rejected: [] };
    },
  } as unknown as DeviceServices;
  return { services, s };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const brokers: Array<{
  name: string;
  start(): Promise<{ url: string; stop(): Promise<void> }>;
  v: 4 | 5;
  shared: boolean;
}> = [
  {
    name: 'a bare aedes broker (no flow control)',
    v: 4,
    shared: false,
    async start() {
      const broker = await Aedes.createBroker();
      const server = createServer(broker.handle);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const { port } = server.address() as AddressInfo;
      return {
        url: `mqtt://127.0.0.1:${port}`,
        stop: () => new Promise<void>((r) => broker.close(() => server.close(() => r()))),
      };
    },
  },
];
if (process.env.TEST_MQTT_URL)
  brokers.push({
    name: `the real broker at ${process.env.TEST_MQTT_URL}`,
    v: 5,
    shared: true,
    start: async () => ({ url: process.env.TEST_MQTT_URL!, stop: async () => {} }),
  });

describe.each(brokers)('MQTT ingest workers on $name', (b) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it(`hold at most the ingest capacity (${CAPACITY}) unacknowledged, then take the rest as commits free room`, async () => {
    const broker = await b.start();
    cleanups.push(broker.stop);
    const run = randomBytes(4).toString('hex');
    const { services, s } = standInServices();
    const workers = {
      url: broker.url,
      group: b.shared ? `rlbudget${run}` : '',
      count: 2,
      protocolVersion: b.v,
      clientIdPrefix: `rlbudget-${run}`,
      log: silent,
    };
    const subs = await startSubscribers(services, workers);
    cleanups.push(() => subs.close());
    await sleep(200); // the subscription is in place

    const pub = await mqtt.connectAsync(broker.url, { clientId: `rlbudget-pub-${run}` });
    cleanups.push(() => pub.endAsync());
    const time = new Date().toISOString();
    await Promise.all(
      Array.from({ length: MESSAGES }, (_, i) =>
        pub.publishAsync(
          `redline/v1/310116/site-${run}/D${i % 7}/events`,
          JSON.stringify({
            schema: 'redline.event/1',
            eventId: `e${i}`,
            deviceId: `D${i % 7}`,
            time,
            type: 'heartbeat',
          }),
          { qos: 1 },
        ),
      ),
    );
    await sleep(500);
    // Nothing committed yet: the workers took some, and no more than their budgets together.
    expect(s.committed).toBe(0);
    expect(s.inAccept).toBeGreaterThan(0);
    expect(s.maxInAccept).toBeLessThanOrEqual(CAPACITY);

    // Commits free room: the rest comes, never more than the budget at once, each message once.
    const until = Date.now() + 20_000;
    while (s.committed < MESSAGES && Date.now() < until) {
      s.waiting.splice(0).forEach((commit) => commit());
      await sleep(10);
    }
    expect(s.committed).toBe(MESSAGES);
    expect(s.maxInAccept).toBeLessThanOrEqual(CAPACITY);

    // Every PUBACK was taken by the broker: the same persistent sessions, started again, get
    // nothing delivered again, and no worker had to reconnect.
    await sleep(100);
    expect(services.pipeline.stats.reconnects).toBe(0);
    await subs.close();
    const again = await startSubscribers(services, workers);
    cleanups.push(() => again.close());
    await sleep(1000);
    expect(s.committed + s.inAccept).toBe(MESSAGES);
  }, 30_000);
});
