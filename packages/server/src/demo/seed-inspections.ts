import { sql, type Kysely } from 'kysely';
import { addDays, type TreatmentPlan, offsetInZone } from '@redline/domain';
import type {
  ChecklistItem,
  HazardActionBody,
  InspectionKind,
  InspectionTargetKind,
} from '@redline/contracts';
import { readMeta } from '../db/app-meta.ts';
import type { DB } from '../db/schema.ts';
import type { Deps } from '../http/context.ts';
import { toActor, type Actor } from '../auth/actor.ts';
import { inTransaction } from '../db/transaction.ts';
// The scope rules of inspections and hazards are registered by their modules; the demo runs before
// the app is built, so it loads them itself.
import { createInspection } from '../modules/inspections/create.ts';
import { recordFinding } from '../modules/inspections/record-finding.ts';
import { bulkRecord } from '../modules/inspections/bulk-record.ts';
import { addSignature } from '../modules/inspections/sign.ts';
import { finishInspection } from '../modules/inspections/finish.ts';
import { confirmParticipation } from '../modules/inspections/participants.ts';
import { applicability } from '../modules/inspections/targets.ts';
import { loadTarget, profileOf, type TargetProfile } from '../modules/inspections/repo/targets.ts';
import { toDomainAction, transitionHazard } from '../modules/hazards/apply-action.ts';
import { loadHazard } from '../modules/hazards/repo.ts';
import { draftDocument } from '../modules/enforcement/draft-document.ts';
import { issueDocument } from '../modules/enforcement/issue-document.ts';
import { storeFile } from '../storage/files.ts';
import { Rng } from './rng.ts';
import { personName } from './names.ts';
import { demoPng, signaturePng } from './images.ts';

/**
 * A lived-in history for the demo: seventeen finished inspections in Jinshan and Ordos over the
 * last two months — construction projects against JGJ 59 and the major-hazard criteria, enterprises
 * against the general industry list — and their hazards moved through the rectification lifecycle
 * so that every state occurs (reported, confirmed, rejected, ordered, overdue, rectifying with an
 * extension pending, submitted, accepted, closed on time, late and on the spot, a major hazard
 * listed for supervision).
 *
 * Everything goes through the server's own use cases (create, record, sign, finish; the hazard
 * state machine), so statuses, hazard events, notifications and the audit chain are what real use
 * would have produced. The history is replayed with a simulated clock handed to the use cases as
 * `deps.now`: each step happens on its day before `today`, so found times, deadlines, closures and
 * audit times tell a consistent story, and a deadline given two weeks ago that has since passed is
 * overdue now without touching a column. Only `created_at` (a database default, outside the audit
 * hash) is moved to the simulated time afterwards so lists sort by when things happened.
 *
 * Deterministic: the same demo seed and `today` give the same history. One transaction: all or
 * nothing. Skipped when the demo data is missing or someone has already recorded inspections.
 */

export interface DemoHistory {
  today: string;
  inspections: number;
  hazards: number;
  byStatus: Record<string, number>;
  overdue: number;
  /** Milliseconds the seeding took (this start), or null when it was seeded before. */
  ms: number | null;
}

type AreaKey = 'jinshan' | 'ordos';
type TargetSort = 'anchor' | 'anchor_project' | 'enterprise' | 'project';
type Fate =
  | 'reported'
  | 'confirmed'
  | 'rejected'
  | 'on_spot'
  | 'ordered'
  | 'overdue'
  | 'rectifying'
  | 'rectifying_overdue'
  | 'extension'
  | 'submitted'
  | 'closed'
  | 'closed_late'
  | 'returned'
  | 'major_listed'
  | 'major_ordered'
  | 'major_accepted';

const MAJOR_FATES: readonly Fate[] = ['major_listed', 'major_ordered', 'major_accepted'];

interface Slot {
  area: AreaKey;
  target: TargetSort;
  /** Days before today the inspection took place. */
  daysAgo: number;
  kind: Extract<InspectionKind, 'routine' | 'special'>;
  /** Topics to try in order (special inspections): the first with enough to find is used. */
  topics?: string[];
  fates: Fate[];
  /** Item code to fail for the major fate, when the target has it. */
  major?: string;
  /** The inspected party refuses to sign (recorded with a witness). */
  refused?: boolean;
  /** Its hazards are ordered by an issued 责令限期整改指令书 (the inspection's two officers) rather than a bare action. */
  orderByDocument?: boolean;
}

/**
 * The plan of the history. Enterprise-side steps (start, plan, evidence, extension) need a demo
 * safety manager, so they happen only at the anchor enterprises and the Jinshan anchor's project;
 * elsewhere hazards stay with the authority (reported, confirmed, rejected, fixed on the spot,
 * ordered — and, the enterprise not having moved, overdue).
 */
const PLAN: Slot[] = [
  // Jinshan
  { area: 'jinshan', target: 'anchor', daysAgo: 56, kind: 'routine', fates: ['closed', 'closed_late'] },
  {
    area: 'jinshan',
    target: 'anchor_project',
    daysAgo: 47,
    kind: 'routine',
    fates: ['closed', 'returned', 'on_spot'],
  },
  {
    area: 'jinshan',
    target: 'enterprise',
    daysAgo: 41,
    kind: 'special',
    topics: ['消防安全专项检查'],
    fates: ['overdue', 'rejected'],
    orderByDocument: true,
  },
  {
    area: 'jinshan',
    target: 'project',
    daysAgo: 36,
    kind: 'special',
    topics: ['危险性较大的分部分项工程专项检查'],
    fates: ['major_ordered', 'overdue'],
    major: 'MH.7.2',
    refused: true,
  },
  {
    area: 'jinshan',
    target: 'anchor',
    daysAgo: 30,
    kind: 'special',
    topics: ['动火作业专项检查'],
    fates: ['major_listed', 'submitted'],
    major: 'IG.HOT.5',
  },
  { area: 'jinshan', target: 'enterprise', daysAgo: 26, kind: 'routine', fates: ['overdue', 'on_spot'] },
  {
    area: 'jinshan',
    target: 'anchor_project',
    daysAgo: 16,
    kind: 'special',
    topics: ['高处作业专项检查'],
    fates: ['rectifying', 'extension'],
  },
  {
    area: 'jinshan',
    target: 'anchor',
    daysAgo: 11,
    kind: 'routine',
    fates: ['rectifying_overdue', 'submitted'],
  },
  {
    area: 'jinshan',
    target: 'project',
    daysAgo: 6,
    kind: 'routine',
    fates: ['ordered', 'confirmed'],
    orderByDocument: true,
  },
  {
    area: 'jinshan',
    target: 'enterprise',
    daysAgo: 3,
    kind: 'special',
    topics: ['有限空间作业专项检查', '消防安全专项检查'],
    fates: ['ordered', 'reported'],
  },
  { area: 'jinshan', target: 'enterprise', daysAgo: 1, kind: 'routine', fates: ['reported'] },
  // Ordos
  { area: 'ordos', target: 'enterprise', daysAgo: 49, kind: 'routine', fates: ['overdue', 'rejected'] },
  {
    area: 'ordos',
    target: 'anchor',
    daysAgo: 44,
    kind: 'special',
    topics: ['危险化学品专项检查'],
    fates: ['major_accepted', 'closed'],
    major: 'IG.CHM.3',
  },
  { area: 'ordos', target: 'project', daysAgo: 30, kind: 'routine', fates: ['overdue', 'on_spot'] },
  {
    area: 'ordos',
    target: 'anchor',
    daysAgo: 13,
    kind: 'routine',
    fates: ['rectifying', 'submitted', 'closed'],
  },
  {
    area: 'ordos',
    target: 'enterprise',
    daysAgo: 8,
    kind: 'special',
    topics: ['消防安全专项检查'],
    fates: ['ordered', 'confirmed'],
    refused: true,
    orderByDocument: true,
  },
  { area: 'ordos', target: 'project', daysAgo: 2, kind: 'routine', fates: ['reported'] },
];

const AREAS: Record<
  AreaKey,
  {
    region: string;
    enterpriseTeam: [string, string];
    projectTeam: [string, string];
    leader: string;
    manager: string;
    /** Who lists a major hazard of a project for supervision. */
    projectLister: string;
  }
> = {
  jinshan: {
    region: '310116',
    enterpriseTeam: ['jinshan.inspector', 'jinshan.inspector2'],
    // 住建 and 应急 inspect construction sites together; the housing inspector leads.
    projectTeam: ['jinshan.housing', 'jinshan.inspector2'],
    leader: 'jinshan.leader',
    manager: 'jinshan.manager',
    projectLister: 'jinshan.housing',
  },
  ordos: {
    region: '1506',
    enterpriseTeam: ['ordos.inspector', 'ordos.inspector2'],
    projectTeam: ['ordos.inspector2', 'ordos.inspector'],
    leader: 'ordos.leader',
    manager: 'ordos.manager',
    projectLister: 'ordos.leader',
  },
};

/** What an inspector writes for a failed item; `rule`/`count` pick the JGJ 59 deduction of a scored item. */
interface Finding {
  text: string;
  rule?: number;
  count?: number;
}

const FINDINGS: Record<string, Finding[]> = {
  // JGJ 59-2011
  'B.1.3': [{ text: '木工班组模板支设安全技术交底记录无被交底人签字', rule: 3 }],
  'B.1.5': [{ text: '抽查8名新进场钢筋工，未见三级安全教育培训及考核记录', rule: 1 }],
  'B.1.6': [{ text: '项目部本年度未组织应急救援演练，无演练记录', rule: 2 }],
  'B.1.8': [{ text: '2名信号司索工未持证上岗', rule: 1, count: 2 }],
  'B.1.10': [{ text: '基坑周边及卸料平台处未悬挂安全警示标志', rule: 0 }],
  'B.13.1': [{ text: '3号楼5层作业面3名工人未佩戴安全帽', rule: 0, count: 3 }],
  'B.13.3': [{ text: '外脚手架12层1名架子工高处作业未系挂安全带', rule: 0, count: 1 }],
  'B.13.4': [{ text: '2号楼7层楼层临边未设置防护栏杆，长度约15米', rule: 0 }],
  'B.13.5': [{ text: '4层、5层电梯井口未设置防护门', rule: 0, count: 2 }],
  'B.13.6': [{ text: '主体结构出入口防护棚两侧未封闭', rule: 1 }],
  'B.14.3': [{ text: '生活区至2号楼临时电缆沿地面明敷，未采取防护措施', rule: 4 }],
  'B.14.4': [{ text: '钢筋加工区2台设备共用一个开关箱', rule: 1, count: 2 }],
  'B.14.6': [{ text: '地下室照明与动力共用同一回路', rule: 0, count: 1 }],
  // 房屋市政工程重大事故隐患判定标准（2024版）
  'MH.4.3': [{ text: '施工升降机司机1人未取得建筑施工特种作业操作资格证书上岗作业' }],
  'MH.4.5': [{ text: '高大模板支撑体系未经验收合格即浇筑混凝土' }],
  'MH.7.2': [{ text: '外脚手架9层至10层连墙件整层缺失' }],
  'MH.9.4': [{ text: '电梯井道内贯通未采取水平防护措施，6层井口未设防护门' }],
  // 工贸及一般行业
  'IG.MGT.6': [{ text: '抽查6名新入职员工，未见岗前安全培训及考核记录' }],
  'IG.MGT.10': [{ text: '打磨岗位2名员工未佩戴防尘口罩' }],
  'IG.MGT.11': [{ text: '喷涂车间入口未设置“禁止烟火”安全警示标志' }],
  'IG.MGT.13': [{ text: '隐患排查治理台账未记录整改责任人及完成时间' }],
  'IG.MGT.16': [{ text: '未按年度应急演练计划开展上半年综合应急演练' }],
  'IG.MGT.8': [{ text: '1名电工未取得特种作业操作证上岗作业' }],
  'IG.FIRE.2': [{ text: '自动喷水灭火系统未进行年度检测' }],
  'IG.FIRE.3': [{ text: '二号车间3具手提式灭火器压力不足' }],
  'IG.FIRE.4': [{ text: '成品仓库北侧安全出口被货物堵塞' }],
  'IG.FIRE.5': [{ text: '办公楼二层疏散指示标志损坏不亮' }],
  'IG.ELE.4': [{ text: '机加工车间配电箱箱门损坏，箱内堆放杂物' }],
  'IG.MCH.1': [{ text: '冲压车间1台皮带传动装置防护罩缺失' }],
  'IG.MCH.5': [{ text: '砂轮机防护罩开口角度过大，未设置托架' }],
  'IG.MCH.7': [{ text: '设备检修时未执行能量隔离和上锁挂牌' }],
  'IG.HGT.3': [{ text: '屋面检修平台防护栏杆高度不足1.05米' }],
  'IG.HOT.1': [{ text: '焊接车间动火作业未办理动火作业票' }],
  'IG.HOT.4': [{ text: '焊接作业点未配置灭火器，无专人监护' }],
  'IG.HOT.5': [{ text: '焊接车间1名焊工未取得有效焊接与热切割作业操作证上岗作业' }],
  'IG.CHM.3': [{ text: '甲醇罐区内混存氧化性物料，未按禁忌物料隔离储存' }],
  'IG.CHM.5': [{ text: '罐区未张贴化学品安全技术说明书和安全标签' }],
  'IG.CHM.11': [{ text: '罐区泄漏应急处置器材配备不足，无吸附棉和防护服' }],
  'IG.CSP.2': [{ text: '污水处理池有限空间作业未办理审批，未检测即进入' }],
  'IG.CSP.6': [{ text: '有限空间作业现场无专人监护' }],
  'IG.CSP.8': [{ text: '有限空间作业人员未经专项安全培训' }],
};

const REJECT_REASONS = [
  '复核确认该设备已停用并断电挂牌，不构成事故隐患',
  '经复查，相关记录已归档于人事部门，检查时未能提供，不构成隐患',
];
const ON_SPOT_NOTES = ['检查人员在场监督，企业立即整改完毕', '现场立即整改，已拍照留存'];
const EVIDENCE_NOTES = ['已按要求完成整改，附整改前后照片', '整改完成，附整改照片及验收记录'];
const ACCEPT_COMMENTS = ['复查整改到位，同意销案', '经现场复查，整改符合要求'];

/** The special topics and the checklist modules they inspect. */
const TOPIC_MODULES: Record<string, { libraries: string[]; modules: string[] }> = {
  消防安全专项检查: { libraries: ['industry-general'], modules: ['IG.FIRE'] },
  动火作业专项检查: { libraries: ['industry-general'], modules: ['IG.HOT'] },
  危险化学品专项检查: { libraries: ['industry-general'], modules: ['IG.CHM'] },
  有限空间作业专项检查: { libraries: ['industry-general'], modules: ['IG.CSP'] },
  危险性较大的分部分项工程专项检查: {
    libraries: ['major-hazards-housing-2024', 'jgj59-2011'],
    modules: ['MH.4', 'MH.6', 'MH.7', 'MH.8', 'MH.9', 'B.1'],
  },
  高处作业专项检查: { libraries: ['jgj59-2011', 'major-hazards-housing-2024'], modules: ['B.13', 'MH.9'] },
};
const ROUTINE_PROJECT = { libraries: ['jgj59-2011'], modules: ['B.1', 'B.13', 'B.14'] };
const ROUTINE_ENTERPRISE = {
  libraries: ['industry-general'],
  modules: ['IG.MGT', 'IG.FIRE', 'IG.ELE', 'IG.MCH', 'IG.HGT', 'IG.HOT'],
};
const LIBRARIES = ['jgj59-2011', 'major-hazards-housing-2024', 'industry-general'];

interface LibItem {
  id: string;
  code: string;
  library: string;
  module: string;
  scored: boolean;
  item: ChecklistItem;
}

type Q = Kysely<DB>;
type SeedDeps = Pick<Deps, 'config' | 'database' | 'now' | 'today'>;

interface Step {
  at: Date;
  seq: number;
  run: (trx: Q) => Promise<void>;
}

export async function seedDemoInspections(
  deps: SeedDeps,
  opts: { today?: string } = {},
): Promise<DemoHistory | null> {
  const db = deps.database.db;
  const done = await readMeta<DemoHistory>(db, 'demo_inspections');
  if (done) return { ...done, ms: null };
  const demo = await readMeta<{ seed: number; scenario: { enterpriseId: string; projectId: string } }>(
    db,
    'demo',
  );
  if (!demo) return null;
  // A system someone has already used keeps its own history.
  if (await db.selectFrom('inspections').select('id').limit(1).executeTakeFirst()) return null;
  const today = opts.today ?? deps.today();
  const t0 = performance.now();
  const summary = await inTransaction(db, (trx) => replay(trx, deps, { seed: demo.seed, today, demo }));
  const history: DemoHistory = { ...summary, ms: Math.round(performance.now() - t0) };
  await db
    .insertInto('app_meta')
    .values({ key: 'demo_inspections', value: JSON.stringify({ ...history, ms: null }) })
    .execute();
  return history;
}

async function replay(
  trx: Q,
  deps: SeedDeps,
  ctx: { seed: number; today: string; demo: { scenario: { enterpriseId: string; projectId: string } } },
): Promise<Omit<DemoHistory, 'ms'>> {
  const { today } = ctx;
  const tz = deps.config.TIME_ZONE;
  const rng = Rng.derive(ctx.seed, 'inspections');

  // ---- the simulated clock the use cases read as deps.now()
  let clock = new Date(0);
  const sim = { ...deps, now: () => new Date(clock.getTime()) };
  const dateOf = (daysAgo: number) => addDays(today, -daysAgo);
  const offsets = new Map<string, string>();
  const instant = (daysAgo: number, hhmm: string) => {
    const date = dateOf(daysAgo);
    let offset = offsets.get(date);
    if (!offset) offsets.set(date, (offset = offsetInZone(tz, new Date(`${date}T12:00:00Z`))));
    return new Date(`${date}T${hhmm}:00${offset}`);
  };
  const later = (minutes: number) => {
    clock = new Date(clock.getTime() + minutes * 60_000);
  };

  // ---- people
  const usernames = Object.values(AREAS).flatMap((a) => [
    ...a.enterpriseTeam,
    ...a.projectTeam,
    a.leader,
    a.manager,
    a.projectLister,
  ]);
  const users = await trx.selectFrom('users').selectAll().where('username', 'in', usernames).execute();
  const actors = new Map<string, Actor>(users.map((u) => [u.username, toActor(u)]));
  const actor = (username: string) => {
    const a = actors.get(username);
    if (!a) throw new Error(`seedDemoInspections: demo user ${username} is missing`);
    return a;
  };

  // ---- targets
  const anchorOf: Record<AreaKey, string | null> = {
    jinshan: actor(AREAS.jinshan.manager).enterpriseId,
    ordos: actor(AREAS.ordos.manager).enterpriseId,
  };
  const anchorProject = await trx
    .selectFrom('projects')
    .select(['id', 'region_code'])
    .where('id', '=', ctx.demo.scenario.projectId)
    .executeTakeFirst();
  const managed = new Set(users.map((u) => u.enterprise_id).filter((x): x is string => !!x));
  const pools = new Map<string, string[]>();
  const cursor = new Map<string, number>();
  for (const [key, area] of Object.entries(AREAS) as Array<[AreaKey, (typeof AREAS)[AreaKey]]>) {
    const enterprises = await trx
      .selectFrom('enterprises')
      .select('id')
      .where('region_code', 'like', `${area.region}%`)
      .where('industry_code', '<>', 'construction')
      .orderBy('credit_code')
      .execute();
    pools.set(
      `${key}:enterprise`,
      rng.shuffle(enterprises.map((e) => e.id).filter((id) => !managed.has(id))),
    );
    const projects = await trx
      .selectFrom('projects')
      .select(['id', 'status'])
      .where('region_code', 'like', `${area.region}%`)
      .where('id', '<>', anchorProject?.id ?? '00000000-0000-0000-0000-000000000000')
      .orderBy('name')
      .execute();
    const building = projects.filter((p) => p.status === 'under_construction');
    pools.set(`${key}:project`, rng.shuffle((building.length ? building : projects).map((p) => p.id)));
  }
  const nextOf = (pool: string) => {
    const list = pools.get(pool) ?? [];
    if (!list.length) return null;
    const i = cursor.get(pool) ?? 0;
    cursor.set(pool, i + 1);
    return list[i % list.length];
  };
  const targetOf = (slot: Slot): { kind: InspectionTargetKind; id: string } | null => {
    switch (slot.target) {
      case 'anchor':
        return anchorOf[slot.area] ? { kind: 'enterprise', id: anchorOf[slot.area]! } : null;
      case 'anchor_project':
        return anchorProject && anchorProject.region_code.startsWith(AREAS[slot.area].region)
          ? { kind: 'project', id: anchorProject.id }
          : null;
      case 'enterprise': {
        const id = nextOf(`${slot.area}:enterprise`);
        return id ? { kind: 'enterprise', id } : null;
      }
      case 'project': {
        const id = nextOf(`${slot.area}:project`);
        return id ? { kind: 'project', id } : null;
      }
    }
  };

  // ---- checklist items of the three national libraries, published
  const rows = await trx
    .selectFrom('checklist_items as i')
    .innerJoin('checklist_modules as m', 'm.id', 'i.module_id')
    .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select(['i.id', 'i.code', 'i.body', 'm.code as module', 'v.scored', 'l.code as library'])
    .where('v.status', '=', 'published')
    .where('l.region_code', '=', '')
    .where('l.code', 'in', LIBRARIES)
    .orderBy('l.code')
    .orderBy('m.sort')
    .orderBy('i.sort')
    .execute();
  for (const lib of LIBRARIES)
    if (!rows.some((r) => r.library === lib))
      throw new Error(`seedDemoInspections: checklist library ${lib} is not loaded`);
  const items: LibItem[] = rows.map((r) => ({
    id: r.id,
    code: r.code,
    library: r.library,
    module: r.module,
    scored: r.scored,
    item: r.body as unknown as ChecklistItem,
  }));

  const steps: Step[] = [];
  const addStep = (at: Date, run: Step['run']) => steps.push({ at, seq: steps.length, run });
  const hazardOf = new Map<string, string>(); // `${slot}:${fail}` → hazard id
  const witnessRng = Rng.derive(ctx.seed, 'inspections:people');

  for (const [s, slot] of PLAN.entries()) {
    const area = AREAS[slot.area];
    const target = targetOf(slot);
    if (!target) continue;
    const loaded = await loadTarget(trx, actor(area.enterpriseTeam[0]), target.kind, target.id);
    const profile = await profileOf(trx, loaded);
    const project = target.kind === 'project';
    const team = project
      ? area.projectTeam
      : rng.chance(0.5)
        ? area.enterpriseTeam
        : ([area.enterpriseTeam[1], area.enterpriseTeam[0]] as const);
    const leader = actor(team[0]);

    // Which items, and which of them fail.
    const plan = chooseItems(rng, items, profile, slot, project);
    const day = slot.daysAgo;
    const start = instant(day, `09:${String(rng.int(0, 40)).padStart(2, '0')}`);
    const refused = slot.refused === true;
    const witness = personName(witnessRng, witnessRng.chance(0.7) ? 'male' : 'female', {
      mongolian: slot.area === 'ordos',
    });

    addStep(start, async (q) => {
      clock = start;
      const id = await createInspection(q, sim, leader, {
        kind: slot.kind,
        targetKind: target.kind,
        targetId: target.id,
        ...(plan.topic && { topic: plan.topic }),
        plannedOn: dateOf(day),
        memberIds: team.map((u) => actor(u).userId),
        itemIds: plan.itemIds,
      });
      const findings = await q
        .selectFrom('inspection_findings')
        .select(['id', 'item_id'])
        .where('inspection_id', '=', id)
        .execute();
      const findingOf = new Map(findings.map((f) => [f.item_id, f.id]));
      later(12);
      for (const fail of plan.fails) {
        const scoring = fail.item.item.scoring;
        const rule = scoring ? scoring.deductions[fail.finding.rule ?? 0] : undefined;
        await recordFinding(q, sim, leader, id, findingOf.get(fail.item.id)!, {
          result: 'fail',
          hazardDescription: fail.finding.text,
          note: `${fail.item.item.title.zh}：${fail.finding.text}`,
          ...(fail.grade && { hazardGrade: fail.grade }),
          ...(rule && {
            deductions: [
              {
                rule: fail.finding.rule ?? 0,
                points:
                  rule.minPoints !== undefined ? Math.round((rule.minPoints + rule.points) / 2) : rule.points,
                count: rule.per ? (fail.finding.count ?? 1) : 1,
              },
            ],
          }),
        });
        later(rng.int(3, 8));
      }
      await bulkRecord(q, sim, leader, id, { result: 'pass' });
      later(rng.int(10, 25));
      for (const username of team) {
        const a = actor(username);
        await addSignature(q, sim, a, id, {
          party: 'inspector',
          userId: a.userId,
          signerName: a.displayName,
          image: dataUrl(signaturePng(a.displayName)),
        });
        later(1);
      }
      const principal = loaded.view.principal || witness;
      await addSignature(
        q,
        sim,
        leader,
        id,
        refused
          ? {
              party: 'inspected',
              refused: true,
              signerName: principal,
              refusalReason: '被检查单位现场负责人对检查结论有异议，拒绝签字',
              witnessName: witness,
            }
          : {
              party: 'inspected',
              signerName: principal,
              image: dataUrl(signaturePng(principal)),
            },
      );
      // Each officer confirms taking part (Administrative Penalty Law 2021 art. 42: two certified officers).
      for (const username of team) await confirmParticipation(q, sim, actor(username), id);
      later(3);
      await finishInspection(q, sim, leader, id);
      const hazards = await q
        .selectFrom('hazards')
        .select(['id', 'finding_id'])
        .where('inspection_id', '=', id)
        .execute();
      for (const [f, fail] of plan.fails.entries()) {
        const h = hazards.find((x) => x.finding_id === findingOf.get(fail.item.id));
        if (h) hazardOf.set(`${s}:${f}`, h.id);
      }
    });

    // The hazards' lives after the inspection.
    for (const [f, fail] of plan.fails.entries()) {
      const key = `${s}:${f}`;
      const offset = (s * 7 + f * 13) % 50;
      const time = (hh: number, mm = 0) => {
        const m = hh * 60 + mm + offset;
        return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      };
      const manager = actor(area.manager);
      const lister = actor(project ? area.projectLister : area.leader);
      const act = (
        k: number,
        at: string,
        who: Actor,
        make: (q: Q, hazardId: string) => Promise<HazardActionBody>,
      ) => {
        if (k >= day)
          throw new Error(`seedDemoInspections: step ${k} days after a ${day}-day-old inspection`);
        const when = instant(day - k, at);
        addStep(when, async (q) => {
          clock = when;
          const hazardId = hazardOf.get(key);
          if (!hazardId) throw new Error(`seedDemoInspections: no hazard for ${key}`);
          // As POST /api/hazards/:id/actions does it.
          const row = await loadHazard(q, who, hazardId, true);
          const body = await make(q, hazardId);
          const action = await toDomainAction(q, sim, who, row, body);
          await transitionHazard(q, sim, who, row.id, action, { row, note: body.note });
        });
      };
      const simple = (body: HazardActionBody) => async () => body;
      const evidence = async (q: Q, hazardId: string, who: Actor, label: string) => {
        const file = await storeFile(
          sim,
          {
            buffer: demoPng(`${key}:${label}`),
            filename: `${label}.png`,
            declaredType: 'image/png',
            kinds: ['image'],
            maxBytes: 1024 * 1024,
            uploadedBy: who.userId,
            regionCode: loaded.regionCode,
            enterpriseId: loaded.enterpriseId,
            owner: { kind: 'hazard', id: hazardId },
          },
          q,
        );
        return file.id;
      };
      const onSpot = (k: number) =>
        act(k, time(11, 40), leader, async (q, h) => ({
          type: 'rectify_on_spot',
          evidenceFileIds: [await evidence(q, h, leader, '现场整改')],
          note: rng.pick(ON_SPOT_NOTES),
        }));
      const confirm = (grade?: 'major') =>
        act(1, time(14), leader, simple({ type: 'confirm', ...(grade && { grade }) }));
      const order = (k: number, date: string) =>
        slot.orderByDocument
          ? orderByDocument(k, time(14, 10), date)
          : act(k, time(14, 10), leader, simple({ type: 'order_rectification', deadline: date }));
      // As POST /api/documents and …/issue do it: the order confirms and orders the hazard on issue.
      const orderByDocument = (k: number, at: string, date: string) => {
        const when = instant(day - k, at);
        addStep(when, async (q) => {
          clock = when;
          const hazardId = hazardOf.get(key);
          if (!hazardId) throw new Error(`seedDemoInspections: no hazard for ${key}`);
          const { inspection_id: inspectionId } = await loadHazard(q, leader, hazardId);
          const id = await draftDocument(q, sim, leader, {
            kind: 'rectification_order',
            inspectionId,
            hazardIds: [hazardId],
            facts: { deadline: date },
          });
          // created_at is a database default (the real time); the draft's time is when it was drafted.
          await sql`UPDATE documents SET created_at = ${when} WHERE id = ${id}`.execute(q);
          later(20);
          await issueDocument(q, sim, leader, id);
        });
      };
      const startWork = (k: number) => act(k, time(16), manager, simple({ type: 'start_rectification' }));
      const submit = (k: number) =>
        act(k, time(16, 30), manager, async (q, h) => ({
          type: 'submit_evidence',
          evidenceFileIds: [await evidence(q, h, manager, '整改后')],
          note: rng.pick(EVIDENCE_NOTES),
        }));
      const accept = (k: number) =>
        act(
          k,
          time(15),
          leader,
          simple({ type: 'review', accepted: true, comment: rng.pick(ACCEPT_COMMENTS) }),
        );
      const list = (k: number) => act(k, time(10), lister, simple({ type: 'list_for_supervision' }));
      const planOf = (k: number) =>
        act(
          k,
          time(16),
          manager,
          simple({ type: 'submit_plan', plan: treatmentPlan(fail.finding.text, manager) }),
        );
      const orderedAt = (k: number) => dateOf(day - k);

      switch (fail.fate) {
        case 'reported':
          break;
        case 'confirmed':
          confirm();
          break;
        case 'rejected':
          act(1, time(14), leader, simple({ type: 'reject', reason: rng.pick(REJECT_REASONS) }));
          break;
        case 'on_spot':
          onSpot(0);
          break;
        case 'ordered':
          confirm();
          order(1, addDays(today, rng.int(3, 9)));
          break;
        case 'overdue':
          confirm();
          // given when ordered, passed since: due 3–10 days after the order and at least two days ago
          order(1, addDays(orderedAt(1), rng.int(3, Math.min(10, day - 3))));
          break;
        case 'rectifying':
          confirm();
          order(1, addDays(today, rng.int(4, 12)));
          startWork(2);
          break;
        case 'rectifying_overdue':
          confirm();
          order(1, addDays(orderedAt(1), 3));
          startWork(2);
          break;
        case 'extension': {
          confirm();
          const due = addDays(today, rng.int(2, 4));
          order(1, due);
          startWork(2);
          act(
            day - 1,
            time(17),
            manager,
            simple({
              type: 'request_extension',
              requestedDeadline: addDays(due, 14),
              reason: '防护材料需定制加工，供货周期约两周，申请延期整改',
            }),
          );
          break;
        }
        case 'submitted':
          confirm();
          order(1, addDays(today, rng.int(2, 6)));
          startWork(2);
          submit(Math.min(day - 1, 5));
          break;
        case 'closed':
          confirm();
          order(1, orderedAt(8));
          startWork(2);
          submit(5);
          accept(6);
          break;
        case 'closed_late':
          confirm();
          order(1, orderedAt(6));
          startWork(2);
          submit(9);
          accept(10);
          break;
        case 'returned':
          confirm();
          order(1, orderedAt(8));
          startWork(2);
          submit(6);
          act(
            7,
            time(15),
            leader,
            simple({
              type: 'review',
              accepted: false,
              deadline: orderedAt(17),
              comment: '整改照片未能反映全部整改部位，部分问题仍存在，请继续整改',
            }),
          );
          submit(13);
          accept(14);
          break;
        case 'major_listed':
          confirm('major');
          list(2);
          order(2, addDays(today, rng.int(10, 20)));
          planOf(3);
          startWork(4);
          break;
        case 'major_ordered':
          confirm('major');
          list(2);
          order(2, addDays(today, rng.int(8, 15)));
          break;
        case 'major_accepted':
          confirm('major');
          list(2);
          order(2, orderedAt(32));
          planOf(3);
          startWork(4);
          submit(25);
          accept(27);
          break;
      }
    }
  }

  // ---- replay in time order
  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
  for (const step of steps) await step.run(trx);

  // created_at is a database default (the real time of seeding); move it to when things happened.
  await sql`UPDATE inspections SET created_at = coalesce(started_at, created_at)`.execute(trx);
  await sql`UPDATE hazards SET created_at = found_at WHERE inspection_id IS NOT NULL`.execute(trx);

  const counts = await trx
    .selectFrom('hazards')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .orderBy('status')
    .execute();
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
  const overdue = await trx
    .selectFrom('hazards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['rectification_ordered', 'rectifying'])
    .where('deadline', '<', deps.now())
    .executeTakeFirstOrThrow();
  const inspections = await trx
    .selectFrom('inspections')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'finished')
    .executeTakeFirstOrThrow();
  return {
    today,
    inspections: Number(inspections.n),
    hazards: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    overdue: Number(overdue.n),
  };
}

// ---------------------------------------------------------------------------------------------

interface Fail {
  item: LibItem;
  finding: Finding;
  fate: Fate;
  /** Set when the recorded grade differs from the item's default. */
  grade?: 'general' | 'major';
}

/** The items of an inspection (applicable to the target) and the failures among them. */
function chooseItems(
  rng: Rng,
  all: LibItem[],
  profile: TargetProfile,
  slot: Slot,
  project: boolean,
): { topic: string | null; itemIds: string[]; fails: Fail[] } {
  const applies = (i: LibItem) => applicability(i.item.applies, profile).proposed;
  const scopeLibraries = project ? ['jgj59-2011', 'major-hazards-housing-2024'] : ['industry-general'];
  const ofScope = (i: LibItem) => scopeLibraries.includes(i.library) && applies(i);
  const within = (spec: { libraries: string[]; modules: string[] }) =>
    all.filter((i) => spec.libraries.includes(i.library) && spec.modules.includes(i.module) && applies(i));
  const generalNeeded = slot.fates.filter((f) => !MAJOR_FATES.includes(f)).length;
  const findable = (pool: LibItem[], grade: 'general' | 'major') =>
    pool.filter((i) => FINDINGS[i.code] && i.item.handling.grade === grade);

  let topic: string | null = null;
  let pool: LibItem[];
  if (slot.kind === 'special') {
    const topics = slot.topics ?? [];
    topic =
      topics.find((t) => findable(within(TOPIC_MODULES[t]), 'general').length >= generalNeeded) ??
      topics[topics.length - 1];
    pool = within(TOPIC_MODULES[topic]);
  } else pool = within(project ? ROUTINE_PROJECT : ROUTINE_ENTERPRISE);

  const fails: Fail[] = [];
  const used = new Set<string>();
  const take = (candidates: LibItem[]) => {
    const left = candidates.filter((i) => !used.has(i.id));
    if (!left.length) return null;
    const i = rng.pick(left);
    used.add(i.id);
    return i;
  };
  for (const fate of slot.fates) {
    const major = MAJOR_FATES.includes(fate);
    let item: LibItem | null = null;
    if (major && slot.major) item = take(pool.filter((i) => i.code === slot.major));
    item ??= take(findable(pool, major ? 'major' : 'general'));
    // Not among the topic's items: another item of the target's libraries.
    item ??= take(findable(all.filter(ofScope), major ? 'major' : 'general'));
    if (!item) {
      // Last resort: any item, graded as the story needs.
      item = take(pool);
      if (!item) continue;
      fails.push({
        item,
        fate,
        finding: { text: `现场检查发现：${item.item.title.zh}不符合要求` },
        grade: major ? 'major' : 'general',
      });
      continue;
    }
    fails.push({ item, fate, finding: rng.pick(FINDINGS[item.code]) });
  }
  // Scored tables are inspected whole; of the other items, a handful beside the failures.
  const others = pool.filter((i) => !used.has(i.id));
  const passing = [
    ...others.filter((i) => i.scored),
    ...rng.sample(
      others.filter((i) => !i.scored),
      rng.int(5, 8),
    ),
  ];
  const itemIds = [...fails.map((f) => f.item.id), ...passing.map((i) => i.id)];
  return { topic, itemIds, fails };
}

const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

function treatmentPlan(hazard: string, manager: Actor): TreatmentPlan {
  return {
    responsibility: `企业安全生产第一责任人牵头，安全管理部门负责组织实施（联系人：${manager.displayName}）`,
    measures: `针对“${hazard}”立即停止相关作业，落实整改和临时防护措施，整改完成后组织自查验收`,
    funds: '安排专项整改资金5万元，由企业安全生产费用列支',
    timeLimit: '在监管部门规定的整改期限内完成',
    contingencyPlan: '整改期间落实专人监护和现场应急处置措施，配备应急器材，发生险情立即撤离人员并报告',
    targets: '消除重大事故隐患，整改完成后申请复查销号',
  };
}
