import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './helpers/harness.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { seedDemoInspections, type DemoHistory } from '../src/demo/seed-inspections.ts';
import { hazardStats } from '../src/modules/hazards/stats.ts';
import { verifyAll } from '../src/audit/verify.ts';
import { HAZARD_STATUSES } from '@redline/contracts';
import { toActor, type Actor } from '../src/auth/actor.ts';

/**
 * The demo's history of inspections and hazards, seeded through the use cases with a simulated
 * clock: every hazard state occurs, figures are neither empty nor perfect, the audit chain holds,
 * and the same seed and day give the same history.
 */
const TODAY = '2026-11-23';
const NOW = new Date(`${TODAY}T12:00:00+08:00`);
const SLOW = 180_000;

async function demoApp() {
  const t = await createTestApp({ today: TODAY });
  // "now" consistent with "today" (the harness fixes only the day).
  t.deps.now = () => new Date(NOW.getTime());
  await loadStarterChecklists(t.deps.database.db);
  await seedDemo(t.deps.database.db, t.deps.secrets, { seed: 42, today: TODAY, scale: 'small' });
  const t0 = performance.now();
  const history = await seedDemoInspections(t.deps);
  const ms = performance.now() - t0;
  return { t, history: history!, ms };
}

let a: { t: TestApp; history: DemoHistory; ms: number };
beforeAll(async () => {
  a = await demoApp();
  console.log(
    `seedDemoInspections: ${a.ms.toFixed(0)} ms (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}),`,
    a.history.inspections,
    'inspections,',
    a.history.hazards,
    'hazards',
    JSON.stringify(a.history.byStatus),
    'overdue',
    a.history.overdue,
  );
}, SLOW);
afterAll(() => a?.t.close());

const actorOf = async (t: TestApp, username: string): Promise<Actor> => {
  const u = await t.deps.database.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return toActor(u);
};

describe('demo inspections and hazards', () => {
  it('has finished inspections of the last two months, signed, in Jinshan and Ordos', async () => {
    const db = a.t.deps.database.db;
    expect(a.history.inspections).toBeGreaterThanOrEqual(12);
    expect(a.history.inspections).toBeLessThanOrEqual(25);
    const inspections = await db
      .selectFrom('inspections')
      .select([
        'id',
        'status',
        'kind',
        'region_code',
        'started_at',
        'finished_at',
        'created_at',
        'target_kind',
      ])
      .execute();
    expect(inspections).toHaveLength(a.history.inspections);
    expect(new Set(inspections.map((i) => i.status))).toEqual(new Set(['finished']));
    expect(new Set(inspections.map((i) => i.kind))).toEqual(new Set(['routine', 'special']));
    expect(new Set(inspections.map((i) => i.target_kind))).toEqual(new Set(['enterprise', 'project']));
    const regions = new Set(inspections.map((i) => i.region_code.slice(0, 4)));
    expect(regions).toEqual(new Set(['3101', '1506']));
    const sixtyDaysAgo = NOW.getTime() - 60 * 86_400_000;
    for (const i of inspections) {
      const started = new Date(i.started_at!).getTime();
      expect(started).toBeGreaterThan(sixtyDaysAgo);
      expect(new Date(i.finished_at!).getTime()).toBeLessThan(NOW.getTime());
      expect(new Date(i.created_at).getTime()).toBe(started);
    }
    const signatures = await db
      .selectFrom('inspection_signatures')
      .select(['inspection_id', 'party', 'refused', 'file_id'])
      .execute();
    for (const i of inspections) {
      const mine = signatures.filter((s) => s.inspection_id === i.id);
      expect(mine.filter((s) => s.party === 'inspector').length).toBeGreaterThanOrEqual(2);
      expect(mine.filter((s) => s.party === 'inspected')).toHaveLength(1);
    }
    expect(signatures.some((s) => s.refused)).toBe(true);
    expect(signatures.filter((s) => !s.refused).every((s) => s.file_id)).toBe(true);
  });

  it('has hazards in every state, overdue and closed ones among them, each from a finished inspection of its jurisdiction', async () => {
    const db = a.t.deps.database.db;
    const { byStatus } = a.history;
    for (const status of HAZARD_STATUSES) expect(byStatus[status], status).toBeGreaterThan(0);
    expect(byStatus.closed).toBeGreaterThanOrEqual(3);

    const hazards = await db
      .selectFrom('hazards as h')
      .leftJoin('inspections as i', 'i.id', 'h.inspection_id')
      .select([
        'h.id',
        'h.status',
        'h.grade',
        'h.deadline',
        'h.region_code',
        'h.state',
        'h.found_at',
        'i.status as inspection_status',
        'i.region_code as inspection_region',
      ])
      .execute();
    expect(hazards).toHaveLength(a.history.hazards);
    for (const h of hazards) {
      expect(h.inspection_status, h.id).toBe('finished');
      expect(h.region_code).toBe(h.inspection_region);
    }
    const overdue = hazards.filter(
      (h) =>
        ['rectification_ordered', 'rectifying'].includes(h.status) &&
        h.deadline !== null &&
        new Date(h.deadline).getTime() < NOW.getTime(),
    );
    expect(overdue.length).toBeGreaterThanOrEqual(3);
    expect(overdue.some((h) => h.status === 'rectifying')).toBe(true);
    expect(a.history.overdue).toBe(overdue.length);
    // some open hazards are not yet due
    expect(
      hazards.some(
        (h) => h.status === 'rectification_ordered' && new Date(h.deadline!).getTime() > NOW.getTime(),
      ),
    ).toBe(true);
    const states = hazards.map((h) => (typeof h.state === 'string' ? JSON.parse(h.state) : h.state));
    expect(states.some((s) => s.listing && s.grade === 'major' && s.plan)).toBe(true);
    expect(states.some((s) => s.pendingExtension)).toBe(true);
    expect(states.some((s) => s.returnedCount > 0 && s.status === 'closed')).toBe(true);
    expect(states.some((s) => s.closure?.via === 'on_spot')).toBe(true);
    expect(states.some((s) => s.closure?.via === 'review')).toBe(true);

    // the lifecycle is on record: one event per move, plus the report
    const events = await db
      .selectFrom('hazard_events')
      .select(['hazard_id', 'type', 'at'])
      .orderBy('hazard_id')
      .orderBy('seq')
      .execute();
    for (const h of hazards.filter((x) => x.status !== 'reported'))
      expect(events.some((e) => e.hazard_id === h.id)).toBe(true);
    expect([...new Set(events.map((e) => e.type))]).toEqual(
      expect.arrayContaining([
        'confirm',
        'reject',
        'rectify_on_spot',
        'order_rectification',
        'start_rectification',
        'submit_evidence',
        'review',
        'list_for_supervision',
        'submit_plan',
        'request_extension',
      ]),
    );
    expect(events.every((e) => new Date(e.at).getTime() < NOW.getTime())).toBe(true);
  });

  it('gives a rectification rate strictly between 0 and 100 % in both jurisdictions', async () => {
    for (const username of ['jinshan.leader', 'ordos.leader']) {
      const actor = await actorOf(a.t, username);
      const stats = await hazardStats(a.t.deps.database.db, actor, {}, NOW, a.t.deps.config.TIME_ZONE);
      expect(stats.total.found, username).toBeGreaterThan(0);
      expect(stats.total.rate!, username).toBeGreaterThan(0);
      expect(stats.total.rate!, username).toBeLessThan(1);
      expect(stats.total.overdue, username).toBeGreaterThan(0);
    }
    // the enterprise sees its own
    const manager = await actorOf(a.t, 'jinshan.manager');
    const own = await hazardStats(a.t.deps.database.db, manager, {}, NOW, a.t.deps.config.TIME_ZONE);
    expect(own.total.found).toBeGreaterThan(0);
    expect(own.total.majorOpen).toBeGreaterThan(0);
  });

  it('keeps the audit chain intact', async () => {
    const reports = await verifyAll(a.t.deps.database.db);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    for (const r of reports) expect(r, r.chain).toMatchObject({ ok: true, problem: null });
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_entries WHERE action LIKE 'hazard.%'`.execute(
      a.t.deps.database.db,
    );
    expect(rows[0].n).toBeGreaterThan(a.history.hazards);
  });

  it(
    'is deterministic and seeds once',
    async () => {
      const again = await seedDemoInspections(a.t.deps);
      expect(again).toEqual({ ...a.history, ms: null });
      const { n } = await a.t.deps.database.db
        .selectFrom('inspections')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n)).toBe(a.history.inspections);

      const b = await demoApp();
      try {
        expect({ ...b.history, ms: 0 }).toEqual({ ...a.history, ms: 0 });
        const story = (t: TestApp) =>
          t.deps.database.db
            .selectFrom('hazards as h')
            .innerJoin('inspections as i', 'i.id', 'h.inspection_id')
            .select([
              'i.number',
              'h.checklist_item_code',
              'h.description',
              'h.status',
              'h.deadline',
              'h.found_at',
            ])
            .orderBy('i.number')
            .orderBy('h.checklist_item_code')
            .execute()
            .then((rows) =>
              rows.map((r) => ({
                ...r,
                deadline: r.deadline ? new Date(r.deadline).toISOString() : null,
                found_at: new Date(r.found_at).toISOString(),
              })),
            );
        expect(await story(b.t)).toEqual(await story(a.t));
      } finally {
        await b.t.close();
      }
    },
    SLOW,
  );
});
