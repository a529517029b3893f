/**
 * Hazard figures: GET /api/hazards/stats's SQL before (a scan of hazards, as up to issue 13) and
 * after (the rollups of migration 0401), on PostgreSQL with generated hazards.
 *
 *   npx tsx bench/hazard-rollups.ts [--hazards 200000] [--clients 10] [--seconds 10]
 *                                   [--pg postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *
 * Makes a fresh database (dropped afterwards unless --keep), migrates it, generates enterprises,
 * projects, inspectors and hazards set-based over the counties and towns of a few provinces (the
 * rollup triggers maintain the rollups during the load), then times, per scope (national, one
 * province, one city, one county) and per question (total; by region; by enterprise; by inspector),
 * the old scan and the new rollup read — one client, then `--clients` concurrent clients — and the
 * rebuild. Prints a Markdown table.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { openDatabase } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { loadReferenceData } from '../packages/server/src/modules/reference/load.ts';
import { installModules } from '../packages/server/src/app.ts';
import { hazardFigureRows, type StatsGroup } from '../packages/server/src/modules/hazards/stats-repo.ts';
import { rebuildHazardRollups } from '../packages/server/src/modules/hazards/rebuild-rollups.ts';
import { inScope } from '../packages/server/src/auth/scope.ts';
import type { Actor } from '../packages/server/src/auth/actor.ts';
import type { DB } from '../packages/server/src/db/schema.ts';

const { values: args } = parseArgs({
  options: {
    hazards: { type: 'string', default: '200000' },
    clients: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '10' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(args.hazards);
const CLIENTS = Number(args.clients);
const SECONDS = Number(args.seconds);
const TZ = 'Asia/Shanghai';

// ---- the statistics SQL as it was before the rollups (stats-repo.ts at the parent of issue 13's commit)
const oldFigures = (now: Date) => sql`
  count(*) FILTER (WHERE h.status <> 'rejected')::int AS found,
  count(*) FILTER (WHERE h.status = 'closed')::int AS closed,
  count(*) FILTER (WHERE h.status = 'closed' AND (h.state->'closure'->>'via' = 'on_spot' OR h.deadline IS NULL OR (h.state->'closure'->>'at')::timestamptz <= h.deadline))::int AS closed_on_time,
  count(*) FILTER (WHERE h.status IN ('rectification_ordered', 'rectifying') AND h.deadline < ${now.toISOString()}::timestamptz)::int AS overdue,
  count(*) FILTER (WHERE h.grade = 'major' AND h.status NOT IN ('closed', 'rejected'))::int AS major_open`;
const OLD_GROUPS: Partial<
  Record<StatsGroup, { join: RawBuilder<unknown>; key: RawBuilder<unknown>; name: RawBuilder<unknown> }>
> = {
  region: {
    join: sql`LEFT JOIN regions g ON g.code = substr(h.region_code, 1, 6)`,
    key: sql`substr(h.region_code, 1, 6)`,
    name: sql`coalesce(max(g.name_zh), substr(h.region_code, 1, 6))`,
  },
  enterprise: {
    join: sql`LEFT JOIN enterprises g ON g.id = h.enterprise_id`,
    key: sql`coalesce(h.enterprise_id::text, '')`,
    name: sql`coalesce(max(g.name), '（无企业）')`,
  },
  inspector: {
    join: sql`LEFT JOIN users g ON g.id = h.found_by`,
    key: sql`coalesce(h.found_by::text, '')`,
    name: sql`coalesce(max(g.display_name), '（未知）')`,
  },
};
async function oldStats(db: Kysely<DB>, actor: Actor, groupBy: StatsGroup | undefined, now: Date) {
  const cond = inScope(actor, 'hazard', 'h');
  const figs = oldFigures(now);
  await sql`SELECT ${figs} FROM hazards h WHERE ${cond}`.execute(db);
  if (!groupBy) return;
  const g = OLD_GROUPS[groupBy]!;
  await sql`SELECT ${g.key} AS key, ${g.name} AS name, ${figs} FROM hazards h ${g.join} WHERE ${cond}
            GROUP BY 1 ORDER BY found DESC, key LIMIT 50`.execute(db);
}

// ---- data
async function generate(db: Kysely<DB>) {
  const t0 = performance.now();
  // Provinces 32 (Jiangsu), 34 (Anhui), 15 (Inner Mongolia), 31 (Shanghai): their towns as places.
  await sql`CREATE TEMP TABLE bench_places AS
    SELECT code, row_number() OVER (ORDER BY code) AS i FROM regions
    WHERE length(code) = 9 AND substr(code, 1, 2) IN ('32', '34', '15', '31')`.execute(db);
  const places = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM bench_places`.execute(db)).rows[0]
    .n;
  if (places === 0) throw new Error('no towns in the reference regions');
  await sql`INSERT INTO enterprises (credit_code, name, industry_code, scale, region_code)
    SELECT 'B' || lpad(g::text, 17, '0'), '基准企业' || g, 'machinery', 'small',
           (SELECT code FROM bench_places WHERE i = 1 + (g * 7919) % ${places})
    FROM generate_series(1, 5000) g`.execute(db);
  await sql`INSERT INTO projects (name, type, status, region_code)
    SELECT '基准项目' || g, 'building', 'under_construction', (SELECT code FROM bench_places WHERE i = 1 + (g * 104729) % ${places})
    FROM generate_series(1, 1000) g`.execute(db);
  await sql`INSERT INTO users (username, display_name, password_hash, role, region_code)
    SELECT 'bench.inspector.' || g, '检查员' || g, 'x', 'inspector', substr((SELECT code FROM bench_places WHERE i = 1 + (g * 31) % ${places}), 1, 6)
    FROM generate_series(1, 300) g`.execute(db);
  await sql`CREATE TEMP TABLE bench_e AS SELECT id, region_code, row_number() OVER (ORDER BY id) AS i FROM enterprises`.execute(
    db,
  );
  await sql`CREATE TEMP TABLE bench_p AS SELECT id, region_code, row_number() OVER (ORDER BY id) AS i FROM projects`.execute(
    db,
  );
  await sql`CREATE TEMP TABLE bench_u AS SELECT id, row_number() OVER (ORDER BY id) AS i FROM users WHERE username LIKE 'bench.%'`.execute(
    db,
  );
  // Hazards over three years: 80 % closed (most on time), 3 % rejected, the rest open in every state;
  // 8 % major, half of those listed. Batches of 50k (each one statement: the rollup trigger runs once per batch).
  const batch = 50_000;
  for (let start = 0; start < N; start += batch) {
    const count = Math.min(batch, N - start);
    await sql`
      WITH g AS (
        SELECT s, random() AS r, random() AS r2, (s % 6) = 0 AS on_project,
               now() - (random() * interval '1095 days') AS found_at
        FROM generate_series(${start + 1}::bigint, ${start + count}::bigint) s
      ), x AS (
        SELECT g.*, e.id AS enterprise_id, e.region_code AS e_region, p.id AS project_id, p.region_code AS p_region,
               u.id AS found_by,
               CASE WHEN r2 < 0.08 THEN 'major' ELSE 'general' END AS grade,
               CASE WHEN r < 0.80 THEN 'closed' WHEN r < 0.83 THEN 'rejected' WHEN r < 0.86 THEN 'reported'
                    WHEN r < 0.88 THEN 'confirmed' WHEN r < 0.93 THEN 'rectification_ordered'
                    WHEN r < 0.97 THEN 'rectifying' WHEN r < 0.99 THEN 'submitted'
                    ELSE CASE WHEN r2 < 0.08 THEN 'accepted' ELSE 'submitted' END END AS status
        FROM g
        JOIN bench_e e ON e.i = 1 + (g.s * 48271) % 5000
        JOIN bench_p p ON p.i = 1 + (g.s * 16807) % 1000
        JOIN bench_u u ON u.i = 1 + (g.s * 69621) % 300
      ), y AS (
        SELECT x.*, CASE WHEN status IN ('rectification_ordered', 'rectifying', 'submitted', 'accepted', 'closed')
                         THEN found_at + interval '1 day' * (3 + (s % 12)) END AS deadline
        FROM x
      )
      INSERT INTO hazards (region_code, enterprise_id, project_id, source, title, grade, status, deadline, state, found_at, found_by)
      SELECT CASE WHEN on_project THEN p_region ELSE e_region END,
             CASE WHEN on_project THEN NULL ELSE enterprise_id END,
             CASE WHEN on_project THEN project_id END,
             'inspection', '基准隐患' || s, grade, status, deadline,
             jsonb_build_object(
               'status', status, 'grade', grade, 'deadline', deadline, 'plan', NULL,
               'listing', CASE WHEN grade = 'major' AND r2 < 0.04 AND status NOT IN ('reported', 'rejected')
                               THEN jsonb_build_object('authorityId', NULL, 'level', 'county', 'listedAt', found_at, 'listedBy', found_by) END,
               'pendingExtension', NULL, 'evidence', '[]'::jsonb, 'returnedCount', 0, 'acceptance', NULL,
               'closure', CASE WHEN status = 'closed' THEN jsonb_build_object(
                 'at', CASE WHEN s % 10 = 0 THEN deadline + interval '2 days' ELSE deadline - interval '1 day' END,
                 'by', found_by, 'via', CASE WHEN s % 7 = 0 THEN 'on_spot' ELSE 'review' END, 'authorityId', NULL) END),
             found_at, found_by
      FROM y`.execute(db);
  }
  await sql`ANALYZE`.execute(db);
  return (performance.now() - t0) / 1000;
}

// ---- timing
async function timed(fn: () => Promise<unknown>, clients: number, seconds: number) {
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await fn();
        times.push(performance.now() - t0);
      }
    }),
  );
  times.sort((x, y) => x - y);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { n: times.length, p50: q(0.5), p95: q(0.95) };
}

async function main() {
  const name = `redline_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: args.pg });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(args.pg!);
  url.pathname = '/' + name;
  const database = await openDatabase({ url: url.toString(), poolSize: Math.max(CLIENTS, 4) });
  try {
    await migrate(database);
    await loadReferenceData(database.db);
    installModules();
    const db = database.db;
    const loadS = await generate(db);
    const sizes = (
      await sql<{ hazards: number; daily: number; owing: number; hazards_mb: number; rollups_mb: number }>`
      SELECT (SELECT count(*) FROM hazards)::int AS hazards, (SELECT count(*) FROM hazard_daily)::int AS daily,
             (SELECT count(*) FROM hazard_owing)::int AS owing,
             round(pg_total_relation_size('hazards') / 1048576.0)::int AS hazards_mb,
             round((pg_total_relation_size('hazard_daily') + pg_total_relation_size('hazard_owing')) / 1048576.0)::int AS rollups_mb`.execute(
        db,
      )
    ).rows[0];
    const rebuild = await rebuildHazardRollups(db, TZ);
    await sql`ANALYZE`.execute(db);
    // Scopes: the busiest province, its busiest city and county.
    const top = async (len: number, prefix: string) =>
      (
        await sql<{ code: string }>`SELECT substr(region_code, 1, ${len}) AS code FROM hazard_daily
          WHERE region_code LIKE ${prefix + '%'} GROUP BY 1 ORDER BY sum(reported) DESC LIMIT 1`.execute(db)
      ).rows[0].code;
    const province = await top(2, '');
    const city = await top(4, province);
    const county = await top(6, city);
    const scopeRows = await sql<{ code: string; n: number }>`
      SELECT c.code, (SELECT coalesce(sum(reported), 0)::int FROM hazard_daily WHERE region_code LIKE c.code || '%') AS n
      FROM (VALUES (''), (${province}), (${city}), (${county})) AS c(code)`.execute(db);
    const inScopeCount = new Map(scopeRows.rows.map((r) => [r.code, r.n]));
    const actor = (regionCode: string): Actor => ({
      userId: '00000000-0000-0000-0000-000000000000',
      username: 'bench',
      displayName: 'bench',
      role: 'leader',
      regionCode,
      authorityId: null,
      enterpriseId: null,
      workerId: null,
      via: 'session',
    });
    const now = new Date();
    console.log(
      `\n${sizes.hazards} hazards (${sizes.hazards_mb} MB with indexes) generated and loaded in ${loadS.toFixed(1)} s ` +
        `with the rollup triggers on; rollups: ${sizes.daily} daily rows + ${sizes.owing} owing rows (${sizes.rollups_mb} MB); ` +
        `rebuild ${(rebuild.ms / 1000).toFixed(1)} s\n`,
    );
    console.log(
      `| scope | hazards in scope | question | before: scan p50 / p95 (1 client) | after: rollups p50 / p95 (1 client) | before p95 (${CLIENTS} clients) | after p95 (${CLIENTS} clients) |`,
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    const f = (x: number) => `${x.toFixed(1)} ms`;
    for (const [label, code] of [
      ['national', ''],
      [`province ${province}`, province],
      [`city ${city}`, city],
      [`county ${county}`, county],
    ] as const) {
      for (const groupBy of [undefined, 'region', 'enterprise', 'inspector'] as const) {
        const a = actor(code);
        const before = () => oldStats(db, a, groupBy, now);
        const after = () => hazardFigureRows(db, a, { groupBy, limit: 50 }, now, TZ);
        const secs = Math.max(2, SECONDS / 4);
        const b1 = await timed(before, 1, secs);
        const a1 = await timed(after, 1, secs);
        const bN = await timed(before, CLIENTS, secs);
        const aN = await timed(after, CLIENTS, secs);
        console.log(
          `| ${label} | ${inScopeCount.get(code)} | ${groupBy ? `by ${groupBy}` : 'total'} | ${f(b1.p50)} / ${f(b1.p95)} | ${f(a1.p50)} / ${f(a1.p95)} | ${f(bN.p95)} | ${f(aN.p95)} |`,
        );
      }
    }
  } finally {
    await database.close();
    if (!args.keep) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    else console.log(`kept database ${name}`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
