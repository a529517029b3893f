import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import type { Db } from '../src/db/database.ts';

/**
 * The inspection_daily rollup (migration 0620) after random histories of inspection writes — inserts
 * of several rows in one statement, status changes (finished ↔ others), finish times moved across
 * midnight in the zone, regions and enterprises changed, deletes, truncate-free bulk updates — equals
 * a rebuild from the rows (inspection_rollups_rebuild), and equals the counts the dashboard defines
 * (finished, by finished day in the zone) straight from the inspections.
 */
let t: TestApp;
let db: Db;
let worlds: World[];
const regions = ['310116', '310116501', '310117', '150602'];
const ids: string[] = [];
let creator = '';

type Op =
  | { op: 'insert'; n: number; region: number; world: number; kind: number; status: number; minutes: number }
  | { op: 'status'; pick: number; status: number }
  | { op: 'move'; pick: number; minutes: number }
  | { op: 'region'; pick: number; region: number }
  | { op: 'bulk'; status: number }
  | { op: 'delete'; pick: number };

const KINDS = ['routine', 'special', 'cross', 'self'];
const STATUSES = ['finished', 'finished', 'draft', 'signed', 'cancelled'];
const BASE = Date.parse('2026-10-31T15:00:00Z'); // 23:00 in Shanghai: minutes either side cross midnight

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      n: fc.integer({ min: 1, max: 4 }),
      region: fc.nat(3),
      world: fc.nat(2),
      kind: fc.nat(3),
      status: fc.nat(4),
      minutes: fc.integer({ min: -3000, max: 3000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('status' as const), pick: fc.nat(500), status: fc.nat(4) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('move' as const),
      pick: fc.nat(500),
      minutes: fc.integer({ min: -3000, max: 3000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('region' as const), pick: fc.nat(500), region: fc.nat(3) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('bulk' as const), status: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat(500) }) },
);

const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();

async function run(op: Op) {
  const pick = (n: number) => (ids.length ? ids[n % ids.length] : null);
  switch (op.op) {
    case 'insert': {
      const w = worlds[op.world % worlds.length];
      const status = STATUSES[op.status];
      const rows = Array.from({ length: op.n }, (_, k) => ({
        number: `JC-P-${randomUUID().slice(0, 10)}`,
        kind: KINDS[op.kind] as never,
        status: status as never,
        region_code: regions[op.region],
        home_region_code: regions[op.region],
        target_kind: 'enterprise' as const,
        enterprise_id: w.ids.enterprise,
        target: JSON.stringify({ name: 'x' }),
        created_by: creator,
        finished_at: status === 'finished' || k % 2 ? at(op.minutes + k * 7) : null,
      }));
      const out = await db.insertInto('inspections').values(rows).returning('id').execute();
      ids.push(...out.map((r) => r.id));
      return;
    }
    case 'status': {
      const id = pick(op.pick);
      if (id) {
        const status = STATUSES[op.status];
        await sql`UPDATE inspections SET status = ${status},
                  finished_at = CASE WHEN ${status} = 'finished' THEN coalesce(finished_at, ${at(0)}::timestamptz) ELSE finished_at END
                  WHERE id = ${id}`.execute(db);
      }
      return;
    }
    case 'move': {
      const id = pick(op.pick);
      if (id)
        await sql`UPDATE inspections SET finished_at = ${at(op.minutes)}::timestamptz WHERE id = ${id}`.execute(
          db,
        );
      return;
    }
    case 'region': {
      const id = pick(op.pick);
      if (id)
        await sql`UPDATE inspections SET region_code = ${regions[op.region]} WHERE id = ${id}`.execute(db);
      return;
    }
    case 'bulk':
      // One statement moving many rows at once (the triggers see them all in one transition table).
      await sql`UPDATE inspections SET status = ${STATUSES[op.status]},
                finished_at = coalesce(finished_at, ${at(5)}::timestamptz)
                WHERE id IN (SELECT id FROM inspections ORDER BY number LIMIT 5)`.execute(db);
      return;
    case 'delete': {
      const id = pick(op.pick);
      if (id) {
        await sql`DELETE FROM inspections WHERE id = ${id}`.execute(db);
        ids.splice(ids.indexOf(id), 1);
      }
      return;
    }
  }
}

type Row = { done_day: string; region_code: string; enterprise_id: string | null; kind: string; n: number };
const snapshot = async () =>
  (
    await sql<Row>`SELECT to_char(done_day, 'YYYY-MM-DD') AS done_day, region_code, enterprise_id::text, project_id::text,
                   kind, n FROM inspection_daily ORDER BY 1, 2, 3, 4, 5`.execute(db)
  ).rows;

async function rebuilt(): Promise<Row[]> {
  let rows: Row[] = [];
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`SELECT inspection_rollups_rebuild()`.execute(trx);
      rows = (
        await sql<Row>`SELECT to_char(done_day, 'YYYY-MM-DD') AS done_day, region_code, enterprise_id::text,
                       project_id::text, kind, n FROM inspection_daily ORDER BY 1, 2, 3, 4, 5`.execute(trx)
      ).rows;
      throw new Error('rollback');
    })
    .catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
  return rows;
}

/** The definition, straight from the rows: finished inspections by finished day in Asia/Shanghai. */
const fromRows = async () =>
  (
    await sql<Row>`SELECT to_char((finished_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS done_day,
                   region_code, enterprise_id::text, project_id::text, kind, count(*)::int AS n
                   FROM inspections WHERE status = 'finished' AND finished_at IS NOT NULL
                   GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`.execute(db)
  ).rows;

beforeAll(async () => {
  t = await createTestApp();
  db = t.deps.database.db;
  worlds = [
    await createWorld(db, t.deps.secrets, { county: '310116', town: '310116501', tag: 'JS' }),
    await createWorld(db, t.deps.secrets, { county: '310117', tag: 'SJ' }),
    await createWorld(db, t.deps.secrets, { county: '150602', tag: 'DS' }),
  ];
  creator = (await db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow()).id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('inspection_daily rollup', () => {
  it('maintained = rebuilt = counted from the rows, after random histories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 25 }), async (ops) => {
        for (const op of ops) await run(op);
        const maintained = await snapshot();
        expect(maintained).toEqual(await rebuilt());
        expect(maintained).toEqual(await fromRows());
      }),
      { numRuns: 25 },
    );
    // The histories reached the interesting states.
    const r = await sql<{ finished: number; other: number }>`
      SELECT count(*) FILTER (WHERE status = 'finished')::int AS finished,
             count(*) FILTER (WHERE status <> 'finished')::int AS other FROM inspections`.execute(db);
    expect(r.rows[0].finished).toBeGreaterThan(5);
    expect(r.rows[0].other).toBeGreaterThan(5);
  }, 300_000);
});
