import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import { deleteItemRow, findItem } from './repo/items.ts';
import { refreshItemCount } from './repo/version-content.ts';
import { versionFor } from './visible.ts';

/** Deletes a draft's item and recounts the draft's items. */
export async function deleteItem(db: Kysely<DB>, actor: Actor, itemId: string) {
  const it = await findItem(db, itemId);
  if (!it) throw notFound('Checklist item');
  await versionFor(db, actor, it.version_id, { draft: true, what: 'Checklist item' });
  await deleteItemRow(db, itemId);
  await refreshItemCount(db, it.version_id);
}
