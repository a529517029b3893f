import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { sha256Hex } from '../../crypto.ts';
import { appendAudit } from '../../audit/chain.ts';
import { newDeviceToken, tokenPrefixOf } from './device-cache.ts';
import { deviceIdentity, updateDeviceRow } from './repo.ts';
import { notifyLive } from './live-repo.ts';

/** Issues a new device token; the old one stops working on every instance when this commits. */
export async function rotateDeviceToken(trx: Db, actor: Actor, id: string): Promise<string> {
  const current = await deviceIdentity(trx, actor, id);
  const token = newDeviceToken();
  await updateDeviceRow(trx, id, { token_hash: sha256Hex(token), token_prefix: tokenPrefixOf(token) });
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
