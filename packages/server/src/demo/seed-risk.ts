import { sql } from 'kysely';
import type { Deps } from '../http/context.ts';
import type { DB } from '../db/schema.ts';
import type { RiskColourCode } from '../db/schema-risk.ts';
import { readMeta } from '../db/app-meta.ts';
import { toActor, type Actor } from '../auth/actor.ts';
import { encodeRgbPng } from '../storage/png-encode.ts';
import { createRiskPoint } from '../modules/risk-points/create-point.ts';
import { assessRiskPoint } from '../modules/risk-points/assess-point.ts';
import { uploadSitePlan } from '../modules/risk-points/upload-plan.ts';
import { saveZones } from '../modules/risk-points/save-zones.ts';
import type { RiskAssessmentInput, RiskPointInput } from '@redline/contracts';
import type { Kysely } from 'kysely';
import { Rng } from './rng.ts';

/**
 * Demo risk points (issue 14), made through the use cases: every demo site that the registry seed
 * gave a colour gets a risk point whose assessment gives that colour (so the colour is computed, not
 * hand-set), and three sites get several points, measures, linked checklist items, a plan drawn
 * here as a PNG and zones on it. Idempotent (app_meta 'demo_risk'); fiction.
 */
type Assess = RiskAssessmentInput;
const CANNED: Record<RiskColourCode, Assess> = {
  red: { method: 'LEC', factors: { L: 6, E: 6, C: 15 } }, // 540
  orange: { method: 'LEC', factors: { L: 3, E: 6, C: 15 } }, // 270
  yellow: { method: 'LEC', factors: { L: 3, E: 6, C: 7 } }, // 126
  blue: { method: 'LEC', factors: { L: 1, E: 6, C: 7 } }, // 42
};
const FACTORS: Record<string, string[]> = {
  welding_shop: ['火灾', '触电', '灼烫', '电焊烟尘'],
  paint_shop: ['火灾', '爆炸', '中毒和窒息'],
  gas_storage: ['火灾', '爆炸'],
  chemical_storage: ['泄漏', '火灾', '中毒和窒息'],
  boiler_room: ['锅炉爆炸', '灼烫'],
  confined_space: ['中毒和窒息', '淹溺'],
  dust_area: ['粉尘爆炸', '尘肺'],
  electrical_room: ['触电', '电气火灾'],
  foundation_pit: ['坍塌', '高处坠落'],
  tower_crane_area: ['起重伤害', '物体打击'],
  hoist: ['起重伤害', '高处坠落'],
  scaffold: ['高处坠落', '坍塌'],
};

interface RichPoint {
  input: Omit<RiskPointInput, 'siteId'>;
  assess: Assess;
  itemLike?: string;
  zone: Array<[number, number]>;
}

const rect = (x: number, y: number, w: number, h: number): Array<[number, number]> => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];
const m = (measure: string, responsible: string) => ({ measure, responsible });

const RICH: Record<string, RichPoint[]> = {
  焊接车间: [
    {
      input: {
        name: '焊接工位区',
        kind: 'place',
        location: '车间东侧 1–8 号工位',
        hazardFactors: ['火灾', '触电', '灼烫', '电焊烟尘'],
        controlMeasures: [
          m('动火作业审批，清除 10 米内可燃物', '车间主任'),
          m('焊工持证上岗，每班核验', '安全员'),
          m('局部排烟装置开机运行', '设备员'),
        ],
      },
      assess: { method: 'LEC', factors: { L: 3, E: 6, C: 15 } }, // 270 orange
      itemLike: '%焊%',
      zone: rect(0.06, 0.12, 0.4, 0.36),
    },
    {
      input: {
        name: '气瓶存放间',
        kind: 'equipment',
        location: '车间北侧独立隔间',
        hazardFactors: ['火灾', '爆炸'],
        controlMeasures: [
          m('氧气、乙炔气瓶分开存放，间距不小于 5 米', '仓管员'),
          m('气瓶防倾倒链条', '班组长'),
        ],
      },
      assess: { method: 'LEC', factors: { L: 1, E: 6, C: 15 } }, // 90 yellow
      itemLike: '%气瓶%',
      zone: rect(0.52, 0.12, 0.18, 0.22),
    },
    {
      input: {
        name: '行车吊装作业',
        kind: 'activity',
        location: '车间中跨',
        hazardFactors: ['起重伤害', '物体打击'],
        controlMeasures: [m('司索指挥持证，吊物下方禁止站人', '班组长')],
      },
      assess: { method: 'LS', factors: { L: 2, S: 4 } }, // 8 yellow
      zone: rect(0.06, 0.56, 0.64, 0.3),
    },
  ],
  喷涂车间: [
    {
      input: {
        name: '喷漆房',
        kind: 'place',
        location: '车间西区',
        hazardFactors: ['火灾', '爆炸', '中毒和窒息'],
        controlMeasures: [m('防爆电气，通风设施联锁', '设备员'), m('佩戴防毒面具', '班组长')],
      },
      assess: { method: 'LEC', factors: { L: 3, E: 6, C: 7 } }, // 126 yellow
      zone: rect(0.08, 0.15, 0.42, 0.5),
    },
    {
      input: {
        name: '调漆间',
        kind: 'place',
        location: '车间东北角',
        hazardFactors: ['火灾'],
        controlMeasures: [m('油漆稀释剂限量存放', '仓管员')],
      },
      assess: { method: 'LEC', factors: { L: 1, E: 6, C: 7 } }, // 42 blue
      zone: rect(0.6, 0.15, 0.3, 0.3),
    },
  ],
  天然气调压站: [
    {
      input: {
        name: '调压撬',
        kind: 'equipment',
        location: '站区中部',
        hazardFactors: ['火灾', '爆炸'],
        controlMeasures: [
          m('可燃气体报警仪联锁切断', '站长'),
          m('每日巡检并记录压力', '运行班'),
          m('防雷防静电接地每年检测', '设备员'),
        ],
      },
      assess: { method: 'LEC', factors: { L: 6, E: 6, C: 15 } }, // 540 red
      itemLike: '%燃气%',
      zone: rect(0.3, 0.25, 0.3, 0.35),
    },
    {
      input: {
        name: '放散管区',
        kind: 'place',
        location: '站区北侧',
        hazardFactors: ['火灾'],
        controlMeasures: [m('放散管高出地面 10 米以上，设阻火器', '设备员')],
      },
      assess: { method: 'LEC', factors: { L: 3, E: 3, C: 15 } }, // 135 yellow
      zone: rect(0.7, 0.08, 0.2, 0.22),
    },
    {
      input: {
        name: '站区巡检作业',
        kind: 'activity',
        location: '全站',
        hazardFactors: ['中毒和窒息'],
        controlMeasures: [m('双人巡检，携带便携式检测仪', '运行班')],
      },
      assess: { method: 'LS', factors: { L: 2, S: 2 } }, // 4 yellow
      zone: rect(0.06, 0.7, 0.86, 0.2),
    },
  ],
};

/** A simple plan drawn in code: a yard, the building's walls, rooms and a road (960 × 600 PNG). */
export function demoPlanPng(rooms: Array<Array<[number, number]>>): Buffer {
  const W = 960;
  const H = 600;
  const px = new Uint8Array(W * H * 3);
  const set = (x: number, y: number, [r, g, b]: [number, number, number]) => {
    if (x < 0 || y < 0 || x >= W || y >= H) return;
    const i = (y * W + x) * 3;
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
  };
  const fill = (x0: number, y0: number, x1: number, y1: number, c: [number, number, number]) => {
    for (let y = Math.round(y0); y < Math.round(y1); y++)
      for (let x = Math.round(x0); x < Math.round(x1); x++) set(x, y, c);
  };
  const frame = (x0: number, y0: number, x1: number, y1: number, t: number, c: [number, number, number]) => {
    fill(x0, y0, x1, y0 + t, c);
    fill(x0, y1 - t, x1, y1, c);
    fill(x0, y0, x0 + t, y1, c);
    fill(x1 - t, y0, x1, y1, c);
  };
  fill(0, 0, W, H, [236, 240, 232]); // yard
  for (let x = 0; x < W; x += 40) fill(x, 0, x + 1, H, [222, 226, 218]);
  for (let y = 0; y < H; y += 40) fill(0, y, W, y + 1, [222, 226, 218]);
  fill(0, H - 36, W, H, [200, 200, 196]); // road
  for (let x = 10; x < W; x += 60) fill(x, H - 19, x + 30, H - 17, [250, 250, 250]);
  fill(30, 40, W - 30, H - 60, [248, 248, 244]); // building
  frame(30, 40, W - 30, H - 60, 6, [70, 74, 80]);
  for (const r of rooms) {
    const xs = r.map((p) => p[0] * W);
    const ys = r.map((p) => p[1] * H);
    frame(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys), 3, [120, 124, 130]);
  }
  fill(W / 2 - 30, H - 66, W / 2 + 30, H - 54, [248, 248, 244]); // the door
  return encodeRgbPng(W, H, px);
}

async function publishedItemLike(db: Kysely<DB>, like: string): Promise<string[]> {
  const rows = await db
    .selectFrom('checklist_items as i')
    .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
    .select('i.id')
    .where('v.status', '=', 'published')
    .where('i.title_zh', 'like', like)
    .orderBy('i.code')
    .limit(2)
    .execute();
  return rows.map((r) => r.id);
}

export async function seedDemoRisk(deps: Deps): Promise<{ points: number; ms: number | null } | null> {
  const db = deps.database.db;
  const done = await readMeta<{ points: number }>(db, 'demo_risk');
  if (done) return { ...done, ms: null };
  const demo = await readMeta<{ seed: number }>(db, 'demo');
  if (!demo) return null;
  if (await db.selectFrom('risk_points').select('id').limit(1).executeTakeFirst()) return null;
  const t0 = performance.now();
  const admin = await db.selectFrom('users').selectAll().where('username', '=', 'admin').executeTakeFirst();
  if (!admin) return null;
  const actor: Actor = toActor(admin);
  const clock = { now: deps.now(), today: deps.today() };
  const sites = await db
    .selectFrom('sites')
    .select(['id', 'name', 'kind', 'risk_colour'])
    .where('risk_colour', 'is not', null)
    .orderBy('id')
    .execute();
  // The three rich sites, found by the ids the registry seed derives from its seed (names repeat).
  const stable = (label: string) => Rng.derive(demo.seed, `id:${label}`).uuid();
  const richSites = await db
    .selectFrom('sites')
    .select(['id', 'name'])
    .where((eb) =>
      eb.or([
        eb('id', '=', stable('site:jinshan.anchor.welding')),
        eb.and([eb('enterprise_id', '=', stable('enterprise:jinshan.anchor')), eb('name', '=', '喷涂车间')]),
        eb.and([
          eb('enterprise_id', '=', stable('enterprise:ordos.anchor')),
          eb('name', '=', '天然气调压站'),
        ]),
      ]),
    )
    .execute();
  const richOf = new Map(richSites.map((r) => [r.id, RICH[r.name]]));
  let points = 0;
  for (const s of sites) {
    const rich = richOf.get(s.id);
    if (rich) {
      const made: Array<{ id: string; zone: Array<[number, number]>; name: string }> = [];
      for (const p of rich) {
        const checklistItemIds = p.itemLike ? await publishedItemLike(db, p.itemLike) : [];
        const id = await createRiskPoint(db, actor, { ...p.input, siteId: s.id, checklistItemIds });
        await assessRiskPoint(db, actor, id, p.assess, clock);
        made.push({ id, zone: p.zone, name: p.input.name });
        points++;
      }
      await uploadSitePlan(
        deps,
        db,
        actor,
        s.id,
        {
          buffer: demoPlanPng(rich.map((p) => p.zone)),
          filename: `${s.name}平面图.png`,
          mimetype: 'image/png',
        },
        clock.now,
      );
      await saveZones(db, actor, s.id, {
        zones: made.map((p) => ({ name: p.name, polygon: p.zone, riskPointIds: [p.id] })),
      });
      continue;
    }
    const id = await createRiskPoint(db, actor, {
      siteId: s.id,
      name: `${s.name}作业区`,
      kind: 'place',
      hazardFactors: FACTORS[s.kind] ?? ['机械伤害'],
      controlMeasures: [m('岗位安全操作规程上墙并培训', '车间负责人'), m('每班安全检查', '安全员')],
    });
    await assessRiskPoint(db, actor, id, CANNED[s.risk_colour!], clock);
    points++;
  }
  await db
    .insertInto('app_meta')
    .values({ key: 'demo_risk', value: JSON.stringify({ points }) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`excluded.value` }))
    .execute();
  return { points, ms: Math.round(performance.now() - t0) };
}
