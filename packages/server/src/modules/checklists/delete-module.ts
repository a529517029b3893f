import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { deleteModuleRow } from './repo/modules.ts';
import { deleteItemsOfModule } from './repo/items.ts';
import { refreshItemCount } from './repo/version-content.ts';
import { moduleFor } from './visible.ts';

/** Deletes a draft's module with its items, and recounts the draft's items. */
export async function deleteModule(db: Kysely<DB>, actor: Actor, moduleId: string) {
  const m = await moduleFor(db, actor, moduleId, true);
  await deleteItemsOfModule(db, moduleId);
  await deleteModuleRow(db, moduleId);
  await refreshItemCount(db, m.version_id);
}
