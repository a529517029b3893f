import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import { findDraftOf, insertVersion, versionsOfLibrary } from './repo/versions.ts';
import { versionToFile, writeContent } from './repo/version-content.ts';
import { libraryFor } from './visible.ts';

/** A new draft: a copy of the current published version (or of the latest one), or empty. */
export async function createDraft(db: Kysely<DB>, actor: Actor, libraryId: string): Promise<string> {
  const lib = await libraryFor(db, actor, libraryId, true);
  const existing = await findDraftOf(db, lib.id);
  if (existing)
    throw new AppError(
      'DRAFT_EXISTS',
      `Version ${existing.version} is already a draft; edit it or discard it first`,
      undefined,
      { versionId: existing.id },
    );
  const versions = await versionsOfLibrary(db, lib.id);
  const from = versions.find((v) => v.status === 'published') ?? versions[0];
  const next = (versions[0]?.version ?? 0) + 1;
  const draftId = await insertVersion(db, {
    library_id: lib.id,
    version: next,
    status: 'draft',
    label: String(next),
    name_zh: from?.name_zh ?? lib.name_zh,
    name_en: from?.name_en ?? lib.name_en,
    edition: from?.edition ?? '',
    description: JSON.stringify(from?.description ?? { zh: '', en: '' }),
    scored: from?.scored ?? false,
    summary: JSON.stringify(from?.summary ?? []),
    effective_on: from?.effective_on ?? null,
    source: from ? `ui (from version ${from.version})` : 'ui',
    created_by: actor.userId,
  });
  if (from) {
    const file = await versionToFile(db, from.id);
    await writeContent(db, draftId, file.modules);
  }
  return draftId;
}
