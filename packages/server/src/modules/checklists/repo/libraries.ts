import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { ChecklistLibrariesTable } from '../../../db/schema-checklists.ts';
import type { Actor } from '../../../auth/actor.ts';
import { escapeLike } from '../../../auth/scope.ts';

/**
 * Queries on checklist libraries. Visibility: a national library (region '') is seen by everyone; a
 * local library by the people of its jurisdiction (inside it) and of the jurisdictions above it.
 */
type Q = Kysely<DB>;

/** Libraries this actor may see. */
export const libraryVisible = (actor: Actor, alias = 'l') => {
  const region = sql.ref(`${alias}.region_code`);
  if (actor.regionCode === '') return sql<boolean>`true`;
  return sql<boolean>`(${region} = '' OR ${actor.regionCode} LIKE ${region} || '%' OR ${region} LIKE ${escapeLike(actor.regionCode) + '%'})`;
};

const withNames = (db: Q) =>
  db
    .selectFrom('checklist_libraries as l')
    .leftJoin('regions as r', 'r.code', 'l.region_code')
    .leftJoin('checklist_libraries as base', 'base.id', 'l.extends_library_id')
    .selectAll('l')
    .select(['r.name_zh as region_name', 'base.code as extends_code']);

/** Visible libraries with their region's name and the code of the library they extend. */
export function listVisibleLibraries(db: Q, actor: Actor) {
  return withNames(db).where(libraryVisible(actor)).orderBy('l.region_code').orderBy('l.code').execute();
}

export type NamedLibraryRow = Awaited<ReturnType<typeof listVisibleLibraries>>[number];

/** One visible library with its region's name and the code of the library it extends. */
export function findVisibleNamedLibrary(
  db: Q,
  actor: Actor,
  id: string,
): Promise<NamedLibraryRow | undefined> {
  return withNames(db).where('l.id', '=', id).where(libraryVisible(actor)).executeTakeFirst();
}

/** The library row, if the actor may see it. */
export function findVisibleLibrary(db: Q, actor: Actor, id: string) {
  return db
    .selectFrom('checklist_libraries as l')
    .selectAll('l')
    .where('l.id', '=', id)
    .where(libraryVisible(actor))
    .executeTakeFirst();
}

/** The library with this code (codes are unique across the country) and whether the actor may see it. */
export function findLibraryByCode(db: Q, actor: Actor, code: string) {
  return db
    .selectFrom('checklist_libraries as l')
    .select(['l.id', libraryVisible(actor).as('visible')])
    .where('l.code', '=', code)
    .executeTakeFirst();
}

export async function libraryCodeTaken(db: Q, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('checklist_libraries')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirst();
  return !!row;
}

export async function regionExists(db: Q, code: string): Promise<boolean> {
  const row = await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
  return !!row;
}

export async function insertLibrary(db: Q, values: Insertable<ChecklistLibrariesTable>): Promise<string> {
  const l = await db
    .insertInto('checklist_libraries')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return l.id;
}

export async function markLibraryImported(db: Q, id: string) {
  await db.updateTable('checklist_libraries').set({ origin: 'import' }).where('id', '=', id).execute();
}

/** Every library's code with the content hashes of its versions (the starter load's idempotency). */
export function libraryCodesWithHashes(db: Q) {
  return db
    .selectFrom('checklist_libraries as l')
    .leftJoin('checklist_versions as v', 'v.library_id', 'l.id')
    .select(['l.code', 'v.content_sha256'])
    .execute();
}

/** Serialises instances loading the starter libraries together on one PostgreSQL (until commit). */
export async function lockStarterLoad(trx: Q) {
  await sql`SELECT pg_advisory_xact_lock(727275)`.execute(trx);
}
