import { addDays, addMonths, sha256Hex } from '@redline/domain';
import { readMeta } from '../db/app-meta.ts';
import type { Deps } from '../http/context.ts';
import { demoActor } from './actors.ts';
import { hashPassword } from '../auth/passwords.ts';
import { createPlan } from '../modules/spot-checks/create-plan.ts';
import { commitPlan } from '../modules/spot-checks/commit-plan.ts';
import { drawPlan } from '../modules/spot-checks/draw-plan.ts';
import { revealPlan } from '../modules/spot-checks/reveal-plan.ts';
import { DEMO_PASSWORD } from './seed-demo.ts';
import { Rng } from './rng.ts';

/**
 * Double random, one public in the demo city (issue 14): the Jinshan emergency management bureau's
 * quarterly spot-check plan, committed, drawn and revealed through the module's use cases, so the
 * public page has a plan anyone can recompute. Two certified inspectors of neighbouring Shanghai
 * districts (Songjiang, Fengxian) are added for cross-inspections — a Jinshan plan of kind "cross"
 * draws them and never Jinshan's own. Idempotent (app_meta `demo_spot_checks`); all fiction.
 */
type SeedDeps = Pick<Deps, 'database' | 'now' | 'today'>;

export interface DemoSpotChecks {
  planId: string;
  tasks: number;
}

const NEIGHBOURS = [
  {
    key: 'songjiang',
    authority: '上海市松江区应急管理局',
    short: '松',
    region: '310117',
    username: 'songjiang.inspector',
    name: '沈立群',
  },
  {
    key: 'fengxian',
    authority: '上海市奉贤区应急管理局',
    short: '奉',
    region: '310120',
    username: 'fengxian.inspector',
    name: '何振宇',
  },
];

export async function seedDemoSpotChecks(deps: SeedDeps): Promise<DemoSpotChecks | null> {
  const db = deps.database.db;
  const done = await readMeta<DemoSpotChecks>(db, 'demo_spot_checks');
  if (done) return done;
  const demo = await readMeta<{ seed: number }>(db, 'demo');
  if (!demo) return null;
  const actor = await demoActor(db, 'jinshan.leader');
  if (!actor) return null;
  const rng = Rng.derive(demo.seed, 'spot-checks');
  const year = deps.today().slice(0, 4);

  // Neighbouring districts' officers, for cross-inspections.
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const [i, n] of NEIGHBOURS.entries()) {
    const authorityId = Rng.derive(demo.seed, `id:authority:${n.key}`).uuid();
    await db
      .insertInto('authorities')
      .values({
        id: authorityId,
        name: n.authority,
        short_name: n.short,
        kind: 'emergency',
        region_code: n.region,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await db
      .insertInto('users')
      .values({
        id: Rng.derive(demo.seed, `id:user:${n.username}`).uuid(),
        username: n.username,
        display_name: n.name,
        password_hash: hash,
        role: 'inspector',
        authority_id: authorityId,
        region_code: n.region,
        licence_no: `${n.region}${year}${String(i + 1).padStart(4, '0')}`,
        phone: '',
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  const officers = await db
    .selectFrom('users')
    .select('id')
    .where('username', 'in', ['jinshan.inspector', 'jinshan.inspector2', 'jinshan.housing'])
    .execute();
  const modules = await db
    .selectFrom('checklist_modules as m')
    .innerJoin('checklist_versions as v', 'v.id', 'm.version_id')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select(['m.id', 'm.code'])
    .where('l.code', '=', 'industry-general')
    .where('v.status', '=', 'published')
    .where('m.code', 'in', ['IG.MGT', 'IG.HOT', 'IG.CSP'])
    .execute();
  const mod = (code: string) => modules.filter((m) => m.code === code).map((m) => m.id);
  if (officers.length < 2 || !mod('IG.MGT').length) return null;

  const today = deps.today();
  const start = `${today.slice(0, 7)}-01`;
  const end = addDays(addMonths(start, 3), -1);
  const planId = await createPlan(db, deps, actor, {
    title: `金山区工贸企业安全生产“双随机、一公开”抽查计划（${start} 至 ${end}）`,
    kind: 'routine',
    periodStart: start,
    periodEnd: end,
    items: [
      {
        title: '安全生产主体责任落实情况',
        basis: '《中华人民共和国安全生产法》（2021年修正）第二十一条、第二十二条',
        moduleIds: mod('IG.MGT'),
      },
      {
        title: '动火等特殊作业安全管理',
        basis: '《中华人民共和国安全生产法》（2021年修正）第四十三条',
        moduleIds: mod('IG.HOT'),
      },
      {
        title: '有限空间作业安全管理',
        basis: '《工贸企业有限空间作业安全规定》（应急管理部令第13号）',
        moduleIds: mod('IG.CSP'),
      },
    ],
    moduleIds: [...mod('IG.MGT'), ...mod('IG.HOT'), ...mod('IG.CSP')],
    poolFilter: { targetKinds: ['enterprise'], regionCode: '310116' },
    inspectorIds: officers.map((o) => o.id),
    rules: { inspectorsPerTarget: 2 },
  });
  // The seed is fiction kept in the demo's own randomness; a real authority keeps it offline until the draw.
  const seed = `jinshan-${year}-${rng.uuid()}`;
  await commitPlan(db, deps, actor, planId, sha256Hex(seed));
  await drawPlan(db, deps, actor, planId, seed);
  await revealPlan(db, deps, actor, planId);
  const tasks = await db
    .selectFrom('spot_check_tasks')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('plan_id', '=', planId)
    .executeTakeFirstOrThrow();
  const summary = { planId, tasks: Number(tasks.n) };
  await db
    .insertInto('app_meta')
    .values({ key: 'demo_spot_checks', value: JSON.stringify(summary) })
    .execute();
  return summary;
}
