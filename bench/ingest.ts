// Ingest benchmark (issue 5): device events over MQTT QoS 1 → rules → committed events and alarms.
//
//   npx tsx bench/ingest.ts [--engine postgres|pglite|both] [--devices 200] [--duration 60]
//                           [--burst-duration 60] [--skip-bursts] [--skip-kill] [--pg URL]
//                           [--flood-duration 40] [--rate R (sustained rate; default 90 % of the flood)]
//
// For each engine it starts, on 127.0.0.1 only and on free ports:
//   postgres: a private Mosquitto (production settings, bench/mosquitto.conf.in) and the server with
//             DATABASE_URL (a fresh database on the local PostgreSQL) and MQTT_URL (ingest workers on a
//             shared subscription);
//   pglite:   the server with its embedded PGlite and embedded aedes broker (PUBACK after commit).
// Then, in the same run: the raw broker pub→sub rate; the sustained end-to-end rate; bursts ×3 and
// ×10 of it; and a kill -9 of the server mid-stream, with a check that every event the publishers
// got a PUBACK for is in the database. Every loop is bounded in time. See bench/README.md.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import pg from 'pg';
import { Aedes } from 'aedes';
import type { PublisherConfig } from './ingest-publisher.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
    devices: { type: 'string', default: '200' },
    duration: { type: 'string', default: '60' },
    'burst-duration': { type: 'string', default: '60' },
    'skip-bursts': { type: 'boolean', default: false },
    'skip-kill': { type: 'boolean', default: false },
    pg: {
      type: 'string',
      default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    window: { type: 'string', default: '32' },
    'flood-duration': { type: 'string', default: '40' },
    rate: { type: 'string' },
  },
});
const DEVICES = Number(args.devices);
const DURATION = Number(args.duration);
const BURST = Number(args['burst-duration']);
const WINDOW = Number(args.window);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Every process this script starts, stopped when it ends — however it ends. */
const children = new Set<ChildProcess>();
const track = (p: ChildProcess) => (children.add(p), p.once('exit', () => children.delete(p)), p);
process.on('exit', () => children.forEach((p) => p.kill('SIGKILL')));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));
process.on('uncaughtException', (e) => {
  console.error(e);
  process.exit(1);
});
const log = (...a: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...a);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- server process
interface Server {
  proc: ChildProcess;
  url: string;
  env: NodeJS.ProcessEnv;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const profile = process.env.BENCH_CPU_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
    : [];
  // BENCH_SERVER_NODE_ARGS: more Node options for the server, e.g. "--trace-gc --max-old-space-size=512".
  profile.push(...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean));
  const proc = track(
    spawn(process.execPath, [...profile, '--import', 'tsx', 'packages/server/src/cli.ts', 'start'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let out = '';
  proc.stdout!.on('data', (b) => (out = (out + b).slice(-20_000)));
  proc.stderr!.on('data', (b) => (out = (out + b).slice(-20_000)));
  // BENCH_SERVER_LOG=file keeps the server's whole output (e.g. with NODE_OPTIONS=--trace-gc).
  if (process.env.BENCH_SERVER_LOG) {
    const file = createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' });
    proc.stdout!.pipe(file, { end: false });
    proc.stderr!.pipe(file, { end: false });
  }
  // A server that dies on its own (not killed by this script) shows why.
  proc.once('exit', (code, signal) => {
    if (signal !== 'SIGKILL' && signal !== 'SIGTERM' && code !== 0)
      log(`server exited by itself (code ${code}, signal ${signal}):\n${out.slice(-4000)}`);
  });
  const url = `http://127.0.0.1:${env.PORT}`;
  const until = Date.now() + 180_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}):\n${out.slice(-3000)}`);
    if (Date.now() > until) throw new Error(`server not ready in 180 s:\n${out.slice(-3000)}`);
    const ok = await fetch(`${url}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok && /Redline is ready/.test(out)) break;
    await sleep(300);
  }
  return { proc, url, env };
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

class Api {
  cookie = '';
  constructor(readonly base: string) {}
  async login(username: string, password: string) {
    const r = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
    this.cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
  }
  async call<T>(method: string, p: string, body?: unknown): Promise<T> {
    const send = () =>
      fetch(`${this.base}${p}`, {
        method,
        headers: { cookie: this.cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // A loaded server may close an idle keep-alive socket just as a poll reuses it (ECONNRESET):
    // GETs are safe to send again.
    let r: Response;
    for (let attempt = 1; ; attempt++) {
      try {
        r = await send();
        break;
      } catch (e) {
        if (method !== 'GET' || attempt >= 3) throw e;
        await sleep(200);
      }
    }
    const j = (await r.json()) as T & { error?: { message: string } };
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${j.error?.message}`);
    return j;
  }
  committed = async () => {
    const s = await this.call<{
      accepted: number;
      duplicates: number;
      alarmsRaised: number;
      queueDepth: number;
    }>('GET', '/api/ingest/stats');
    return s;
  };
}

// ---------------------------------------------------------------- publishers
interface PubResult {
  stats: {
    published: number;
    acked: number;
    retried: number;
    errors: number;
    inflight: number;
    lastError: string;
  };
  acked: Record<string, number[]>;
  durationMs: number;
}

function publish(
  cfg: PublisherConfig,
  onStats?: (s: PubResult['stats']) => void,
): { done: Promise<PubResult>; proc: ChildProcess } {
  const proc = fork(path.join(root, 'bench/ingest-publisher.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const done = new Promise<PubResult>((resolve, reject) => {
    proc.on('message', (m: any) => {
      if (m.type === 'ready') proc.send({ type: 'start', config: cfg });
      else if (m.type === 'stats') onStats?.(m.stats);
      else if (m.type === 'done') resolve(m);
      else if (m.type === 'error') reject(new Error(m.message));
    });
    proc.on('exit', (code, signal) =>
      reject(new Error(`publisher exited (${code ?? signal}) before it was done`)),
    );
  });
  return { done, proc };
}

// ---------------------------------------------------------------- brokers
async function startMosquitto(): Promise<{ url: string; proc: ChildProcess; dir: string }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-bench-mosq-'));
  const conf = readFileSync(path.join(root, 'bench/mosquitto.conf.in'), 'utf8').replace(
    '{{PORT}}',
    String(port),
  );
  writeFileSync(path.join(dir, 'mosquitto.conf'), conf);
  const bin = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((b) => {
    try {
      execFileSync(b, ['-h'], { stdio: 'ignore' });
      return true;
    } catch (e) {
      return (e as { status?: number }).status !== undefined && (e as { code?: string }).code !== 'ENOENT';
    }
  });
  if (!bin) throw new Error('mosquitto not found (apt-get install mosquitto)');
  const proc = track(spawn(bin, ['-c', path.join(dir, 'mosquitto.conf')], { stdio: 'ignore' }));
  for (let i = 0; i < 50; i++) {
    const ok = await mqtt
      .connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 1000 })
      .then((c) => (c.end(true), true))
      .catch(() => false);
    if (ok) return { url: `mqtt://127.0.0.1:${port}`, proc, dir };
    await sleep(100);
  }
  throw new Error('mosquitto did not start');
}

/** Raw broker rate: publishers → broker → one QoS 1 subscriber, no database. */
async function rawRate(
  url: string,
  devices: PublisherConfig['devices'],
  seconds: number,
): Promise<{ perSecond: number; received: number }> {
  const sub = await mqtt.connectAsync(url, { protocolVersion: 4, clean: true, reconnectPeriod: 0 });
  let received = 0;
  sub.on('message', () => received++);
  await sub.subscribeAsync('bench/raw/#', { qos: 1 });
  log('  raw subscriber ready');
  let t0 = 0;
  let r0 = 0;
  const warm = setTimeout(() => {
    t0 = Date.now();
    r0 = received;
  }, 3000);
  const { done } = publish({
    url,
    devices,
    rate: 0,
    durationS: seconds,
    settleS: 10,
    window: WINDOW,
    tag: `raw${Date.now().toString(36)}`,
    rawTopicPrefix: 'bench/raw',
    authenticate: false,
  });
  await sleep(seconds * 1000);
  const perSecond = Math.round((received - r0) / ((Date.now() - t0) / 1000));
  clearTimeout(warm);
  await done;
  await sub.endAsync();
  return { perSecond, received };
}

// ---------------------------------------------------------------- one phase: publish while measuring
interface PhaseResult {
  name: string;
  targetRate: number;
  publishRate: number;
  committedRate: number;
  maxLag: number;
  lagAtEnd: number;
  drainSeconds: number | null;
  maxRssMb: number;
  published: number;
  acked: number;
  alarmsRaised: number;
  missingAcked?: number;
}

async function phase(
  name: string,
  server: Server,
  api: Api,
  cfg: Omit<PublisherConfig, 'tag' | 'settleS' | 'authenticate' | 'window'> & { authenticate: boolean },
  opts: { killAtS?: number; restart?: () => Promise<Server> } = {},
) {
  const tag = `${name.replace(/[^A-Za-z0-9]/g, '')}${Date.now().toString(36)}`;
  const base = await api.committed();
  const startCommitted = base.accepted + base.duplicates;
  let last = { published: 0, acked: 0 };
  const samples: Array<{ t: number; published: number; committed: number; rss: number }> = [];
  const t0 = Date.now();
  const { done } = publish({ ...cfg, tag, settleS: 120, window: WINDOW }, (s) => (last = s));
  let killed = false;
  let current = server;
  const sampler = (async () => {
    while (Date.now() - t0 < cfg.durationS * 1000) {
      await sleep(1000);
      if (opts.killAtS && !killed && Date.now() - t0 >= opts.killAtS * 1000) {
        killed = true;
        log(
          `  kill -9 server (pid ${current.proc.pid}) at ${opts.killAtS} s; published ${last.published}, acked ${last.acked}`,
        );
        current.proc.kill('SIGKILL');
        await new Promise((r) => current.proc.once('exit', r));
        await sleep(1000);
        current = await opts.restart!();
        await api.login('admin', 'Redline2026!');
        log(
          `  server back (pid ${current.proc.pid}) after ${((Date.now() - t0) / 1000 - opts.killAtS).toFixed(1)} s`,
        );
        continue;
      }
      if (killed) continue; // the restarted server counts from zero: rates and lag are measured before the kill
      const c = await api.committed().catch(() => null);
      if (!c) continue;
      samples.push({
        t: (Date.now() - t0) / 1000,
        published: last.published,
        committed: c.accepted + c.duplicates,
        rss: rssMb(current.proc.pid),
      });
    }
  })();
  const pub = await done;
  await sampler;
  // Drain: how long until the server has taken everything.
  const drainStart = Date.now();
  let drainSeconds: number | null = null;
  let stats = await api.committed();
  for (let i = 0; i < 600; i++) {
    stats = await api.committed();
    if (
      stats.queueDepth === 0 &&
      (killed || stats.accepted + stats.duplicates - startCommitted >= pub.stats.acked)
    ) {
      drainSeconds = (Date.now() - drainStart) / 1000;
      break;
    }
    await sleep(500);
  }
  const steady = samples.filter((s) => s.t >= 5);
  const rate = (a: typeof steady, key: 'published' | 'committed') =>
    a.length >= 2 ? (a[a.length - 1][key] - a[0][key]) / (a[a.length - 1].t - a[0].t) : 0;
  // When a flooded server could not answer the stats polls in time, the committed rate is what it
  // took over the whole phase including the drain (everything acknowledged by then is committed).
  const committedRate = killed
    ? 0
    : steady.length >= 2
      ? Math.round(rate(steady, 'committed'))
      : drainSeconds !== null
        ? Math.round(pub.stats.acked / (cfg.durationS + drainSeconds))
        : 0;
  const result: PhaseResult = {
    name,
    targetRate: cfg.rate,
    publishRate: Math.round(rate(steady, 'published')),
    committedRate,
    maxLag: Math.max(0, ...samples.map((s) => s.published - (s.committed - startCommitted))),
    lagAtEnd: samples.length
      ? samples[samples.length - 1].published - (samples[samples.length - 1].committed - startCommitted)
      : 0,
    drainSeconds,
    maxRssMb: Math.max(0, ...samples.map((s) => s.rss)),
    published: pub.stats.published,
    acked: pub.stats.acked,
    alarmsRaised: stats.alarmsRaised,
  };
  return { result, acked: pub.acked, tag, server: current };
}

// ---------------------------------------------------------------- verification: every acked event is stored
async function missingAcked(
  engine: 'postgres' | 'pglite',
  target: { dbUrl?: string; dataDir?: string },
  acked: Record<string, number[]>,
  tag: string,
): Promise<number> {
  let missing = 0;
  const query = async (q: (sql: string, params: unknown[]) => Promise<Array<{ event_id: string }>>) => {
    for (const [code, seqs] of Object.entries(acked)) {
      if (!seqs.length) continue;
      const rows = await q(
        `SELECT e.event_id FROM device_events e JOIN devices d ON d.id = e.device_id WHERE d.code = $1 AND e.event_id LIKE $2`,
        [code, `${code}-${tag}-%`],
      );
      const have = new Set(rows.map((r) => Number(r.event_id.slice(r.event_id.lastIndexOf('-') + 1))));
      for (const s of seqs) if (!have.has(s)) missing++;
    }
  };
  if (engine === 'postgres') {
    const c = new pg.Client({ connectionString: target.dbUrl });
    await c.connect();
    await query(async (sql, params) => (await c.query(sql, params)).rows);
    await c.end();
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const lite = await PGlite.create(path.join(target.dataDir!, 'pgdata'));
    await query(async (sql, params) => (await lite.query<{ event_id: string }>(sql, params)).rows);
    await lite.close();
  }
  return missing;
}

// ---------------------------------------------------------------- one engine
async function benchEngine(engine: 'postgres' | 'pglite') {
  log(`== ${engine}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `redline-bench-${engine}-`));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO: 'true',
    DEMO_SIMULATOR: 'false',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '1000',
    INGEST_BATCH_SIZE: process.env.INGEST_BATCH_SIZE ?? '1000',
    INGEST_BATCH_MS: process.env.INGEST_BATCH_MS ?? '10',
    INGEST_QUEUE_CAPACITY: process.env.INGEST_QUEUE_CAPACITY ?? '20000',
    ALARM_ESCALATE_MINUTES: '1440',
  };
  let mosq: Awaited<ReturnType<typeof startMosquitto>> | null = null;
  let dbUrl: string | undefined;
  let dbName: string | undefined;
  let aedes: { close: () => Promise<void>; url: string } | null = null;
  if (engine === 'postgres') {
    mosq = await startMosquitto();
    dbName = `redline_bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: args.pg });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(args.pg!);
    u.pathname = '/' + dbName;
    dbUrl = u.toString();
    Object.assign(env, {
      DATABASE_URL: dbUrl,
      MQTT_URL: mosq.url,
      MQTT_SUBSCRIBERS: process.env.MQTT_SUBSCRIBERS ?? '2',
      MQTT_PROTOCOL: '5',
      INGEST_CONCURRENCY: process.env.INGEST_CONCURRENCY ?? '4',
      MQTT_SHARED_GROUP: 'redline',
    });
  } else {
    Object.assign(env, { MQTT_PORT: String(await freePort()) });
  }
  let server = await startServer(env);
  const api = new Api(server.url);
  await api.login('admin', 'Redline2026!');

  // Devices: gas sensors and cameras at the demo's sites.
  const sites = (await api.call<{ items: Array<{ id: string }> }>('GET', '/api/sites?pageSize=200')).items;
  const devices: PublisherConfig['devices'] = [];
  for (let i = 0; i < DEVICES; i++) {
    const kind = i % 5 === 4 ? 'ai_camera' : 'combustible_gas_sensor';
    const code = `BENCH-${String(i).padStart(4, '0')}`;
    const d = await api.call<{ token: string; mqttTopic: string }>('POST', '/api/devices', {
      code,
      name: `压测设备 ${i}`,
      kind,
      siteId: sites[i % sites.length].id,
      heartbeatSeconds: 3600,
    });
    devices.push({ code, token: d.token, topic: d.mqttTopic, kind });
  }
  log(`  ${DEVICES} devices registered; server pid ${server.proc.pid}, RSS ${rssMb(server.proc.pid)} MB`);
  const mqttUrl = engine === 'postgres' ? mosq!.url : `mqtt://127.0.0.1:${env.MQTT_PORT}`;
  const authenticate = engine === 'pglite';

  // Raw broker rate (same machine, same run): Mosquitto itself, or a standalone aedes like the embedded one.
  let raw: { perSecond: number; received: number };
  log('  measuring the raw broker rate…');
  if (engine === 'postgres') raw = await rawRate(mosq!.url, devices, 20);
  else {
    const rawPort = await freePort();
    const broker = await Aedes.createBroker({ concurrency: 1000 });
    const srv = createServer(broker.handle);
    await new Promise<void>((r) => srv.listen(rawPort, '127.0.0.1', () => r()));
    aedes = {
      url: `mqtt://127.0.0.1:${rawPort}`,
      close: () => new Promise<void>((r) => (broker.close(), srv.close(() => r()))),
    };
    raw = await rawRate(aedes.url, devices, 20);
    await aedes.close();
  }
  log(`  raw broker pub→sub: ${raw.perSecond} msg/s`);

  const results: PhaseResult[] = [];
  const restart = async () => (server = await startServer(env));
  const check = async (r: Awaited<ReturnType<typeof phase>>) => {
    server = r.server;
    results.push(r.result);
    log(
      `  ${r.result.name}: published ${r.result.publishRate}/s, committed ${r.result.committedRate}/s, max lag ${r.result.maxLag}, drain ${r.result.drainSeconds ?? '—'} s, max RSS ${r.result.maxRssMb} MB`,
    );
    return r;
  };

  // Capacity: as fast as the publishers' windows allow.
  const capacity = await check(
    await phase('capacity (flood)', server, api, {
      url: mqttUrl,
      devices,
      rate: 0,
      durationS: Math.min(DURATION, Number(args['flood-duration'])),
      authenticate,
    }),
  );
  const sustainedRate = args.rate
    ? Number(args.rate)
    : Math.max(100, Math.round((capacity.result.committedRate * 0.9) / 100) * 100);
  await check(
    await phase('sustained', server, api, {
      url: mqttUrl,
      devices,
      rate: sustainedRate,
      durationS: DURATION,
      authenticate,
    }),
  );
  const acked: Array<{ tag: string; acked: Record<string, number[]>; name: string }> = [];
  if (!args['skip-bursts']) {
    for (const k of [3, 10]) {
      const r = await check(
        await phase(`burst ×${k}`, server, api, {
          url: mqttUrl,
          devices,
          rate: sustainedRate * k,
          durationS: BURST,
          authenticate,
        }),
      );
      acked.push({ tag: r.tag, acked: r.acked, name: r.result.name });
    }
    const after = await check(
      await phase('after bursts', server, api, {
        url: mqttUrl,
        devices,
        rate: sustainedRate,
        durationS: 20,
        authenticate,
      }),
    );
    void after;
  }
  if (!args['skip-kill']) {
    const r = await check(
      await phase(
        'kill -9 mid-stream',
        server,
        api,
        { url: mqttUrl, devices, rate: Math.round(sustainedRate / 2), durationS: 40, authenticate },
        { killAtS: 12, restart },
      ),
    );
    acked.push({ tag: r.tag, acked: r.acked, name: r.result.name });
  }
  // Stop the server (PGlite must be closed before we open its files) and check every acknowledged event.
  server.proc.kill('SIGTERM');
  await Promise.race([new Promise((r) => server.proc.once('exit', r)), sleep(20_000)]);
  if (server.proc.exitCode === null) server.proc.kill('SIGKILL');
  await sleep(500);
  for (const a of acked) {
    const missing = await missingAcked(engine, { dbUrl, dataDir }, a.acked, a.tag);
    const res = results.find((x) => x.name === a.name)!;
    res.missingAcked = missing;
    log(`  ${a.name}: ${res.acked} acknowledged, ${missing} of them missing from the database`);
  }
  mosq?.proc.kill('SIGTERM');
  if (mosq) rmSync(mosq.dir, { recursive: true, force: true });
  if (dbName) {
    const admin = new pg.Client({ connectionString: args.pg });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  rmSync(dataDir, { recursive: true, force: true });
  return { engine, rawBrokerRate: raw.perSecond, sustainedRate, results };
}

// ---------------------------------------------------------------- main
const machine = {
  date: new Date().toISOString(),
  nproc: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? '',
  memGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  load: os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' '),
};
const engines =
  args.engine === 'both' ? (['postgres', 'pglite'] as const) : [args.engine as 'postgres' | 'pglite'];
const out = [];
for (const e of engines) out.push(await benchEngine(e));
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const file = path.join(root, 'bench/results', `ingest-${machine.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ machine, args, out }, null, 2));
console.log(
  `\nmachine: ${machine.nproc} × ${machine.cpu}, ${machine.memGb} GB, Node ${machine.node}, load ${machine.load} (at start)`,
);
for (const o of out) {
  console.log(`\n${o.engine}: raw broker ${o.rawBrokerRate} msg/s; sustained target ${o.sustainedRate}/s`);
  console.log(
    '| phase | target/s | published/s | committed/s | max lag | drain s | max RSS MB | acked | acked missing |',
  );
  for (const r of o.results)
    console.log(
      `| ${r.name} | ${r.targetRate || 'flood'} | ${r.publishRate} | ${r.committedRate || '—'} | ${r.maxLag} | ${r.drainSeconds?.toFixed(1) ?? '—'} | ${r.maxRssMb} | ${r.acked} | ${r.missingAcked ?? '—'} |`,
    );
}
console.log(`\nraw results: ${path.relative(root, file)}`);
process.exit(0);
