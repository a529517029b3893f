// Child process of bench/ingest.ts: publishes device events over MQTT (QoS 1), as real devices do:
// one connection per device, a bounded window of unacknowledged messages per device, and a device's
// own retry — anything not acknowledged is sent again (same event id) until it is. Records which
// events were acknowledged, so the orchestrator can prove none of them was lost.
// Bounded: stops after `durationS`, then waits at most `settleS` for outstanding acknowledgements.
import mqtt, { type MqttClient } from 'mqtt';

export interface PublisherConfig {
  url: string;
  devices: Array<{ code: string; token?: string; topic: string; kind: string }>;
  /** Events per second for all devices together; 0 = as fast as the windows allow. */
  rate: number;
  durationS: number;
  settleS: number;
  window: number;
  tag: string;
  /** Raw broker mode: publish to this topic prefix instead of the device topics, no credentials. */
  rawTopicPrefix?: string;
  authenticate: boolean;
}

type Msg = { type: 'start'; config: PublisherConfig } | { type: 'stop' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface DeviceState {
  code: string;
  topic: string;
  kind: string;
  client: MqttClient;
  seq: number;
  acked: Uint8Array;
  inflight: Map<number, number>; // seq → sent at
}

async function run(cfg: PublisherConfig) {
  const stats = { published: 0, acked: 0, retried: 0, errors: 0, inflight: 0, lastError: '' };
  const devices: DeviceState[] = [];
  await Promise.all(
    cfg.devices.map(async (d, i) => {
      const client = await mqtt.connectAsync(cfg.url, {
        protocolVersion: 4,
        clientId: `bench-${cfg.tag}-${i}`,
        clean: true,
        reconnectPeriod: 500,
        connectTimeout: 10_000,
        ...(cfg.authenticate && { username: d.code, password: d.token }),
      });
      client.on('error', (e) => {
        stats.errors++;
        stats.lastError = e.message;
      });
      devices.push({
        code: d.code,
        topic: cfg.rawTopicPrefix ? `${cfg.rawTopicPrefix}/${i}` : d.topic,
        kind: d.kind,
        client,
        seq: 0,
        acked: new Uint8Array(1 << 16),
        inflight: new Map(),
      });
    }),
  );
  let stopping = false;
  process.on('message', (m: Msg) => {
    if (m.type === 'stop') stopping = true;
  });

  const payload = (d: DeviceState, seq: number) => {
    const time = new Date().toISOString();
    const id = `${d.code}-${cfg.tag}-${seq}`;
    if (d.kind === 'ai_camera')
      return `{"schema":"redline.event/1","eventId":"${id}","deviceId":"${d.code}","time":"${time}","type":"detection","detections":[{"type":"person","confidence":0.9${seq % 10}}]}`;
    // Gas sensors; every 50th device leaks for a while (threshold alarms and their updates).
    const leak = d.code.endsWith('0') && seq % 400 < 60;
    const gas = leak ? 30 + (seq % 7) : (seq % 37) / 10;
    return `{"schema":"redline.event/1","eventId":"${id}","deviceId":"${d.code}","time":"${time}","type":"reading","values":{"gas_lel":${gas},"temperature_c":21.${seq % 10}}}`;
  };

  const send = (d: DeviceState, seq: number) => {
    d.inflight.set(seq, Date.now());
    d.client.publish(d.topic, payload(d, seq), { qos: 1 }, (err) => {
      if (err) {
        stats.errors++;
        stats.lastError = err.message;
        return; // stays in flight: resent by the retry sweep
      }
      if (!d.inflight.delete(seq)) return;
      if (seq >= d.acked.length) {
        const bigger = new Uint8Array(d.acked.length * 2);
        bigger.set(d.acked);
        d.acked = bigger;
      }
      if (!d.acked[seq]) {
        d.acked[seq] = 1;
        stats.acked++;
      }
    });
  };

  // A device re-sends what was not acknowledged within 5 s (after a broker or server restart).
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const d of devices) {
      if (!d.client.connected) continue;
      for (const [seq, at] of d.inflight) {
        if (now - at > 5_000) {
          stats.retried++;
          send(d, seq);
        }
      }
    }
  }, 1_000);

  const report = setInterval(() => {
    stats.inflight = devices.reduce((n, d) => n + d.inflight.size, 0);
    process.send!({ type: 'stats', stats: { ...stats } });
  }, 1_000);

  const t0 = Date.now();
  const endAt = t0 + cfg.durationS * 1000;
  let credit = 0;
  let last = Date.now();
  let next = 0;
  while (Date.now() < endAt && !stopping) {
    const now = Date.now();
    credit = cfg.rate > 0 ? Math.min(credit + ((now - last) / 1000) * cfg.rate, cfg.rate) : Infinity;
    last = now;
    let sentThisTick = 0;
    while (credit >= 1 && sentThisTick < 5_000) {
      let progressed = false;
      for (let i = 0; i < devices.length && credit >= 1; i++) {
        const d = devices[next++ % devices.length];
        if (!d.client.connected || d.inflight.size >= cfg.window) continue;
        d.seq++;
        send(d, d.seq);
        stats.published++;
        sentThisTick++;
        credit -= 1;
        progressed = true;
      }
      if (!progressed) break;
    }
    await sleep(cfg.rate > 0 ? 5 : 1);
  }
  // Settle: wait (bounded) until everything was acknowledged.
  const settleUntil = Date.now() + cfg.settleS * 1000;
  while (Date.now() < settleUntil && devices.some((d) => d.inflight.size > 0)) await sleep(200);
  clearInterval(sweep);
  clearInterval(report);
  stats.inflight = devices.reduce((n, d) => n + d.inflight.size, 0);
  const acked: Record<string, number[]> = {};
  for (const d of devices) {
    const list: number[] = [];
    for (let s = 1; s <= d.seq; s++) if (d.acked[s]) list.push(s);
    acked[d.code] = list;
  }
  await Promise.all(devices.map((d) => d.client.endAsync(true).catch(() => {})));
  // Exit only once the result has left: process.send is asynchronous.
  process.send!(
    {
      type: 'done',
      stats,
      acked,
      durationMs: Date.now() - t0,
      lastSeq: Object.fromEntries(devices.map((d) => [d.code, d.seq])),
    },
    () => process.exit(0),
  );
}

process.send!({ type: 'ready' });
process.on('message', (m: Msg) => {
  if (m.type === 'start')
    void run(m.config).catch((e) =>
      process.send!({ type: 'error', message: String(e?.stack ?? e) }, () => process.exit(1)),
    );
});
