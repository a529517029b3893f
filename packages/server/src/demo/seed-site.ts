import { sql } from 'kysely';
import type { Deps } from '../http/context.ts';
import { readMeta } from '../db/app-meta.ts';
import { ACTOR_COLUMNS, toActor, type Actor } from '../auth/actor.ts';
import { demoActor } from './actors.ts';
import { hashPassword } from '../auth/passwords.ts';
import { inTransaction } from '../db/transaction.ts';
import { moveProjectStage } from '../modules/projects/move-stage.ts';
import { uploadMaterials } from '../modules/projects/upload-materials.ts';
import { addProjectMember } from '../modules/projects/add-member.ts';
import { createRecord } from '../modules/registry/create-record.ts';
import { certificates } from '../modules/registry/certificates.ts';
import { addDays, POSITION_CERTIFICATE } from '@redline/domain';
import { answerRequest, sendRequest } from '../modules/projects/requests.ts';
import { createHazard } from '../modules/hazards/create-hazard.ts';
import { transitionHazard } from '../modules/hazards/apply-action.ts';
import { DEMO_PASSWORD } from './seed-demo.ts';
import { demoPng } from './images.ts';

/**
 * The smart site in the demo (issue 17 part 1): Ordos projects of the registry get parties'
 * accounts and key personnel, stage steps through the use cases (materials stored, audited), and
 * one hazard of the showcase project waiting in rectification, so the constructor's safety officer,
 * the supervisor and the regulator can walk the evidence → confirmation → review chain. All names
 * are fiction. Accounts (password as every demo account):
 *   ordos.builder     — the contractor's safety officer of the showcase project
 *   ordos.supervisor  — its chief supervising engineer (监理)
 *   ordos.owner       — the owner's representative
 *   ordos.builder2    — the contractor of another Ordos project (sees none of the first)
 *   ordos.surveyor    — the survey party's lead; answered the builder's request on the soil layer
 * Every one of them is a project account (users.project_scoped): it sees the projects it is named on.
 * Idempotent: app_meta key `demo_site`.
 */
interface Summary {
  showcase: string;
  other: string;
  hazard: string;
  accounts: string[];
}

export async function seedDemoSite(deps: Deps): Promise<Summary | null> {
  const db = deps.database.db;
  const done = await readMeta<Summary>(db, 'demo_site');
  if (done) return done;
  if (!(await readMeta(db, 'demo'))) return null;
  const inspector = await demoActor(db, 'ordos.inspector');
  if (!inspector) return null;

  // Ordos projects whose contractor and supervision parties are registered enterprises; the
  // showcase has devices when any project has them.
  const candidates = await db
    .selectFrom('projects as p')
    .innerJoin('project_parties as gc', (j) =>
      j.onRef('gc.project_id', '=', 'p.id').on('gc.role', '=', 'general_contractor'),
    )
    .innerJoin('project_parties as sv', (j) =>
      j.onRef('sv.project_id', '=', 'p.id').on('sv.role', '=', 'supervision'),
    )
    .leftJoin('project_parties as ow', (j) =>
      j.onRef('ow.project_id', '=', 'p.id').on('ow.role', '=', 'owner'),
    )
    .select([
      'p.id',
      'p.name',
      'p.stage',
      'p.region_code',
      'gc.enterprise_id as gc',
      'sv.enterprise_id as sv',
      'ow.enterprise_id as ow',
      sql<number>`(SELECT count(*)::int FROM devices d WHERE d.project_id = p.id)`.as('devices'),
    ])
    .where('p.region_code', 'like', '1506%')
    .where('gc.enterprise_id', 'is not', null)
    .where('sv.enterprise_id', 'is not', null)
    .orderBy(sql`(SELECT count(*) FROM devices d WHERE d.project_id = p.id)`, 'desc')
    .orderBy('p.name')
    .execute();
  const showcase = candidates.find((c) => c.stage === 'under_construction') ?? candidates[0];
  if (!showcase) return null;
  const other = candidates.find(
    (c) => c.id !== showcase.id && c.gc !== showcase.gc && c.gc !== showcase.sv && c.gc !== showcase.ow,
  );
  const hash = await hashPassword(DEMO_PASSWORD);
  const now = deps.now();
  const today = deps.today();
  const clock = { now, today };

  const account = async (username: string, displayName: string, enterpriseId: string, regionCode: string) => {
    await db
      .insertInto('users')
      .values({
        username,
        display_name: displayName,
        password_hash: hash,
        role: 'enterprise_manager',
        region_code: regionCode,
        enterprise_id: enterpriseId,
        // a project account: sees the projects it is named on (below), not all of its firm's
        project_scoped: true,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .execute();
    return db
      .selectFrom('users')
      .select(ACTOR_COLUMNS)
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
  };
  const builder = await account('ordos.builder', '高志强', showcase.gc!, showcase.region_code);
  const supervisor = await account('ordos.supervisor', '白玉山', showcase.sv!, showcase.region_code);
  const accounts = ['ordos.builder', 'ordos.supervisor'];
  const owner = showcase.ow
    ? await account('ordos.owner', '苏日娜', showcase.ow, showcase.region_code)
    : null;
  if (owner) accounts.push('ordos.owner');
  const builder2 = other ? await account('ordos.builder2', '韩建军', other.gc!, other.region_code) : null;
  if (builder2) accounts.push('ordos.builder2');

  // Key personnel of the showcase. The project manager is one of the contractor's registered
  // employees and his registered-constructor certificate is registered (the check reads valid); the
  // others' numbers are fictional and not in the registry, so the check says so — as a regulator
  // would see a certificate nobody registered.
  const member = (body: Parameters<typeof addProjectMember>[3]) =>
    addProjectMember(db, inspector, showcase.id, body, clock);
  const manager = await db
    .selectFrom('workers')
    .select(['id', 'name'])
    .where('employer_id', '=', showcase.gc!)
    .orderBy('name')
    .orderBy('id')
    .executeTakeFirst();
  const managerCert = '蒙1152020202600001';
  if (manager)
    await createRecord(deps, inspector, certificates, {
      workerId: manager.id,
      categoryCode: POSITION_CERTIFICATE.project_manager!,
      number: managerCert,
      issuedOn: addDays(today, -400),
      expiresOn: addDays(today, 3 * 365 - 400),
      issuer: '内蒙古自治区住房和城乡建设厅',
    });
  await member({
    partyRole: 'general_contractor',
    position: 'project_manager',
    name: manager?.name ?? '郝文斌',
    ...(manager ? { workerId: manager.id } : {}),
    certificateNo: managerCert,
  });
  await member({
    partyRole: 'general_contractor',
    position: 'safety_officer',
    name: '高志强',
    userId: builder.id,
    certificateNo: '蒙建安C(2025)0100231',
  });
  await member({
    partyRole: 'supervision',
    position: 'chief_supervising_engineer',
    name: '白玉山',
    userId: supervisor.id,
    certificateNo: '15007321',
  });

  if (owner)
    await member({
      partyRole: 'owner',
      position: 'owner_representative',
      name: '苏日娜',
      userId: owner.id,
    });
  if (other && builder2)
    await addProjectMember(
      db,
      inspector,
      other.id,
      { partyRole: 'general_contractor', position: 'technical_lead', name: '韩建军', userId: builder2.id },
      clock,
    );

  // The survey party's lead, and one answered request: the constructor asks about a soil layer.
  const surveyParty = await db
    .selectFrom('project_parties')
    .select('enterprise_id')
    .where('project_id', '=', showcase.id)
    .where('role', '=', 'survey')
    .executeTakeFirst();
  if (surveyParty?.enterprise_id) {
    const surveyor = await account(
      'ordos.surveyor',
      '乌云达来',
      surveyParty.enterprise_id,
      showcase.region_code,
    );
    accounts.push('ordos.surveyor');
    await member({ partyRole: 'survey', position: 'survey_lead', name: '乌云达来', userId: surveyor.id });
    const requestId = await sendRequest(
      db,
      toActor(builder),
      showcase.id,
      {
        toParty: 'survey',
        subject: '基坑北侧土层与勘察报告不符',
        question: '开挖至 -4.5 m 处发现淤泥质粉质黏土夹层，勘察报告未揭示，请复核并给出处理建议。',
      },
      now,
    );
    await answerRequest(
      db,
      toActor(surveyor),
      showcase.id,
      requestId,
      {
        answer:
          '经补勘，该夹层厚 0.8–1.2 m，分布于北侧 3 个孔位；建议局部换填并加密支护桩，详见补充勘察说明。',
      },
      now,
    );
  }

  // Stage steps on a project still at the start of its life, through the use case with materials.
  const early = await db
    .selectFrom('projects')
    .select(['id', 'region_code'])
    .where('region_code', 'like', '1506%')
    .where('stage', 'in', ['registered', 'permitted'])
    .orderBy('name')
    .limit(1)
    .executeTakeFirst();
  if (early) {
    const pid = early.id;
    await db
      .updateTable('projects')
      .set({ stage: 'registered', permit_no: '' })
      .where('id', '=', pid)
      .execute();
    const material = async (label: string) =>
      (
        await uploadMaterials(deps, inspector, early, [
          { buffer: demoPng(label), filename: `${label}.png`, mimetype: 'image/png' },
        ])
      )[0].id;
    await moveProjectStage(
      db,
      inspector,
      pid,
      { type: 'file_supervision', materialFileIds: [await material('安全监督登记表')] },
      now,
    );
    await moveProjectStage(
      db,
      inspector,
      pid,
      {
        type: 'grant_permit',
        materialFileIds: [await material('施工许可证')],
        permitNo: '150602202612070101',
      },
      now,
    );
  }

  // One hazard of the showcase waiting for the contractor's rectification.
  const hazard = await inTransaction(db, async (trx) => {
    const id = await createHazard(
      trx,
      inspector,
      {
        regionCode: showcase.region_code,
        enterpriseId: showcase.gc,
        projectId: showcase.id,
        siteId: null,
        equipmentId: null,
        source: 'inspection',
        title: '塔吊标准节连接螺栓松动，未按规定进行月度检查',
        description: '3 号塔吊第 5、6 标准节连接螺栓有 2 颗松动，维保记录缺少本月检查。',
        grade: 'general',
        foundAt: now,
        foundBy: inspector.userId,
        reportedAt: now,
        legalBasis: [{ doc: '建筑起重机械安全监督管理规定', clause: '第十八条' }],
        auditDetails: { demo: true },
      },
      now,
    );
    const deadline = new Date(now.getTime() + 7 * 86_400_000).toISOString();
    const builderActor: Actor = toActor(builder);
    await transitionHazard(trx, deps, inspector, id, { type: 'confirm' });
    await transitionHazard(trx, deps, inspector, id, { type: 'order_rectification', deadline });
    await transitionHazard(trx, deps, builderActor, id, { type: 'start_rectification' });
    return id;
  });

  const summary: Summary = { showcase: showcase.id, other: other?.id ?? '', hazard, accounts };
  await db
    .insertInto('app_meta')
    .values({ key: 'demo_site', value: JSON.stringify(summary) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return summary;
}
