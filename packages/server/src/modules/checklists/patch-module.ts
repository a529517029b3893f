import type { Kysely, Updateable } from 'kysely';
import type { ChecklistModuleInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { ChecklistModulesTable } from '../../db/schema-checklists.ts';
import type { Actor } from '../../auth/actor.ts';
import { conflict } from '../../errors.ts';
import { itemRow } from './content.ts';
import { findModule, moduleCodeTaken, updateModule } from './repo/modules.ts';
import { itemsOfModule, setItemSearchText } from './repo/items.ts';
import { moduleFor } from './visible.ts';

/** Edits a draft's module; its items' search text follows a new code or name. */
export async function patchModule(
  db: Kysely<DB>,
  actor: Actor,
  moduleId: string,
  patch: Partial<ChecklistModuleInput>,
) {
  const m = await moduleFor(db, actor, moduleId, true);
  if (patch.code && patch.code !== m.code && (await moduleCodeTaken(db, m.version_id, patch.code)))
    throw conflict(`Module ${patch.code} already exists in this version`, 'code');
  const set: Updateable<ChecklistModulesTable> = {};
  if (patch.code) set.code = patch.code;
  if (patch.name) Object.assign(set, { name_zh: patch.name.zh, name_en: patch.name.en });
  if (patch.description) set.description = JSON.stringify(patch.description);
  if (patch.table !== undefined) set.table_code = patch.table;
  if (patch.hasSplit !== undefined) set.has_split = patch.hasSplit;
  if (patch.sort !== undefined) set.sort = patch.sort;
  if (Object.keys(set).length) await updateModule(db, moduleId, set);
  // Items carry their module's name in their search text.
  if (patch.name || patch.code) await reindexModule(db, moduleId);
}

async function reindexModule(db: Kysely<DB>, moduleId: string) {
  const m = await findModule(db, moduleId);
  if (!m) throw new Error(`checklist module ${moduleId} vanished while it was being edited`);
  const items = await itemsOfModule(db, moduleId);
  for (const it of items) {
    const row = itemRow(
      m.version_id,
      m.id,
      { code: m.code, name: { zh: m.name_zh, en: m.name_en } },
      it.body,
      it.sort,
    );
    await setItemSearchText(db, it.id, row.search_text);
  }
}
