import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import { removePhotoId } from './repo/findings.ts';
import { openForRecording, requireFinding } from './recording.ts';

/** Takes a photo off an item. */
export async function removePhoto(
  trx: Kysely<DB>,
  actor: Actor,
  inspectionId: string,
  findingId: string,
  fileId: string,
) {
  const i = await openForRecording(trx, actor, inspectionId);
  const f = await requireFinding(trx, i.id, findingId);
  if (!f.photo_file_ids.includes(fileId)) throw notFound('Photo');
  await removePhotoId(trx, f.id, fileId);
}
