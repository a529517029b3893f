import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { storeFile, type FileRow } from '../../storage/files.ts';
import { appendPhoto } from './repo/findings.ts';
import { markStarted, openForRecording, requireFinding } from './recording.ts';

/** Photos are checked by content, stored by content and attached to the finding. */
export const MAX_PHOTOS = 12;

export async function addPhoto(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now' | 'config' | 'database'>,
  actor: Actor,
  inspectionId: string,
  findingId: string,
  upload: { buffer: Buffer; filename: string; mimetype?: string },
): Promise<FileRow> {
  const i = await openForRecording(trx, actor, inspectionId);
  const f = await requireFinding(trx, i.id, findingId);
  if (f.photo_file_ids.length >= MAX_PHOTOS)
    throw new AppError('TOO_MANY_PHOTOS', `At most ${MAX_PHOTOS} photos per item`, 'file');
  const file = await storeFile(
    deps,
    {
      buffer: upload.buffer,
      filename: upload.filename,
      declaredType: upload.mimetype,
      kinds: ['image'],
      maxBytes: deps.config.MAX_UPLOAD_MB * 1024 * 1024,
      uploadedBy: actor.userId,
      regionCode: i.region_code,
      enterpriseId: i.enterprise_id,
      owner: { kind: 'inspection', id: i.id },
    },
    trx,
  );
  if (!f.photo_file_ids.includes(file.id)) await appendPhoto(trx, f.id, file.id);
  await markStarted(trx, i, deps.now());
  return file;
}
