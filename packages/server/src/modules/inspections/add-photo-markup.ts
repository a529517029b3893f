import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { storeFile, type FileRow } from '../../storage/files.ts';
import { appendPhoto } from './repo/findings.ts';
import { derivedFromOf, linkMarkup } from './repo/photo-markup.ts';
import { markStarted, openForRecording, requireFinding } from './recording.ts';
import { MAX_PHOTOS } from './add-photo.ts';

/**
 * A marked-up copy of one of an item's photos (circles and arrows drawn on the phone): stored as a
 * file of its own, linked to the original (files.derived_from, migration 0971) and attached to the
 * item beside it. The original is never touched: it stays the evidence, with its EXIF time and place.
 */
export async function addPhotoMarkup(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now' | 'config' | 'database'>,
  actor: Actor,
  inspectionId: string,
  findingId: string,
  originalId: string,
  upload: { buffer: Buffer; filename: string; mimetype?: string },
): Promise<FileRow> {
  const i = await openForRecording(trx, actor, inspectionId);
  const f = await requireFinding(trx, i.id, findingId);
  if (!f.photo_file_ids.includes(originalId))
    throw new AppError('NOT_FOUND', 'This item has no such photo to mark up', 'fileId');
  if (await derivedFromOf(trx, originalId))
    throw new AppError('VALIDATION', 'Mark up the original photo, not a marked-up copy of it', 'fileId');
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
  if (file.id === originalId)
    throw new AppError('VALIDATION', 'The marked-up photo is the original itself: draw on it first', 'file');
  if (file.derived_from && file.derived_from !== originalId)
    throw new AppError('VALIDATION', 'This picture is already the mark-up of another photo', 'file');
  const linked = file.derived_from ? file : await linkMarkup(trx, file.id, originalId);
  if (!f.photo_file_ids.includes(linked.id)) await appendPhoto(trx, f.id, linked.id);
  await markStarted(trx, i, deps.now());
  return linked;
}
