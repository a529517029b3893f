import { addDays } from '@redline/domain';
import { readMeta } from '../db/app-meta.ts';
import type { Deps } from '../http/context.ts';
import { toActor } from '../auth/actor.ts';
import { inTransaction } from '../db/transaction.ts';
import { createCampaign } from '../modules/campaigns/create-campaign.ts';
import { addCampaignGroup } from '../modules/campaigns/add-group.ts';
import { createAction } from '../modules/accountability/create-action.ts';

/**
 * A demo campaign (issue 14), seeded after the inspection history: Jinshan's winter safety
 * inspection with two supervision groups over the enterprises and one inspection group over the
 * construction projects the demo history inspected in its period — their inspections count for
 * the groups — and one interview (约谈) of the anchor enterprise about a problem one group found.
 * Fiction; made through the use cases; idempotent (app_meta 'demo_campaigns').
 */
type SeedDeps = Pick<Deps, 'config' | 'database' | 'now' | 'today'>;

export interface DemoCampaigns {
  campaignId: string;
  groupIds: string[];
  interviewId: string | null;
}

export async function seedDemoCampaigns(deps: SeedDeps): Promise<DemoCampaigns | null> {
  const db = deps.database.db;
  const done = await readMeta<DemoCampaigns>(db, 'demo_campaigns');
  if (done) return done;
  if (!(await readMeta(db, 'demo_inspections'))) return null;
  // A system someone has already used keeps its own campaigns.
  if (await db.selectFrom('campaigns').select('id').limit(1).executeTakeFirst()) return null;
  const users = await db
    .selectFrom('users')
    .selectAll()
    .where('username', 'in', [
      'jinshan.leader',
      'jinshan.inspector',
      'jinshan.inspector2',
      'jinshan.housing',
      'jinshan.manager',
    ])
    .execute();
  const u = (name: string) => users.find((x) => x.username === name);
  const leader = u('jinshan.leader');
  const manager = u('jinshan.manager');
  if (
    !leader ||
    !u('jinshan.inspector') ||
    !u('jinshan.inspector2') ||
    !u('jinshan.housing') ||
    !manager?.enterprise_id
  )
    return null;
  const actor = toActor(leader);
  const today = deps.today();
  const startsOn = addDays(today, -45);
  const endsOn = addDays(today, 30);
  const since = new Date(`${startsOn}T00:00:00Z`);
  // What the demo history inspected in Jinshan during the period: targets for the task books.
  const inspected = await db
    .selectFrom('inspections')
    .select(['target_kind', 'enterprise_id', 'project_id'])
    .where('region_code', 'like', '310116%')
    .where('status', '=', 'finished')
    .where('created_at', '>=', since)
    .orderBy('created_at')
    .execute();
  const enterprises = [
    ...new Set(inspected.filter((i) => i.target_kind === 'enterprise').map((i) => i.enterprise_id!)),
  ];
  const projects = [
    ...new Set(inspected.filter((i) => i.target_kind === 'project').map((i) => i.project_id!)),
  ];
  const anchor = manager.enterprise_id;
  const others = enterprises.filter((e) => e !== anchor);

  return inTransaction(db, async (trx) => {
    const campaignId = await createCampaign(trx, actor, {
      name: `金山区${today.slice(0, 4)}年冬季安全生产督导检查`,
      kind: 'special',
      startsOn,
      endsOn,
      description:
        '聚焦工贸企业有限空间、动火作业和建筑施工危大工程；督导组分片包干，检查组对在建项目逐一检查（演示数据，虚构）。',
    });
    // The inspection group before the second supervision group: a group with no target list takes
    // its people's remaining inspections of its region, and the projects belong to the inspection group.
    const groupIds = [
      await addCampaignGroup(trx, deps, actor, campaignId, {
        name: '第一督导组（工贸企业）',
        kind: 'supervision',
        leaderId: leader.id,
        memberIds: [u('jinshan.inspector')!.id],
        tasks: '督导重点工贸企业有限空间作业、动火作业审批和特种作业持证上岗。',
        targets: [anchor, ...others.slice(0, 2)].map((id) => ({ kind: 'enterprise' as const, id })),
      }),
      await addCampaignGroup(trx, deps, actor, campaignId, {
        name: '第一检查组（建筑施工）',
        kind: 'inspection',
        leaderId: u('jinshan.housing')!.id,
        memberIds: [u('jinshan.inspector2')!.id],
        tasks: '对在建项目高支模、深基坑、起重机械逐一检查。',
        targets: projects.slice(0, 4).map((id) => ({ kind: 'project' as const, id })),
      }),
      await addCampaignGroup(trx, deps, actor, campaignId, {
        name: '第二督导组（工贸企业）',
        kind: 'supervision',
        leaderId: u('jinshan.inspector2')!.id,
        memberIds: [],
        tasks: '督导其余工贸企业隐患整改闭环情况。',
        targets: others.slice(2, 5).map((id) => ({ kind: 'enterprise' as const, id })),
      }),
    ];
    // One interview of the anchor enterprise about a problem the first group found and that is still owed.
    const problem = await trx
      .selectFrom('hazards as h')
      .innerJoin('inspections as i', 'i.id', 'h.inspection_id')
      .select(['h.id', 'h.title'])
      .where('i.group_id', '=', groupIds[0]!)
      .where('h.enterprise_id', '=', anchor)
      .where('h.status', 'not in', ['closed', 'rejected'])
      .orderBy('h.found_at')
      .executeTakeFirst();
    let interviewId: string | null = null;
    if (problem) {
      const heldAt = new Date(deps.now().getTime() - 2 * 86_400_000);
      heldAt.setUTCHours(2, 0, 0, 0);
      interviewId = await createAction(trx, deps, actor, {
        kind: 'interview',
        targetKind: 'enterprise',
        enterpriseId: anchor,
        groupId: groupIds[0]!,
        hazardIds: [problem.id],
        title: `关于“${problem.title.slice(0, 30)}”整改不力的约谈`,
        reason: '督导检查发现的事故隐患未按期整改，依据督导检查工作方案对企业主要负责人进行约谈。',
        heldAt: heldAt.toISOString(),
        place: '金山区应急管理局三楼会议室',
        attendees: [
          { name: manager.display_name, unit: '企业', role: '安全管理负责人' },
          { name: leader.display_name, unit: '金山区应急管理局', role: '约谈人' },
          { name: u('jinshan.inspector')!.display_name, unit: '金山区应急管理局', role: '记录人' },
        ],
        minutes:
          '一、通报督导检查发现的问题及整改逾期情况；二、企业负责人说明原因，承认隐患排查治理责任落实不到位；三、要求企业十五日内完成整改并书面报告，逾期将依法处理。',
        deadline: addDays(today, 15),
      });
    }
    const result: DemoCampaigns = { campaignId, groupIds, interviewId };
    await trx
      .insertInto('app_meta')
      .values({ key: 'demo_campaigns', value: JSON.stringify(result) })
      .execute();
    return result;
  });
}
