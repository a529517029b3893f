import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { runListMatrix, runRecordMatrix, type ListRoute, type RecordRoute } from './helpers/matrix.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';

/**
 * The jurisdiction matrix for spot-check plans, tasks and declared conflicts: every route × every
 * role of jurisdiction A against records of A and of a foreign jurisdiction B. A foreign plan, task
 * or conflict answers exactly like a missing one; lists never contain B's. (Same runners as the
 * registry matrix; the record kind's ids are this feature's records.)
 */
let t: TestApp;
let a: World;
let b: World;
const rec = { a: {} as Record<string, string>, b: {} as Record<string, string> };
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

async function setUp(w: World, key: 'a' | 'b') {
  const db = t.deps.database.db;
  const leader = await login(t.app, w.users.leader);
  const inspector = await login(t.app, w.users.inspector);
  const idOf = async (u: string) =>
    (await db.selectFrom('users').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id;
  const moduleId = (
    await db
      .selectFrom('checklist_modules as m')
      .innerJoin('checklist_versions as v', 'v.id', 'm.version_id')
      .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
      .select('m.id')
      .where('l.code', '=', 'industry-general')
      .where('m.code', '=', 'IG.MGT')
      .where('v.status', '=', 'published')
      .executeTakeFirstOrThrow()
  ).id;
  const body = {
    title: `${key} 抽查计划`,
    kind: 'routine',
    periodStart: '2026-12-01',
    periodEnd: '2026-12-31',
    items: [{ title: '主体责任', basis: '《安全生产法》第二十一条', moduleIds: [moduleId] }],
    moduleIds: [moduleId],
    poolFilter: { targetKinds: ['enterprise', 'project'] },
    inspectorIds: [await idOf(w.users.inspector), await idOf(w.coInspector)],
  };
  const post = async (cookie: string, url: string, payload?: object) => {
    const r = await t.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload && { payload }) });
    expect(r.statusCode, `${url} ${r.body}`).toBeLessThan(300);
    return r.json();
  };
  const drawn = (await post(leader, '/api/spot-check-plans', body)).id as string;
  const seed = `${key}-matrix-seed-00000000001`;
  await post(leader, `/api/spot-check-plans/${drawn}/commit`, { commitment: sha(seed) });
  await post(leader, `/api/spot-check-plans/${drawn}/draw`, { seed });
  const committed = (await post(leader, '/api/spot-check-plans', body)).id as string;
  await post(leader, `/api/spot-check-plans/${committed}/commit`, { commitment: sha(seed) });
  const task = await db
    .selectFrom('spot_check_tasks')
    .select('id')
    .where('plan_id', '=', drawn)
    .executeTakeFirstOrThrow();
  const conflict = await post(inspector, '/api/inspector-conflicts', {
    targetKind: 'enterprise',
    targetId: w.ids.enterprise,
    reason: '曾在该企业任职',
  });
  Object.assign(rec[key], { plan: drawn, committed, task: task.id, conflict: conflict.id });
}

/** The world with one of this feature's records in the place of the `enterprise` id. */
const as = (w: World, key: 'a' | 'b', record: string): World => ({
  ...w,
  ids: { ...w.ids, enterprise: rec[key][record]! },
});

beforeAll(async () => {
  t = await createTestApp();
  await loadStarterChecklists(t.deps.database.db);
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  await setUp(a, 'a');
  await setUp(b, 'b');
});
afterAll(() => t?.close());

const REGULATORS = ['admin', 'leader', 'inspector', 'duty_officer'] as const;

describe('jurisdiction matrix (spot checks)', () => {
  it('answers a foreign plan exactly like a missing one, for every plan route and role', async () => {
    const routes: Array<[string, RecordRoute]> = [
      [
        'plan',
        {
          name: 'GET plan',
          method: 'GET',
          kind: 'enterprise',
          url: (id) => `/api/spot-check-plans/${id}`,
          okFor: [...REGULATORS],
        },
      ],
      [
        'committed',
        {
          name: 'POST commit',
          method: 'POST',
          kind: 'enterprise',
          url: (id) => `/api/spot-check-plans/${id}/commit`,
          body: { commitment: sha('x') },
          okFor: [],
        },
      ],
      [
        'committed',
        {
          name: 'POST draw',
          method: 'POST',
          kind: 'enterprise',
          url: (id) => `/api/spot-check-plans/${id}/draw`,
          body: { seed: 'not-the-seed-0000000' },
          okFor: [],
        },
      ],
      [
        'plan',
        {
          name: 'POST reveal',
          method: 'POST',
          kind: 'enterprise',
          url: (id) => `/api/spot-check-plans/${id}/reveal`,
          okFor: [],
        },
      ],
      [
        'task',
        {
          name: 'POST start task',
          method: 'POST',
          kind: 'enterprise',
          url: (id) => `/api/spot-check-tasks/${id}/start`,
          okFor: ['admin', 'leader'],
        },
      ],
      [
        'conflict',
        {
          name: 'DELETE conflict',
          method: 'DELETE',
          kind: 'enterprise',
          url: (id) => `/api/inspector-conflicts/${id}`,
          okFor: [],
        },
      ],
    ];
    let checks = 0;
    for (const [record, route] of routes)
      checks += await runRecordMatrix(t, as(a, 'a', record), as(b, 'b', record), [route]);
    expect(checks).toBe(routes.length * 6);
  });

  it('never lists a foreign plan, task or conflict', async () => {
    const routes: ListRoute[] = [
      { name: 'list plans', url: '/api/spot-check-plans?pageSize=200', kind: 'json', okFor: [...REGULATORS] },
      {
        name: 'my tasks',
        url: '/api/spot-check-tasks/mine',
        kind: 'json',
        okFor: ['admin', 'leader', 'inspector'],
      },
      {
        name: 'conflicts',
        url: '/api/inspector-conflicts',
        kind: 'json',
        okFor: ['admin', 'leader', 'inspector'],
      },
      {
        name: 'inspector candidates',
        url: '/api/spot-check-plans/inspector-candidates?kind=cross',
        kind: 'json',
        okFor: ['admin', 'leader'],
      },
    ];
    const foreign = { ...b, ids: { ...b.ids, ...rec.b } } as unknown as World;
    expect(await runListMatrix(t, a, foreign, routes)).toBeGreaterThan(10);
  });

  it('the foreign records were not changed by the foreign calls', async () => {
    const db = t.deps.database.db;
    const p = await db
      .selectFrom('spot_check_plans')
      .select(['status'])
      .where('id', 'in', [rec.b.plan!, rec.b.committed!])
      .orderBy('status')
      .execute();
    expect(p.map((x) => x.status)).toEqual(['committed', 'drawn']);
    const task = await db
      .selectFrom('spot_check_tasks')
      .select('inspection_id')
      .where('id', '=', rec.b.task!)
      .executeTakeFirstOrThrow();
    expect(task.inspection_id).toBeNull();
    const c = await db
      .selectFrom('inspector_conflicts')
      .select('withdrawn_at')
      .where('id', '=', rec.b.conflict!)
      .executeTakeFirstOrThrow();
    expect(c.withdrawn_at).toBeNull();
  });
});
