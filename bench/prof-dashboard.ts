/**
 * One dashboard's statements at scale, each timed: `npx tsx bench/prof-dashboard.ts [--runs 20]`
 * on the database bench/scale.ts made (redline_scale). Sequential, one connection at a time, so the
 * figures are each statement's own cost (median of the runs), for deciding what to make cheaper.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { DB } from '../packages/server/src/db/schema.ts';
import { installModules } from '../packages/server/src/app.ts';
import { toActor, type ActorRow } from '../packages/server/src/auth/actor.ts';
import type { Deps } from '../packages/server/src/http/context.ts';
import { buildDashboard } from '../packages/server/src/modules/dashboard/build-dashboard.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    db: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/redline_scale' },
  },
});
const RUNS = Number(args.runs);
const TIME_ZONE = 'Asia/Shanghai';
const USERS = [
  ['district', 'jinshan.leader'],
  ['city', 'ordos.leader'],
  ['national', 'admin'],
] as const;

installModules();
const pool = new pg.Pool({
  connectionString: args.db,
  max: 1,
  options: '-c max_parallel_workers_per_gather=0 -c jit=off',
});
const timings = new Map<string, number[]>();
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log: (e) => {
    const key = e.query.sql.replace(/\s+/g, ' ');
    (timings.get(key) ?? timings.set(key, []).get(key)!).push(e.queryDurationMillis);
  },
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [who, username] of USERS) {
  const row = await sql<ActorRow>`SELECT id, username, display_name, role, region_code, authority_id,
    enterprise_id, worker_id FROM users WHERE username = ${username}`.execute(db);
  const actor = toActor(row.rows[0]);
  const now = new Date();
  const today = now.toLocaleDateString('sv-SE', { timeZone: TIME_ZONE });
  const deps = { database: { db }, now: () => now, today: () => today, config: { TIME_ZONE } };
  for (const [name, q] of [
    ['year', { from: `${today.slice(0, 4)}-01-01` }],
    ['month', {}],
  ] as const) {
    timings.clear();
    const walls: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await buildDashboard(deps as unknown as Deps, actor, { ...q, to: today });
      walls.push(performance.now() - t0);
    }
    const rows = [...timings].map(([k, v]) => ({ ms: median(v), k })).sort((a, b) => b.ms - a.ms);
    const sum = rows.reduce((n, r) => n + r.ms, 0);
    console.log(
      `\n${who} ${name}: wall median ${median(walls).toFixed(1)} ms (one connection), statements ${rows.length}, sum of medians ${sum.toFixed(1)} ms`,
    );
    for (const r of rows) console.log(`  ${r.ms.toFixed(2).padStart(7)}  ${r.k.slice(0, 110)}`);
  }
}
await db.destroy();
