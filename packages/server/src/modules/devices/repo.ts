import { sql, type Insertable, type Updateable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { DeviceQuery } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import type { DevicesTable, DeviceSnapshotsTable } from '../../db/schema-devices.ts';
import type { Actor } from '../../auth/actor.ts';
import { inRegion, inScope } from '../../auth/scope.ts';
import { notFound, validation } from '../../errors.ts';
import { key, keysetPage, nullsLast, searchAny, type SortKey } from '../../db/paging.ts';

/** Queries of the device registry, its events and snapshots. */

const SORT: Record<string, SortKey> = {
  code: key('d.code', 'text'),
  name: key('d.name', 'text'),
  kind: key('d.kind', 'text'),
  lastSeenAt: nullsLast('d.last_seen_at', 'timestamptz'),
  createdAt: key('d.created_at', 'timestamptz'),
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

const columns = (qb: ReturnType<typeof base>) =>
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

/** A device with its site, owner, equipment and region names (presenters.deviceView). */
export type DeviceRow = Awaited<ReturnType<ReturnType<typeof columns>['executeTakeFirstOrThrow']>>;

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
  const sort = q.sort ?? 'code';
  return keysetPage(db, qb, columns, {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName: sort,
    sort: SORT[sort]!,
    order: q.order ?? 'asc',
    idColumn: 'd.id',
  });
}

export async function getDevice(db: Db, actor: Actor, id: string): Promise<DeviceRow> {
  const row = await columns(base(db, actor).where('d.id', '=', id)).executeTakeFirst();
  if (!row) throw notFound('Device');
  return row;
}

/** The site (and its owner and region) a device is bound to, if the actor may see it. */
export async function siteForDevice(trx: Db, actor: Actor, siteId: string) {
  const site = await trx
    .selectFrom('sites as s')
    .select(['s.id', 's.enterprise_id', 's.project_id', 's.region_code'])
    .where('s.id', '=', siteId)
    .where(inScope(actor, 'site', 's'))
    .executeTakeFirst();
  if (!site) throw validation('siteId', 'No such site in your jurisdiction');
  return site;
}

export async function checkEquipment(trx: Db, actor: Actor, equipmentId: string | null | undefined) {
  if (!equipmentId) return;
  const eq = await trx
    .selectFrom('equipment as q')
    .select('q.id')
    .where('q.id', '=', equipmentId)
    .where(inScope(actor, 'equipment', 'q'))
    .executeTakeFirst();
  if (!eq) throw validation('equipmentId', 'No such equipment in your jurisdiction');
}

export async function deviceCodeTaken(trx: Db, code: string): Promise<boolean> {
  const taken = await trx.selectFrom('devices').select('id').where('code', '=', code).executeTakeFirst();
  return !!taken;
}

export async function insertDevice(trx: Db, values: Insertable<DevicesTable>) {
  return trx.insertInto('devices').values(values).returning(['id', 'region_code']).executeTakeFirstOrThrow();
}

/** The device row, locked for an edit, if the actor may see it. */
export async function lockDevice(trx: Db, actor: Actor, id: string) {
  const row = await trx
    .selectFrom('devices as d')
    .selectAll('d')
    .where('d.id', '=', id)
    .where(inScope(actor, 'device', 'd'))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Device');
  return row;
}

/** Changes a device's columns (and its updated_at). */
export async function updateDeviceRow(trx: Db, id: string, changes: Updateable<DevicesTable>) {
  await trx
    .updateTable('devices')
    .set({ updated_at: sql`now()`, ...changes })
    .where('id', '=', id)
    .execute();
}

/** Code and region of a device the actor may see (for a token rotation). */
export async function deviceIdentity(trx: Db, actor: Actor, id: string) {
  const row = await trx
    .selectFrom('devices as d')
    .select(['d.id', 'd.code', 'd.region_code'])
    .where('d.id', '=', id)
    .where(inScope(actor, 'device', 'd'))
    .executeTakeFirst();
  if (!row) throw notFound('Device');
  return row;
}

export async function deviceEvents(
  db: Db,
  actor: Actor,
  id: string,
  cursor: string | undefined,
  pageSize: number,
  type?: string,
) {
  await getDevice(db, actor, id);
  let qb = db.selectFrom('device_events as ev').where('ev.device_id', '=', id);
  if (type) qb = qb.where('ev.type', '=', type);
  return keysetPage(db, qb, (b) => b.selectAll('ev'), {
    cursor,
    pageSize,
    sortName: 'time',
    sort: key('ev.time', 'timestamptz'),
    order: 'desc',
    idColumn: 'ev.event_id',
    idType: 'text',
  });
}

/** Whole device rows by code (the ingest device cache). */
export async function devicesByCodes(db: Db, codes: string[]) {
  return db
    .selectFrom('devices')
    .selectAll('devices')
    .select(
      sql<string | null>`(SELECT p.stage FROM projects p WHERE p.id = devices.project_id)`.as(
        'project_stage',
      ),
    )
    .where('code', 'in', codes)
    .execute();
}

export type DeviceRecord = Awaited<ReturnType<typeof devicesByCodes>>[number];

export async function deviceCodeByTokenHash(db: Db, hash: string): Promise<string | null> {
  const row = await db.selectFrom('devices').select('code').where('token_hash', '=', hash).executeTakeFirst();
  return row?.code ?? null;
}

/**
 * Active devices marked online but silent for longer than the offline rule allows (the longer of
 * `afterSeconds` and three heartbeats), locked, at most 500.
 */
export async function silentDevices(trx: Db, now: Date, afterSeconds: number) {
  return trx
    .selectFrom('devices')
    .selectAll()
    .where('active', '=', true)
    .where('online', '=', true)
    .where(
      'last_seen_at',
      '<',
      sql<Date>`${now}::timestamptz - make_interval(secs => greatest(${afterSeconds}, 3 * heartbeat_seconds))`,
    )
    .orderBy('id')
    .limit(500)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markDevicesOffline(trx: Db, ids: string[]) {
  await trx.updateTable('devices').set({ online: false }).where('id', 'in', ids).execute();
}

export async function insertSnapshot(db: Db, values: Insertable<DeviceSnapshotsTable>) {
  return db
    .insertInto('device_snapshots')
    .values(values)
    .returning(['id', 'content_type', 'size'])
    .executeTakeFirstOrThrow();
}

/** A stored snapshot of one device. */
export async function deviceSnapshot(db: Db, id: string, deviceId: string) {
  return db
    .selectFrom('device_snapshots')
    .select(['data', 'content_type'])
    .where('id', '=', id)
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
}

/** The registry facts of a device's bound equipment (for the inspection and registration cross-checks). */
export async function boundEquipmentRow(trx: Db, equipmentId: string) {
  return trx
    .selectFrom('equipment as e')
    .innerJoin('equipment_categories as ec', 'ec.code', 'e.category_code')
    .select([
      'e.id',
      'e.registration_code',
      'e.category_code',
      'e.type_name',
      'e.registered_on',
      'e.last_inspection_on',
      'e.last_inspection_result',
      'e.next_inspection_on',
      'ec.warn_days',
    ])
    .where('e.id', '=', equipmentId)
    .executeTakeFirst();
}
