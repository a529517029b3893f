import type { Static } from '@sinclair/typebox';
import type { DeviceInput } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { validation } from '../../errors.ts';
import { sha256Hex } from '../../crypto.ts';
import { appendAudit } from '../../audit/chain.ts';
import { newDeviceToken, tokenPrefixOf } from './device-cache.ts';
import { checkEquipment, DEFAULT_HEARTBEAT, deviceCodeTaken, insertDevice, siteForDevice } from './repo.ts';

/**
 * Registers a device at a site the actor may see (owner and region follow the site) with a new
 * token; only the token's hash is stored, the token itself is answered once.
 */
export async function createDevice(trx: Db, actor: Actor, input: Static<typeof DeviceInput>) {
  const site = await siteForDevice(trx, actor, input.siteId);
  await checkEquipment(trx, actor, input.equipmentId);
  if (await deviceCodeTaken(trx, input.code))
    throw validation('code', `Device code ${input.code} is already registered`);
  const token = newDeviceToken();
  const row = await insertDevice(trx, {
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
  });
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
