import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { ChecklistVersionsTable } from '../../../db/schema-checklists.ts';

/** Queries on checklist versions (a library's drafts, published, superseded and retired versions). */
type Q = Kysely<DB>;

/** Versions of these libraries, newest first. */
export function versionsOfLibraries(db: Q, libraryIds: string[]) {
  return db
    .selectFrom('checklist_versions')
    .selectAll()
    .where('library_id', 'in', libraryIds)
    .orderBy('version', 'desc')
    .execute();
}

/** Versions of one library, newest first. */
export function versionsOfLibrary(db: Q, libraryId: string) {
  return db
    .selectFrom('checklist_versions')
    .selectAll()
    .where('library_id', '=', libraryId)
    .orderBy('version', 'desc')
    .execute();
}

export function findVersion(db: Q, id: string) {
  return db.selectFrom('checklist_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The library's draft (a library has at most one). */
export function findDraftOf(db: Q, libraryId: string) {
  return db
    .selectFrom('checklist_versions')
    .select(['id', 'version'])
    .where('library_id', '=', libraryId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
}

export async function maxVersionOf(db: Q, libraryId: string): Promise<number | null> {
  const { max } = await db
    .selectFrom('checklist_versions')
    .select((eb) => eb.fn.max<number>('version').as('max'))
    .where('library_id', '=', libraryId)
    .executeTakeFirstOrThrow();
  return max;
}

export async function insertVersion(db: Q, values: Insertable<ChecklistVersionsTable>): Promise<string> {
  const v = await db
    .insertInto('checklist_versions')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return v.id;
}

export async function updateVersion(db: Q, id: string, set: Updateable<ChecklistVersionsTable>) {
  await db.updateTable('checklist_versions').set(set).where('id', '=', id).execute();
}

/** Deletes a version; its modules and items go with it (ON DELETE CASCADE). */
export async function deleteVersion(db: Q, id: string) {
  await db.deleteFrom('checklist_versions').where('id', '=', id).execute();
}

/** The library's published version (if any) becomes superseded. */
export async function supersedePublished(db: Q, libraryId: string, now: Date) {
  await db
    .updateTable('checklist_versions')
    .set({ status: 'superseded', updated_at: now })
    .where('library_id', '=', libraryId)
    .where('status', '=', 'published')
    .execute();
}

/** A version's modules in order, each with its number of items. */
export function modulesWithItemCounts(db: Q, versionId: string) {
  return db
    .selectFrom('checklist_modules as m')
    .select([
      'm.id',
      'm.code',
      'm.name_zh',
      'm.name_en',
      'm.description',
      'm.table_code',
      'm.has_split',
      'm.sort',
    ])
    .select((eb) =>
      eb
        .selectFrom('checklist_items as i')
        .whereRef('i.module_id', '=', 'm.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('item_count'),
    )
    .where('m.version_id', '=', versionId)
    .orderBy('m.sort')
    .orderBy('m.code')
    .execute();
}

export type ModuleCountRow = Awaited<ReturnType<typeof modulesWithItemCounts>>[number];
