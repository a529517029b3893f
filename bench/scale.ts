/**
 * Provincial scale (issue 13): lists and figures at 1M hazards and 10M device events on PostgreSQL,
 * through the real server and, beside each, the same SQL run directly.
 *
 *   npx tsx bench/scale.ts [--hazards 1000000] [--events 10000000] [--db redline_scale]
 *                          [--pg postgres://postgres@127.0.0.1:5432] [--clients 50] [--stats-clients 10]
 *                          [--seconds 5] [--deep 200] [--only lists|stats|dashboard] [--skip-measure] [--drop]
 *   (or `npm run bench -- scale …`)
 *
 * 1. A database of its own (`--db`, created when missing, on the `--pg` server; `--drop` drops it first).
 * 2. When it has no accounts yet, the real server (compiled, `packages/server/dist/cli.js start`) starts
 *    once with demo data against it — migrations, the registry (407 sites over Shanghai Jinshan, Ordos and
 *    a few more cities), two months of inspections and hazards made through the use cases, devices —
 *    and stops. Those demo hazards and events are the templates of the generated ones.
 * 3. Generation, set-based SQL in batches (each batch its own statement, so an interrupted run resumes;
 *    a rerun with the counts there skips it): hazards up to `--hazards` (marked by their description
 *    `bench/scale`), each a copy of a random demo hazard (its title, grade, status and lifecycle state)
 *    at a random site of the registry with dates moved: 90 % closed or rejected, found over the last
 *    three years; 10 % open, found over the last 60 days; deadline and closing time keep their distance
 *    from the finding. Device events up to `--events` over the demo's devices and the last 60 days
 *    (copies of demo events' types and readings). The hazard rollup triggers are off during the load;
 *    then `redline rollups rebuild` and `redline event-rollups rebuild` recompute the figures from the
 *    rows, and VACUUM ANALYZE.
 * 4. Measurement: the compiled server starts again (no demo seeding) and, as a district user
 *    (jinshan.leader, 310116), a city user (ordos.leader, 1506) and the national administrator, each
 *    scenario runs for `--seconds` with `--clients` concurrent keep-alive HTTP clients (figures:
 *    `--stats-clients`). The SQL the server runs for the scenario is captured by calling the same
 *    repository function in this process through a Kysely that records its statements, and replayed
 *    for `--seconds` with the same concurrency through `pg` (a pool of `--clients` connections with the
 *    server's session settings; statements the server sends together go together, the rest in order). Printed: p50/p95/p99
 *    and requests/s of both, and the ratio server/SQL of p50 and p99. Raw results:
 *    bench/results/scale-<time>.json.
 *
 * Everything talks to 127.0.0.1; the server stops at the end (and on Ctrl-C).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { DB } from '../packages/server/src/db/schema.ts';
import { ACTOR_COLUMNS, toActor, type Actor, type ActorRow } from '../packages/server/src/auth/actor.ts';
import { installModules } from '../packages/server/src/app.ts';
import { listHazardRows, type HazardListQuery } from '../packages/server/src/modules/hazards/repo.ts';
import { hazardStats } from '../packages/server/src/modules/hazards/stats.ts';
import { buildDashboard } from '../packages/server/src/modules/dashboard/build-dashboard.ts';
import type { Deps } from '../packages/server/src/http/context.ts';
// @ts-expect-error -- a plain JavaScript build script without type declarations
import { buildServer, serverBuildIsFresh, SERVER_ENTRY } from '../scripts/build-server.mjs';

const { values: args } = parseArgs({
  options: {
    hazards: { type: 'string', default: '1000000' },
    events: { type: 'string', default: '10000000' },
    db: { type: 'string', default: 'redline_scale' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    clients: { type: 'string', default: '50' },
    'stats-clients': { type: 'string', default: '10' },
    seconds: { type: 'string', default: '5' },
    deep: { type: 'string', default: '200' },
    only: { type: 'string' },
    'skip-measure': { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
  },
});
const HAZARDS = Number(args.hazards);
const EVENTS = Number(args.events);
const CLIENTS = Number(args.clients);
const STATS_CLIENTS = Number(args['stats-clients']);
const SECONDS = Number(args.seconds);
const DEEP = Number(args.deep);
if (!/^[a-z_][a-z0-9_]*$/.test(args.db!)) throw new Error('--db: a plain database name');
if (args.db === 'test' || args.db === 'postgres') throw new Error('--db: not the test or postgres database');
const ADMIN_URL = `${args.pg}/postgres`;
const DB_URL = `${args.pg}/${args.db}`;
const TIME_ZONE = 'Asia/Shanghai';
const MARK = 'bench/scale';
// The server's PostgreSQL session settings (db/database.ts OLTP_SESSION), for the direct SQL too.
const OLTP_SESSION = '-c max_parallel_workers_per_gather=0 -c jit=off';
// A fixed key, so the demo's encrypted personal data stays readable across reruns of this bench.
const SECRET_KEY = 'bench-scale-not-a-secret-0123456789abcdef';
const PASSWORD = 'Redline2026!';
const USERS = [
  { who: 'district', username: 'jinshan.leader' },
  { who: 'city', username: 'ordos.leader' },
  { who: 'national', username: 'admin' },
];

const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const secondsSince = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- the server process

let server: ChildProcess | null = null;
const dataDir = mkdtempSync(path.join(tmpdir(), 'redline-scale-'));

async function startServer(demo: boolean): Promise<string> {
  if (!serverBuildIsFresh()) await buildServer({ quiet: true });
  const port = await freePort();
  const mqttPort = await freePort();
  const t0 = performance.now();
  server = spawn(process.execPath, [SERVER_ENTRY, 'start'], {
    env: {
      ...process.env,
      DATABASE_URL: DB_URL,
      DATA_DIR: dataDir,
      SECRET_KEY,
      PORT: String(port),
      MQTT_PORT: String(mqttPort),
      HOST: '127.0.0.1',
      DEMO: String(demo),
      DEMO_SIMULATOR: 'false',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '1000',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 6000; i++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    const ok = await fetch(`${url}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) {
      log(`server ready at ${url} in ${secondsSince(t0)} s${demo ? ' (with demo data)' : ''}`);
      return url;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not answer /api/health within 10 minutes');
}

async function stopServer() {
  const s = server;
  server = null;
  if (!s || s.exitCode !== null) return;
  const exited = new Promise((r) => s.once('exit', r));
  s.kill('SIGINT');
  const timer = setTimeout(() => s.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void stopServer().finally(() => process.exit(130));
  });

function cli(...command: string[]) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [SERVER_ENTRY, ...command], {
    env: { ...process.env, DATABASE_URL: DB_URL, DATA_DIR: dataDir, SECRET_KEY, DEMO: 'false' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`redline ${command.join(' ')}: ${r.stderr || r.stdout}`);
  log(`redline ${command.join(' ')} (${secondsSince(t0)} s): ${r.stdout.trim().split('\n').at(-1)}`);
}

// ---------------------------------------------------------------- database and generation

async function ensureDatabase() {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  if (args.drop) {
    await admin.query(`DROP DATABASE IF EXISTS ${args.db} WITH (FORCE)`);
    log(`dropped database ${args.db}`);
  }
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [args.db]);
  if (!exists.rowCount) {
    await admin.query(`CREATE DATABASE ${args.db}`);
    log(`created database ${args.db}`);
  }
  await admin.end();
}

async function scalar(client: pg.Client, text: string, values: unknown[] = []): Promise<number> {
  const r = await client.query(text, values);
  return Number(Object.values(r.rows[0] ?? { n: 0 })[0] ?? 0);
}

async function generate(client: pg.Client) {
  // Templates: the demo's own hazards (made through the use cases), split into finished and open ones.
  await client.query(`
    CREATE TEMP TABLE t_tmpl AS SELECT status IN ('closed', 'rejected') AS done,
      row_number() OVER (PARTITION BY status IN ('closed', 'rejected') ORDER BY id) AS n, *
      FROM hazards WHERE description <> '${MARK}';
    CREATE TEMP TABLE t_sites AS SELECT row_number() OVER (ORDER BY id) AS n, * FROM sites;`);
  const nDone = await scalar(client, 'SELECT count(*) FROM t_tmpl WHERE done');
  const nOpen = await scalar(client, 'SELECT count(*) FROM t_tmpl WHERE NOT done');
  const nSites = await scalar(client, 'SELECT count(*) FROM t_sites');
  if (!nDone || !nOpen || !nSites) throw new Error('the demo data has no hazards or sites to copy');
  let have = await scalar(client, `SELECT count(*) FROM hazards WHERE description = $1`, [MARK]);
  log(
    `hazards: ${have} generated already, target ${HAZARDS} (templates ${nDone} finished + ${nOpen} open, ${nSites} sites)`,
  );
  if (have < HAZARDS) {
    await client.query('ALTER TABLE hazards DISABLE TRIGGER USER'); // rollups are rebuilt below
    try {
      while (have < HAZARDS) {
        const batch = Math.min(100_000, HAZARDS - have);
        const t0 = performance.now();
        await client.query(
          `WITH r AS MATERIALIZED (
             SELECT g, random() < 0.9 AS done, random() AS rt, random() AS rs, random() AS rf
             FROM generate_series(1, $1::int) g),
           dated AS (
             SELECT t.*, s.region_code AS s_region, s.enterprise_id AS s_enterprise, s.project_id AS s_project,
               s.id AS s_id,
               now() - r.rf * (CASE WHEN r.done THEN interval '3 years' ELSE interval '60 days' END) AS found
             FROM r
             JOIN t_tmpl t ON t.done = r.done
               AND t.n = 1 + floor(r.rt * (CASE WHEN r.done THEN ${nDone} ELSE ${nOpen} END))::int
             JOIN t_sites s ON s.n = 1 + floor(r.rs * ${nSites})::int)
           INSERT INTO hazards (region_code, enterprise_id, project_id, site_id, source, checklist_item_code,
             library_version_id, title, description, grade, status, deadline, state, found_at, found_by,
             legal_basis, created_at, updated_at)
           SELECT s_region, s_enterprise, s_project, s_id, 'self_inspection',
             checklist_item_code, library_version_id, title, '${MARK}', grade, status,
             found + (deadline - found_at),
             CASE WHEN jsonb_typeof(state->'closure') = 'object' AND state->'closure'->>'at' IS NOT NULL
               THEN jsonb_set(state, '{closure,at}',
                 to_jsonb(least(now(), found + ((state->'closure'->>'at')::timestamptz - found_at))))
               ELSE state END,
             found, found_by, legal_basis, found,
             least(now(), found + (updated_at - found_at))
           FROM dated`,
          [batch],
        );
        have += batch;
        log(`hazards: +${batch} in ${secondsSince(t0)} s (${have} / ${HAZARDS})`);
      }
    } finally {
      await client.query('ALTER TABLE hazards ENABLE TRIGGER USER');
    }
  }

  // Device events over the demo's devices, the last 60 days, in the month partitions.
  const nDevices = await scalar(client, 'SELECT count(*) FROM devices');
  await client.query(`
    CREATE TEMP TABLE t_dev AS SELECT row_number() OVER (ORDER BY id) AS n, * FROM devices;
    CREATE TEMP TABLE t_ev AS SELECT row_number() OVER () AS n, type, code, readings, detections
      FROM (SELECT * FROM device_events WHERE event_id NOT LIKE 'scale-%' LIMIT 5000) e;`);
  const nTemplates = await scalar(client, 'SELECT count(*) FROM t_ev');
  let events = await scalar(client, `SELECT count(*) FROM device_events WHERE event_id LIKE 'scale-%'`);
  log(
    `device events: ${events} generated already, target ${EVENTS} (${nDevices} devices, ${nTemplates} template events)`,
  );
  if (events < EVENTS) {
    if (!nDevices || !nTemplates) throw new Error('the demo data has no devices or events to copy');
    await client.query(`SELECT device_event_partitions_ensure(now() - interval '61 days', now())`);
    while (events < EVENTS) {
      const batch = Math.min(1_000_000, EVENTS - events);
      const t0 = performance.now();
      await client.query(
        `WITH r AS MATERIALIZED (
           SELECT g, random() AS rd, random() AS re, random() AS rt FROM generate_series($1::bigint + 1, $1::bigint + $2::int) g)
         INSERT INTO device_events (device_id, event_id, time, received_at, type, code, region_code, site_id, readings, detections)
         SELECT d.id, 'scale-' || r.g, now() - r.rt * interval '60 days', now() - r.rt * interval '60 days',
           e.type, e.code, d.region_code, d.site_id, e.readings, e.detections
         FROM r JOIN t_dev d ON d.n = 1 + floor(r.rd * ${nDevices})::int
         JOIN t_ev e ON e.n = 1 + floor(r.re * ${nTemplates})::int`,
        [events, batch],
      );
      events += batch;
      log(`device events: +${batch} in ${secondsSince(t0)} s (${events} / ${EVENTS})`);
    }
  }
}

// ---------------------------------------------------------------- load

type Stats = { n: number; errors: number; p50: number; p95: number; p99: number; rps: number };

function summarise(latencies: number[], errors: number, seconds: number): Stats {
  const s = [...latencies].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN);
  return { n: s.length, errors, p50: q(0.5), p95: q(0.95), p99: q(0.99), rps: s.length / seconds };
}

/** `clients` loops calling `once` until `seconds` are over; latencies in ms. */
async function closedLoop(clients: number, seconds: number, once: (client: number) => Promise<void>) {
  const latencies: number[] = [];
  let errors = 0;
  let firstError = '';
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() < end) {
        const s = performance.now();
        try {
          await once(c);
          latencies.push(performance.now() - s);
        } catch (e) {
          errors++;
          firstError ||= (e as Error).message;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }),
  );
  if (firstError) log(`  errors: ${errors}, first: ${firstError}`);
  return summarise(latencies, errors, (performance.now() - t0) / 1000);
}

function httpGet(agent: http.Agent, url: string, cookie: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`${res.statusCode} ${body.slice(0, 200)}`));
        else resolve(body);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function login(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

type Statement = { sql: string; parameters: unknown[] };

/**
 * The statements a repository function sends, recorded through a Kysely of their own, in steps: the
 * statements the function had running at the same time (the page and its capped count, Promise.all)
 * form one step and are replayed concurrently, steps one after the other.
 */
function recorder(pool: pg.Pool) {
  let seen: Array<{ q: CompiledQuery; start: number; end: number }> = [];
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      const end = performance.now();
      if (e.level === 'query') seen.push({ q: e.query, start: end - e.queryDurationMillis, end });
    },
  });
  return {
    db,
    async capture(run: (db: Kysely<DB>) => Promise<unknown>): Promise<Statement[][]> {
      seen = [];
      await run(db);
      const steps: Statement[][] = [];
      let stepEnd = -Infinity;
      for (const x of [...seen].sort((a, b) => a.start - b.start)) {
        const st = { sql: x.q.sql, parameters: [...x.q.parameters] };
        if (x.start < stepEnd && steps.length) steps[steps.length - 1].push(st);
        else steps.push([st]);
        stepEnd = Math.max(stepEnd, x.end);
      }
      return steps;
    },
  };
}

type Scenario = {
  who: string;
  name: string;
  path: string;
  kind: 'list' | 'stats';
  run: (db: Kysely<DB>, now: Date) => Promise<unknown>;
};

const qs = (o: Record<string, string | number | boolean | undefined>) =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

async function measure() {
  installModules(); // the access rules the repository functions scope by
  const url = await startServer(false);
  // The server shares a dashboard among the screens asking for the same figures for this long
  // (shared-dashboard.ts); DASHBOARD_CACHE_SECONDS=0 measures every request computed.
  log(`server DASHBOARD_CACHE_SECONDS=${process.env.DASHBOARD_CACHE_SECONDS ?? 'default (15)'}`);
  const pool = new pg.Pool({
    connectionString: DB_URL,
    max: Math.max(CLIENTS, STATS_CLIENTS), // PostgreSQL's max_connections is 100 by default
    options: OLTP_SESSION,
  });
  const rec = recorder(pool);
  const results: Array<Record<string, unknown>> = [];
  try {
    const scenarios: Array<Scenario & { cookie: string }> = [];
    for (const u of USERS) {
      const cookie = await login(url, u.username);
      const row = await rec.db
        .selectFrom('users')
        .select(ACTOR_COLUMNS)
        .where('username', '=', u.username)
        .executeTakeFirstOrThrow();
      const actor: Actor = toActor(row as ActorRow);
      const inScope = await rec.db
        .selectFrom('hazards')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('region_code', 'like', `${actor.regionCode}%`)
        .executeTakeFirstOrThrow();
      // A search term from a title in scope (Chinese, as users type it: the first four characters).
      const sample = await rec.db
        .selectFrom('hazards')
        .select('title')
        .where('region_code', 'like', `${actor.regionCode}%`)
        .where('description', '=', MARK)
        .limit(1)
        .executeTakeFirst();
      const term = (sample?.title ?? '脚手架').replace(/[\s（(].*$/, '').slice(0, 4);
      // The deep page: follow the page token DEEP pages down (default sort), through the API.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      let cursor: string | undefined;
      for (let p = 1; p < DEEP; p++) {
        const body = JSON.parse(
          await httpGet(agent, `${url}/api/hazards/rectification?${qs({ cursor })}`, cookie),
        ) as {
          nextCursor?: string | null;
        };
        if (!body.nextCursor) break;
        cursor = body.nextCursor;
      }
      agent.destroy();
      log(
        `${u.who} (${u.username}, region '${actor.regionCode}'): ${inScope.n} hazards in scope; search "${term}"; deep page token after ${DEEP - 1} pages`,
      );
      const lists: Array<[string, HazardListQuery]> = [
        ['first page', {}],
        ['open', { open: true }],
        ['major, open', { grade: 'major', open: true }],
        ['overdue', { overdue: true }],
        ['closed', { status: 'closed' }],
        // The web app's tabs: 待办 (open) and 逾期 (overdue), both sorted by deadline.
        ['to-do tab', { open: true, sort: 'deadline' }],
        ['overdue tab', { overdue: true, sort: 'deadline' }],
        [`page ${DEEP} (token)`, { cursor }],
        [`search "${term}"`, { q: term }],
        ['sort deadline', { sort: 'deadline' }],
        ['sort foundAt', { sort: 'foundAt' }],
        ['sort grade', { sort: 'grade' }],
      ];
      if (!args.only || args.only === 'lists')
        for (const [name, q] of lists)
          scenarios.push({
            who: u.who,
            name,
            kind: 'list',
            cookie,
            path: `/api/hazards/rectification?${qs(q as Record<string, string | boolean>)}`,
            run: (db, now) => listHazardRows(db, actor, { pageSize: 20, ...q }, now),
          });
      const figures: Array<[string, { groupBy?: 'region' | 'enterprise' | 'inspector' | 'module' }]> = [
        ['stats total', {}],
        ['stats by region', { groupBy: 'region' }],
        ['stats by enterprise', { groupBy: 'enterprise' }],
        ['stats by inspector', { groupBy: 'inspector' }],
      ];
      if (!args.only || args.only === 'stats')
        for (const [name, q] of figures)
          scenarios.push({
            who: u.who,
            name,
            kind: 'stats',
            cookie,
            path: `/api/hazards/stats?${qs(q)}`,
            run: (db, now) => hazardStats(db, actor, { limit: 50, ...q }, now, TIME_ZONE),
          });
      // The jurisdiction dashboard (issue 15): this year, and one month, for the user's whole jurisdiction.
      const year = `${new Date().getFullYear()}-01-01`;
      if (!args.only || args.only === 'stats' || args.only === 'dashboard')
        for (const [name, q] of [
          ['dashboard year', { from: year }],
          ['dashboard month', {}],
        ] as Array<[string, { from?: string }]>)
          scenarios.push({
            who: u.who,
            name,
            kind: 'stats',
            cookie,
            path: `/api/dashboard?${qs(q)}`,
            run: (db, now) => {
              const today = now.toLocaleDateString('sv-SE', { timeZone: TIME_ZONE });
              const deps = { database: { db }, now: () => now, today: () => today, config: { TIME_ZONE } };
              return buildDashboard(deps as unknown as Deps, actor, { ...q, to: today });
            },
          });
    }

    for (const s of scenarios) {
      const clients = s.kind === 'list' ? CLIENTS : STATS_CLIENTS;
      const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
      await httpGet(agent, url + s.path, s.cookie); // warm: the route's schemas compile at its first request
      const server = await closedLoop(clients, SECONDS, async () => {
        await httpGet(agent, url + s.path, s.cookie);
      });
      agent.destroy();
      const steps = await rec.capture((db) => s.run(db, new Date()));
      const statements = steps.flat();
      // one pool of `clients` connections shared by the clients (the server shares its pool of
      // DB_POOL_SIZE the same way); a step's statements go out together
      const direct = await closedLoop(clients, SECONDS, async () => {
        for (const step of steps) await Promise.all(step.map((st) => pool.query(st.sql, st.parameters)));
      });
      const r = {
        who: s.who,
        scenario: s.name,
        path: s.path,
        clients,
        statements: steps.map((st) => st.length).join('+'),
        server,
        sql: direct,
        ratioP50: server.p50 / direct.p50,
        ratioP99: server.p99 / direct.p99,
        sqlText: statements.map((st) => st.sql),
      };
      results.push(r);
      log(
        `${s.who.padEnd(8)} ${s.name.padEnd(22)} ${clients}c  server p50 ${server.p50.toFixed(1)} p95 ${server.p95.toFixed(1)} p99 ${server.p99.toFixed(1)} ms ${server.rps.toFixed(0)}/s | SQL p50 ${direct.p50.toFixed(1)} p99 ${direct.p99.toFixed(1)} ms ${direct.rps.toFixed(0)}/s | ×${r.ratioP50.toFixed(2)} / ×${r.ratioP99.toFixed(2)}`,
      );
    }
  } finally {
    await pool.end();
    await stopServer();
  }
  return results;
}

function table(results: Array<Record<string, unknown>>) {
  const f = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : '—');
  const lines = [
    '| user | scenario | clients | server p50 / p95 / p99 ms | server req/s | SQL p50 / p95 / p99 ms | SQL req/s | server/SQL p50, p99 | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const s = r.server as Stats;
    const d = r.sql as Stats;
    lines.push(
      `| ${String(r.who)} | ${String(r.scenario)} | ${String(r.clients)} | ${f(s.p50)} / ${f(s.p95)} / ${f(s.p99)} | ${s.rps.toFixed(0)} | ${f(d.p50)} / ${f(d.p95)} / ${f(d.p99)} | ${d.rps.toFixed(0)} | ×${(r.ratioP50 as number).toFixed(2)}, ×${(r.ratioP99 as number).toFixed(2)} | ${s.errors + d.errors} |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const t0 = performance.now();
  log(
    `bench/scale: ${HAZARDS} hazards, ${EVENTS} events, database ${args.db}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  await ensureDatabase();
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  const seeded = await client
    .query(`SELECT count(*)::int AS n FROM users`)
    .then((r) => r.rows[0].n as number)
    .catch(() => 0);
  if (!seeded) {
    log(
      'no accounts yet: starting the server once with demo data (migrations, registry, demo history, devices)',
    );
    await startServer(true);
    await stopServer();
  }
  const tg = performance.now();
  await generate(client);
  log(`generation done in ${secondsSince(tg)} s`);
  await client.end();
  cli('rollups', 'rebuild');
  cli('event-rollups', 'rebuild');
  const ta = performance.now();
  const c2 = new pg.Client({ connectionString: DB_URL });
  await c2.connect();
  await c2.query('VACUUM ANALYZE');
  const counts = await c2.query(
    `SELECT (SELECT count(*) FROM hazards)::int AS hazards, (SELECT count(*) FROM device_events)::int AS events,
            (SELECT count(*) FROM sites)::int AS sites, pg_size_pretty(pg_database_size(current_database())) AS size`,
  );
  await c2.end();
  log(`VACUUM ANALYZE in ${secondsSince(ta)} s; ${JSON.stringify(counts.rows[0])}`);
  if (args['skip-measure']) return;
  const results = await measure();
  const md = table(results);
  console.log('\n' + md + '\n');
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(
    file,
    JSON.stringify({ args, load: loadavg(), counts: counts.rows[0], results }, null, 2) + '\n',
  );
  log(`done in ${secondsSince(t0)} s; raw results in ${file}`);
}

main()
  .catch(async (e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => stopServer());
