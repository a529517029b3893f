import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { ChecklistItem } from '@redline/contracts';
import { conflict, notFound, validation } from '../../errors.ts';
import { itemRow } from './content.ts';
import { checkItemFits } from './rules.ts';
import { findModuleInVersion } from './repo/modules.ts';
import { findItem, itemCodeTaken, updateItem } from './repo/items.ts';
import { versionFor } from './visible.ts';

/** Replaces a draft's item, optionally moving it to another module of the same version. */
export async function replaceItem(
  db: Kysely<DB>,
  actor: Actor,
  itemId: string,
  input: { moduleId?: string; item: ChecklistItem; sort?: number },
) {
  const it = await findItem(db, itemId);
  if (!it) throw notFound('Checklist item');
  const { version } = await versionFor(db, actor, it.version_id, { draft: true, what: 'Checklist item' });
  checkItemFits(version, input.item);
  const m = await findModuleInVersion(db, input.moduleId ?? it.module_id, it.version_id);
  if (!m) throw validation('moduleId', 'The module is not part of this version');
  if (input.item.code !== it.code && (await itemCodeTaken(db, it.version_id, input.item.code)))
    throw conflict(`Item ${input.item.code} already exists in this version`, 'item.code');
  const row = itemRow(
    it.version_id,
    m.id,
    { code: m.code, name: { zh: m.name_zh, en: m.name_en } },
    input.item,
    input.sort ?? it.sort,
  );
  await updateItem(db, itemId, row);
}
