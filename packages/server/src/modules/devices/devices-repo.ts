import { sql } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { Device, DeviceInput, DevicePatch, DeviceQuery } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { inRegion, inScope } from '../../auth/scope.ts';
import { notFound, validation } from '../../errors.ts';
import { sha256Hex } from '../../crypto.ts';
import { appendAudit } from '../../audit/chain.ts';
import { iso, pageOf, searchAny } from '../../db/paging.ts';
import { newDeviceToken, tokenPrefixOf, topicOf } from './device-cache.ts';
import { notifyLive } from './live.ts';

type DeviceView = Static<typeof Device>;
const SORT: Record<string, string> = {
  code: 'd.code',
  name: 'd.name',
  kind: 'd.kind',
  lastSeenAt: 'd.last_seen_at',
  createdAt: 'd.created_at',
};

/** Default expected interval between events, by kind (seconds); offline after the longer of 5 min and 3 intervals. */
export const DEFAULT_HEARTBEAT: Record<string, number> = {
  ai_camera: 60,
  smoke_sensor: 300,
  flame_sensor: 300,
  combustible_gas_sensor: 30,
  toxic_gas_sensor: 30,
  tower_crane_monitor: 30,
  construction_elevator_monitor: 30,
  elevator_monitor: 60,
  dust_noise_monitor: 300,
  access_gate: 300,
};

const base = (db: Db, actor: Actor) =>
  db
    .selectFrom('devices as d')
    .innerJoin('sites as s', 's.id', 'd.site_id')
    .leftJoin('enterprises as e', 'e.id', 'd.enterprise_id')
    .leftJoin('equipment as q', 'q.id', 'd.equipment_id')
    .leftJoin('regions as r', 'r.code', 'd.region_code')
    .where(inScope(actor, 'device', 'd'));

const columns = (qb: any) =>
  qb
    .selectAll('d')
    .select([
      's.name as site_name',
      's.kind as site_kind',
      's.lat as site_lat',
      's.lng as site_lng',
      'e.name as enterprise_name',
      'q.registration_code as equipment_code',
      'r.name_zh as region_name',
    ]);

export function deviceStatus(r: {
  active: boolean;
  online: boolean;
  last_seen_at: Date | string | null;
}): DeviceView['status'] {
  if (!r.active) return 'disabled';
  if (!r.last_seen_at) return 'never_seen';
  return r.online ? 'online' : 'offline';
}

const view = (r: any): DeviceView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  status: deviceStatus(r),
  siteId: r.site_id,
  siteName: r.site_name,
  siteKind: r.site_kind,
  enterpriseId: r.enterprise_id,
  enterpriseName: r.enterprise_name,
  equipmentId: r.equipment_id,
  equipmentCode: r.equipment_code,
  regionCode: r.region_code,
  regionName: r.region_name,
  lat: r.site_lat,
  lng: r.site_lng,
  vendor: r.vendor,
  model: r.model,
  heartbeatSeconds: r.heartbeat_seconds,
  active: r.active,
  note: r.note,
  lastSeenAt: r.last_seen_at ? iso(r.last_seen_at) : null,
  tokenPrefix: r.token_prefix,
  mqttTopic: topicOf({ regionCode: r.region_code, siteId: r.site_id, code: r.code }),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

export async function listDevices(db: Db, actor: Actor, q: Static<typeof DeviceQuery>) {
  let qb = base(db, actor);
  if (q.kind) qb = qb.where('d.kind', '=', q.kind);
  if (q.siteId) qb = qb.where('d.site_id', '=', q.siteId);
  if (q.enterpriseId) qb = qb.where('d.enterprise_id', '=', q.enterpriseId);
  if (q.regionCode) qb = qb.where(inRegion(q.regionCode, 'd'));
  if (q.status === 'disabled') qb = qb.where('d.active', '=', false);
  else if (q.status === 'never_seen')
    qb = qb.where('d.active', '=', true).where('d.last_seen_at', 'is', null);
  else if (q.status === 'online') qb = qb.where('d.active', '=', true).where('d.online', '=', true);
  else if (q.status === 'offline')
    qb = qb
      .where('d.active', '=', true)
      .where('d.online', '=', false)
      .where('d.last_seen_at', 'is not', null);
  if (q.q) qb = qb.where(searchAny(q.q, ['d.code', 'd.name', 's.name', 'e.name']));
  const page = await pageOf(qb, columns, {
    page: q.page,
    pageSize: q.pageSize,
    sortColumn: SORT[q.sort ?? 'code'],
    order: q.order,
    idColumn: 'd.id',
  });
  return { ...page, items: page.items.map(view) };
}

export async function getDevice(db: Db, actor: Actor, id: string): Promise<DeviceView> {
  const row = await columns(base(db, actor).where('d.id', '=', id)).executeTakeFirst();
  if (!row) throw notFound('Device');
  return view(row);
}

/** The site (and its owner and region) a device is bound to, if the actor may see it. */
async function visibleSite(trx: Db, actor: Actor, siteId: string) {
  const site = await trx
    .selectFrom('sites as s')
    .select(['s.id', 's.enterprise_id', 's.project_id', 's.region_code'])
    .where('s.id', '=', siteId)
    .where(inScope(actor, 'site', 's'))
    .executeTakeFirst();
  if (!site) throw validation('siteId', 'No such site in your jurisdiction');
  return site;
}

async function checkEquipment(trx: Db, actor: Actor, equipmentId: string | null | undefined) {
  if (!equipmentId) return;
  const eq = await trx
    .selectFrom('equipment as q')
    .select('q.id')
    .where('q.id', '=', equipmentId)
    .where(inScope(actor, 'equipment', 'q'))
    .executeTakeFirst();
  if (!eq) throw validation('equipmentId', 'No such equipment in your jurisdiction');
}

export async function createDevice(trx: Db, actor: Actor, input: Static<typeof DeviceInput>) {
  const site = await visibleSite(trx, actor, input.siteId);
  await checkEquipment(trx, actor, input.equipmentId);
  const taken = await trx
    .selectFrom('devices')
    .select('id')
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (taken) throw validation('code', `Device code ${input.code} is already registered`);
  const token = newDeviceToken();
  const row = await trx
    .insertInto('devices')
    .values({
      code: input.code,
      name: input.name.trim(),
      kind: input.kind,
      site_id: site.id,
      enterprise_id: site.enterprise_id,
      project_id: site.project_id,
      region_code: site.region_code,
      equipment_id: input.equipmentId ?? null,
      vendor: input.vendor ?? '',
      model: input.model ?? '',
      heartbeat_seconds: input.heartbeatSeconds ?? DEFAULT_HEARTBEAT[input.kind] ?? 60,
      active: input.active ?? true,
      note: input.note ?? '',
      token_hash: sha256Hex(token),
      token_prefix: tokenPrefixOf(token),
    })
    .returning(['id', 'region_code'])
    .executeTakeFirstOrThrow();
  await appendAudit(trx, {
    actor,
    action: 'device.create',
    subjectType: 'device',
    subjectId: row.id,
    regionCode: row.region_code,
    after: { code: input.code, kind: input.kind, siteId: site.id, equipmentId: input.equipmentId ?? null },
    details: { code: input.code },
  });
  return { id: row.id, token };
}

export async function updateDevice(trx: Db, actor: Actor, id: string, patch: Static<typeof DevicePatch>) {
  const current = await trx
    .selectFrom('devices as d')
    .selectAll('d')
    .where('d.id', '=', id)
    .where(inScope(actor, 'device', 'd'))
    .forUpdate()
    .executeTakeFirst();
  if (!current) throw notFound('Device');
  const set: Record<string, unknown> = { updated_at: sql`now()` };
  if (patch.siteId && patch.siteId !== current.site_id) {
    const site = await visibleSite(trx, actor, patch.siteId);
    Object.assign(set, {
      site_id: site.id,
      enterprise_id: site.enterprise_id,
      project_id: site.project_id,
      region_code: site.region_code,
    });
  }
  if (patch.equipmentId !== undefined) {
    await checkEquipment(trx, actor, patch.equipmentId);
    set.equipment_id = patch.equipmentId;
  }
  const simple: Record<string, string> = {
    name: 'name',
    kind: 'kind',
    vendor: 'vendor',
    model: 'model',
    heartbeatSeconds: 'heartbeat_seconds',
    active: 'active',
    note: 'note',
  };
  for (const [k, col] of Object.entries(simple)) {
    const v = (patch as Record<string, unknown>)[k];
    if (v !== undefined) set[col] = typeof v === 'string' ? v.trim() : v;
  }
  if (patch.active === false) set.online = false;
  await trx.updateTable('devices').set(set).where('id', '=', id).execute();
  await appendAudit(trx, {
    actor,
    action: 'device.update',
    subjectType: 'device',
    subjectId: id,
    regionCode: (set.region_code as string) ?? current.region_code,
    before: {
      siteId: current.site_id,
      kind: current.kind,
      active: current.active,
      equipmentId: current.equipment_id,
    },
    after: { ...patch },
    details: { code: current.code },
  });
  await notifyLive(trx, `D${current.code}`);
}

export async function rotateDeviceToken(trx: Db, actor: Actor, id: string) {
  const current = await trx
    .selectFrom('devices as d')
    .select(['d.id', 'd.code', 'd.region_code'])
    .where('d.id', '=', id)
    .where(inScope(actor, 'device', 'd'))
    .executeTakeFirst();
  if (!current) throw notFound('Device');
  const token = newDeviceToken();
  await trx
    .updateTable('devices')
    .set({ token_hash: sha256Hex(token), token_prefix: tokenPrefixOf(token), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
  await appendAudit(trx, {
    actor,
    action: 'device.rotate_token',
    subjectType: 'device',
    subjectId: id,
    regionCode: current.region_code,
    details: { code: current.code, prefix: tokenPrefixOf(token) },
  });
  await notifyLive(trx, `D${current.code}`);
  return token;
}

export async function deviceEvents(
  db: Db,
  actor: Actor,
  id: string,
  page: number,
  pageSize: number,
  type?: string,
) {
  await getDevice(db, actor, id);
  let qb = db.selectFrom('device_events as ev').where('ev.device_id', '=', id);
  if (type) qb = qb.where('ev.type', '=', type);
  const p = await pageOf(qb, (b) => b.selectAll('ev'), {
    page,
    pageSize,
    sortColumn: 'ev.time',
    order: 'desc',
    idColumn: 'ev.event_id',
  });
  return p;
}
