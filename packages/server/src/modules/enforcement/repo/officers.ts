import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { DocumentOfficersTable } from '../../../db/schema-enforcement.ts';

/** The officers a document names: its inspection's team and the officers named on the document itself. */
type Db = Kysely<DB>;

/** The team of an inspection with the officers' accounts as they are now. */
export async function inspectionOfficers(db: Db, inspectionId: string) {
  return db
    .selectFrom('inspection_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.role', 'u.display_name', 'u.licence_no', 'u.active', 'm.confirmed_at'])
    .where('m.inspection_id', '=', inspectionId)
    .orderBy('m.role')
    .orderBy('u.display_name')
    .execute();
}

/** The officers named on a draft (or frozen with an issued document). */
export async function namedOfficers(db: Db, documentId: string) {
  return db
    .selectFrom('document_officers as o')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .select(['o.user_id', 'u.display_name', 'u.licence_no', 'u.active', 'o.confirmed_at', 'o.named_at'])
    .where('o.document_id', '=', documentId)
    .orderBy('o.named_at')
    .orderBy('u.display_name')
    .execute();
}

/** Accounts by id, with what naming them as officers needs. */
export async function officerAccounts(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'licence_no', 'active', 'role', 'region_code', 'authority_id'])
    .where('id', 'in', ids)
    .execute();
}

export async function insertOfficers(db: Db, rows: Insertable<DocumentOfficersTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('document_officers')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function confirmNamedOfficer(db: Db, documentId: string, userId: string, at: Date) {
  await db
    .updateTable('document_officers')
    .set({ confirmed_at: at })
    .where('document_id', '=', documentId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteNamedOfficer(db: Db, documentId: string, userId: string) {
  const r = await db
    .deleteFrom('document_officers')
    .where('document_id', '=', documentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

/** The kind of the inspection a document comes from (its own link, not a scoped read). */
export async function inspectionKind(db: Db, inspectionId: string) {
  return db
    .selectFrom('inspections')
    .select(['id', 'kind'])
    .where('id', '=', inspectionId)
    .executeTakeFirst();
}
