import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import { validateLibrary } from './library-file.ts';
import { supersedePublished, updateVersion } from './repo/versions.ts';
import { versionToFile } from './repo/version-content.ts';
import { versionFor } from './visible.ts';

/**
 * Publishes a draft after checking it as a whole (as an imported file would be checked); the
 * version published before it becomes 'superseded' — still there, unchanged, for the inspections
 * that used it.
 */
export async function publishVersion(db: Kysely<DB>, actor: Actor, versionId: string, now: Date) {
  const { version, library } = await versionFor(db, actor, versionId, { draft: true });
  const file = await versionToFile(db, versionId);
  const check = validateLibrary(file);
  if (!check.ok) {
    throw new AppError(
      'DRAFT_INVALID',
      `The draft cannot be published yet: ${check.problems[0].message}${check.problems.length > 1 ? ` (and ${check.problems.length - 1} more)` : ''}`,
      check.problems[0].path,
      { problems: check.problems },
    );
  }
  if (!file.modules.length) throw new AppError('DRAFT_INVALID', 'The draft has no modules');
  await supersedePublished(db, library.id, now);
  await updateVersion(db, version.id, {
    status: 'published',
    published_at: now,
    published_by: actor.userId,
    updated_at: now,
  });
}
