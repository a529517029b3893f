import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalView, AwardView, ExpertPage, PublicMaterialsView } from '@redline/contracts';
import { materialsHash } from '@redline/domain';
import { createTestApp, DEFAULT_PASSWORD, login, type TestApp } from './helpers/harness.ts';
import { createWorld, creditCode, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, type Client } from './helpers/client.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { loadExcelJs } from '../src/lazy-packages.ts';

/**
 * Approvals with bound opinions (issue 17 part 2): a beyond-scale special plan through supervision
 * review and an expert panel; opinions bound to the hash of the materials they judged, immutable
 * (the trigger), an earlier set shown as such after a material is replaced; the party and
 * jurisdiction rules; public materials; the project's file (PDF, Excel with audit references); model
 * project awards with the fee uplift and the grading feed.
 */
const TODAY = '2026-11-23';
let t: TestApp;
let home: World;
let foreign: World;
let leader: Client;
let inspector: Client;
let constructor: Client; // the general contractor's manager (world's enterprise manager)
let supervisor: Client; // the supervision firm's manager
let foreignLeader: Client;
let foreignManager: Client;
let anon: Client;
const experts: string[] = [];

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function addParty(world: World, role: 'supervision' | 'owner', tag: string) {
  const db = t.deps.database.db;
  const e = await db
    .insertInto('enterprises')
    .values({
      credit_code: creditCode('320411'),
      name: `${tag}监理有限公司`,
      industry_code: 'construction',
      scale: 'small',
      region_code: '320411',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('project_parties')
    .values({ project_id: world.ids.project, role, enterprise_id: e.id, name: `${tag}监理有限公司` })
    .execute();
  const username = `${tag.toLowerCase()}.${role}.mgr`;
  await db
    .insertInto('users')
    .values({
      username,
      display_name: `${tag} 总监`,
      password_hash: await hashPassword(DEFAULT_PASSWORD),
      role: 'enterprise_manager',
      region_code: '320411',
      enterprise_id: e.id,
    })
    .execute();
  return username;
}

beforeAll(async () => {
  t = await createTestApp({ today: TODAY, env: { LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' } });
  home = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Xinbei' });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '340111', tag: 'Baohe' });
  leader = client(t.app, await login(t.app, home.users.leader));
  inspector = client(t.app, await login(t.app, home.users.inspector));
  constructor = client(t.app, await login(t.app, home.users.enterprise_manager));
  supervisor = client(t.app, await login(t.app, await addParty(home, 'supervision', 'Jianli')));
  foreignLeader = client(t.app, await login(t.app, foreign.users.leader));
  foreignManager = client(t.app, await login(t.app, foreign.users.enterprise_manager));
  anon = client(t.app);
  for (let i = 1; i <= 6; i++) {
    const r = await leader.post('/api/experts', {
      name: `专家${'甲乙丙丁戊己'[i - 1]}`,
      specialty: '深基坑',
      regionCode: '320411',
      registerNo: `CZ-2026-${i}`,
    });
    expect(r.statusCode, r.body).toBe(201);
    experts.push(r.json().id);
  }
}, 600_000); // a fresh template after a new migration: slow on a busy machine
afterAll(() => t?.close());

const open = async (over: Record<string, unknown> = {}) => {
  const r = await constructor.post('/api/approvals', {
    projectId: home.ids.project,
    kind: 'special_plan',
    title: '深基坑支护专项施工方案',
    beyondScale: true,
    ...over,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as ApprovalView;
};
const act = (c: Client, id: string, body: Record<string, unknown>) =>
  c.post(`/api/approvals/${id}/actions`, body);

describe('a beyond-scale special plan through expert review', () => {
  it('binds every opinion to the hash of the materials it judged; the panel needs five on the current set', async () => {
    const a = await open();
    expectShape(ApprovalView, a);
    expect(a.steps.map((s) => s.code)).toEqual([
      'submit',
      'supervision_review',
      'expert_review',
      'regulator_record',
    ]);
    expect(a.stepCode).toBe('submit');
    expect(a.may).toEqual({ act: true, addMaterial: true, assignExperts: false });

    // nothing to sign without materials
    expectError(await act(constructor, a.id, { action: 'submit', opinion: '提交' }), 409, {
      code: 'MATERIALS_REQUIRED',
    });
    const plan = pdf('plan v1');
    const calc = pdf('calculation');
    let r = await constructor.upload(`/api/approvals/${a.id}/materials?public=true`, plan, '方案.pdf');
    expect(r.statusCode, r.body).toBe(201);
    r = await constructor.upload(`/api/approvals/${a.id}/materials`, calc, '计算书.pdf');
    let v = r.json() as ApprovalView;
    expect(v.materials.map((m) => m.sha256)).toEqual([sha(plan), sha(calc)]);
    expect(v.materialsHash).toBe(materialsHash([sha(plan), sha(calc)]));
    const setA = v.materialsHash!;

    // the supervisor cannot submit or add materials; the constructor cannot review
    expectError(await act(supervisor, a.id, { action: 'submit', opinion: 'x' }), 403);
    expectError(await supervisor.upload(`/api/approvals/${a.id}/materials`, pdf('x'), 'x.pdf'), 403);
    r = await act(constructor, a.id, { action: 'submit', opinion: '报审', materialsHash: setA });
    expect(r.statusCode, r.body).toBe(200);
    expectError(await act(constructor, a.id, { action: 'review', conclusion: 'pass', opinion: 'x' }), 403);
    expectError(await act(supervisor, a.id, { action: 'review', opinion: '同意' }), 400, {
      field: 'conclusion',
    });
    expectError(await act(supervisor, a.id, { action: 'record', opinion: '同意' }), 409, {
      code: 'APPROVAL_WRONG_STEP',
    });
    r = await act(supervisor, a.id, {
      action: 'review',
      conclusion: 'pass',
      opinion: '同意报专家论证',
      materialsHash: setA,
    });
    v = r.json();
    expect(v.stepCode).toBe('expert_review');

    // four experts on set A
    for (const x of experts.slice(0, 4)) {
      r = await act(constructor, a.id, {
        action: 'expert_opinion',
        expertId: x,
        conclusion: 'pass',
        opinion: '支护计算可靠',
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    expectError(
      await act(constructor, a.id, {
        action: 'expert_opinion',
        expertId: experts[0],
        conclusion: 'pass',
        opinion: 'again',
      }),
      409,
      { code: 'CONFLICT' },
    );
    expectError(
      await act(constructor, a.id, { action: 'expert_conclusion', conclusion: 'pass', opinion: '通过' }),
      409,
      { code: 'EXPERTS_TOO_FEW' },
    );
    // an expert of a register that does not cover the project answers like a missing one
    const far = await foreignLeader.post('/api/experts', {
      name: '外地专家',
      regionCode: '340111',
      registerNo: 'HF-1',
    });
    expect(far.statusCode, far.body).toBe(201);
    expectError(
      await act(constructor, a.id, {
        action: 'expert_opinion',
        expertId: far.json().id,
        conclusion: 'pass',
        opinion: 'x',
      }),
      404,
    );

    // the constructor replaces the plan: the four opinions judged an earlier set; none is re-bound
    const plan2 = pdf('plan v2');
    const planId = v.materials[0].id;
    r = await constructor.upload(
      `/api/approvals/${a.id}/materials?replaces=${planId}&public=true`,
      plan2,
      '方案（修订）.pdf',
    );
    v = r.json();
    const setB = materialsHash([sha(calc), sha(plan2)]);
    expect(v.materialsHash).toBe(setB);
    expect(v.materials.find((m) => m.id === planId)!.current).toBe(false);
    const expertOps = v.opinions.filter((o) => o.kind === 'expert_opinion');
    expect(expertOps).toHaveLength(4);
    for (const o of expertOps) {
      expect(o.materialsHash).toBe(setA);
      expect(o.judgedCurrentSet).toBe(false);
      expect(o.materials.map((m) => m.sha256).sort()).toEqual([sha(plan), sha(calc)].sort());
      expect(o.audit?.seq).toBeGreaterThan(0);
    }
    expect(v.expertOpinionsOnCurrentSet).toBe(0);
    // a signer who saw set A cannot sign against set B
    expectError(
      await act(constructor, a.id, {
        action: 'expert_opinion',
        expertId: experts[4],
        conclusion: 'pass',
        opinion: 'x',
        materialsHash: setA,
      }),
      409,
      { code: 'MATERIALS_CHANGED' },
    );
    // five on the new set: experts 5 and 6, and … still only 2 + the earlier four do not count
    for (const x of experts.slice(4))
      await act(constructor, a.id, {
        action: 'expert_opinion',
        expertId: x,
        conclusion: 'revise_and_pass',
        opinion: '补充监测方案',
      });
    expectError(
      await act(constructor, a.id, { action: 'expert_conclusion', conclusion: 'pass', opinion: '通过' }),
      409,
      { code: 'EXPERTS_TOO_FEW' },
    );
  });

  it('goes revise-and-pass → constructor → supervision → regulator record, without a second meeting', async () => {
    const a = await open({ title: '高大模板专项方案' });
    await constructor.upload(`/api/approvals/${a.id}/materials`, pdf('formwork'), '模板方案.pdf');
    await act(constructor, a.id, { action: 'submit', opinion: '报审' });
    await act(supervisor, a.id, { action: 'review', conclusion: 'pass', opinion: '同意' });
    for (const x of experts.slice(0, 5))
      expect(
        (
          await act(inspector, a.id, {
            action: 'expert_opinion',
            expertId: x,
            conclusion: 'revise_and_pass',
            opinion: '修改后通过',
          })
        ).statusCode,
      ).toBe(200);
    let v = (
      await act(constructor, a.id, {
        action: 'expert_conclusion',
        conclusion: 'revise_and_pass',
        opinion: '专家组：修改后通过',
      })
    ).json() as ApprovalView;
    expect(v.stepCode).toBe('submit');
    expect(v.round).toBe(1);
    expect(v.steps.find((s) => s.code === 'expert_review')!.applies).toBe(false);
    await constructor.upload(
      `/api/approvals/${a.id}/materials`,
      pdf('formwork revised'),
      '模板方案（修改）.pdf',
    );
    await act(constructor, a.id, { action: 'submit', opinion: '按论证报告修改后报审' });
    v = (await act(supervisor, a.id, { action: 'review', conclusion: 'pass', opinion: '同意' })).json();
    expect(v.stepCode).toBe('regulator_record');
    expectError(await act(supervisor, a.id, { action: 'record', opinion: 'x' }), 403);
    expectError(await act(foreignLeader, a.id, { action: 'record', opinion: 'x' }), 404);
    v = (await act(leader, a.id, { action: 'record', opinion: '已备案' })).json();
    expect(v.status).toBe('approved');
    expectError(await act(leader, a.id, { action: 'record', opinion: 'again' }), 409, {
      code: 'APPROVAL_CLOSED',
    });
    expectError(await constructor.upload(`/api/approvals/${a.id}/materials`, pdf('late'), 'late.pdf'), 409, {
      code: 'APPROVAL_CLOSED',
    });
    // every opinion keeps its own materials hash; the first round's were on an earlier set
    const byRound = v.opinions.map((o) => [o.round, o.kind, o.judgedCurrentSet]);
    expect(byRound.filter(([r]) => r === 0).every(([, , cur]) => cur === false)).toBe(true);
    expect(byRound.filter(([r]) => r === 1).every(([, , cur]) => cur === true)).toBe(true);
  });

  it('refuses to change or delete a signed opinion (the database trigger)', async () => {
    const db = t.deps.database.db;
    const o = await db.selectFrom('approval_opinions').select(['id']).limit(1).executeTakeFirstOrThrow();
    await expect(
      sql`UPDATE approval_opinions SET opinion = 'changed' WHERE id = ${o.id}`.execute(db),
    ).rejects.toThrow(/signed opinion cannot be changed/);
    await expect(
      sql`UPDATE approval_opinions SET materials_hash = ${'0'.repeat(64)} WHERE id = ${o.id}`.execute(db),
    ).rejects.toThrow();
    await expect(sql`DELETE FROM approval_opinions WHERE id = ${o.id}`.execute(db)).rejects.toThrow(
      /signed opinion/,
    );
  });
});

describe('input, parties and jurisdiction', () => {
  it('answers 4xx with the field named', async () => {
    expectError(
      await constructor.post('/api/approvals', { projectId: home.ids.project, kind: 'nope', title: 'x' }),
      400,
      { field: 'kind' },
    );
    expectError(
      await constructor.post('/api/approvals', {
        projectId: home.ids.project,
        kind: 'suspension',
        title: 'x',
        beyondScale: true,
      }),
      400,
      { field: 'beyondScale' },
    );
    // suspension is opened by the owner, not the constructor
    expectError(
      await constructor.post('/api/approvals', {
        projectId: home.ids.project,
        kind: 'suspension',
        title: '停工',
      }),
      403,
    );
    expectError(
      await act(constructor, '00000000-0000-4000-8000-000000000000', { action: 'submit', opinion: 'x' }),
      404,
    );
    const a = await open({ beyondScale: false, title: '脚手架方案' });
    expectError(
      await constructor.upload(`/api/approvals/${a.id}/materials`, Buffer.from('plain text'), 'a.txt'),
      415,
    );
  });

  it('another jurisdiction or another party never sees the approvals', async () => {
    const a = await open({ title: '起重吊装方案' });
    for (const c of [foreignLeader, foreignManager]) {
      expectError(await c.get(`/api/approvals/${a.id}`), 404);
      const list = (await c.get('/api/approvals')).json();
      expect(list.items.some((x: { id: string }) => x.id === a.id)).toBe(false);
      expectError(await c.get(`/api/projects/${home.ids.project}/file.pdf`), 404);
    }
    const mine = (await supervisor.get(`/api/approvals?projectId=${home.ids.project}`)).json();
    expect(mine.items.some((x: { id: string }) => x.id === a.id)).toBe(true);
    const page1 = (await leader.get('/api/approvals?pageSize=2')).json();
    expect(page1.items).toHaveLength(2);
    const page2 = (await leader.get(`/api/approvals?pageSize=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    const ex = (await constructor.get('/api/experts?pageSize=50')).json();
    expectShape(ExpertPage, ex);
  });

  it('shows only public current materials on the public page, without personal data', async () => {
    const r = await anon.get(`/api/public/projects/${home.ids.project}/materials`);
    expect(r.statusCode, r.body).toBe(200);
    const v = r.json();
    expectShape(PublicMaterialsView, v);
    expect(v.items.length).toBeGreaterThan(0);
    expect(v.items.every((m: { name: string }) => m.name.startsWith('方案'))).toBe(true);
    expect(v.items.map((m: { name: string }) => m.name)).toEqual(['方案（修订）.pdf']);
    expect(r.body).not.toMatch(/总监|Xinbei enterprise_manager|display/);
    const f = await anon.get(v.items[0].url);
    expect(f.statusCode).toBe(200);
    expect(sha(f.rawPayload)).toBe(v.items[0].sha256);
    expectError(await anon.get(`/api/public/projects/${foreign.ids.project}/materials`), 404);
  });
});

describe("the project's supervision file", () => {
  it('renders a PDF and an Excel export whose rows carry their audit record', async () => {
    const pdfRes = await leader.get(`/api/projects/${home.ids.project}/file.pdf`);
    expect(pdfRes.statusCode, pdfRes.body.slice(0, 200)).toBe(200);
    expect(pdfRes.headers['content-type']).toBe('application/pdf');
    expect(pdfRes.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    if (process.env.SAVE_PROJECT_FILE) writeFileSync(process.env.SAVE_PROJECT_FILE, pdfRes.rawPayload);
    const x = await supervisor.get(`/api/projects/${home.ids.project}/file.xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new (await loadExcelJs()).Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((c) => String(c ?? ''))));
    expect(rows[0]).toEqual([
      '类别',
      '时间',
      '事项',
      '说明',
      '记录类型',
      '记录编号',
      '审计链',
      '审计序号',
      '审计哈希',
    ]);
    const opinions = rows.filter((r) => r[4] === 'approval_opinion');
    expect(opinions.length).toBeGreaterThan(10);
    const db = t.deps.database.db;
    for (const r of opinions.slice(0, 5)) {
      const e = await db
        .selectFrom('audit_entries')
        .select(['subject_id', 'hash'])
        .where('chain', '=', r[6])
        .where('seq', '=', Number(r[7]))
        .executeTakeFirstOrThrow();
      expect(e.subject_id).toBe(r[5]);
      expect(e.hash).toBe(r[8]);
    }
    expect(rows.some((r) => r[4] === 'accident' || r[4] === 'approval')).toBe(true);
  });
});

describe('model projects', () => {
  it('applies, evaluates, decides with a 20 % uplift, settles rounded down, feeds grading and the public list', async () => {
    let r = await constructor.post('/api/model-projects', {
      projectId: home.ids.project,
      scheme: 'prairie_cup',
      year: 2026,
      application: '申报草原杯安全文明工地',
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id;
    expectError(await foreignLeader.get(`/api/model-projects/${id}`), 404);
    expectError(
      await constructor.post(`/api/model-projects/${id}/evaluation`, {
        scores: [{ criterion: '安全管理', max: 40, score: 38 }],
      }),
      403,
    );
    expectError(await leader.post(`/api/model-projects/${id}/decision`, { award: true, note: 'x' }), 409, {
      code: 'AWARD_WRONG_STATE',
    });
    expectError(
      await inspector.post(`/api/model-projects/${id}/evaluation`, {
        scores: [{ criterion: '安全管理', max: 40, score: 41 }],
      }),
      400,
      { field: 'scores/0/score' },
    );
    r = await inspector.post(`/api/model-projects/${id}/evaluation`, {
      scores: [
        { criterion: '安全管理', max: 40, score: 37.5 },
        { criterion: '文明施工', max: 30, score: 28 },
        { criterion: '扬尘治理', max: 30, score: 27 },
      ],
    });
    expect(r.json().totalScore).toBe('92.50');
    expectError(await inspector.post(`/api/model-projects/${id}/decision`, { award: true, note: 'x' }), 403);
    r = await leader.post(`/api/model-projects/${id}/decision`, { award: true, note: '评审通过' });
    expect(r.json().status).toBe('awarded');
    expect(r.json().feeUpliftPercent).toBe('20');
    const graded = await t.deps.database.db
      .selectFrom('model_awards')
      .select(['title', 'fee_uplift_percent'])
      .where('project_id', '=', home.ids.project)
      .execute();
    expect(graded.map((g) => g.title)).toContain('草原杯 2026');
    expectError(
      await leader.post(`/api/model-projects/${id}/settlement`, { originalFeeYuan: '12.3.4' }),
      400,
      { field: 'originalFeeYuan' },
    );
    r = await leader.post(`/api/model-projects/${id}/settlement`, { originalFeeYuan: '1234567.89' });
    const v = r.json();
    expectShape(AwardView, v);
    expect(v.upliftYuan).toBe('246913.57'); // 123456789 fen × 20 % = 24691357.8 → down to the fen
    expect(v.settledFeeYuan).toBe('1481481.46');
    const pub = (await anon.get('/api/public/model-projects?year=2026')).json();
    expect(pub.items.map((x: { projectName: string }) => x.projectName)).toContain(v.projectName);
    expect(JSON.stringify(pub)).not.toMatch(/application|申报草原杯/);
  });
});
