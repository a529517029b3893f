import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { canEditLibrary } from './rules.ts';
import { findVisibleLibrary } from './repo/libraries.ts';
import { findVersion } from './repo/versions.ts';
import { findModule } from './repo/modules.ts';

/**
 * Loading a library, version or module the actor may see — or edit now. Drafts are seen only by
 * those who may edit: administrators and leaders whose jurisdiction contains the library's.
 */
type Q = Kysely<DB>;

/** The library row, if visible; with `edit`, also checks the actor may edit it (403 otherwise). */
export async function libraryFor(db: Q, actor: Actor, id: string, edit: boolean) {
  const l = await findVisibleLibrary(db, actor, id);
  if (!l) throw notFound('Checklist library');
  if (edit && !canEditLibrary(actor, l)) {
    throw forbidden(
      l.region_code === ''
        ? 'This is a national library: only a system administrator edits it. Add a local library on top of it for your jurisdiction.'
        : 'This library belongs to another jurisdiction; only its administrators and leaders edit it',
    );
  }
  return l;
}

/**
 * A version the actor may see (drafts only for editors); with `draft`, one they may edit now.
 * `what` names the record the caller asked for (an item, a module): one they may not see answers
 * exactly like a missing one of that kind.
 */
export async function versionFor(
  db: Q,
  actor: Actor,
  versionId: string,
  opts: { draft?: boolean; what?: string } = {},
) {
  const what = opts.what ?? 'Checklist version';
  const v = await findVersion(db, versionId);
  if (!v) throw notFound(what);
  const lib = await findVisibleLibrary(db, actor, v.library_id);
  if (!lib) throw notFound(what);
  const canEdit = canEditLibrary(actor, lib);
  if (v.status === 'draft' && !canEdit) throw notFound(what);
  if (opts.draft) {
    if (!canEdit)
      throw forbidden(
        lib.region_code === ''
          ? 'Only a system administrator edits a national library'
          : 'You may not edit this library',
      );
    if (v.status !== 'draft')
      throw new AppError(
        'VERSION_FROZEN',
        `Version ${v.version} is ${v.status}: it can no longer change. Start a new draft to make changes.`,
      );
  }
  return { version: v, library: lib, canEdit };
}

/** A module of a version the actor may see; with `draft`, of a draft they may edit now. */
export async function moduleFor(db: Q, actor: Actor, moduleId: string, draft: boolean) {
  const m = await findModule(db, moduleId);
  if (!m) throw notFound('Checklist module');
  await versionFor(db, actor, m.version_id, { draft, what: 'Checklist module' });
  return m;
}
