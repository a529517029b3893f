import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceEventV1 } from '@redline/contracts';
import { nextEvent, seededRandom, type Scenario, type SimDevice } from './scenarios.ts';
import { weldingSnapshot } from './png.ts';
import { epochMs } from '../../../clock.ts';

/**
 * Drives simulated devices over MQTT (one connection per device, QoS 1, as real devices do) or HTTP
 * (batches per device with the device token), at a total rate, for a bounded time or count.
 * Used by `redline simulate`, by the demo's gentle stream and by the benchmark.
 */
export interface SimulationOptions {
  transport: 'mqtt' | 'http';
  mqttUrl?: string;
  httpUrl?: string;
  devices: SimDevice[];
  scenario: Scenario;
  /** Events per second, all devices together. */
  rate: number;
  durationS?: number;
  maxEvents?: number;
  /** Welding scenario: the worker the gate checks in. */
  workerId?: string;
  /** Welding scenario: a certified colleague the gate checks in next to him. */
  colleagueId?: string;
  /** Welding scenario: upload a snapshot (over HTTP) and attach it to the detections. */
  snapshot?: boolean;
  signal?: AbortSignal;
  onProgress?: (s: SimulationStats) => void;
  /** Unacknowledged messages allowed per device before it waits. */
  maxInflight?: number;
  seed?: number;
  runId?: string;
}

export interface SimulationStats {
  sent: number;
  acked: number;
  rejected: number;
  failed: number;
  deferred: number;
  lastError: string | null;
  startedAt: number;
  durationMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSimulation(o: SimulationOptions): Promise<SimulationStats> {
  if (!o.devices.length) throw new Error('no devices to simulate');
  if (!(o.rate > 0)) throw new Error('rate must be > 0');
  const stats: SimulationStats = {
    sent: 0,
    acked: 0,
    rejected: 0,
    failed: 0,
    deferred: 0,
    lastError: null,
    startedAt: epochMs(),
    durationMs: 0,
  };
  const rand = seededRandom(o.seed ?? epochMs());
  const runId = o.runId ?? epochMs().toString(36);
  const maxInflight = o.maxInflight ?? 50;
  // Gates first, so a worker is on duty before the camera sees them.
  const devices = [...o.devices].sort(
    (a, b) => Number(b.kind === 'access_gate') - Number(a.kind === 'access_gate'),
  );
  const steps = new Map<string, number>();
  const inflight = new Map<string, number>();

  let snapshotRef: string | undefined;
  if (o.snapshot && o.httpUrl) {
    const cam = devices.find((d) => d.kind === 'ai_camera');
    if (cam)
      snapshotRef = await uploadSnapshot(o.httpUrl, cam.token, 7).catch(
        (e: Error) => ((stats.lastError = `snapshot: ${e.message}`), undefined),
      );
  }

  const clients = new Map<string, MqttClient>();
  const pendingHttp = new Map<string, DeviceEventV1[]>();
  if (o.transport === 'mqtt') {
    if (!o.mqttUrl) throw new Error('mqttUrl is required for the mqtt transport');
    await Promise.all(
      devices.map(async (d) => {
        const c = await mqtt.connectAsync(o.mqttUrl!, {
          protocolVersion: 4,
          clientId: `sim-${d.code}-${runId}`.slice(0, 64),
          username: d.code,
          password: d.token,
          clean: true,
          reconnectPeriod: 1000,
          connectTimeout: 10_000,
        });
        c.on('error', (e) => (stats.lastError = e.message));
        clients.set(d.code, c);
      }),
    );
  } else if (!o.httpUrl) throw new Error('httpUrl is required for the http transport');

  const send = (d: SimDevice, ev: DeviceEventV1) => {
    stats.sent++;
    inflight.set(d.code, (inflight.get(d.code) ?? 0) + 1);
    if (o.transport === 'mqtt') {
      clients.get(d.code)!.publish(d.topic, JSON.stringify(ev), { qos: 1 }, (err) => {
        inflight.set(d.code, inflight.get(d.code)! - 1);
        if (err) {
          stats.failed++;
          stats.lastError = err.message;
        } else stats.acked++;
      });
    } else {
      const list = pendingHttp.get(d.code) ?? [];
      list.push(ev);
      pendingHttp.set(d.code, list);
    }
  };

  const httpBusy = new Set<string>();
  const flushHttp = () => {
    for (const d of devices) {
      const list = pendingHttp.get(d.code);
      if (!list?.length || httpBusy.has(d.code)) continue;
      pendingHttp.set(d.code, []);
      httpBusy.add(d.code);
      void postEvents(o.httpUrl!, d.token, list)
        .then((r) => {
          stats.acked += r.accepted + r.duplicates;
          stats.rejected += r.rejected;
          if (r.rejected && r.reason) stats.lastError = r.reason;
        })
        .catch((e: Error) => {
          stats.failed += list.length;
          stats.lastError = e.message;
        })
        .finally(() => {
          inflight.set(d.code, Math.max(0, (inflight.get(d.code) ?? 0) - list.length));
          httpBusy.delete(d.code);
        });
    }
  };

  const tickMs = 50;
  const endAt = o.durationS ? stats.startedAt + o.durationS * 1000 : Infinity;
  const maxEvents = o.maxEvents ?? Infinity;
  let credit = 0;
  let next = 0;
  while (epochMs() < endAt && stats.sent < maxEvents && !o.signal?.aborted) {
    credit += (o.rate * tickMs) / 1000;
    let tries = 0;
    while (credit >= 1 && stats.sent < maxEvents && tries < devices.length * 2) {
      const d = devices[next++ % devices.length];
      tries++;
      if ((inflight.get(d.code) ?? 0) >= maxInflight) {
        stats.deferred++;
        continue;
      }
      const step = steps.get(d.code) ?? 0;
      steps.set(d.code, step + 1);
      const ev = nextEvent(d, {
        step,
        now: epochMs(),
        scenario: o.scenario,
        rand,
        workerId: o.workerId,
        colleagueId: o.colleagueId,
        snapshotRef,
        runId,
      });
      credit -= 1;
      if (ev) send(d, ev);
    }
    if (credit > Math.max(2, o.rate)) credit = Math.max(2, o.rate); // never build up more than a second of backlog
    if (o.transport === 'http') flushHttp();
    o.onProgress?.({ ...stats, durationMs: epochMs() - stats.startedAt });
    await sleep(tickMs);
  }
  if (o.transport === 'http') flushHttp();
  // Wait (bounded) for outstanding acknowledgements.
  const waitUntil = epochMs() + 30_000;
  while (epochMs() < waitUntil && [...inflight.values()].some((n) => n > 0)) {
    if (o.transport === 'http') flushHttp();
    await sleep(50);
  }
  await Promise.all([...clients.values()].map((c) => c.endAsync().catch(() => {})));
  stats.durationMs = epochMs() - stats.startedAt;
  return stats;
}

async function postEvents(httpUrl: string, token: string, events: DeviceEventV1[]) {
  const res = await fetch(`${httpUrl}/api/ingest/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ events }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    accepted?: number;
    duplicates?: number;
    rejected?: Array<{ reason: string }>;
    error?: { message: string };
  };
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${body.error?.message ?? ''}`);
  return {
    accepted: body.accepted ?? 0,
    duplicates: body.duplicates ?? 0,
    rejected: body.rejected?.length ?? 0,
    reason: body.rejected?.[0]?.reason,
  };
}

export async function uploadSnapshot(httpUrl: string, token: string, seed = 1): Promise<string> {
  const res = await fetch(`${httpUrl}/api/ingest/snapshots`, {
    method: 'POST',
    headers: { 'content-type': 'image/png', authorization: `Bearer ${token}` },
    body: new Uint8Array(weldingSnapshot(seed)),
  });
  const body = (await res.json()) as { ref?: string; error?: { message: string } };
  if (!res.ok || !body.ref)
    throw new Error(`snapshot upload failed: ${res.status} ${body.error?.message ?? ''}`);
  return body.ref;
}
