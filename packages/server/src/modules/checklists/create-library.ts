import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { ChecklistLibraryInput } from '@redline/contracts';
import { conflict, forbidden, validation } from '../../errors.ts';
import { EDITORS } from './rules.ts';
import { findVisibleLibrary, insertLibrary, libraryCodeTaken, regionExists } from './repo/libraries.ts';
import { insertVersion } from './repo/versions.ts';

/**
 * Creates a library with an empty draft (version 1): national ones by system administrators,
 * local ones (optionally on top of a national library) in the creator's jurisdiction.
 */
export async function createLibrary(
  db: Kysely<DB>,
  actor: Actor,
  input: ChecklistLibraryInput,
): Promise<{ libraryId: string; versionId: string }> {
  const region = input.regionCode ?? (actor.regionCode === '' ? '' : actor.regionCode);
  if (!EDITORS.includes(actor.role))
    throw forbidden('Only administrators and leaders create checklist libraries');
  if (!region.startsWith(actor.regionCode))
    throw validation(
      'regionCode',
      `A library you create must belong to your jurisdiction (${actor.regionCode || 'national'})`,
    );
  if (region !== '' && !(await regionExists(db, region)))
    throw validation('regionCode', `Unknown division code ${region}`);
  if (input.extendsLibraryId) {
    const base = await findVisibleLibrary(db, actor, input.extendsLibraryId);
    if (!base) throw validation('extendsLibraryId', 'The library to extend does not exist');
    if (base.region_code !== '')
      throw validation('extendsLibraryId', 'Local modules go on top of a national library');
    if (region === '')
      throw validation(
        'regionCode',
        'A library that adds local modules belongs to a jurisdiction; give regionCode',
      );
  }
  if (await libraryCodeTaken(db, input.code))
    throw conflict(`A library with code ${input.code} already exists`, 'code');
  const libraryId = await insertLibrary(db, {
    code: input.code,
    name_zh: input.name.zh,
    name_en: input.name.en,
    scope: input.scope,
    region_code: region,
    authority_id: actor.authorityId,
    extends_library_id: input.extendsLibraryId ?? null,
    origin: 'ui',
    created_by: actor.userId,
  });
  const versionId = await insertVersion(db, {
    library_id: libraryId,
    version: 1,
    status: 'draft',
    name_zh: input.name.zh,
    name_en: input.name.en,
    edition: input.edition ?? '',
    scored: input.scored ?? false,
    source: 'ui',
    created_by: actor.userId,
  });
  return { libraryId, versionId };
}
