import type { Deps } from '../http/context.ts';
import { readMeta } from '../db/app-meta.ts';
import { demoActor } from './actors.ts';
import { hashPassword } from '../auth/passwords.ts';
import { renderPdf } from '../pdf/render.ts';
import { createApproval } from '../modules/approvals/create-approval.ts';
import { addMaterial, materialTarget } from '../modules/approvals/add-material.ts';
import { actOnApproval } from '../modules/approvals/act.ts';
import { applyForAward, evaluateAward } from '../modules/model-projects/awards.ts';
import { addProjectMember } from '../modules/projects/add-member.ts';
import { DEMO_PASSWORD } from './seed-demo.ts';

/**
 * Demo approvals (issue 17 part 2), all fiction: the Ordos city expert register (seven experts with
 * made-up names and numbers); two accounts of an Ordos project's parties — the general contractor's
 * project manager (`ordos.contractor`) and the supervision firm's chief supervising engineer
 * (`ordos.engineer`); a beyond-scale deep-excavation special plan that went through supervision
 * review and an expert panel of five (one plan replaced after two opinions, so those two show that
 * they judged an earlier set) and waits for the authority's record; and a Prairie Cup application,
 * evaluated. Made through the use cases (hashes, audit). Idempotent: app_meta `demo_approvals`.
 */
const EXPERTS = [
  ['巴特尔', '岩土工程', '正高级工程师'],
  ['刘建国', '深基坑支护', '高级工程师'],
  ['其木格', '结构工程', '正高级工程师'],
  ['张海涛', '施工安全', '高级工程师'],
  ['苏和', '起重机械', '高级工程师'],
  ['赵晓明', '模板支撑体系', '高级工程师'],
  ['乌兰', '建筑施工管理', '正高级工程师'],
] as const;

async function materialPdf(title: string, lines: string[], now: Date) {
  return renderPdf({
    authorityName: '（示例材料，虚构）',
    title,
    number: null,
    report: { subtitle: '演示数据' },
    blocks: lines.map((text) => ({ type: 'paragraph' as const, text, indent: true })),
    verifyUrl: null,
    documentId: title,
    contentDigest: null,
    createdAt: now,
  });
}

export async function seedDemoApprovals(deps: Deps): Promise<{ approvals: number } | null> {
  const db = deps.database.db;
  const done = await readMeta<{ approvals: number }>(db, 'demo_approvals');
  if (done) return done;
  if (!(await readMeta(db, 'demo'))) return null;
  const clock = { now: deps.now, today: deps.today };

  // An Ordos project whose general contractor and supervision firm are registered enterprises.
  const projects = await db
    .selectFrom('projects as p')
    .innerJoin('project_parties as gc', (j) =>
      j.onRef('gc.project_id', '=', 'p.id').on('gc.role', '=', 'general_contractor'),
    )
    .innerJoin('project_parties as sv', (j) =>
      j.onRef('sv.project_id', '=', 'p.id').on('sv.role', '=', 'supervision'),
    )
    .select(['p.id', 'p.name', 'p.region_code', 'gc.enterprise_id as gc', 'sv.enterprise_id as sv'])
    .where('p.region_code', 'like', '1506%')
    .where('p.status', '=', 'under_construction')
    .where('gc.enterprise_id', 'is not', null)
    .where('sv.enterprise_id', 'is not', null)
    .orderBy('p.name')
    .limit(2)
    .execute();
  const project = projects[0];
  if (!project?.gc || !project.sv) return null;

  const hash = await hashPassword(DEMO_PASSWORD);
  await db
    .insertInto('users')
    .values([
      {
        username: 'ordos.contractor',
        display_name: '贺建军',
        password_hash: hash,
        role: 'enterprise_manager',
        region_code: project.region_code,
        enterprise_id: project.gc,
        must_change_password: false,
        project_scoped: true,
      },
      {
        username: 'ordos.engineer',
        display_name: '白永红',
        password_hash: hash,
        role: 'enterprise_manager',
        region_code: project.region_code,
        enterprise_id: project.sv,
        must_change_password: false,
        project_scoped: true,
      },
    ])
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
  const expertIds: string[] = [];
  for (const [i, [name, specialty, title]] of EXPERTS.entries()) {
    const registerNo = `EEDS-ZJ-${String(i + 1).padStart(3, '0')}`;
    await db
      .insertInto('experts')
      .values({
        name,
        specialty,
        title,
        employer: '（虚构单位）',
        region_code: '1506',
        register_no: registerNo,
        created_at: deps.now(),
      })
      .onConflict((oc) => oc.columns(['region_code', 'register_no']).doNothing())
      .execute();
    const x = await db
      .selectFrom('experts')
      .select('id')
      .where('region_code', '=', '1506')
      .where('register_no', '=', registerNo)
      .executeTakeFirstOrThrow();
    expertIds.push(x.id);
  }
  const builder = (await demoActor(db, 'ordos.contractor'))!;
  const supervisor = (await demoActor(db, 'ordos.engineer'))!;
  const inspector = await demoActor(db, 'ordos.inspector');
  // Project accounts (migration 0990): named on the project, they see it and no other of their firm's.
  if (inspector) {
    const today = { now: deps.now(), today: deps.today() };
    await addProjectMember(
      db,
      inspector,
      project.id,
      {
        partyRole: 'general_contractor',
        position: 'technical_lead',
        name: builder.displayName,
        userId: builder.userId,
      },
      today,
    );
    await addProjectMember(
      db,
      inspector,
      project.id,
      {
        partyRole: 'supervision',
        position: 'chief_supervising_engineer',
        name: supervisor.displayName,
        userId: supervisor.userId,
        certificateNo: '15007377',
      },
      today,
    );
  }

  const id = await createApproval(
    db,
    builder,
    {
      projectId: project.id,
      kind: 'special_plan',
      title: '基坑工程（开挖深度 6.5 m）支护与降水专项施工方案',
      beyondScale: true,
    },
    clock,
  );
  const now = deps.now();
  const upload = async (name: string, body: Buffer, opts: { public?: boolean; replaces?: string } = {}) => {
    const row = await materialTarget(db, builder, id);
    return addMaterial(
      deps,
      builder,
      row,
      { buffer: body, filename: name, mimetype: 'application/pdf' },
      opts,
    );
  };
  const plan1 = await upload(
    '基坑支护与降水专项施工方案.pdf',
    await materialPdf(
      '基坑支护与降水专项施工方案',
      ['一、工程概况：开挖深度 6.5 m，采用排桩加内支撑。', '二、施工计划与监测方案（第一版）。'],
      now,
    ),
    { public: true },
  );
  await upload(
    '支护结构计算书.pdf',
    await materialPdf('支护结构计算书', ['桩长 14 m，嵌固深度 7.5 m；整体稳定安全系数 1.35。'], now),
  );
  await actOnApproval(
    db,
    builder,
    id,
    { action: 'submit', opinion: '经施工单位技术负责人审核签字，报总监理工程师审查。' },
    clock,
  );
  await actOnApproval(
    db,
    supervisor,
    id,
    { action: 'review', conclusion: 'pass', opinion: '方案内容完整，同意提交专家论证。' },
    clock,
  );
  const expert = (i: number, conclusion: 'pass' | 'revise_and_pass', opinion: string) =>
    actOnApproval(
      db,
      builder,
      id,
      { action: 'expert_opinion', expertId: expertIds[i], conclusion, opinion },
      clock,
    );
  await expert(0, 'revise_and_pass', '监测方案应补充周边管线沉降监测点。');
  await expert(1, 'pass', '支护计算合理。');
  // the plan is revised at the meeting: the two opinions above judged the earlier set
  await upload(
    '基坑支护与降水专项施工方案（补充监测）.pdf',
    await materialPdf(
      '基坑支护与降水专项施工方案（补充监测）',
      ['一、工程概况同前。', '二、补充周边管线沉降监测点 12 处，预警值 20 mm。'],
      now,
    ),
    { public: true, replaces: plan1 },
  );
  for (const [i, text] of [
    [1, '补充监测后方案可行。'],
    [2, '内支撑节点构造满足要求。'],
    [3, '应急预案可操作。'],
    [4, '同意通过。'],
    [5, '降水方案合理。'],
  ] as const)
    await expert(i, 'pass', text);
  await actOnApproval(
    db,
    builder,
    id,
    { action: 'expert_conclusion', conclusion: 'pass', opinion: '专家组论证结论：通过。' },
    clock,
  );

  // A Prairie Cup application, evaluated (the decision is the leader's, left to do in the demo).
  const award = await applyForAward(
    db,
    builder,
    {
      projectId: project.id,
      scheme: 'prairie_cup',
      year: Number(deps.today().slice(0, 4)),
      application: '申报草原杯安全文明标准化工地：扬尘治理、标准化防护、智慧工地全覆盖。',
    },
    clock,
  );
  if (inspector)
    await evaluateAward(
      db,
      inspector,
      award,
      {
        scores: [
          { criterion: '安全管理', max: 40, score: 36 },
          { criterion: '文明施工', max: 30, score: 27.5 },
          { criterion: '扬尘治理', max: 30, score: 26 },
        ],
      },
      clock,
    );
  const result = { approvals: 1 };
  await db
    .insertInto('app_meta')
    .values({ key: 'demo_approvals', value: JSON.stringify(result) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return result;
}
