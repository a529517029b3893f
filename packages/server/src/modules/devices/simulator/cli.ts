import { parseArgs } from 'node:util';
import type { Config } from '../../../config.ts';
import { runSimulation } from './runner.ts';
import { SCENARIOS, type Scenario, type SimDevice } from './scenarios.ts';

/**
 * `redline simulate`: simulated devices against a running Redline, through its public interfaces
 * only (log in, register or re-key `SIM-…` devices through the API, then publish over MQTT or HTTP
 * with the device tokens). Bounded in time (--duration) and count (--max-events).
 */
export const SIMULATE_USAGE = `  simulate [--devices N] [--rate R] [--transport mqtt|http]
           [--scenario ${SCENARIOS.join('|')}]
           [--duration S] [--max-events N] [--url URL] [--mqtt URL]
           [--username U] [--password P] [--site SITE_ID]
                                            drive simulated devices against a running server
                                            (defaults: 5 devices, 10 events/s, mqtt, normal, 60 s,
                                            the demo's system account demo.simulator, audited
                                            as the device simulator, not a person)`;

const KINDS_BY_SCENARIO: Record<Scenario, string[]> = {
  normal: [
    'ai_camera',
    'combustible_gas_sensor',
    'tower_crane_monitor',
    'dust_noise_monitor',
    'elevator_monitor',
    'toxic_gas_sensor',
  ],
  offline: ['ai_camera', 'combustible_gas_sensor', 'dust_noise_monitor'],
  'gas-leak': ['combustible_gas_sensor'],
  'crane-overload': ['tower_crane_monitor'],
  welding: ['access_gate', 'ai_camera'],
};
const SITE_KIND: Record<string, string[]> = {
  ai_camera: ['welding_shop', 'paint_shop', 'chemical_storage'],
  access_gate: ['welding_shop'],
  combustible_gas_sensor: ['gas_storage', 'paint_shop', 'chemical_storage', 'welding_shop'],
  toxic_gas_sensor: ['chemical_storage', 'confined_space', 'gas_storage'],
  tower_crane_monitor: ['tower_crane_area'],
  elevator_monitor: ['electrical_room', 'welding_shop', 'scaffold'],
  dust_noise_monitor: ['scaffold', 'dust_area', 'foundation_pit', 'welding_shop'],
};
const TAG: Record<string, string> = {
  ai_camera: 'CAM',
  access_gate: 'GATE',
  combustible_gas_sensor: 'GAS',
  toxic_gas_sensor: 'TOX',
  tower_crane_monitor: 'TCM',
  elevator_monitor: 'ELV',
  dust_noise_monitor: 'DN',
};

export async function simulateCommand(args: string[], config: Config) {
  const { values } = parseArgs({
    args,
    options: {
      devices: { type: 'string', default: '5' },
      rate: { type: 'string', default: '10' },
      transport: { type: 'string', default: 'mqtt' },
      scenario: { type: 'string', default: 'normal' },
      duration: { type: 'string', default: '60' },
      'max-events': { type: 'string' },
      url: { type: 'string' },
      mqtt: { type: 'string' },
      username: { type: 'string', default: process.env.REDLINE_USERNAME ?? 'demo.simulator' },
      password: { type: 'string', default: process.env.REDLINE_PASSWORD ?? 'Redline2026!' },
      site: { type: 'string' },
    },
  });
  const n = Number(values.devices);
  const rate = Number(values.rate);
  const duration = Number(values.duration);
  const scenario = values.scenario as Scenario;
  const transport = values.transport as 'mqtt' | 'http';
  if (!Number.isInteger(n) || n < 1 || n > 5000) throw new Error('--devices: a whole number from 1 to 5000');
  if (!(rate > 0 && rate <= 100_000)) throw new Error('--rate: events per second, > 0');
  if (!(duration > 0 && duration <= 86_400)) throw new Error('--duration: seconds, 1 to 86400');
  if (!SCENARIOS.includes(scenario)) throw new Error(`--scenario: one of ${SCENARIOS.join(', ')}`);
  if (transport !== 'mqtt' && transport !== 'http') throw new Error('--transport: mqtt or http');
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  const url = (values.url ?? `http://${host}:${config.PORT}`).replace(/\/$/, '');
  const mqttUrl = values.mqtt ?? config.MQTT_URL ?? `mqtt://${host}:${config.MQTT_PORT}`;
  const api = await Api.login(url, values.username!, values.password!);

  // Where the devices go.
  const sites = (
    await api.all<{ id: string; kind: string; name: string; enterpriseId: string | null }>(
      '/api/sites?pageSize=200',
    )
  ).filter((s) => !values.site || s.id === values.site);
  if (!sites.length)
    throw new Error(
      values.site
        ? `site ${values.site} is not visible to ${values.username}`
        : `${values.username} sees no sites`,
    );
  let workerId: string | undefined;
  let colleagueId: string | undefined;
  let weldingSite = sites.find((s) => s.kind === 'welding_shop') ?? sites[0];
  if (scenario === 'welding') {
    const ref = await api.get<{ certificateCategories: Array<{ code: string; isWelding: boolean }> }>(
      '/api/reference',
    );
    const weldingCodes = new Set(ref.certificateCategories.filter((c) => c.isWelding).map((c) => c.code));
    const welders = await api.all<{
      id: string;
      name: string;
      employerId: string;
      certificates: Array<{ categoryCode: string; status: string }>;
    }>('/api/workers?trade=welder&pageSize=200');
    const uncertified = (w: (typeof welders)[number]) =>
      !w.certificates.some((c) => weldingCodes.has(c.categoryCode) && c.status !== 'expired');
    const candidates = sites.filter((s) => s.kind === 'welding_shop' || values.site);
    for (const s of candidates) {
      // The site's own welder, else a contractor's (employed elsewhere, as the seed's case).
      const w =
        welders.find((x) => x.employerId === s.enterpriseId && uncertified(x)) ??
        welders.find((x) => uncertified(x));
      if (w) {
        weldingSite = s;
        workerId = w.id;
        const mate =
          welders.find((x) => x.employerId === s.enterpriseId && !uncertified(x)) ??
          welders.find((x) => !uncertified(x));
        colleagueId = mate?.id;
        console.log(
          `welding scenario: ${w.name} (no valid welding certificate)${
            mate ? ` and ${mate.name} (certified)` : ''
          } will be checked in at ${s.name}`,
        );
        break;
      }
    }
    if (!workerId) throw new Error('no welding shop and uncertified welder are visible; pass --site');
  }

  // Register the SIM- devices (or give existing ones a new token).
  const kinds = KINDS_BY_SCENARIO[scenario];
  const wanted =
    scenario === 'welding'
      ? [
          { kind: 'access_gate', i: 1 },
          ...Array.from({ length: Math.max(1, n - 1) }, (_, i) => ({ kind: 'ai_camera', i: i + 1 })),
        ]
      : Array.from({ length: n }, (_, i) => ({
          kind: kinds[i % kinds.length],
          i: Math.floor(i / kinds.length) + 1,
        }));
  const existing = new Map(
    (await api.all<{ id: string; code: string }>('/api/devices?q=SIM-&pageSize=200')).map((d) => [
      d.code,
      d.id,
    ]),
  );
  const devices: SimDevice[] = [];
  for (const w of wanted) {
    const code = `SIM-${TAG[w.kind] ?? 'DEV'}-${String(w.i).padStart(4, '0')}`;
    const site =
      scenario === 'welding'
        ? weldingSite
        : (sites.find((s) => SITE_KIND[w.kind]?.includes(s.kind)) ?? sites[w.i % sites.length]);
    const id = existing.get(code);
    const d = id
      ? await api.post<{ token: string; mqttTopic: string; siteId: string }>(`/api/devices/${id}/token`, {})
      : await api.post<{ token: string; mqttTopic: string; siteId: string }>('/api/devices', {
          code,
          name: `模拟设备 ${code}`,
          kind: w.kind,
          siteId: site.id,
          heartbeatSeconds: 60,
        });
    if (id && scenario === 'welding' && d.siteId !== site.id) {
      const moved = await api.patch<{ mqttTopic: string }>(`/api/devices/${id}`, { siteId: site.id });
      d.mqttTopic = moved.mqttTopic;
    }
    devices.push({ code, token: d.token, kind: w.kind, topic: d.mqttTopic });
  }
  console.log(
    `simulating ${devices.length} device(s), scenario ${scenario}, ${rate} events/s for up to ${duration} s over ${transport === 'mqtt' ? mqttUrl : url}`,
  );
  let last = 0;
  const stats = await runSimulation({
    transport,
    mqttUrl,
    httpUrl: url,
    devices,
    scenario,
    rate,
    durationS: duration,
    maxEvents: values['max-events'] ? Number(values['max-events']) : undefined,
    workerId,
    colleagueId,
    snapshot: scenario === 'welding',
    onProgress: (s) => {
      if (s.durationMs - last < 5000) return;
      last = s.durationMs;
      console.log(
        `  ${(s.durationMs / 1000).toFixed(0)} s: sent ${s.sent}, acknowledged ${s.acked}, refused ${s.rejected}, failed ${s.failed}${s.lastError ? ` (last error: ${s.lastError})` : ''}`,
      );
    },
  });
  console.log(
    `done in ${(stats.durationMs / 1000).toFixed(1)} s: sent ${stats.sent}, acknowledged ${stats.acked}, refused ${stats.rejected}, failed ${stats.failed} (${((stats.acked / stats.durationMs) * 1000).toFixed(0)} acknowledged events/s)`,
  );
  if (stats.lastError) console.log(`last error: ${stats.lastError}`);
}

/** A minimal API client with the session cookie. */
class Api {
  constructor(
    private readonly base: string,
    private readonly cookie: string,
  ) {}

  static async login(base: string, username: string, password: string) {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    }).catch((e: Error) => {
      throw new Error(`cannot reach ${base}: ${e.message} — is the server running (npm start)?`);
    });
    if (!res.ok)
      throw new Error(`login as ${username} failed (${res.status}); pass --username and --password`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    return new Api(base, cookie);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { cookie: this.cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as T & { error?: { message: string } };
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.error?.message ?? ''}`);
    return json;
  }

  get<T>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T>(path: string, body: unknown) {
    return this.call<T>('POST', path, body);
  }
  patch<T>(path: string, body: unknown) {
    return this.call<T>('PATCH', path, body);
  }

  /** Every page of a list (at most 20 pages). */
  async all<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    for (let page = 1; page <= 20; page++) {
      const p = await this.get<{ items: T[]; total: number }>(`${path}&page=${page}`);
      out.push(...p.items);
      if (out.length >= p.total || !p.items.length) break;
    }
    return out;
  }
}
