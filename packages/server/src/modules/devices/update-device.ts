import type { Updateable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { DevicePatch } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import type { DevicesTable } from '../../db/schema-devices.ts';
import type { Actor } from '../../auth/actor.ts';
import { appendAudit } from '../../audit/chain.ts';
import { checkEquipment, lockDevice, siteForDevice, updateDeviceRow } from './repo.ts';
import { notifyLive } from './live-repo.ts';

/**
 * Edits a device: moving it to another site moves its owner and region with it; disabling it
 * takes it offline. Every instance drops the device from its cache on commit.
 */
export async function updateDevice(trx: Db, actor: Actor, id: string, patch: Static<typeof DevicePatch>) {
  const current = await lockDevice(trx, actor, id);
  const set: Updateable<DevicesTable> = {};
  if (patch.siteId && patch.siteId !== current.site_id) {
    const site = await siteForDevice(trx, actor, patch.siteId);
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
  if (patch.name !== undefined) set.name = patch.name.trim();
  if (patch.kind !== undefined) set.kind = patch.kind;
  if (patch.vendor !== undefined) set.vendor = patch.vendor.trim();
  if (patch.model !== undefined) set.model = patch.model.trim();
  if (patch.heartbeatSeconds !== undefined) set.heartbeat_seconds = patch.heartbeatSeconds;
  if (patch.active !== undefined) set.active = patch.active;
  if (patch.note !== undefined) set.note = patch.note.trim();
  if (patch.active === false) set.online = false;
  await updateDeviceRow(trx, id, set);
  await appendAudit(trx, {
    actor,
    action: 'device.update',
    subjectType: 'device',
    subjectId: id,
    regionCode: set.region_code ?? current.region_code,
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
