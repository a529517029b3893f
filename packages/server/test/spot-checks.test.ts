import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, runDraw, verifyPublishedDraw, type PublishedDraw } from '@redline/domain';
import { createTestApp, login, TODAY, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';
import { drawVerifyCommand } from '../src/modules/spot-checks/verify-cli.ts';

/**
 * Spot-check plans and the verifiable double-random draw through the API: create, commit (pool
 * frozen, commitment published), draw (seed checked against the commitment), reveal, recompute
 * (domain and `redline draw-verify`), recusal (declared conflicts, cross-inspection jurisdictions),
 * grades read when the grading view exists, tasks started as inspections, the public notices.
 */
let t: TestApp;
let a: World;
let b: World;
let c: World;
const cookie: Record<string, string> = {};
const ids: Record<string, string> = {};
let moduleId = '';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const db = () => t.deps.database.db;
const userId = async (username: string) =>
  (await db().selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

async function call(who: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) {
  const res = await t.app.inject({
    method,
    url,
    headers: cookie[who] ? { cookie: cookie[who] } : {},
    ...(payload !== undefined && { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body, json: () => res.json() };
}

const planBody = (over: Record<string, unknown> = {}) => ({
  title: '金山区工贸企业双随机抽查计划',
  kind: 'routine',
  periodStart: '2026-12-01',
  periodEnd: '2026-12-31',
  items: [
    {
      title: '安全生产主体责任落实情况',
      basis: '《安全生产法》（2021年修正）第二十一条',
      moduleIds: [moduleId],
    },
  ],
  moduleIds: [moduleId],
  poolFilter: { targetKinds: ['enterprise', 'project'] },
  inspectorIds: [ids['a.inspector'], ids['a.coInspector']],
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  await loadStarterChecklists(db());
  a = await createWorld(db(), t.deps.secrets, { county: '310116', town: '310116501', tag: 'Jinshan' });
  b = await createWorld(db(), t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  c = await createWorld(db(), t.deps.secrets, { county: '310117', tag: 'Songjiang' });
  for (const [k, w] of Object.entries({ a, b, c })) {
    for (const [role, username] of Object.entries(w.users)) {
      cookie[`${k}.${role}`] = await login(t.app, username);
      ids[`${k}.${role}`] = await userId(username);
    }
    cookie[`${k}.coInspector`] = await login(t.app, w.coInspector);
    ids[`${k}.coInspector`] = await userId(w.coInspector);
  }
  moduleId = (
    await db()
      .selectFrom('checklist_modules as m')
      .innerJoin('checklist_versions as v', 'v.id', 'm.version_id')
      .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
      .select('m.id')
      .where('l.code', '=', 'industry-general')
      .where('m.code', '=', 'IG.MGT')
      .where('v.status', '=', 'published')
      .executeTakeFirstOrThrow()
  ).id;
  // a second, ordinary enterprise in Jinshan (no key risk source): drawn at random, not in full
  await db()
    .insertInto('enterprises')
    .values({
      credit_code: '91310116MA1J00001X',
      name: '金山普通五金制品有限公司',
      industry_code: 'machinery',
      scale: 'small',
      region_code: '310116501',
      contact_phone: '13800000001',
      address: '金山区私密路8号',
    })
    .execute();
});
afterAll(() => t?.close());

describe('spot-check plans: commit, draw, reveal, recompute', () => {
  const seed = 'jinshan-2026-12-secret-seed-0001';
  let planId = '';

  it('a leader makes a draft plan; inspectors may not', async () => {
    const r = await call('a.leader', 'POST', '/api/spot-check-plans', planBody());
    expect(r.status, r.body).toBe(201);
    const plan = r.json();
    planId = plan.id;
    expect(plan.status).toBe('draft');
    expect(plan.rules).toEqual({
      kind: 'routine',
      periodMonths: 1,
      perYear: { A: 2, B: 4, C: 12 },
      inspectorsPerTarget: 2,
      fullCoverage: ['credit_list', 'grade_c', 'key_risk_source', 'red_risk'],
    });
    expect(plan.gradesAvailable).toBe(true); // the grading module's current_grades is installed
    expect((await call('a.inspector', 'POST', '/api/spot-check-plans', planBody())).status).toBe(403);
  });

  it('refuses bad plans with the field named', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ periodEnd: '2026-11-01' }, 'periodEnd'],
      [{ periodEnd: '2028-01-01' }, 'periodEnd'],
      [{ inspectorIds: [ids['a.inspector'], ids['b.inspector']] }, 'inspectorIds.1'],
      [{ inspectorIds: [ids['a.inspector'], randomUUID()] }, 'inspectorIds.1'],
      [{ inspectorIds: [ids['a.inspector'], ids['a.duty_officer']] }, 'inspectorIds.1'],
      [{ moduleIds: [randomUUID()] }, 'moduleIds'],
      [{ poolFilter: { targetKinds: ['enterprise'], regionCode: '150602' } }, 'poolFilter.regionCode'],
    ];
    for (const [over, field] of cases) {
      const r = await call('a.leader', 'POST', '/api/spot-check-plans', planBody(over));
      expect(r.status, `${JSON.stringify(over)} → ${r.body}`).toBe(400);
      expect(r.json().error.field).toBe(field);
    }
    // a foreign inspector answers exactly like a random id (no existence oracle)
    const foreign = await call(
      'a.leader',
      'POST',
      '/api/spot-check-plans',
      planBody({ inspectorIds: [ids['a.inspector'], ids['b.inspector']] }),
    );
    const random = await call(
      'a.leader',
      'POST',
      '/api/spot-check-plans',
      planBody({ inspectorIds: [ids['a.inspector'], randomUUID()] }),
    );
    expect(foreign.json().error.message).toBe(random.json().error.message);
    // two officers at least (Administrative Penalty Law art. 42): the schema refuses 1
    const one = await call(
      'a.leader',
      'POST',
      '/api/spot-check-plans',
      planBody({ rules: { inspectorsPerTarget: 1 } }),
    );
    expect(one.status).toBe(400);
    // an officer without a certificate number is not drawn
    await db()
      .updateTable('users')
      .set({ licence_no: null })
      .where('id', '=', ids['a.coInspector'])
      .execute();
    const uncertified = await call('a.leader', 'POST', '/api/spot-check-plans', planBody());
    await db()
      .updateTable('users')
      .set({ licence_no: '3101169900001' })
      .where('id', '=', ids['a.coInspector'])
      .execute();
    expect(uncertified.status).toBe(400);
    expect(uncertified.json().error.message).toMatch(/certificate number/);
  });

  it('cannot draw before commit; commit freezes the pool; the draw needs the committed seed', async () => {
    const early = await call('a.leader', 'POST', `/api/spot-check-plans/${planId}/draw`, { seed });
    expect(early.status).toBe(409);
    const committed = await call('a.leader', 'POST', `/api/spot-check-plans/${planId}/commit`, {
      commitment: sha(seed),
    });
    expect(committed.status, committed.body).toBe(200);
    expect(committed.json().status).toBe('committed');
    expect(committed.json().poolSize).toEqual({ targets: 3, inspectors: 2 });
    // the published pool and rules are immutable now, even to SQL
    await expect(
      sql`UPDATE spot_check_plans SET rules = '{}'::jsonb WHERE id = ${planId}`.execute(db()),
    ).rejects.toThrow(/cannot change/);
    const again = await call('a.leader', 'POST', `/api/spot-check-plans/${planId}/commit`, {
      commitment: sha(seed),
    });
    expect(again.status).toBe(409);
    // the public file is out, without seed or result
    const pub = await call('', 'GET', `/api/public/spot-checks/plans/${planId}/draw`);
    expect(pub.status).toBe(200);
    expect(pub.json()).toMatchObject({
      format: 'redline.draw/1',
      commitment: sha(seed),
      seed: null,
      result: null,
    });
    // a wrong seed is refused with a clear 422
    const wrong = await call('a.leader', 'POST', `/api/spot-check-plans/${planId}/draw`, {
      seed: seed + 'x',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.json().error).toMatchObject({ code: 'COMMITMENT_MISMATCH', field: 'seed' });
    expect(wrong.json().error.message).toContain(sha(seed));
    const drawn = await call('a.leader', 'POST', `/api/spot-check-plans/${planId}/draw`, { seed });
    expect(drawn.status, drawn.body).toBe(200);
    const plan = drawn.json();
    expect(plan.status).toBe('drawn');
    expect(plan.seed).toBeNull(); // not public before the reveal
    // the world's enterprise and project have a key risk source site → drawn in full; the other at random
    const full = plan.taskList.filter((x: { basis: string }) => x.basis === 'full_coverage');
    expect(full.map((x: { targetId: string }) => x.targetId)).toContain(a.ids.enterprise);
    for (const task of plan.taskList) {
      expect(new Set(task.inspectors.map((i: { id: string }) => i.id)).size).toBe(2);
      expect(task.status).toBe('due');
      expect(task.dueOn).toBe('2026-12-31');
    }
    expect((await call('a.leader', 'POST', `/api/spot-check-plans/${planId}/draw`, { seed })).status).toBe(
      409,
    );
    expect((await call('', 'GET', `/api/public/spot-checks/plans/${planId}/draw`)).json().result).toBeNull();
  });

  it('after the reveal anyone recomputes the same draw (domain, CLI from a file and from a URL)', async () => {
    const r = await call('a.leader', 'POST', `/api/spot-check-plans/${planId}/reveal`);
    expect(r.status, r.body).toBe(200);
    expect(r.json().seed).toBe(seed);
    const file = (
      await call('', 'GET', `/api/public/spot-checks/plans/${planId}/draw`)
    ).json() as PublishedDraw;
    expect(file.seed).toBe(seed);
    const v = verifyPublishedDraw(file);
    expect(v.status).toBe('verified');
    // what the server stored as tasks is exactly the recomputation
    const rows = await db()
      .selectFrom('spot_check_tasks')
      .selectAll()
      .where('plan_id', '=', planId)
      .execute();
    const again = runDraw(file.pool, file.rules, seed);
    expect(rows.map((x) => [x.enterprise_id ?? x.project_id, x.inspector_ids].join()).sort()).toEqual(
      again.tasks.map((x) => [x.targetId, x.inspectorIds].join()).sort(),
    );
    // redline draw-verify <file>
    const dir = mkdtempSync(path.join(tmpdir(), 'draw-'));
    const f = path.join(dir, 'draw.json');
    writeFileSync(f, JSON.stringify(file));
    const out: string[] = [];
    expect(await drawVerifyCommand(f, (l) => out.push(l))).toBe(0);
    expect(out.at(-1)).toMatch(/^verified/);
    // … and <URL>
    const fetchFn = (async (url: string) => {
      const res = await t.app.inject({ url: new URL(url).pathname });
      return new Response(res.body, { status: res.statusCode });
    }) as unknown as typeof fetch;
    const out2: string[] = [];
    expect(
      await drawVerifyCommand(
        `http://localhost/api/public/spot-checks/plans/${planId}/draw`,
        (l) => out2.push(l),
        fetchFn,
      ),
    ).toBe(0);
    expect(out2).toEqual(out);
    // a tampered file: the result, the pool, the seed
    const forged = structuredClone(file);
    forged.result!.tasks[0]!.inspectorIds.reverse();
    writeFileSync(f, JSON.stringify(forged));
    const out3: string[] = [];
    expect(await drawVerifyCommand(f, (l) => out3.push(l))).toBe(1);
    expect(out3.join('\n')).toContain('MISMATCH');
    writeFileSync(f, JSON.stringify({ ...file, seed: 'another-seed-entirely' }));
    const out4: string[] = [];
    expect(await drawVerifyCommand(f, (l) => out4.push(l))).toBe(1);
    expect(out4.join('\n')).toMatch(/MISMATCH: SHA-256 of the revealed seed/);
  });

  it('drawn inspectors see their tasks and start the inspection with both drawn officers', async () => {
    const mine = (await call('a.inspector', 'GET', '/api/spot-check-tasks/mine')).json().items;
    expect(mine.length).toBeGreaterThan(0);
    const task = mine.find((x: { planId: string }) => x.planId === planId);
    expect((await call('a.duty_officer', 'POST', `/api/spot-check-tasks/${task.id}/start`)).status).toBe(403);
    const started = await call('a.inspector', 'POST', `/api/spot-check-tasks/${task.id}/start`);
    expect(started.status, started.body).toBe(201);
    const { inspectionId } = started.json();
    const insp = (await call('a.inspector', 'GET', `/api/inspections/${inspectionId}`)).json();
    expect(insp.kind).toBe('routine');
    expect(insp.members.map((m: { userId: string }) => m.userId).sort()).toEqual(
      task.inspectors.map((i: { id: string }) => i.id).sort(),
    );
    const twice = await call('a.coInspector', 'POST', `/api/spot-check-tasks/${task.id}/start`);
    expect(twice.status).toBe(200);
    expect(twice.json().inspectionId).toBe(inspectionId);
    const plan = (await call('a.leader', 'GET', `/api/spot-check-plans/${planId}`)).json();
    expect(plan.taskList.find((x: { id: string }) => x.id === task.id).status).toBe('in_progress');
    expect(plan.tasks.inProgress).toBe(1);
  });

  it('a task past its due date and not done is overdue', async () => {
    const { taskStatus } = await import('../src/modules/spot-checks/presenters.ts');
    expect(taskStatus({ inspection_status: null, due_on: '2026-12-31' }, '2027-01-01')).toBe('overdue');
    expect(taskStatus({ inspection_status: 'in_progress', due_on: '2026-12-31' }, '2027-01-01')).toBe(
      'overdue',
    );
    expect(taskStatus({ inspection_status: 'finished', due_on: '2026-12-31' }, '2027-01-01')).toBe('done');
    expect(taskStatus({ inspection_status: null, due_on: '2026-12-31' }, '2026-12-31')).toBe('due');
    expect(taskStatus({ inspection_status: 'cancelled', due_on: '2026-12-31' }, '2026-12-30')).toBe('due');
  });
});

describe('recusal and cross-inspection', () => {
  it('a declared conflict keeps the inspector off that enterprise and its projects', async () => {
    const declared = await call('a.inspector', 'POST', '/api/inspector-conflicts', {
      targetKind: 'enterprise',
      targetId: a.ids.enterprise,
      reason: '配偶任该企业安全负责人',
    });
    expect(declared.status, declared.body).toBe(201);
    // an inspector declares only their own; a foreign enterprise is "not found"
    expect(
      (
        await call('a.inspector', 'POST', '/api/inspector-conflicts', {
          userId: ids['a.coInspector'],
          targetKind: 'enterprise',
          targetId: a.ids.enterprise,
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    const foreign = await call('a.inspector', 'POST', '/api/inspector-conflicts', {
      targetKind: 'enterprise',
      targetId: b.ids.enterprise,
      reason: 'x',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json().error.field).toBe('targetId');
    const plan = (
      await call(
        'a.leader',
        'POST',
        '/api/spot-check-plans',
        planBody({
          inspectorIds: [ids['a.inspector'], ids['a.coInspector'], ids['a.leader']],
          rules: { perYear: { A: 2, B: 12, C: 12 } },
        }),
      )
    ).json();
    const s = 'conflict-plan-seed-000000000001';
    expect(
      (await call('a.leader', 'POST', `/api/spot-check-plans/${plan.id}/commit`, { commitment: sha(s) }))
        .status,
    ).toBe(200);
    const drawn = (
      await call('a.leader', 'POST', `/api/spot-check-plans/${plan.id}/draw`, { seed: s })
    ).json();
    const ofEnterprise = drawn.taskList.filter(
      (x: { targetId: string }) => x.targetId === a.ids.enterprise || x.targetId === a.ids.project,
    );
    expect(ofEnterprise.length).toBe(2); // the enterprise (key risk source, in full) and its project (B monthly: all)
    for (const task of ofEnterprise)
      expect(task.inspectors.map((i: { id: string }) => i.id)).not.toContain(ids['a.inspector']);
    // the pool published the conflict as a reference only (no reason text)
    await call('a.leader', 'POST', `/api/spot-check-plans/${plan.id}/reveal`);
    const file = (await call('', 'GET', `/api/public/spot-checks/plans/${plan.id}/draw`)).body;
    expect(file).toContain(`enterprise:${a.ids.enterprise}`);
    expect(file).not.toContain('配偶');
  });

  it('a cross-inspection never assigns an inspector to their own jurisdiction, and is started as one', async () => {
    const cands = (
      await call('a.leader', 'GET', '/api/spot-check-plans/inspector-candidates?kind=cross')
    ).json();
    const candIds = cands.map((x: { id: string }) => x.id);
    expect(candIds).toContain(ids['c.inspector']); // same province (Shanghai)
    expect(candIds).not.toContain(ids['b.inspector']); // another province
    const routineCands = (
      await call('a.leader', 'GET', '/api/spot-check-plans/inspector-candidates?kind=routine')
    ).json();
    expect(routineCands.map((x: { id: string }) => x.id)).not.toContain(ids['c.inspector']);
    // a routine plan may not pool another district's officers
    const routine = await call(
      'a.leader',
      'POST',
      '/api/spot-check-plans',
      planBody({ inspectorIds: [ids['a.inspector'], ids['c.inspector']] }),
    );
    expect(routine.status).toBe(400);
    const jinshan = [ids['a.inspector'], ids['a.coInspector']];
    const plan = (
      await call(
        'a.leader',
        'POST',
        '/api/spot-check-plans',
        planBody({
          kind: 'cross',
          title: '沪西南交叉检查',
          inspectorIds: [...jinshan, ids['c.inspector'], ids['c.coInspector']],
        }),
      )
    ).json();
    const s = 'cross-plan-seed-0000000000000001';
    await call('a.leader', 'POST', `/api/spot-check-plans/${plan.id}/commit`, { commitment: sha(s) });
    const drawn = (
      await call('a.leader', 'POST', `/api/spot-check-plans/${plan.id}/draw`, { seed: s })
    ).json();
    expect(drawn.taskList.length).toBeGreaterThan(0);
    for (const task of drawn.taskList) for (const i of task.inspectors) expect(jinshan).not.toContain(i.id);
    // the visiting inspector sees the task and starts a cross-inspection
    const mine = (await call('c.inspector', 'GET', '/api/spot-check-tasks/mine')).json().items;
    const task = mine.find((x: { planId: string }) => x.planId === plan.id);
    expect(task).toBeDefined();
    const started = await call('c.inspector', 'POST', `/api/spot-check-tasks/${task.id}/start`);
    expect(started.status, started.body).toBe(201);
    const insp = await call('c.inspector', 'GET', `/api/inspections/${started.json().inspectionId}`);
    expect(insp.status).toBe(200);
    expect(insp.json().kind).toBe('cross');
    // but never sees the Jinshan plan itself
    expect((await call('c.inspector', 'GET', `/api/spot-check-plans/${plan.id}`)).status).toBe(404);
  });
});

describe('grades from the grading module, when installed', () => {
  it('reads current_grades: a C target is covered in full, an A target with 0 a year is never drawn', async () => {
    const ent = await db()
      .insertInto('enterprises')
      .values({
        credit_code: '91310116MA1J00002X',
        name: '金山C级企业',
        industry_code: 'chemicals',
        scale: 'small',
        region_code: '310116501',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const entA = await db()
      .insertInto('enterprises')
      .values({
        credit_code: '91310116MA1J00003X',
        name: '金山A级企业',
        industry_code: 'chemicals',
        scale: 'small',
        region_code: '310116501',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The grading module's own grades (recomputed, then overridden by the leader with a reason).
    for (const [id, grade] of [
      [ent.id, 'C'],
      [entA.id, 'A'],
    ] as const) {
      const recomputed = await call('a.leader', 'POST', `/api/grades/enterprise/${id}/recompute`);
      expect(recomputed.status, recomputed.body).toBeLessThan(300);
      const overridden = await call('a.leader', 'POST', `/api/grades/enterprise/${id}/override`, {
        grade,
        reason: '抽查计划测试：按风险分级',
        expiresOn: addDays(TODAY, 30),
      });
      expect(overridden.status, overridden.body).toBe(201);
    }
    try {
      const plan = (
        await call(
          'a.leader',
          'POST',
          '/api/spot-check-plans',
          planBody({
            poolFilter: { targetKinds: ['enterprise'], industries: ['chemicals'] },
            rules: { perYear: { A: 0, B: 4, C: 12 } },
          }),
        )
      ).json();
      expect(plan.gradesAvailable).toBe(true);
      const s = 'graded-plan-seed-00000000000001';
      await call('a.leader', 'POST', `/api/spot-check-plans/${plan.id}/commit`, { commitment: sha(s) });
      const drawn = (
        await call('a.leader', 'POST', `/api/spot-check-plans/${plan.id}/draw`, { seed: s })
      ).json();
      expect(
        drawn.taskList.map((x: { targetId: string; basis: string; reasons: string[] }) => [
          x.targetId,
          x.basis,
          x.reasons,
        ]),
      ).toEqual([[ent.id, 'full_coverage', ['grade_c']]]);
      expect(drawn.groups.A).toEqual({ pool: 1, full: 0, random: 0 });
    } finally {
      await sql`DELETE FROM grade_overrides WHERE target_id IN (${ent.id}, ${entA.id})`.execute(db());
    }
  });
});

describe('one public: the notices show nothing private', () => {
  it('lists the authority and its notices; no phones, addresses, licence or identity numbers', async () => {
    // the inspection started from a task is finished (fixture): its task and result become public
    const finished = await db()
      .updateTable('inspections')
      .set({ status: 'finished', finished_at: sql`now()` })
      .where('kind', '=', 'routine')
      .where('title', 'like', '%双随机抽查%')
      .returning('id')
      .execute();
    expect(finished.length).toBe(1);
    const list = await call('', 'GET', '/api/public/spot-checks');
    expect(list.status).toBe(200);
    const mine = list.json().find((x: { id: string }) => x.id === a.authorityId);
    expect(mine.plans).toBeGreaterThan(0);
    const notices = await call('', 'GET', `/api/public/spot-checks/authorities/${a.authorityId}`);
    expect(notices.status).toBe(200);
    const n = notices.json();
    expect(n.items.length).toBeGreaterThan(0);
    expect(n.plans.length).toBeGreaterThan(0);
    expect(n.tasks).toHaveLength(1);
    expect(n.tasks[0].officers.sort()).toEqual(['Jinshan inspector', 'Jinshan inspector 2']);
    expect(n.results[0]).toMatchObject({ outcome: 'no_problems', problems: 0 });
    const privates = await db().selectFrom('users').select(['licence_no', 'phone', 'username']).execute();
    const ents = await db()
      .selectFrom('enterprises')
      .select(['credit_code', 'contact_phone', 'address'])
      .execute();
    const bodies = [list.body, notices.body];
    for (const p of n.plans)
      bodies.push((await call('', 'GET', `/api/public/spot-checks/plans/${p.id}/draw`)).body);
    for (const body of bodies) {
      for (const key of ['licence', 'phone', 'address', 'idNumber', 'username', 'creditCode', 'password'])
        expect(body.toLowerCase()).not.toContain(key.toLowerCase());
      for (const u of privates) {
        if (u.licence_no) expect(body).not.toContain(u.licence_no);
        if (u.phone) expect(body).not.toContain(u.phone);
        expect(body).not.toContain(`"${u.username}"`);
      }
      for (const e of ents) {
        expect(body).not.toContain(e.credit_code);
        if (e.contact_phone) expect(body).not.toContain(e.contact_phone);
        if (e.address) expect(body).not.toContain(e.address);
      }
    }
    // a draft plan is not public, and an unknown authority is 404
    const draft = (await call('a.leader', 'POST', '/api/spot-check-plans', planBody())).json();
    expect((await call('', 'GET', `/api/public/spot-checks/plans/${draft.id}/draw`)).status).toBe(404);
    expect((await call('', 'GET', `/api/public/spot-checks/authorities/${randomUUID()}`)).status).toBe(404);
  });
});
