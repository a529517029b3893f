import { addDays, dateInZone } from '@redline/domain';
import type { AccidentBody } from '@redline/contracts';
import type { Deps } from '../http/context.ts';
import { readMeta } from '../db/app-meta.ts';
import { demoActor } from './actors.ts';
import { reportAccident } from '../modules/accidents/report-accident.ts';
import { updateCasualties } from '../modules/accidents/update-casualties.ts';
import { recordReported } from '../modules/accidents/record-reported.ts';

/**
 * A handful of fictional accidents over the last two years in the demo regions (Jinshan and Ordos),
 * so the accident list, the grades and the year-on-year figures have something to show: reported
 * through the use cases (graded by the domain, audited), one updated within its window (a seriously
 * injured worker died: general → larger), reporting times recorded (one late). Idempotent: app_meta
 * key `demo_accidents`.
 */
interface Plan {
  daysAgo: number;
  hour: number;
  typeCode: AccidentBody['typeCode'];
  equipment?: string;
  deaths: number;
  serious: number;
  minor: number;
  lossWan: number;
  course: string;
  address: string;
  countyAfterMin?: number;
}

const JINSHAN: Plan[] = [
  {
    daysAgo: 9,
    hour: 10,
    typeCode: '09',
    deaths: 2,
    serious: 1,
    minor: 0,
    lossWan: 260,
    course: '外墙脚手架拆除作业时，两名作业人员未系安全带从 18 米高处坠落，另一名被坠落物砸伤。',
    address: '亭卫公路 6 号在建厂房',
    countyAfterMin: 45,
  },
  {
    daysAgo: 40,
    hour: 15,
    typeCode: '20',
    equipment: '3000',
    deaths: 1,
    serious: 0,
    minor: 1,
    lossWan: 85,
    course: '商场自动扶梯梳齿板缺失，乘客摔倒卷入，经抢救无效死亡。',
    address: '某商场一层',
    countyAfterMin: 50,
  },
  {
    daysAgo: 120,
    hour: 9,
    typeCode: '04',
    equipment: '4000',
    deaths: 0,
    serious: 2,
    minor: 1,
    lossWan: 120,
    course: '塔式起重机吊运钢筋时钢丝绳断裂，钢筋坠落砸伤两名作业人员。',
    address: '某住宅项目 3 号楼',
    countyAfterMin: 95,
  },
  {
    daysAgo: 200,
    hour: 14,
    typeCode: '03',
    deaths: 1,
    serious: 0,
    minor: 0,
    lossWan: 60,
    course: '注塑机安全门联锁失效，操作工清理模具时被夹。',
    address: '某塑料制品厂',
    countyAfterMin: 40,
  },
  {
    daysAgo: 380,
    hour: 11,
    typeCode: '20',
    equipment: '3000',
    deaths: 1,
    serious: 1,
    minor: 0,
    lossWan: 90,
    course: '住宅电梯轿厢意外移动，维保人员被剪切。',
    address: '某小区 12 号楼',
    countyAfterMin: 55,
  },
  {
    daysAgo: 405,
    hour: 16,
    typeCode: '20',
    equipment: '3000',
    deaths: 1,
    serious: 0,
    minor: 2,
    lossWan: 70,
    course: '货梯超载运行，制动失效溜梯。',
    address: '某物流仓库',
    countyAfterMin: 50,
  },
  {
    daysAgo: 470,
    hour: 8,
    typeCode: '19',
    deaths: 3,
    serious: 1,
    minor: 0,
    lossWan: 410,
    course: '污水池清淤作业未检测气体，三人先后中毒窒息死亡。',
    address: '某化工企业污水站',
    countyAfterMin: 58,
  },
  {
    daysAgo: 600,
    hour: 13,
    typeCode: '10',
    deaths: 1,
    serious: 2,
    minor: 3,
    lossWan: 150,
    course: '基坑开挖未按方案放坡，边坡坍塌掩埋作业人员。',
    address: '某安置房项目',
    countyAfterMin: 65,
  },
];
const ORDOS: Plan[] = [
  {
    daysAgo: 60,
    hour: 10,
    typeCode: '02',
    deaths: 1,
    serious: 0,
    minor: 1,
    lossWan: 45,
    course: '厂内叉车倒车时撞倒装卸工。',
    address: '某建材公司厂区',
    countyAfterMin: 40,
  },
  {
    daysAgo: 420,
    hour: 9,
    typeCode: '05',
    deaths: 1,
    serious: 0,
    minor: 0,
    lossWan: 30,
    course: '临时用电未装漏电保护器，电工检修时触电。',
    address: '某商业综合体项目',
    countyAfterMin: 70,
  },
];

export async function seedDemoAccidents(deps: Deps): Promise<{ accidents: number } | null> {
  const db = deps.database.db;
  const done = await readMeta<{ accidents: number }>(db, 'demo_accidents');
  if (done) return done;
  if (!(await readMeta(db, 'demo'))) return null;
  const tz = deps.config.TIME_ZONE;
  const today = deps.today();
  const clock = { now: deps.now, today: deps.today, timeZone: tz };
  let n = 0;
  for (const [username, plans] of [
    ['jinshan.inspector', JINSHAN],
    ['ordos.inspector', ORDOS],
  ] as const) {
    const actor = await demoActor(db, username);
    if (!actor) continue;
    const enterprises = await db
      .selectFrom('enterprises')
      .select(['id', 'region_code'])
      .where('region_code', 'like', `${actor.regionCode}%`)
      .orderBy('credit_code')
      .limit(plans.length)
      .execute();
    for (const [i, p] of plans.entries()) {
      const e = enterprises[i % Math.max(1, enterprises.length)];
      const day = addDays(today, -p.daysAgo);
      const occurredAt = `${day}T${String(p.hour).padStart(2, '0')}:20:00+08:00`;
      const id = await reportAccident(
        db,
        actor,
        {
          occurredAt,
          regionCode: e?.region_code ?? actor.regionCode,
          address: p.address,
          enterpriseId: e?.id ?? null,
          typeCode: p.typeCode,
          equipmentCategoryCode: p.equipment ?? null,
          course: p.course,
          measures: '立即组织救援，封闭现场，停止同类作业并开展排查。',
          deaths: p.deaths,
          seriousInjuries: p.serious,
          minorInjuries: p.minor,
          missing: 0,
          directLossYuan: p.lossWan * 10_000,
        },
        clock,
      );
      if (p.countyAfterMin !== undefined) {
        const at = new Date(Date.parse(occurredAt) + p.countyAfterMin * 60_000).toISOString();
        await recordReported(db, actor, id, 'county', at, clock);
      }
      // The first: a seriously injured worker died within the window — a new version, regraded.
      if (i === 0 && username === 'jinshan.inspector' && dateInZone(tz, deps.now()) >= day)
        await updateCasualties(
          db,
          actor,
          id,
          {
            deaths: p.deaths + 1,
            seriousInjuries: p.serious - 1,
            minorInjuries: p.minor,
            missing: 0,
            directLossYuan: (p.lossWan + 40) * 10_000,
            note: '一名重伤人员经抢救无效死亡',
          },
          clock,
        );
      n++;
    }
  }
  const summary = { accidents: n };
  await db
    .insertInto('app_meta')
    .values({ key: 'demo_accidents', value: JSON.stringify(summary) })
    .execute();
  return summary;
}
