import { sql } from 'kysely';
import { readMeta } from '../db/app-meta.ts';
import type { Deps } from '../http/context.ts';
import type { Actor } from '../auth/actor.ts';
import { sha256Hex, type Secrets } from '../crypto.ts';
import {
  DEVICE_TOKEN_PREFIX,
  tokenPrefixOf,
  topicOf,
  type DeviceInfo,
} from '../modules/devices/device-cache.ts';
import { DEFAULT_HEARTBEAT } from '../modules/devices/repo.ts';
import { RulesCache } from '../modules/devices/rules.ts';
import { ensureShippedRules } from '../modules/devices/ensure-shipped-rules.ts';
import { commitBatch, type IngestItem } from '../modules/devices/ingest/index.ts';
import { applyTransition } from '../modules/devices/transition-alarm.ts';
import { cst, nextEvent, seededRandom, type Scenario } from '../modules/devices/simulator/scenarios.ts';
import type { DeviceKindCode } from '../db/schema-devices.ts';

/**
 * Demo devices (issue 5), seeded after the main demo data: cameras, gates, gas sensors and crane,
 * elevator and dust monitors at the demo's key risk sources — above all the Jinshan Industrial Park
 * welding shop, where the camera will see welding while an external contractor's welder on duty
 * holds no certificate, beside a certified colleague who must not cover for him (issue 11) — the
 * people on duty there, and a few past alarms in different states so the console has history.
 *
 * Device tokens are derived from the installation's secret key, so the demo's own simulator can
 * log the devices in without storing a token anywhere.
 */
export interface DemoDevices {
  devices: Array<{ code: string; kind: string; siteId: string; regionCode: string }>;
  welding: {
    cameraCode: string;
    gateCode: string;
    siteId: string;
    uncertifiedWelderId: string;
    /** A certified welder of the enterprise on duty beside him. */
    certifiedColleagueId: string | null;
    enterpriseId: string;
  };
}

export const demoDeviceToken = (secrets: Secrets, code: string) =>
  DEVICE_TOKEN_PREFIX + secrets.mac(`demo-device:${code}`);

interface Plan {
  code: string;
  name: string;
  kind: DeviceKindCode;
  siteId: string;
  equipmentId?: string | null;
  vendor: string;
  model: string;
}

export async function seedDemoDevices(deps: Deps): Promise<DemoDevices | null> {
  const db = deps.database.db;
  const done = await readMeta<DemoDevices>(db, 'demo_devices');
  if (done) return done;
  const demo = await readMeta<{
    scenario: {
      enterpriseId: string;
      weldingSiteId: string;
      uncertifiedWelderId: string;
      certifiedWelderIds: string[];
    };
  }>(db, 'demo');
  if (!demo) return null;
  const sc = demo.scenario;
  const sites = await db
    .selectFrom('sites')
    .select(['id', 'name', 'kind', 'enterprise_id', 'project_id', 'region_code'])
    .orderBy('region_code')
    .orderBy('name')
    .execute();
  const equipment = await db
    .selectFrom('equipment')
    .select(['id', 'category_code', 'type_name', 'site_id', 'user_enterprise_id', 'location'])
    .orderBy('registration_code')
    .execute();
  const anchorSites = sites.filter((s) => s.enterprise_id === sc.enterpriseId);
  const siteOfKind = (kind: string, pool = anchorSites) => pool.find((s) => s.kind === kind);
  const plans: Plan[] = [];
  const add = (p: Plan) => plans.push(p);

  // The anchor enterprise in Jinshan Industrial Park (310116501).
  add({
    code: 'JS-CAM-0101',
    name: '焊接车间AI摄像机（东）',
    kind: 'ai_camera',
    siteId: sc.weldingSiteId,
    vendor: '海康威视',
    model: 'DS-2CD3T47',
  });
  add({
    code: 'JS-GATE-0101',
    name: '焊接车间实名制闸机',
    kind: 'access_gate',
    siteId: sc.weldingSiteId,
    vendor: '中控智慧',
    model: 'FBL4000',
  });
  add({
    code: 'JS-SMK-0102',
    name: '焊接车间烟感探测器',
    kind: 'smoke_sensor',
    siteId: sc.weldingSiteId,
    vendor: '海湾',
    model: 'JTY-GD-G3',
  });
  add({
    code: 'JS-DN-0103',
    name: '焊接车间烟尘噪声监测仪',
    kind: 'dust_noise_monitor',
    siteId: sc.weldingSiteId,
    vendor: '聚光科技',
    model: 'AQMS-900',
  });
  const crane =
    equipment.find(
      (e) =>
        e.user_enterprise_id === sc.enterpriseId &&
        e.category_code === '4000' &&
        e.site_id === sc.weldingSiteId,
    ) ?? equipment.find((e) => e.user_enterprise_id === sc.enterpriseId && e.category_code === '4000');
  if (crane)
    add({
      code: 'JS-CRN-0104',
      name: `${crane.location || '行车'}安全监控`,
      kind: 'tower_crane_monitor',
      siteId: crane.site_id ?? sc.weldingSiteId,
      equipmentId: crane.id,
      vendor: '大地起重',
      model: 'QZM-3',
    });
  const paint = siteOfKind('paint_shop');
  if (paint) {
    add({
      code: 'JS-GAS-0105',
      name: '喷涂车间可燃气体探测器',
      kind: 'combustible_gas_sensor',
      siteId: paint.id,
      vendor: '汉威',
      model: 'BS01',
    });
    add({
      code: 'JS-CAM-0106',
      name: '喷涂车间AI摄像机',
      kind: 'ai_camera',
      siteId: paint.id,
      vendor: '海康威视',
      model: 'DS-2CD3T47',
    });
  }
  const lift = equipment.find((e) => e.user_enterprise_id === sc.enterpriseId && e.category_code === '3000');
  if (lift)
    add({
      code: 'JS-ELV-0107',
      name: `${lift.location || '货梯'}物联网监测终端`,
      kind: 'elevator_monitor',
      siteId: lift.site_id ?? anchorSites[0]?.id ?? sc.weldingSiteId,
      equipmentId: lift.id,
      vendor: '日立',
      model: 'IoT-E1',
    });

  // Elsewhere: chemical and gas sites, construction cranes and hoists, by region, a few each.
  const prefixes: Array<[string, string]> = [
    ['1506', 'OR'],
    ['3204', 'CZ'],
    ['3401', 'HF'],
    ['3101', 'JS'],
  ];
  const counters = new Map<string, number>();
  const codeFor = (region: string, tag: string) => {
    const area = prefixes.find(([p]) => region.startsWith(p))?.[1] ?? 'XX';
    const k = `${area}-${tag}`;
    const n = (counters.get(k) ?? 200) + 1;
    counters.set(k, n);
    return `${k}-${String(n).padStart(4, '0')}`;
  };
  const used = new Set(plans.map((p) => p.siteId));
  const pick = (kind: string, max: number) =>
    sites.filter((s) => s.kind === kind && !used.has(s.id)).slice(0, max);
  for (const s of pick('gas_storage', 3))
    add({
      code: codeFor(s.region_code, 'GAS'),
      name: `${s.name}可燃气体探测器`,
      kind: 'combustible_gas_sensor',
      siteId: s.id,
      vendor: '汉威',
      model: 'BS01',
    });
  for (const s of pick('chemical_storage', 2)) {
    add({
      code: codeFor(s.region_code, 'TOX'),
      name: `${s.name}有毒气体探测器`,
      kind: 'toxic_gas_sensor',
      siteId: s.id,
      vendor: '霍尼韦尔',
      model: 'XNX',
    });
    add({
      code: codeFor(s.region_code, 'CAM'),
      name: `${s.name}AI摄像机`,
      kind: 'ai_camera',
      siteId: s.id,
      vendor: '大华',
      model: 'IPC-HFW',
    });
  }
  for (const s of pick('confined_space', 2))
    add({
      code: codeFor(s.region_code, 'TOX'),
      name: `${s.name}有毒气体探测器`,
      kind: 'toxic_gas_sensor',
      siteId: s.id,
      vendor: '霍尼韦尔',
      model: 'XNX',
    });
  for (const s of pick('welding_shop', 3))
    add({
      code: codeFor(s.region_code, 'CAM'),
      name: `${s.name}AI摄像机`,
      kind: 'ai_camera',
      siteId: s.id,
      vendor: '海康威视',
      model: 'DS-2CD3T47',
    });
  for (const s of pick('tower_crane_area', 5)) {
    const eq = equipment.find((e) => e.site_id === s.id && e.category_code === '4000');
    add({
      code: codeFor(s.region_code, 'TCM'),
      name: `${s.name}塔吊安全监控`,
      kind: 'tower_crane_monitor',
      siteId: s.id,
      equipmentId: eq?.id ?? null,
      vendor: '建科',
      model: 'JK-TC8',
    });
  }
  for (const s of pick('hoist', 3)) {
    const eq = equipment.find((e) => e.site_id === s.id && e.category_code === '4000');
    add({
      code: codeFor(s.region_code, 'HST'),
      name: `${s.name}升降机监控`,
      kind: 'construction_elevator_monitor',
      siteId: s.id,
      equipmentId: eq?.id ?? null,
      vendor: '建科',
      model: 'JK-SC2',
    });
  }
  for (const s of pick('scaffold', 3))
    add({
      code: codeFor(s.region_code, 'DN'),
      name: `${s.name}扬尘噪声监测`,
      kind: 'dust_noise_monitor',
      siteId: s.id,
      vendor: '聚光科技',
      model: 'AQMS-900',
    });

  const siteById = new Map(sites.map((s) => [s.id, s]));
  const rows = plans
    .filter((p) => siteById.has(p.siteId))
    .map((p) => {
      const s = siteById.get(p.siteId)!;
      const token = demoDeviceToken(deps.secrets, p.code);
      return {
        code: p.code,
        name: p.name,
        kind: p.kind,
        site_id: s.id,
        enterprise_id: s.enterprise_id,
        project_id: s.project_id,
        region_code: s.region_code,
        equipment_id: p.equipmentId ?? null,
        vendor: p.vendor,
        model: p.model,
        heartbeat_seconds: DEFAULT_HEARTBEAT[p.kind] ?? 60,
        token_hash: sha256Hex(token),
        token_prefix: tokenPrefixOf(token),
      };
    });
  const inserted = await db
    .insertInto('devices')
    .values(rows)
    .returning([
      'id',
      'code',
      'kind',
      'site_id',
      'enterprise_id',
      'project_id',
      'equipment_id',
      'region_code',
      'token_hash',
      'heartbeat_seconds',
    ])
    .execute();

  // On duty in the welding shop now: the contractor's welder without a certificate, a certified
  // welder of the enterprise beside him, and an operator (not on duty for welding).
  const now = deps.now();
  const operator = await db
    .selectFrom('workers')
    .select('id')
    .where('employer_id', '=', sc.enterpriseId)
    .where('trade', '=', 'operator')
    .orderBy('id')
    .executeTakeFirst();
  const weldingSite = siteById.get(sc.weldingSiteId)!;
  const colleague = sc.certifiedWelderIds[0] ?? null;
  for (const w of [sc.uncertifiedWelderId, colleague, operator?.id].filter((x): x is string => !!x)) {
    await db
      .insertInto('site_attendance')
      .values({
        site_id: sc.weldingSiteId,
        worker_id: w,
        region_code: weldingSite.region_code,
        enterprise_id: sc.enterpriseId,
        check_in_at: new Date(now.getTime() - 2 * 3_600_000),
        source: 'roster',
      })
      .execute();
  }

  const info = (code: string): DeviceInfo | null => {
    const r = inserted.find((d) => d.code === code);
    return r
      ? {
          id: r.id,
          code: r.code,
          kind: r.kind,
          siteId: r.site_id,
          enterpriseId: r.enterprise_id,
          projectId: r.project_id,
          equipmentId: r.equipment_id,
          regionCode: r.region_code,
          active: true,
          tokenHash: r.token_hash,
          heartbeatSeconds: r.heartbeat_seconds,
          createdAt: now.getTime(),
        }
      : null;
  };
  await pastAlarms(deps, info, inserted, now);
  // The history moved last-seen times into the past; the devices are on line now (the stream keeps them so).
  await db
    .updateTable('devices')
    .set({ last_seen_at: now, online: true })
    .where(
      'id',
      'in',
      inserted.map((d) => d.id),
    )
    .execute();

  const summary: DemoDevices = {
    devices: inserted.map((d) => ({
      code: d.code,
      kind: d.kind,
      siteId: d.site_id,
      regionCode: d.region_code,
    })),
    welding: {
      cameraCode: 'JS-CAM-0101',
      gateCode: 'JS-GATE-0101',
      siteId: sc.weldingSiteId,
      uncertifiedWelderId: sc.uncertifiedWelderId,
      certifiedColleagueId: colleague,
      enterpriseId: sc.enterpriseId,
    },
  };
  await db
    .insertInto('app_meta')
    .values({ key: 'demo_devices', value: JSON.stringify(summary) })
    .execute();
  return summary;
}

/** A little history through the real pipeline: a leak verified and closed, a false positive, an acknowledged overload. */
async function pastAlarms(
  deps: Deps,
  info: (code: string) => DeviceInfo | null,
  inserted: Array<{ code: string; kind: string }>,
  now: Date,
) {
  const db = deps.database.db;
  await ensureShippedRules(db);
  const rules = new RulesCache(db);
  await rules.reload();
  const users = await db
    .selectFrom('users')
    .selectAll()
    .where('role', 'in', ['duty_officer', 'inspector'])
    .execute();
  const actorFor = (region: string, role: 'duty_officer' | 'inspector'): Actor | null => {
    const u = users.find((x) => x.role === role && x.region_code !== '' && region.startsWith(x.region_code));
    return u
      ? {
          userId: u.id,
          username: u.username,
          displayName: u.display_name,
          role: u.role,
          regionCode: u.region_code,
          authorityId: u.authority_id,
          enterpriseId: null,
          workerId: null,
          via: 'session',
        }
      : null;
  };
  const rand = seededRandom(2026);
  const feed = async (
    code: string | undefined,
    scenario: Scenario,
    hoursAgo: number,
    count: number,
    spacingS: number,
  ) => {
    const d = code ? info(code) : null;
    if (!d) return null;
    const items: IngestItem[] = [];
    const start = now.getTime() - hoursAgo * 3_600_000;
    for (let step = 0; step < count; step++) {
      const at = start + step * spacingS * 1000;
      const ev = nextEvent(
        { code: d.code, token: '', kind: d.kind, topic: topicOf(d) },
        { step, now: at, scenario, rand, runId: `seed${hoursAgo}` },
      );
      if (ev)
        items.push({ event: { ...ev, time: cst(at) }, at, device: d, transport: 'seed', done: () => {} });
    }
    await commitBatch(
      { database: deps.database, rules, timeZone: deps.config.TIME_ZONE, lockDevices: false },
      items,
      [],
    );
    return db
      .selectFrom('alarms')
      .select(['id', 'number', 'status', 'acknowledged_at', 'region_code', 'verdict', 'severity', 'type'])
      .where('device_id', '=', d.id)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  };
  const act = async (
    alarm: Awaited<ReturnType<typeof feed>>,
    steps: Array<'acknowledge' | 'verify_real' | 'mark_false_positive' | 'close'>,
    note: string,
  ) => {
    if (!alarm) return;
    const actor = actorFor(alarm.region_code, 'duty_officer');
    if (!actor) return;
    let row = alarm;
    for (const s of steps) {
      await db.transaction().execute(async (trx) => {
        await applyTransition(trx, row, s, actor, note);
      });
      row = (await db
        .selectFrom('alarms')
        .select(['id', 'number', 'status', 'acknowledged_at', 'region_code', 'verdict', 'severity', 'type'])
        .where('id', '=', alarm.id)
        .executeTakeFirstOrThrow())!;
    }
    // History shows when it happened, not when the demo was seeded.
    await db
      .updateTable('alarms')
      .set({ created_at: sql`first_event_at + interval '20 seconds'` })
      .where('id', '=', alarm.id)
      .execute();
  };
  const firstOf = (tag: string) =>
    inserted.find((d) => d.code.includes(tag) && !d.code.startsWith('JS-'))?.code;
  await act(
    await feed(firstOf('-GAS-'), 'gas-leak', 50, 28, 2),
    ['verify_real', 'close'],
    '现场核实为阀门密封老化泄漏，已更换并复测合格',
  );
  await act(
    await feed(firstOf('-TCM-'), 'crane-overload', 26, 8, 5),
    ['acknowledge'],
    '已电话通知项目部安全员核查吊重',
  );
  const helmetCam = firstOf('-CAM-');
  if (helmetCam) {
    const d = info(helmetCam)!;
    const items: IngestItem[] = [0, 40, 80].map((s, i) => {
      const at = now.getTime() - 100 * 3_600_000 + s * 1000;
      return {
        event: {
          schema: 'redline.event/1',
          eventId: `${d.code}-seed-helmet-${i}`,
          deviceId: d.code,
          time: cst(at),
          type: 'detection',
          detections: [{ type: 'no_helmet', confidence: 0.74 }],
        },
        at,
        device: d,
        transport: 'seed',
        done: () => {},
      };
    });
    await commitBatch(
      { database: deps.database, rules, timeZone: deps.config.TIME_ZONE, lockDevices: false },
      items,
      [],
    );
    const alarm = await db
      .selectFrom('alarms')
      .select(['id', 'number', 'status', 'acknowledged_at', 'region_code', 'verdict', 'severity', 'type'])
      .where('device_id', '=', d.id)
      .executeTakeFirst();
    await act(alarm, ['mark_false_positive', 'close'], '画面中为戴深色安全帽人员，算法误识别');
  }
}
