import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, notFound } from '../../errors.ts';
import { detectFile } from '../../storage/detect.ts';
import type { DeviceInfo } from './device-cache.ts';
import { getAlarm } from './alarms-repo.ts';
import { deviceSnapshot, insertSnapshot } from './repo.ts';

export const MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024;

/**
 * A camera's snapshot: checked by its bytes (JPEG or PNG, whole), at most 2 MB, kept in the
 * database so every instance can serve it, and served only through an alarm the caller may see.
 */
export async function storeSnapshot(db: Db, device: DeviceInfo, buf: Buffer) {
  if (buf.length === 0) throw new AppError('EMPTY_FILE', 'The image is empty', 'file');
  if (buf.length > MAX_SNAPSHOT_BYTES)
    throw new AppError(
      'FILE_TOO_LARGE',
      `A snapshot may be at most ${MAX_SNAPSHOT_BYTES / 1024 / 1024} MB`,
      'file',
    );
  const detected = detectFile(buf);
  if (!detected.ok) throw new AppError(detected.code, detected.message, 'file');
  if (detected.mime !== 'image/jpeg' && detected.mime !== 'image/png')
    throw new AppError('UNSUPPORTED_FILE', `This is ${detected.mime}; send a JPEG or PNG snapshot`, 'file');
  const row = await insertSnapshot(db, {
    device_id: device.id,
    region_code: device.regionCode,
    content_type: detected.mime,
    size: buf.length,
    sha256: createHash('sha256').update(buf).digest('hex'),
    width: detected.width ?? null,
    height: detected.height ?? null,
    data: buf,
  });
  return { id: row.id, ref: `snapshot:${row.id}`, contentType: row.content_type, size: row.size };
}

/** The snapshot of an alarm, if the caller may see the alarm and the snapshot belongs to its device. */
export async function alarmSnapshot(db: Db, actor: Actor, alarmId: string) {
  const alarm = await getAlarm(db, actor, alarmId);
  const ref = alarm.image_ref;
  if (!ref || !/^snapshot:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(ref))
    throw notFound('Snapshot');
  const row = await deviceSnapshot(db, ref.slice('snapshot:'.length), alarm.device_id);
  if (!row) throw notFound('Snapshot');
  return row;
}
