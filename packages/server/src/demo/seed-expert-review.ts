import type { Deps } from '../http/context.ts';
import { readMeta } from '../db/app-meta.ts';
import { demoActor } from './actors.ts';
import { hashPassword } from '../auth/passwords.ts';
import { renderPdf } from '../pdf/render.ts';
import { createApproval } from '../modules/approvals/create-approval.ts';
import { addMaterial, materialTarget } from '../modules/approvals/add-material.ts';
import { actOnApproval } from '../modules/approvals/act.ts';
import { assignExpert } from '../modules/approvals/assign-expert.ts';
import { DEMO_PASSWORD } from './seed-demo.ts';

/**
 * Demo of an expert's own login (issue 17, expert review), all fiction: `ordos.expert` is the login
 * of the register's expert 乌兰 (seed-approvals.ts); a lifting-works special plan beyond scale of the
 * same project waits at the expert review with three opinions recorded, and the Ordos inspector has
 * put five experts on its panel, 乌兰 among them — she signs her own opinion. Made through the use
 * cases (hashes, audit). Idempotent: app_meta `demo_expert_review`.
 */
export async function seedDemoExpertReview(deps: Deps): Promise<{ approvals: number } | null> {
  const db = deps.database.db;
  const done = await readMeta<{ approvals: number }>(db, 'demo_expert_review');
  if (done) return done;
  if (!(await readMeta(db, 'demo_approvals'))) return null;
  const clock = { now: deps.now, today: deps.today };
  const [builder, supervisor, inspector] = await Promise.all(
    ['ordos.contractor', 'ordos.engineer', 'ordos.inspector'].map((u) => demoActor(db, u)),
  );
  if (!builder || !supervisor || !inspector) return null;
  const experts = await db
    .selectFrom('experts')
    .select(['id', 'name', 'region_code', 'user_id'])
    .where('region_code', '=', '1506')
    .where('register_no', 'like', 'EEDS-ZJ-%')
    .orderBy('register_no')
    .execute();
  const her = experts.find((x) => x.name === '乌兰');
  if (!her) return null;
  // the first approval of the approvals demo names the project
  const first = await db
    .selectFrom('approvals')
    .select('project_id')
    .where('created_by', '=', builder.userId)
    .orderBy('created_at')
    .executeTakeFirst();
  if (!first) return null;

  if (!her.user_id) {
    const user = await db
      .insertInto('users')
      .values({
        username: 'ordos.expert',
        display_name: her.name,
        password_hash: await hashPassword(DEMO_PASSWORD),
        role: 'worker',
        region_code: her.region_code,
        must_change_password: false,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (user) await db.updateTable('experts').set({ user_id: user.id }).where('id', '=', her.id).execute();
  }

  const id = await createApproval(
    db,
    builder,
    {
      projectId: first.project_id,
      kind: 'special_plan',
      title: '起重吊装工程（单件起吊 120 kN）专项施工方案',
      beyondScale: true,
    },
    clock,
  );
  const now = deps.now();
  const pdf = await renderPdf({
    authorityName: '（示例材料，虚构）',
    title: '起重吊装专项施工方案',
    number: null,
    report: { subtitle: '演示数据' },
    blocks: [
      '一、工程概况：钢桁架单件最大起吊重量 120 kN，采用 250 t 履带吊。',
      '二、吊装工艺、地基承载力验算与警戒区设置。',
    ].map((text) => ({ type: 'paragraph' as const, text, indent: true })),
    verifyUrl: null,
    documentId: 'demo-lifting-plan',
    contentDigest: null,
    createdAt: now,
  });
  await addMaterial(
    deps,
    builder,
    await materialTarget(db, builder, id),
    { buffer: pdf, filename: '起重吊装专项施工方案.pdf', mimetype: 'application/pdf' },
    { public: false },
  );
  await actOnApproval(
    db,
    builder,
    id,
    { action: 'submit', opinion: '经技术负责人审核，报总监理工程师审查。' },
    clock,
  );
  await actOnApproval(
    db,
    supervisor,
    id,
    { action: 'review', conclusion: 'pass', opinion: '同意提交专家论证。' },
    clock,
  );
  // the panel: four of the register and 乌兰, who signs herself; three opinions recorded so far
  const panel = [...experts.filter((x) => x.id !== her.id).slice(2, 6), her];
  for (const x of panel) await assignExpert(db, inspector, id, x.id, deps.now());
  for (const [i, text] of ['履带吊站位地基需复核。', '吊点设置合理。', '警戒区范围满足要求。'].entries())
    await actOnApproval(
      db,
      builder,
      id,
      { action: 'expert_opinion', expertId: panel[i].id, conclusion: 'pass', opinion: text },
      clock,
    );
  const result = { approvals: 1 };
  await db
    .insertInto('app_meta')
    .values({ key: 'demo_expert_review', value: JSON.stringify(result) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return result;
}
