import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { ChecklistModuleInput } from '@redline/contracts';
import { conflict } from '../../errors.ts';
import { insertModule, maxModuleSort, moduleCodeTaken } from './repo/modules.ts';
import { versionFor } from './visible.ts';

/** Adds a module to a draft (after the last one unless a sort is given); codes are unique per version. */
export async function addModule(
  db: Kysely<DB>,
  actor: Actor,
  versionId: string,
  input: ChecklistModuleInput,
) {
  await versionFor(db, actor, versionId, { draft: true });
  if (await moduleCodeTaken(db, versionId, input.code))
    throw conflict(`Module ${input.code} already exists in this version`, 'code');
  const max = await maxModuleSort(db, versionId);
  return insertModule(db, {
    version_id: versionId,
    code: input.code,
    sort: input.sort ?? (max ?? -1) + 1,
    name_zh: input.name.zh,
    name_en: input.name.en,
    description: JSON.stringify(input.description ?? { zh: '', en: '' }),
    table_code: input.table ?? null,
    has_split: input.hasSplit ?? null,
  });
}
