import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden } from '../../errors.ts';
import { updateVersion } from './repo/versions.ts';
import { versionFor } from './visible.ts';

/** Retires the published version: no longer proposed for new inspections; past ones keep it. */
export async function retireVersion(db: Kysely<DB>, actor: Actor, versionId: string, now: Date) {
  const { version, canEdit } = await versionFor(db, actor, versionId);
  if (!canEdit) throw forbidden('You may not retire versions of this library');
  if (version.status !== 'published')
    throw new AppError(
      'ILLEGAL_TRANSITION',
      `Only the published version can be retired; version ${version.version} is ${version.status}`,
    );
  await updateVersion(db, version.id, {
    status: 'retired',
    retired_at: now,
    retired_by: actor.userId,
    updated_at: now,
  });
}
