import { sql, type Kysely } from 'kysely';
import type { ChecklistItemQuery } from '@redline/contracts';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../auth/actor.ts';
import { escapeLike } from '../../../auth/scope.ts';
import type { itemRow } from '../content.ts';
import { libraryVisible } from './libraries.ts';

/** Queries on checklist items: one item with its module, version and library; search; edits. */
type Q = Kysely<DB>;
type ItemValues = ReturnType<typeof itemRow>;

const itemSelect = (db: Q) =>
  db
    .selectFrom('checklist_items as i')
    .innerJoin('checklist_modules as m', 'm.id', 'i.module_id')
    .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select([
      'i.id',
      'i.version_id',
      'i.module_id',
      'i.sort',
      'i.body',
      'm.code as module_code',
      'm.name_zh as module_name_zh',
      'm.name_en as module_name_en',
      'm.table_code',
      'v.version',
      'v.status',
      'l.id as library_id',
      'l.code as library_code',
      'l.name_zh as library_name_zh',
      'l.name_en as library_name_en',
    ]);

export type ItemHitRow = Awaited<ReturnType<ReturnType<typeof itemSelect>['execute']>>[number];

/** An item with its module, version and library (whoever may see it: the caller checks). */
export function findItemHit(db: Q, itemId: string): Promise<ItemHitRow | undefined> {
  return itemSelect(db).where('i.id', '=', itemId).executeTakeFirst();
}

/**
 * Full-text search over the items of libraries the actor may see: every term must appear in the
 * item's search text; items whose titles contain more of the terms come first. Without a version,
 * only published versions are searched.
 */
export async function searchItemRows(
  db: Q,
  actor: Actor,
  query: ChecklistItemQuery,
  terms: string[],
  page: number,
  pageSize: number,
): Promise<{ rows: ItemHitRow[]; total: number }> {
  let base = itemSelect(db).where(libraryVisible(actor, 'l'));
  if (query.versionId) base = base.where('i.version_id', '=', query.versionId);
  else base = base.where('v.status', '=', 'published');
  if (query.libraryId) base = base.where('l.id', '=', query.libraryId);
  if (query.moduleId) base = base.where('i.module_id', '=', query.moduleId);
  if (query.grade) base = base.where('i.grade', '=', query.grade);
  if (query.method) base = base.where(sql<boolean>`i.body->'method'->>'kind' = ${query.method}`);
  for (const t of terms) base = base.where('i.search_text', 'like', `%${escapeLike(t)}%`);
  const { n } = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  let ordered = base;
  if (terms.length) {
    const titleHits = sql<number>`(${sql.join(
      terms.map(
        (t) =>
          sql`(CASE WHEN lower(i.title_zh || ' ' || i.title_en) LIKE ${'%' + escapeLike(t) + '%'} THEN 1 ELSE 0 END)`,
      ),
      sql` + `,
    )})`;
    ordered = ordered.orderBy(titleHits, 'desc');
  }
  const rows = await ordered
    .orderBy('l.code')
    .orderBy('m.sort')
    .orderBy('i.sort')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows, total: Number(n) };
}

export function findItem(db: Q, id: string) {
  return db.selectFrom('checklist_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function itemCodeTaken(db: Q, versionId: string, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('checklist_items')
    .select('id')
    .where('version_id', '=', versionId)
    .where('code', '=', code)
    .executeTakeFirst();
  return !!row;
}

export async function maxItemSort(db: Q, moduleId: string): Promise<number | null> {
  const { max } = await db
    .selectFrom('checklist_items')
    .select((eb) => eb.fn.max<number>('sort').as('max'))
    .where('module_id', '=', moduleId)
    .executeTakeFirstOrThrow();
  return max;
}

export async function insertItem(db: Q, row: ItemValues): Promise<string> {
  const r = await db.insertInto('checklist_items').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateItem(db: Q, id: string, row: ItemValues) {
  await db.updateTable('checklist_items').set(row).where('id', '=', id).execute();
}

export async function deleteItemRow(db: Q, id: string) {
  await db.deleteFrom('checklist_items').where('id', '=', id).execute();
}

export async function deleteItemsOfModule(db: Q, moduleId: string) {
  await db.deleteFrom('checklist_items').where('module_id', '=', moduleId).execute();
}

export function itemsOfModule(db: Q, moduleId: string) {
  return db
    .selectFrom('checklist_items')
    .select(['id', 'body', 'sort'])
    .where('module_id', '=', moduleId)
    .execute();
}

export async function setItemSearchText(db: Q, id: string, searchText: string) {
  await db.updateTable('checklist_items').set({ search_text: searchText }).where('id', '=', id).execute();
}
