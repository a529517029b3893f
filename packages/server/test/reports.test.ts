import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  allowedActions,
  dateInZone,
  endOfDateInZone,
  floorPercent,
  lastClosedPeriod,
  reportPeriod,
  type HazardAction,
  type HazardActionType,
  type HazardState,
} from '@redline/domain';
import type { PeriodicReportPage, PeriodicReportView } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, creditCode, type World } from './helpers/factories.ts';
import { ACTOR_COLUMNS, toActor, type Actor, type ActorRow } from '../src/auth/actor.ts';
import { inTransaction } from '../src/db/transaction.ts';
import { createHazard } from '../src/modules/hazards/create-hazard.ts';
import { transitionHazard } from '../src/modules/hazards/apply-action.ts';
import { tick } from '../src/jobs/scheduler.ts';
import type { Db } from '../src/db/database.ts';
import type { Deps } from '../src/http/context.ts';

/**
 * Periodic reports (issue 15). The seed reproduction: a cross-inspection month in Qingpu (310118)
 * with 586 enterprises inspected and 2,853 problems, 99 of them major, all rectified, reads
 * "586 / 2,853 / 99 / 100 %" — in the figures, the workbook and the PDF's text; with one reopened,
 * 2,852 / 2,853 and 99.9 %. Those hazards are bulk-inserted in SQL, cloned from a general and a
 * major hazard that were closed through the use cases (the rollups' statement triggers count every
 * writer), and the rollups are then rebuilt with hazard_rollups_rebuild() before reading. Then: a
 * random small world whose report figures equal counts from the source rows; numbering; access
 * (leaders and administrators only, another jurisdiction 404); bad input 400; downloads audited;
 * the scheduled job idempotent.
 */
const TZ = 'Asia/Shanghai';
let t: TestApp;
let db: Db;
let a: World; // Jinshan 310116 (town 310116501)
let c: World; // Songjiang 310117
let q: World; // Qingpu 310118: the 586 / 2,853 / 99 month
let b: World; // Dongsheng 150602, another province
const actors: Record<string, Actor> = {};
const cookies: Record<string, string> = {};
let clock = 0;
const deps = () => ({ ...t.deps, now: () => new Date(clock) }) as Deps;
let MONTH = ''; // the last closed month before the harness's today, e.g. 2026-10
let FROM = '';
let TO = '';

/** A seeded random generator (mulberry32), so a failing world can be replayed from its seed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

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
    case 'start_rectification':
    case 'close_out':
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
    case 'submit_evidence':
      return { type, evidence: [randomUUID()] };
    case 'review':
      return { type, accepted: true };
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

const MAJOR_CLOSED: HazardActionType[] = [
  'confirm',
  'order_rectification',
  'list_for_supervision',
  'submit_plan',
  'start_rectification',
  'submit_evidence',
  'review',
  'close_out',
];

async function post(cookie: string, payload: unknown) {
  return t.app.inject({
    method: 'POST',
    url: '/api/reports',
    headers: { cookie },
    payload: payload as object,
  });
}
async function get(cookie: string, url: string) {
  return t.app.inject({ method: 'GET', url, headers: { cookie } });
}
async function generate(
  cookie: string,
  regionCode: string,
  period = MONTH,
  kind = 'month',
): Promise<PeriodicReportView> {
  const res = await post(cookie, { regionCode, kind, period });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as PeriodicReportView;
}
async function workbookOf(cookie: string, id: string) {
  const res = await get(cookie, `/api/reports/${id}/xlsx`);
  expect(res.statusCode, res.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as never);
  return { wb, res };
}
function pdfText(buf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-pdf-'));
  try {
    writeFileSync(path.join(dir, 'r.pdf'), buf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures counted straight from the source rows of a region prefix for [FROM, TO]. */
async function fromSource(prefix: string) {
  const now = t.deps.now().toISOString();
  const h = await sql<Record<string, number>>`
    SELECT count(*) FILTER (WHERE status <> 'rejected')::int AS found,
           count(*) FILTER (WHERE status = 'closed')::int AS closed,
           count(*) FILTER (WHERE status IN ('rectification_ordered', 'rectifying') AND deadline < ${now}::timestamptz)::int AS overdue,
           count(*) FILTER (WHERE grade = 'major' AND status <> 'rejected')::int AS major_found,
           count(*) FILTER (WHERE grade = 'major' AND status = 'closed')::int AS major_closed
    FROM hazards WHERE region_code LIKE ${prefix + '%'}
      AND (found_at AT TIME ZONE ${TZ})::date BETWEEN ${FROM}::date AND ${TO}::date`.execute(db);
  const i = await sql<Record<string, number>>`
    SELECT count(*)::int AS done, count(DISTINCT enterprise_id)::int AS enterprises_inspected FROM inspections
    WHERE region_code LIKE ${prefix + '%'} AND status = 'finished' AND kind <> 'self'
      AND (finished_at AT TIME ZONE ${TZ})::date BETWEEN ${FROM}::date AND ${TO}::date`.execute(db);
  const x = await sql<Record<string, number>>`
    SELECT (SELECT count(*)::int FROM accountability_actions WHERE region_code LIKE ${prefix + '%'}
              AND (created_at AT TIME ZONE ${TZ})::date BETWEEN ${FROM}::date AND ${TO}::date) AS accountability,
           (SELECT count(*)::int FROM equipment WHERE region_code LIKE ${prefix + '%'}
              AND next_inspection_on BETWEEN ${FROM}::date AND ${TO}::date) AS equipment_due,
           (SELECT count(*)::int FROM accidents WHERE region_code LIKE ${prefix + '%'}
              AND (occurred_at AT TIME ZONE ${TZ})::date BETWEEN ${FROM}::date AND ${TO}::date) AS accidents`.execute(
    db,
  );
  return { ...h.rows[0], ...i.rows[0], ...x.rows[0] };
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
      number: `JC-R-${randomUUID().slice(0, 8)}`,
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

beforeAll(async () => {
  t = await createTestApp();
  db = t.deps.database.db;
  const span = lastClosedPeriod('month', t.deps.today());
  MONTH = span.period;
  FROM = span.start;
  TO = span.end;
  a = await createWorld(db, t.deps.secrets, { county: '310116', town: '310116501', tag: 'JS' });
  c = await createWorld(db, t.deps.secrets, { county: '310117', tag: 'SJ' });
  q = await createWorld(db, t.deps.secrets, { county: '310118', tag: 'QP' });
  b = await createWorld(db, t.deps.secrets, { county: '150602', tag: 'DS' });
  for (const [k, w] of Object.entries({ a, b, c, q }))
    for (const role of ['inspector', 'leader', 'enterprise_manager'] as const)
      actors[`${k}.${role}`] = await actorOf(w.users[role]);
  // A leader of Shanghai's city district 3101 (Jinshan, Songjiang, Qingpu lie below).
  const city = `city.leader.${randomUUID().slice(0, 6)}`;
  await sql`INSERT INTO users (username, display_name, password_hash, role, region_code, authority_id)
            SELECT ${city}, '市领导', password_hash, 'leader', '3101', authority_id
            FROM users WHERE username = ${a.users.leader}`.execute(db);
  for (const [k, u] of Object.entries({
    city,
    'a.leader': a.users.leader,
    'a.inspector': a.users.inspector,
    'a.admin': a.users.admin,
    'a.manager': a.users.enterprise_manager,
    'q.leader': q.users.leader,
    'b.leader': b.users.leader,
  }))
    cookies[k] = await login(t.app, u);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('the seed reproduction: 586 / 2,853 / 99 / 100 %', () => {
  let first: PeriodicReportView;
  let reopenedId = '';

  beforeAll(async () => {
    // The cross-inspection month: one general and one major hazard closed through the use cases …
    clock = Date.parse(`${FROM}T02:00:00Z`) + 9 * 86_400_000;
    const general = await hazard('q', q, '310118', 'general');
    await drive(general, 'q', ['confirm', 'rectify_on_spot']);
    const major = await hazard('q', q, '310118', 'major');
    await drive(major, 'q', MAJOR_CLOSED);
    reopenedId = general;
    // … cloned in SQL to 2,853 (2,754 general, 99 major), spread over 586 enterprises, …
    const ents: Array<{ id: string }> = [{ id: q.ids.enterprise }];
    const rows = Array.from({ length: 585 }, (_, i) => ({
      credit_code: creditCode('310118'),
      name: `青浦测试企业${i + 1}`,
      industry_code: 'machinery',
      scale: 'small' as const,
      region_code: '310118',
    }));
    ents.push(...(await db.insertInto('enterprises').values(rows).returning('id').execute()));
    const cols = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'hazards'
        AND column_name NOT IN ('id', 'enterprise_id') ORDER BY ordinal_position`.execute(db);
    const list = sql.join(cols.rows.map((r) => sql.ref(r.column_name)));
    const ids = sql.join(ents.map((e) => sql`${e.id}::uuid`));
    const clone = (from: string, times: number, offset: number) => sql`
      INSERT INTO hazards (enterprise_id, ${list})
      SELECT (ARRAY[${ids}])[1 + (g + ${offset}) % ${ents.length}], ${list}
      FROM hazards, generate_series(1, ${times}) g WHERE id = ${from}`;
    await clone(general, 2853 - 99 - 1, 0).execute(db);
    await clone(major, 98, 7).execute(db);
    // … each of the 586 enterprises inspected once in a finished cross-inspection that month.
    await sql`INSERT INTO inspections (number, kind, status, region_code, home_region_code, authority_id,
                target_kind, enterprise_id, target, created_by, finished_at)
              SELECT 'JC-X-' || e.n, 'cross', 'finished', '310118', '310115', ${q.authorityId}, 'enterprise', e.id,
                '{"name":"x"}'::jsonb, ${actors['q.inspector'].userId}, ${new Date(clock).toISOString()}::timestamptz
              FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM unnest(ARRAY[${ids}]) AS id) e`.execute(
      db,
    );
    // The rollups were kept by the triggers; rebuilt here as a bulk load would be.
    await sql`SELECT hazard_rollups_rebuild()`.execute(db);
    first = await generate(cookies['q.leader'], '310118');
  }, 180_000);

  it('reads exactly 586 / 2,853 / 99 / 100 % — and the source rows agree', async () => {
    const f = first.figures.dashboard.figures;
    const s = await fromSource('310118');
    expect([s.enterprises_inspected, s.found, s.major_found, s.closed]).toEqual([586, 2853, 99, 2853]);
    expect(f.enterprisesInspected).toBe(586);
    expect(f.inspectionsDone).toBe(586);
    expect(f.problemsFound).toBe(2853);
    expect(f.majorFound).toBe(99);
    expect(f.closed).toBe(2853);
    expect(f.ratePercent).toBe('100.0');
    expect(first.figures.extra.headline).toBe('586 / 2,853 / 99 / 100 %');
    expect(first.figures.extra.rateText).toBe('100 %（2,853 / 2,853）');
    expect(first.kind).toBe('month');
    expect(first.period).toBe(MONTH);
    expect([first.periodStart, first.periodEnd]).toEqual([FROM, TO]);
  });

  it('the workbook and the PDF print the same figures', async () => {
    const { wb } = await workbookOf(cookies['q.leader'], first.id);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['报告', '主要指标', '下级区域', '趋势', '检查模块']);
    const info = wb.getWorksheet('报告')!;
    const values = new Map<string, unknown>();
    info.eachRow((row) => values.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(values.get('编号')).toBe(first.number);
    expect(values.get('检查企业 / 发现问题 / 重大隐患 / 整改率')).toBe('586 / 2,853 / 99 / 100 %');
    const m = wb.getWorksheet('主要指标')!;
    const metric = new Map<string, unknown>();
    m.eachRow((row) => metric.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(metric.get('检查企业数')).toBe(586);
    expect(metric.get('发现问题（隐患）')).toBe(2853);
    expect(metric.get('其中重大隐患')).toBe(99);
    expect(metric.get('整改率 %（向下取整）')).toBe('100');

    const res = await get(cookies['q.leader'], `/api/reports/${first.id}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(first.pdfSha256);
    if (process.env.REPORTS_PDF_OUT) writeFileSync(process.env.REPORTS_PDF_OUT, pdf); // to look at it
    const text = pdfText(pdf);
    expect(text).toContain('586 / 2,853 / 99 / 100 %');
    expect(text).toContain(first.number);
    expect(text).toMatch(/第\s*1\s*页\s*共\s*\d+\s*页/);
    expect(text).toContain('Asia/Shanghai');
  });

  it('with one problem reopened: 2,852 / 2,853 and a rate below 100 %; the kept report is unchanged', async () => {
    // No lifecycle action reopens a closed hazard; the row is moved back to rectifying in SQL (the
    // triggers move its rollup contribution).
    await sql`UPDATE hazards SET status = 'rectifying', state = jsonb_set(state, '{status}', '"rectifying"')
              WHERE id = ${reopenedId}`.execute(db);
    const again = await generate(cookies['q.leader'], '310118');
    const f = again.figures.dashboard.figures;
    expect(f.closed).toBe(2852);
    expect(f.problemsFound).toBe(2853);
    expect(f.ratePercent).toBe('99.9');
    expect(f.ratePercent).toBe(floorPercent(2852, 2853));
    expect(again.figures.extra.rateText).toBe('99.9 %（2,852 / 2,853）');
    expect(again.figures.extra.headline).toBe('586 / 2,853 / 99 / 99.9 %');
    expect(pdfText((await get(cookies['q.leader'], `/api/reports/${again.id}/pdf`)).rawPayload)).toContain(
      '99.9 %（2,852 / 2,853）',
    );
    // Numbered per jurisdiction and year, consecutively.
    const year = dateInZone(TZ, new Date());
    expect(first.number).toBe(`RPT-310118-${year.slice(0, 4)}-0001`);
    expect(again.number).toBe(`RPT-310118-${year.slice(0, 4)}-0002`);
    const kept = (await get(cookies['q.leader'], `/api/reports/${first.id}`)).json() as PeriodicReportView;
    expect(kept.figures.extra.headline).toBe('586 / 2,853 / 99 / 100 %');
  });
});

describe('report figures equal counts from the source rows (a random small world)', () => {
  const seed = Number(process.env.REPORTS_SEED ?? Date.now() % 100_000);
  it(`city 3101 and its districts (seed ${seed})`, async () => {
    const rnd = random(seed);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const histories: HazardActionType[][] = [
      [],
      ['reject'],
      ['confirm'],
      ['confirm', 'rectify_on_spot'],
      ['confirm', 'order_rectification'],
      ['confirm', 'order_rectification', 'start_rectification', 'submit_evidence', 'review'],
      MAJOR_CLOSED,
    ];
    const places: Array<[string, World, string]> = [
      ['a', a, '310116'],
      ['a', a, '310116501'],
      ['c', c, '310117'],
    ];
    const start = Date.parse(`${FROM}T00:00:00+08:00`);
    const span = Date.parse(`${TO}T23:59:59+08:00`) - start;
    for (let i = 0; i < 14; i++) {
      const [w, world, region] = pick(places);
      // Found in the month, or just outside it (the day before, the day after): those must not count.
      const edge = rnd();
      clock =
        edge < 0.1
          ? start - 3_600_000
          : edge < 0.2
            ? start + span + 3_600_000
            : start + Math.floor(rnd() * span);
      const id = await hazard(w, world, region, rnd() < 0.3 ? 'major' : 'general');
      await drive(id, w, pick(histories), rnd() < 0.5 ? 1 : 60);
    }
    for (let i = 0; i < 6; i++) {
      const [, world, region] = pick(places);
      const at = new Date(start + Math.floor(rnd() * span)).toISOString();
      await inspection(
        world,
        region,
        pick(['routine', 'special', 'self', 'cross']),
        pick(['finished', 'finished', 'draft']),
        at,
      );
    }
    // Equipment due in the month, and an accountability action recorded in it.
    await sql`UPDATE equipment SET next_inspection_on = ${addDays(FROM, 4)}::date WHERE id = ${a.ids.equipment}`.execute(
      db,
    );
    await sql`INSERT INTO accountability_actions (kind, target_kind, target_enterprise_id, region_code, authority_id,
                title, reason, deadline, created_by, created_at)
              VALUES ('warning', 'enterprise', ${c.ids.enterprise}, '310117', ${c.authorityId}, '警示', '重大隐患未按期整改',
                ${TO}::date, ${actors['c.leader'].userId}, ${`${FROM}T04:00:00Z`}::timestamptz)`.execute(db);

    const r = await generate(cookies.city, '3101');
    const s = await fromSource('3101');
    const f = r.figures.dashboard.figures;
    expect({
      enterprisesInspected: f.enterprisesInspected,
      inspectionsDone: f.inspectionsDone,
      problemsFound: f.problemsFound,
      closed: f.closed,
      majorFound: f.majorFound,
      majorClosed: f.majorClosed,
      overdue: f.overdue,
      ratePercent: f.ratePercent,
      accountability: r.figures.extra.accountabilityActions,
      equipmentDue: r.figures.extra.equipmentDue,
      accidents: f.accidents?.count,
    }).toEqual({
      enterprisesInspected: s.enterprises_inspected,
      inspectionsDone: s.done,
      problemsFound: s.found,
      closed: s.closed,
      majorFound: s.major_found,
      majorClosed: s.major_closed,
      overdue: s.overdue,
      ratePercent: floorPercent(s.closed, s.found),
      accountability: s.accountability,
      equipmentDue: s.equipment_due,
      accidents: s.accidents,
    });
    expect(s.accountability).toBe(1);
    expect(s.equipment_due).toBeGreaterThanOrEqual(1);
    for (const county of ['310116', '310117', '310118']) {
      const child = r.figures.dashboard.children.find((x) => x.key === county)!;
      const sc = await fromSource(county);
      expect(child, county).toMatchObject({
        problemsFound: sc.found,
        closed: sc.closed,
        majorFound: sc.major_found,
        inspectionsDone: sc.done,
        enterprisesInspected: sc.enterprises_inspected,
      });
    }
    expect(r.figures.dashboard.children.some((x) => x.key.startsWith('15'))).toBe(false);
    // The workbook carries the same counts.
    const { wb } = await workbookOf(cookies.city, r.id);
    const metric = new Map<string, unknown>();
    wb.getWorksheet('主要指标')!.eachRow((row) =>
      metric.set(String(row.getCell(1).value), row.getCell(2).value),
    );
    expect(metric.get('发现问题（隐患）')).toBe(s.found);
    expect(metric.get('已整改')).toBe(s.closed);
    expect(metric.get('问责')).toBe(s.accountability);
  }, 180_000);
});

describe('who may generate, list and download', () => {
  let report: PeriodicReportView;
  beforeAll(async () => {
    report = await generate(cookies['a.leader'], '310116');
  }, 60_000);

  it('inspectors and enterprise managers get 403; another jurisdiction 404 like a missing report', async () => {
    for (const who of ['a.inspector', 'a.manager']) {
      expect((await get(cookies[who], '/api/reports')).statusCode, who).toBe(403);
      expect((await get(cookies[who], `/api/reports/${report.id}`)).statusCode, who).toBe(403);
      expect((await get(cookies[who], `/api/reports/${report.id}/pdf`)).statusCode, who).toBe(403);
      expect(
        (await post(cookies[who], { regionCode: '310116', kind: 'month', period: MONTH })).statusCode,
        who,
      ).toBe(403);
    }
    const foreign = await get(cookies['b.leader'], `/api/reports/${report.id}`);
    const missing = await get(cookies['b.leader'], `/api/reports/${randomUUID()}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(missing.json());
    for (const f of ['pdf', 'xlsx'])
      expect((await get(cookies['b.leader'], `/api/reports/${report.id}/${f}`)).statusCode).toBe(404);
    // A Songjiang leader does not see Jinshan's report either; the city leader and the admin do.
    expect((await get(cookies['q.leader'], `/api/reports/${report.id}`)).statusCode).toBe(404);
    expect((await get(cookies.city, `/api/reports/${report.id}`)).statusCode).toBe(200);
    expect((await get(cookies['a.admin'], `/api/reports/${report.id}`)).statusCode).toBe(200);
    // Generating for a region outside the jurisdiction: 404, exactly like a region that does not exist.
    const outside = await post(cookies['b.leader'], { regionCode: '310116', kind: 'month', period: MONTH });
    const none = await post(cookies.city, { regionCode: '310199', kind: 'month', period: MONTH });
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toEqual(none.json());
  });

  it("the list pages by key, newest first, and holds only the caller's jurisdiction", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(cookies.city, `/api/reports?pageSize=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as PeriodicReportPage;
      seen.push(...page.items.map((i) => i.id));
      expect(page.items.every((i) => i.regionCode.startsWith('3101'))).toBe(true);
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const rows = await sql<{ id: string }>`SELECT id FROM periodic_reports WHERE region_code LIKE '3101%'
                                           ORDER BY generated_at DESC, id DESC`.execute(db);
    expect(seen).toEqual(rows.rows.map((r) => r.id));
    const dongsheng = (await get(cookies['b.leader'], '/api/reports')).json() as PeriodicReportPage;
    expect(dongsheng.items.some((i) => i.regionCode.startsWith('31'))).toBe(false);
    const jinshan = (await get(cookies['a.leader'], '/api/reports?kind=month')).json() as PeriodicReportPage;
    expect(jinshan.items.map((i) => i.regionCode)).toEqual(jinshan.items.map(() => '310116'));
    expect((await get(cookies.city, '/api/reports?cursor=nonsense!')).statusCode).toBe(400);
  });

  it('bad input: a 400 naming the field and what to fix', async () => {
    const cases: Array<[unknown, string]> = [
      [{ regionCode: '310116', kind: 'month', period: '2026-Q1' }, 'period'],
      [{ regionCode: '310116', kind: 'quarter', period: '2026-11' }, 'period'],
      [{ regionCode: '310116', kind: 'year', period: '1999' }, 'period'],
      [{ regionCode: '310116', kind: 'month', period: '2026-13' }, 'period'],
      [{ regionCode: '310116', kind: 'week', period: '2026-11' }, 'kind'],
      [{ regionCode: '31011', kind: 'month', period: MONTH }, 'regionCode'],
      [{ regionCode: '310116', kind: 'month', period: MONTH, extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await post(cookies['a.leader'], body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json()), JSON.stringify(body)).toContain(field);
    }
    const future = await post(cookies['a.leader'], { regionCode: '310116', kind: 'year', period: '2030' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toMatchObject({ field: 'period' });
    expect(future.json().error.message).toContain('has not begun');
  });

  it('every download is audited; the stored files are what was generated', async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_entries
      WHERE action = 'report.download' AND subject_id = ${report.id}`.execute(db);
    const { res } = await workbookOf(cookies.city, report.id);
    expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(report.xlsxSha256);
    await get(cookies['a.leader'], `/api/reports/${report.id}/pdf`);
    const after = await sql<{
      actor_name: string;
      details: unknown;
    }>`SELECT actor_name, details FROM audit_entries
      WHERE action = 'report.download' AND subject_id = ${report.id} ORDER BY seq`.execute(db);
    expect(after.rows.length - before.rows[0].n).toBe(2);
    expect(JSON.stringify(after.rows.at(-1)!.details)).toContain('"format":"pdf"');
    const gen = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_entries
      WHERE action = 'report.generate' AND subject_id = ${report.id}`.execute(db);
    expect(gen.rows[0].n).toBe(1);
  });
});

describe('the scheduled job', () => {
  it("generates each leader jurisdiction's last month, quarter and year once, attributed to the system", async () => {
    const leaders = await sql<{ code: string }>`SELECT DISTINCT region_code AS code FROM users
      WHERE role = 'leader' AND active`.execute(db);
    for (let i = 0; i < 20; i++) {
      const [r] = await tick(t.deps, ['periodic-reports']);
      expect(r.message).not.toContain('failed');
      if (r.message.startsWith('0 report(s) due')) break;
    }
    const made = await sql<{
      region_code: string;
      kind: string;
      period_start: string;
      generated_by: string | null;
    }>`
      SELECT region_code, kind, period_start::text, generated_by FROM periodic_reports WHERE generated_by_system`.execute(
      db,
    );
    expect(made.rows.length).toBe(leaders.rows.length * 3);
    const today = t.deps.today();
    for (const kind of ['month', 'quarter', 'year'] as const) {
      const span = lastClosedPeriod(kind, today);
      expect(made.rows.filter((r) => r.kind === kind).every((r) => r.period_start === span.start)).toBe(true);
    }
    expect(made.rows.every((r) => r.generated_by === null)).toBe(true);
    // Idempotent: nothing more on the next run.
    const [again] = await tick(t.deps, ['periodic-reports']);
    expect(again.message).toMatch(/^0 report\(s\) due; generated 0/);
    const listed = (await get(cookies['a.leader'], '/api/reports')).json() as PeriodicReportPage;
    const system = listed.items.find((i) => i.generatedBySystem)!;
    expect(system.generatedBy).toBeNull();
    expect(reportPeriod(system.kind, system.period).ok).toBe(true);
  }, 300_000);
});
