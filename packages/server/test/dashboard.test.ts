import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  allowedActions,
  dateInZone,
  endOfDateInZone,
  floorPercent,
  type HazardAction,
  type HazardActionType,
  type HazardState,
} from '@redline/domain';
import type { Dashboard } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { registerDevice } from './helpers/devices.ts';
import { ACTOR_COLUMNS, toActor, type Actor, type ActorRow } from '../src/auth/actor.ts';
import { inTransaction } from '../src/db/transaction.ts';
import { createHazard } from '../src/modules/hazards/create-hazard.ts';
import { transitionHazard } from '../src/modules/hazards/apply-action.ts';
import { changePercent } from '../src/modules/dashboard/presenters.ts';
import type { Db } from '../src/db/database.ts';
import type { Deps } from '../src/http/context.ts';

/**
 * The jurisdiction dashboard (issue 15): its figures equal counts made from the source rows
 * (hazards created and moved through the use cases, inspections, registry rows), per region and per
 * child region; a district sees only its own district; a region outside the jurisdiction answers
 * 404 like a missing one; the rate is never 100 % while one hazard is open; features not installed
 * read as null, and their figures are counted once their tables exist.
 */
const TZ = 'Asia/Shanghai';
let t: TestApp;
let db: Db;
/** Jinshan (310116) and Songjiang (310117) in Shanghai's city district 3101; Dongsheng (150602) elsewhere. */
let a: World;
let c: World;
let b: World;
let q: World; // Qingpu (310118): the 2,852 / 2,853 case
const actors: Record<string, Actor> = {};
let cityLeader = '';
const cookies: Record<string, string> = {};
let clock = 0;
const deps = () => ({ ...t.deps, now: () => new Date(clock) }) as Deps;
const FROM = '2026-01-01';
let TO = '';

async function actorOf(username: string): Promise<Actor> {
  const row = await db
    .selectFrom('users')
    .select(ACTOR_COLUMNS)
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return toActor(row as ActorRow);
}

function actionOf(type: HazardActionType, days: number): HazardAction {
  const due = endOfDateInZone(addDays(dateInZone(TZ, new Date(clock)), days), TZ);
  switch (type) {
    case 'confirm':
      return { type };
    case 'reject':
      return { type, reason: '经核实不构成事故隐患' };
    case 'rectify_on_spot':
      return { type, evidence: [randomUUID()] };
    case 'order_rectification':
      return { type, deadline: due };
    case 'list_for_supervision':
      return { type, level: 'county' };
    case 'submit_plan':
      return {
        type,
        plan: {
          responsibility: '厂长',
          measures: '停工整改',
          funds: '5万元',
          timeLimit: '十日',
          contingencyPlan: '撤人',
        },
      };
    case 'start_rectification':
      return { type };
    case 'submit_evidence':
      return { type, evidence: [randomUUID()] };
    case 'review':
      return { type, accepted: true };
    case 'close_out':
      return { type };
    default:
      throw new Error(`not used here: ${type}`);
  }
}

/** Applies each action in turn by a role of world `w` the domain allows to take it (skipped when none may). */
async function drive(id: string, w: string, types: HazardActionType[], days = 2) {
  for (const type of types) {
    const row = await db.selectFrom('hazards').select('state').where('id', '=', id).executeTakeFirstOrThrow();
    const s = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as HazardState;
    const actor = ['inspector', 'leader', 'enterprise_manager']
      .map((r) => actors[`${w}.${r}`])
      .find((x) =>
        allowedActions(s, { id: x.userId, role: x.role, authorityId: x.authorityId } as never).includes(type),
      );
    if (!actor) continue;
    await inTransaction(db, (trx) => transitionHazard(trx, deps(), actor, id, actionOf(type, days)));
  }
}

async function hazard(w: string, world: World, regionCode: string, grade: 'general' | 'major') {
  const inspector = actors[`${w}.inspector`];
  const foundAt = new Date(clock);
  return inTransaction(db, (trx) =>
    createHazard(
      trx,
      inspector,
      {
        regionCode,
        enterpriseId: world.ids.enterprise,
        projectId: null,
        siteId: null,
        equipmentId: null,
        source: 'report',
        title: '临边防护缺失',
        description: '',
        grade,
        foundAt,
        foundBy: inspector.userId,
        reportedAt: foundAt,
        legalBasis: [],
        auditDetails: {},
      },
      new Date(clock),
    ),
  );
}

async function inspection(
  world: World,
  regionCode: string,
  kind: string,
  status: string,
  finishedAt: string | null,
) {
  await db
    .insertInto('inspections')
    .values({
      number: `JC-D-${randomUUID().slice(0, 8)}`,
      kind: kind as never,
      status: status as never,
      region_code: regionCode,
      home_region_code: regionCode,
      authority_id: world.authorityId,
      target_kind: 'enterprise',
      enterprise_id: world.ids.enterprise,
      target: JSON.stringify({ name: 'x' }),
      created_by: actors['a.inspector'].userId,
      finished_at: finishedAt,
    })
    .execute();
}

async function get(cookie: string, url: string) {
  return t.app.inject({ method: 'GET', url, headers: { cookie } });
}
async function dashboard(cookie: string, query = ''): Promise<Dashboard> {
  const res = await get(cookie, `/api/dashboard?from=${FROM}&to=${TO}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Dashboard;
}

/** The figures counted straight from the source rows of a region prefix, for the period. */
async function fromSource(prefix: string) {
  const now = t.deps.now().toISOString();
  const h = await sql<Record<string, number>>`
    SELECT count(*) FILTER (WHERE status <> 'rejected')::int AS found,
           count(*) FILTER (WHERE status = 'closed')::int AS closed,
           count(*) FILTER (WHERE status IN ('rectification_ordered', 'rectifying') AND deadline < ${now}::timestamptz)::int AS overdue,
           count(*) FILTER (WHERE grade = 'major' AND status <> 'rejected')::int AS major_found,
           count(*) FILTER (WHERE grade = 'major' AND status = 'closed')::int AS major_closed,
           count(*) FILTER (WHERE grade = 'major' AND jsonb_typeof(state->'listing') = 'object')::int AS major_listed
    FROM hazards
    WHERE region_code LIKE ${prefix + '%'}
      AND (found_at AT TIME ZONE ${TZ})::date BETWEEN ${FROM}::date AND ${TO}::date`.execute(db);
  const i = await sql<Record<string, number>>`
    SELECT count(*)::int AS done, count(DISTINCT enterprise_id)::int AS enterprises_inspected FROM inspections
    WHERE region_code LIKE ${prefix + '%'} AND status = 'finished' AND kind <> 'self'
      AND (finished_at AT TIME ZONE ${TZ})::date BETWEEN ${FROM}::date AND ${TO}::date`.execute(db);
  const r = await sql<Record<string, number>>`
    SELECT (SELECT count(*)::int FROM enterprises WHERE region_code LIKE ${prefix + '%'}) AS enterprises,
           (SELECT count(*)::int FROM projects WHERE region_code LIKE ${prefix + '%'}) AS projects,
           (SELECT count(*)::int FROM devices WHERE active AND region_code LIKE ${prefix + '%'}) AS devices,
           (SELECT count(*)::int FROM devices WHERE active AND region_code LIKE ${prefix + '%'}
              AND last_seen_at >= ${now}::timestamptz - interval '10 minutes') AS online,
           (SELECT count(*)::int FROM equipment WHERE region_code LIKE ${prefix + '%'}
              AND next_inspection_on < ${t.deps.today()}::date
              AND last_inspection_result IS DISTINCT FROM 'fail') AS equipment_overdue`.execute(db);
  return { ...h.rows[0], ...i.rows[0], ...r.rows[0] };
}

beforeAll(async () => {
  t = await createTestApp();
  db = t.deps.database.db;
  clock = t.deps.now().getTime() - 20 * 86_400_000; // hazards found 20 days ago, deadlines long past
  TO = dateInZone(TZ, t.deps.now());
  a = await createWorld(db, t.deps.secrets, { county: '310116', town: '310116501', tag: 'JS' });
  c = await createWorld(db, t.deps.secrets, { county: '310117', tag: 'SJ' });
  b = await createWorld(db, t.deps.secrets, { county: '150602', tag: 'DS' });
  q = await createWorld(db, t.deps.secrets, { county: '310118', tag: 'QP' });
  for (const [k, w] of Object.entries({ a, b, c }))
    for (const role of ['inspector', 'leader', 'enterprise_manager'] as const)
      actors[`${k}.${role}`] = await actorOf(w.users[role]);
  // A leader of the city district 3101 (Shanghai's 市辖区): Jinshan, Songjiang and Qingpu are below.
  cityLeader = `city.leader.${randomUUID().slice(0, 6)}`;
  await sql`INSERT INTO users (username, display_name, password_hash, role, region_code, authority_id)
            SELECT ${cityLeader}, '市领导', password_hash, 'leader', '3101', authority_id
            FROM users WHERE username = ${a.users.leader}`.execute(db);
  for (const [k, u] of Object.entries({
    city: cityLeader,
    'a.inspector': a.users.inspector,
    'a.leader': a.users.leader,
    'a.manager': a.users.enterprise_manager,
    'b.leader': b.users.leader,
  }))
    cookies[k] = await login(t.app, u);

  // Hazards through the use cases: closed on the spot, ordered and overdue, major and listed, rejected, open.
  const plan: Array<[string, World, string, 'general' | 'major', HazardActionType[]]> = [
    ['a', a, '310116501', 'general', ['confirm', 'rectify_on_spot']],
    ['a', a, '310116501', 'general', ['confirm', 'rectify_on_spot']],
    ['a', a, '310116', 'general', ['confirm', 'order_rectification']],
    ['a', a, '310116501', 'major', ['confirm', 'order_rectification', 'list_for_supervision']],
    // A major hazard is not rectified on the spot: ordered, listed, planned, rectified, reviewed, closed out.
    [
      'a',
      a,
      '310116',
      'major',
      [
        'confirm',
        'order_rectification',
        'list_for_supervision',
        'submit_plan',
        'start_rectification',
        'submit_evidence',
        'review',
        'close_out',
      ],
    ],
    ['a', a, '310116', 'general', ['reject']],
    ['a', a, '310116', 'general', []],
    ['c', c, '310117', 'general', ['confirm', 'rectify_on_spot']],
    ['c', c, '310117', 'major', ['confirm', 'order_rectification', 'list_for_supervision']],
    ['b', b, '150602', 'general', ['confirm', 'rectify_on_spot']],
    ['b', b, '150602', 'major', ['confirm', 'order_rectification']],
  ];
  for (const [w, world, region, grade, steps] of plan) {
    const id = await hazard(w, world, region, grade);
    await drive(id, w, steps);
    clock += 3_600_000;
  }
  // Qingpu: 2,853 hazards found, 2,852 closed — cloned in SQL from one closed hazard (the rollups'
  // triggers count every writer), plus the one left open.
  const qi = await actorOf(q.users.inspector);
  actors['q.inspector'] = qi;
  actors['q.leader'] = await actorOf(q.users.leader);
  actors['q.enterprise_manager'] = await actorOf(q.users.enterprise_manager);
  const open = await hazard('q', q, '310118', 'general');
  const closedOne = await hazard('q', q, '310118', 'general');
  await drive(closedOne, 'q', ['confirm', 'rectify_on_spot']);
  const cols = await sql<{ column_name: string }>`
    SELECT column_name FROM information_schema.columns WHERE table_name = 'hazards' AND column_name <> 'id'
    ORDER BY ordinal_position`.execute(db);
  const list = sql.join(cols.rows.map((r) => sql.ref(r.column_name)));
  await sql`INSERT INTO hazards (${list}) SELECT ${list} FROM hazards, generate_series(1, 2851) g
            WHERE id = ${closedOne}`.execute(db);
  expect(open).toBeTruthy();

  // Inspections: finished supervisory ones count; self-inspections, drafts and other periods don't.
  const inPeriod = new Date(clock).toISOString();
  await inspection(a, '310116501', 'routine', 'finished', inPeriod);
  await inspection(a, '310116', 'special', 'finished', inPeriod);
  await inspection(a, '310116', 'self', 'finished', inPeriod);
  await inspection(a, '310116', 'routine', 'draft', null);
  await inspection(a, '310116', 'routine', 'finished', '2025-06-01T02:00:00Z');
  await inspection(c, '310117', 'cross', 'finished', inPeriod);
  await inspection(b, '150602', 'routine', 'finished', inPeriod);

  // Devices: one seen a minute ago, one half an hour ago; equipment past its inspection date.
  for (const [code, ago] of [
    ['DB-CAM-1', 1],
    ['DB-CAM-2', 30],
  ] as const) {
    const d = await registerDevice(t.app, cookies['a.leader'], {
      code,
      name: code,
      kind: 'ai_camera',
      siteId: a.ids.site,
    });
    await sql`UPDATE devices SET online = true,
              last_seen_at = ${t.deps.now().toISOString()}::timestamptz - make_interval(mins => ${ago})
              WHERE id = ${d.id}`.execute(db);
  }
  await sql`UPDATE equipment SET next_inspection_on = '2026-10-01' WHERE id = ${a.ids.equipment}`.execute(db);
  // Past its date but failed at its last inspection: 'failed', not 'overdue' (the domain's status).
  await sql`INSERT INTO equipment (category_code, registration_code, user_enterprise_id, region_code,
            next_inspection_on, last_inspection_on, last_inspection_result)
            VALUES ('4000', ${`4F${randomUUID().slice(0, 8)}`}, ${a.ids.enterprise}, '310116', '2026-09-01', '2025-09-01', 'fail')`.execute(
    db,
  );
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('GET /api/dashboard', () => {
  it("a district's figures equal counts from its source rows", async () => {
    const d = await dashboard(cookies['a.inspector']);
    const s = await fromSource('310116');
    expect(d.regionCode).toBe('310116');
    expect(d.level).toBe('county');
    expect(d.figures).toMatchObject({
      enterprises: s.enterprises,
      projects: s.projects,
      devices: s.devices,
      devicesOnline: s.online,
      inspectionsDone: s.done,
      enterprisesInspected: s.enterprises_inspected,
      problemsFound: s.found,
      closed: s.closed,
      open: s.found - s.closed,
      overdue: s.overdue,
      majorFound: s.major_found,
      majorListed: s.major_listed,
      majorClosed: s.major_closed,
      equipmentOverdue: s.equipment_overdue,
      ratePercent: floorPercent(s.closed, s.found),
    });
    // The seeds exercise every figure (a wrong query could not pass by counting zeros).
    expect(s.found).toBe(6);
    expect(s.closed).toBe(3);
    expect(s.overdue).toBe(2);
    expect(s.major_listed).toBe(2);
    expect(s.major_closed).toBe(1);
    expect(s.done).toBe(2);
    expect(d.figures.devices).toBe(2);
    expect(d.figures.devicesOnline).toBe(1);
    expect(d.figures.equipmentOverdue).toBe(1);
    // Accidents, grades, plans: their modules are installed, so counted (the values: the test below).
    expect(d.figures.accidents).not.toBeNull();
    expect(d.figures.grades).not.toBeNull();
    expect(d.figures.plan).toEqual({ due: 0, done: 0 });
    // Children of a county are its towns; the town with the seeds carries them.
    expect(d.childKind).toBe('region');
    const town = d.children.find((x) => x.key === '310116501')!;
    const st = await fromSource('310116501');
    expect(town).toMatchObject({
      problemsFound: st.found,
      closed: st.closed,
      inspectionsDone: st.done,
      drillable: true,
    });
    expect(d.trend).toHaveLength(12);
    expect(d.trend.reduce((n, m) => n + m.problemsFound, 0)).toBe(s.found);
  });

  it("a city leader's figures and child districts equal the source rows; no other city's", async () => {
    const d = await dashboard(cookies.city);
    const s = await fromSource('3101');
    expect(d.figures.problemsFound).toBe(s.found);
    expect(d.figures.closed).toBe(s.closed);
    expect(d.figures.overdue).toBe(s.overdue);
    expect(d.figures.inspectionsDone).toBe(s.done);
    expect(d.figures.enterprises).toBe(s.enterprises);
    for (const county of ['310116', '310117', '310118']) {
      const child = d.children.find((x) => x.key === county)!;
      const sc = await fromSource(county);
      expect(child, county).toMatchObject({
        problemsFound: sc.found,
        closed: sc.closed,
        overdue: sc.overdue,
        majorFound: sc.major_found,
        inspectionsDone: sc.done,
        enterprises: sc.enterprises,
      });
    }
    expect(d.children.some((x) => x.key.startsWith('1506'))).toBe(false);
    expect(JSON.stringify(d)).not.toContain(b.names.enterprise);
    // Drill down to a district and to a town: a town's children are its enterprises and projects.
    const town = await dashboard(cookies.city, '&regionCode=310116501');
    expect(town.breadcrumb.map((x) => x.code)).toEqual(['3101', '310116', '310116501']);
    expect(town.childKind).toBe('enterprise');
    const ent = town.children.find((x) => x.key === a.ids.enterprise)!;
    expect(ent.kind).toBe('enterprise');
    expect(ent.drillable).toBe(false);
    expect(ent.problemsFound).toBe((await fromSource('310116501')).found);
    expect(town.children.some((x) => x.kind === 'project' && x.key === a.ids.project)).toBe(true);
  });

  it('a district user never sees another district: any region outside answers 404 like a missing one', async () => {
    const missing = await get(cookies['a.inspector'], `/api/dashboard?regionCode=310199`);
    expect(missing.statusCode).toBe(404);
    for (const region of ['310117', '3101', '31', '150602'])
      for (const url of ['/api/dashboard', '/api/dashboard.xlsx']) {
        const res = await get(cookies['a.inspector'], `${url}?regionCode=${region}`);
        expect(res.statusCode, `${url} ${region}`).toBe(404);
        expect(res.body).toBe(missing.body);
      }
    const other = await dashboard(cookies['b.leader']);
    expect(other.regionCode).toBe('150602');
    expect(other.figures.problemsFound).toBe((await fromSource('150602')).found);
    expect(JSON.stringify(other)).not.toContain(a.names.enterprise);
    // Enterprise managers have no dashboard.
    expect((await get(cookies['a.manager'], '/api/dashboard')).statusCode).toBe(403);
  });

  it('the rate is never 100 % while one hazard is open: 2,852 / 2,853 reads 99.9', async () => {
    const d = await dashboard(cookies.city, '&regionCode=310118');
    expect(d.figures.problemsFound).toBe(2853);
    expect(d.figures.closed).toBe(2852);
    expect(d.figures.open).toBe(1);
    expect(d.figures.ratePercent).toBe('99.9');
    const city = await dashboard(cookies.city);
    expect(city.children.find((x) => x.key === '310118')!.ratePercent).toBe('99.9');
    for (const x of [city.figures, ...city.children])
      if (x.problemsFound > x.closed) expect(x.ratePercent).not.toBe('100.0');
    // The last one closed: 100.0.
    await sql`UPDATE hazards SET status = 'closed' WHERE region_code = '310118' AND status <> 'closed'`.execute(
      db,
    );
    expect((await dashboard(cookies.city, '&regionCode=310118')).figures.ratePercent).toBe('100.0');
  });

  it('refuses a bad period with the field named', async () => {
    const res = await get(cookies.city, '/api/dashboard?from=2026-05-01&to=2026-04-30');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('from');
    const bad = await get(cookies.city, '/api/dashboard?from=2026-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('from');
    expect((await get(cookies.city, '/api/dashboard?regionCode=31x')).statusCode).toBe(400);
    const early = await get(cookies.city, '/api/dashboard?from=0000-01-01&to=2026-01-01');
    expect(early.statusCode).toBe(400);
    expect(early.json().error.field).toBe('from');
  });

  it("counts accidents year on year, grades and plan tasks from their modules' tables", async () => {
    // Accidents as the accidents module stores them (the test worlds' own are cleared first).
    await sql`TRUNCATE accidents CASCADE`.execute(db);
    const thisYear = `${FROM.slice(0, 4)}-03-10T02:00:00Z`;
    const lastYear = `${Number(FROM.slice(0, 4)) - 1}-03-10T02:00:00Z`;
    // Songjiang: 11 accidents (13 deaths) this year, 20 (24 deaths) last year → −45.0 %, −45.8 %.
    await sql`INSERT INTO accidents (region_code, occurred_at, occurred_on, type_code, deaths, serious_injuries, grade)
              SELECT '310117', ${thisYear}::timestamptz, ${thisYear.slice(0, 10)}::date, '01',
                     CASE WHEN g <= 2 THEN 2 ELSE 1 END, 0, 'general' FROM generate_series(1, 11) g
              UNION ALL SELECT '310117', ${lastYear}::timestamptz, ${lastYear.slice(0, 10)}::date, '01',
                     CASE WHEN g <= 4 THEN 2 ELSE 1 END, 0, 'general' FROM generate_series(1, 20) g
              UNION ALL SELECT '150602', ${thisYear}::timestamptz, ${thisYear.slice(0, 10)}::date, '01', 5, 0, 'larger'`.execute(
      db,
    );
    // Grades as the grading module stores them (a computation and the grade in force).
    const grade = async (kind: string, id: string, region: string, g: string) => {
      const c = await sql<{ id: string }>`
        INSERT INTO grade_computations (target_kind, target_id, region_code, model_version, grade, total, thresholds,
                                        facts, explanation, window_from, window_to, reason, computed_at)
        VALUES (${kind}, ${id}, ${region}, 1, ${g}, 80, '{}', '[]', '[]', now() - interval '1 year', now(), 'manual', now())
        RETURNING id`.execute(db);
      await sql`INSERT INTO target_grades (target_kind, target_id, region_code, computation_id, computed_grade, total,
                                           model_version, computed_at)
                VALUES (${kind}, ${id}, ${region}, ${c.rows[0].id}, ${g}, 80, 1, now())`.execute(db);
    };
    await sql`DELETE FROM target_grades`.execute(db);
    await grade('enterprise', a.ids.enterprise, '310116', 'C');
    await grade('enterprise', c.ids.enterprise, '310117', 'A');
    await grade('project', a.ids.project, '310116', 'B');
    await grade('enterprise', b.ids.enterprise, '150602', 'C');
    // Spot-check tasks of a plan, as the plans module stores them: done = its inspection finished.
    const leader = await db
      .selectFrom('users')
      .select(['id', 'authority_id'])
      .where('username', '=', a.users.leader)
      .executeTakeFirstOrThrow();
    const plan = await sql<{ id: string }>`
      INSERT INTO spot_check_plans (authority_id, region_code, title, kind, period_start, period_end, items, pool_filter, rules, created_by)
      VALUES (${leader.authority_id}, '310116', '测试计划', 'routine', ${FROM}, ${TO}, '[]', '{}', '{}', ${leader.id})
      RETURNING id`.execute(db);
    const finished = await db
      .selectFrom('inspections')
      .select('id')
      .where('status', '=', 'finished')
      .limit(2)
      .execute();
    expect(finished.length).toBe(2);
    const task = (region: string, inspectionId: string | null) =>
      sql`INSERT INTO spot_check_tasks (plan_id, region_code, plan_region_code, target_kind, enterprise_id, target_name,
                                        basis, inspector_ids, due_on, inspection_id)
          VALUES (${plan.rows[0].id}, ${region}, ${region.slice(0, 6)}, 'enterprise', ${region.startsWith('3101') ? a.ids.enterprise : b.ids.enterprise},
                  '测试企业', 'random', ARRAY[${leader.id}, ${leader.id}]::uuid[], ${TO}, ${inspectionId})`.execute(
        db,
      );
    await task('310116', finished[0].id);
    await sql`INSERT INTO spot_check_tasks (plan_id, region_code, plan_region_code, target_kind, enterprise_id, target_name,
                                            basis, inspector_ids, due_on)
              VALUES (${plan.rows[0].id}, '310116', '310116', 'enterprise', ${c.ids.enterprise}, '测试企业二', 'random',
                      ARRAY[${leader.id}, ${leader.id}]::uuid[], ${TO})`.execute(db);
    await task('150602', finished[1].id);

    const city = await dashboard(cookies.city);
    expect(city.figures.accidents).toEqual({
      count: 11,
      deaths: 13,
      lastYearCount: 20,
      lastYearDeaths: 24,
      countChangePercent: '-45.0',
      deathsChangePercent: '-45.8',
    });
    expect(city.children.find((x) => x.key === '310117')).toMatchObject({ accidents: 11, deaths: 13 });
    expect(city.children.find((x) => x.key === '310116')).toMatchObject({ accidents: 0, deaths: 0 });
    expect(city.figures.grades).toEqual({ enterprise: { A: 1, B: 0, C: 1 }, project: { A: 0, B: 1, C: 0 } });
    expect(city.figures.plan).toEqual({ due: 2, done: 1 });
    const district = await dashboard(cookies['a.inspector']);
    expect(district.figures.accidents?.count).toBe(0);
    expect(district.figures.grades?.enterprise).toEqual({ A: 0, B: 0, C: 1 });
  });

  it('year-on-year change is exact and truncated toward zero', () => {
    expect(changePercent(11, 20)).toBe('-45.0');
    expect(changePercent(13, 24)).toBe('-45.8'); // −45.833…
    expect(changePercent(3, 2)).toBe('+50.0');
    expect(changePercent(2, 3)).toBe('-33.3');
    expect(changePercent(5, 5)).toBe('0.0');
    expect(changePercent(1, 0)).toBeNull();
  });

  it('exports the same figures to Excel', async () => {
    const res = await get(cookies.city, `/api/dashboard.xlsx?from=${FROM}&to=${TO}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '下级', '趋势', '问题集中模块']);
    const d = await dashboard(cookies.city);
    const overview = new Map<string, unknown>();
    wb.getWorksheet('概况')!.eachRow((r) => overview.set(String(r.getCell(1).value), r.getCell(2).value));
    expect(overview.get('发现问题（隐患）')).toBe(d.figures.problemsFound);
    expect(overview.get('逾期未整改')).toBe(d.figures.overdue);
    expect(overview.get('整改率（向下取整，一位小数）')).toBe(
      `${d.figures.ratePercent} %（${d.figures.closed} / ${d.figures.problemsFound}）`,
    );
    const names: string[] = [];
    wb.getWorksheet('下级')!.eachRow((r, i) => i > 1 && names.push(String(r.getCell(1).value)));
    expect(names).toEqual(d.children.map((x) => x.name));
  });
});
