import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB, Role, UsersTable } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { escapeLike, inRegion } from '../../auth/scope.ts';
import { notFound } from '../../errors.ts';
import { key, keysetPage } from '../../db/paging.ts';
import type { PageOf } from '@redline/contracts';

/** The user columns every answer shows (never the password hash). */
export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  region_code: string;
  authority_id: string | null;
  authority_name: string | null;
  enterprise_id: string | null;
  worker_id: string | null;
  licence_no: string | null;
  phone: string;
  active: boolean;
  project_scoped: boolean;
  expert_id: string | null;
  created_at: Date;
}

const withAuthority = (db: Kysely<DB>) =>
  db.selectFrom('users as u').leftJoin('authorities as a', 'a.id', 'u.authority_id');
const USER_COLUMNS = [
  'u.id',
  'u.username',
  'u.display_name',
  'u.role',
  'u.region_code',
  'u.authority_id',
  'a.name as authority_name',
  'u.enterprise_id',
  'u.worker_id',
  'u.licence_no',
  'u.phone',
  'u.active',
  'u.project_scoped',
  'u.created_at',
] as const;
/** The register's expert an account signs as (experts.user_id, migration 0995), if it is one. */
const expertIdOf = sql<string | null>`(SELECT x.id FROM experts x WHERE x.user_id = u.id)`.as('expert_id');

export interface UserFilters {
  role?: Role;
  q?: string;
  cursor?: string;
  pageSize: number;
}

/** One page of the users in the actor's jurisdiction, by user name, and how many there are. */
export async function listUsers(
  db: Kysely<DB>,
  actor: Actor,
  { role, q, cursor, pageSize }: UserFilters,
): Promise<PageOf<UserRow>> {
  let base = withAuthority(db).where(inRegion(actor.regionCode, 'u', 'region_code', { range: true }));
  if (role) base = base.where('u.role', '=', role);
  if (q)
    base = base.where((eb) =>
      eb.or([
        eb('u.username', 'ilike', `%${escapeLike(q)}%`),
        eb('u.display_name', 'ilike', `%${escapeLike(q)}%`),
      ]),
    );
  return keysetPage(db, base, (b) => b.select(USER_COLUMNS).select(expertIdOf), {
    cursor,
    pageSize,
    sortName: 'username',
    sort: key('u.username', 'text'),
    order: 'asc',
    idColumn: 'u.id',
  });
}

/** A user of the actor's jurisdiction, else NOT_FOUND. */
export async function loadUser(db: Kysely<DB>, actor: Actor, id: string): Promise<UserRow> {
  const row = await withAuthority(db)
    .select(USER_COLUMNS)
    .select(expertIdOf)
    .where('u.id', '=', id)
    .where(inRegion(actor.regionCode, 'u', 'region_code', { range: true }))
    .executeTakeFirst();
  if (!row) throw notFound('User');
  return row;
}

export async function usernameTaken(db: Kysely<DB>, username: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return !!row;
}

export async function insertUser(db: Kysely<DB>, values: Insertable<UsersTable>): Promise<string> {
  const row = await db.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(db: Kysely<DB>, id: string, set: Updateable<UsersTable>): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Ends every session of a user (deactivated, or their password reset). */
export async function deleteSessionsOf(db: Kysely<DB>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Whether another account carries this law-enforcement certificate number (compared upper-cased, as the unique index does). */
export async function licenceTaken(
  db: Kysely<DB>,
  licenceNo: string,
  exceptUserId?: string,
): Promise<boolean> {
  let q = db
    .selectFrom('users')
    .select('id')
    .where(sql<boolean>`upper(licence_no) = upper(${licenceNo})`);
  if (exceptUserId) q = q.where('id', '<>', exceptUserId);
  return !!(await q.executeTakeFirst());
}

/** The regions of the records a new account may be linked to (undefined: no such record). */
export async function authorityRegion(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('authorities')
    .select('region_code')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.region_code;
}

export async function enterpriseRegion(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('enterprises')
    .select('region_code')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.region_code;
}

export async function workerRegion(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('workers').select('region_code').where('id', '=', id).executeTakeFirst();
  return row?.region_code;
}
