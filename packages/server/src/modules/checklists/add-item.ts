import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { ChecklistItem } from '@redline/contracts';
import { conflict, validation } from '../../errors.ts';
import { itemRow } from './content.ts';
import { checkItemFits } from './rules.ts';
import { findModuleInVersion } from './repo/modules.ts';
import { insertItem, itemCodeTaken, maxItemSort } from './repo/items.ts';
import { refreshItemCount } from './repo/version-content.ts';
import { versionFor } from './visible.ts';

/** Adds an item to a draft's module (at its end unless a sort is given); codes are unique per version. */
export async function addItem(
  db: Kysely<DB>,
  actor: Actor,
  versionId: string,
  input: { moduleId: string; item: ChecklistItem; sort?: number },
) {
  const { version } = await versionFor(db, actor, versionId, { draft: true });
  const m = await findModuleInVersion(db, input.moduleId, versionId);
  if (!m) throw validation('moduleId', 'The module is not part of this version');
  checkItemFits(version, input.item);
  if (await itemCodeTaken(db, versionId, input.item.code))
    throw conflict(`Item ${input.item.code} already exists in this version`, 'item.code');
  const max = await maxItemSort(db, m.id);
  const row = itemRow(
    versionId,
    m.id,
    { code: m.code, name: { zh: m.name_zh, en: m.name_en } },
    input.item,
    input.sort ?? (max ?? -1) + 1,
  );
  const id = await insertItem(db, row);
  await refreshItemCount(db, versionId);
  return id;
}
