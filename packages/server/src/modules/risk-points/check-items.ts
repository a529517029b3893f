import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { validation } from '../../errors.ts';
import { checklistItems, type ItemRow } from './repo.ts';

/** The checklist items a point is linked to: each must exist in a published checklist version. */
export async function checkItems(db: Kysely<DB>, ids: readonly string[] | undefined): Promise<ItemRow[]> {
  if (!ids?.length) return [];
  const unique = [...new Set(ids)];
  const rows = await checklistItems(db, unique);
  for (const id of unique) {
    const row = rows.find((r) => r.item_id === id);
    if (!row) throw validation('checklistItemIds', `Checklist item ${id} not found`);
    if (row.status !== 'published')
      throw validation(
        'checklistItemIds',
        `Checklist item ${row.code} (${row.library_code}) is in a ${row.status} version; link an item of a published version`,
      );
  }
  return rows;
}
