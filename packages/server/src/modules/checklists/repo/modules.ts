import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { ChecklistModulesTable } from '../../../db/schema-checklists.ts';

/** Queries on the modules of a checklist version. */
type Q = Kysely<DB>;

export function findModule(db: Q, id: string) {
  return db.selectFrom('checklist_modules').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The module, only if it is part of this version. */
export function findModuleInVersion(db: Q, moduleId: string, versionId: string) {
  return db
    .selectFrom('checklist_modules')
    .selectAll()
    .where('id', '=', moduleId)
    .where('version_id', '=', versionId)
    .executeTakeFirst();
}

export async function moduleCodeTaken(db: Q, versionId: string, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('checklist_modules')
    .select('id')
    .where('version_id', '=', versionId)
    .where('code', '=', code)
    .executeTakeFirst();
  return !!row;
}

export async function maxModuleSort(db: Q, versionId: string): Promise<number | null> {
  const { max } = await db
    .selectFrom('checklist_modules')
    .select((eb) => eb.fn.max<number>('sort').as('max'))
    .where('version_id', '=', versionId)
    .executeTakeFirstOrThrow();
  return max;
}

export async function insertModule(db: Q, values: Insertable<ChecklistModulesTable>): Promise<string> {
  const m = await db.insertInto('checklist_modules').values(values).returning('id').executeTakeFirstOrThrow();
  return m.id;
}

export async function updateModule(db: Q, id: string, set: Updateable<ChecklistModulesTable>) {
  await db.updateTable('checklist_modules').set(set).where('id', '=', id).execute();
}

export async function deleteModuleRow(db: Q, id: string) {
  await db.deleteFrom('checklist_modules').where('id', '=', id).execute();
}
