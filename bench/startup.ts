/**
 * Start-up (issue 13: ready ≤ 2 s on an existing data dir, ≤ 20 s fresh with demo data).
 *
 *   npx tsx bench/startup.ts [--runs 3] [--engine embedded|postgres|both]
 *                            [--pg postgres://postgres@127.0.0.1:5432]
 *   (or `npm run bench -- startup …`)
 *
 * Per engine: `--runs` fresh starts (an empty data dir, or a new PostgreSQL database, with demo data)
 * and then `--runs` starts on the data dir the first fresh run left. Each start is `node
 * scripts/start.mjs` (what `npm start` runs, without npm's own ~0.3 s) with PORT and MQTT_PORT on free
 * ports; "ready" is the first 200 from GET /api/health, polled every 20 ms. Printed beside each: the
 * server's CPU time (user + system, from /proc) at that moment, and the load average — a wall time on a
 * busy machine measures the machine. The web app and the server are built before the first run, so no
 * run pays for a build. The processes and databases are removed at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    engine: { type: 'string', default: 'both' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
  },
});
const runs = Number(args.runs);
const engines = args.engine === 'both' ? ['embedded', 'postgres'] : [args.engine!];
const CLOCK_TICKS = 100; // USER_HZ on Linux

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function health(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/health', timeout: 500 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
}

async function startOnce(env: Record<string, string>): Promise<{ wall: number; cpu: number; load: number }> {
  const port = await freePort();
  const mqttPort = await freePort();
  const load = loadavg()[0]!;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, ...env, PORT: String(port), MQTT_PORT: String(mqttPort), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`the server exited with ${child.exitCode} before it was ready`);
      if (await health(port)) {
        const wall = (performance.now() - t0) / 1000;
        return { wall, cpu: cpuSeconds(child.pid!), load };
      }
      if (performance.now() - t0 > 600_000) throw new Error('not ready within 10 minutes');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

// Build both once, so that no measured run includes a build.
{
  const { buildServer, serverBuildIsFresh } = await import('../scripts/build-server.mjs' as string);
  if (!serverBuildIsFresh()) await buildServer({ quiet: true });
  const web = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: 'packages/web',
    stdio: 'inherit',
  });
  if (web.status !== 0) throw new Error('the web build failed');
}

const rows: string[] = [];
const admin = new pg.Client({ connectionString: `${args.pg}/postgres` });
await admin.connect();
const dirs: string[] = [];
const databases: string[] = [];
try {
  for (const engine of engines) {
    let existing: Record<string, string> | undefined;
    for (const mode of ['fresh', 'existing'] as const) {
      for (let i = 0; i < runs; i++) {
        let env: Record<string, string>;
        if (mode === 'existing') env = existing!;
        else {
          const dir = mkdtempSync(path.join(tmpdir(), 'redline-startup-'));
          dirs.push(dir);
          env = { DATA_DIR: dir };
          if (engine === 'postgres') {
            const db = `redline_startup_${process.pid}_${i}`;
            await admin.query(`DROP DATABASE IF EXISTS ${db}`);
            await admin.query(`CREATE DATABASE ${db}`);
            databases.push(db);
            env.DATABASE_URL = `${args.pg}/${db}`;
          }
          existing ??= env;
        }
        const r = await startOnce(env);
        const row = `| ${engine} | ${mode} | ${i + 1} | ${r.wall.toFixed(2)} s | ${r.cpu.toFixed(2)} s | ${r.load.toFixed(2)} |`;
        console.log(row);
        rows.push(row);
      }
    }
  }
} finally {
  for (const db of databases) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
  await admin.end();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
console.log('\n| engine | data dir | run | ready (wall) | server CPU at ready | load average at start |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
