import { sql, type Kysely, type Selectable } from 'kysely';
import type { ApiTokensTable, DB, UsersTable } from '../../db/schema.ts';
import { sha256Hex } from '../../crypto.ts';

export type AccountUserRow = Selectable<UsersTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;

/** The account with this (lower-cased) user name, if any. */
export function userByUsername(db: Kysely<DB>, username: string): Promise<AccountUserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** The logged-in user with their authority, enterprise and region names. */
export function loadMeRow(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('authorities as a', 'a.id', 'u.authority_id')
    .leftJoin('enterprises as e', 'e.id', 'u.enterprise_id')
    .leftJoin('regions as r', 'r.code', 'u.region_code')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.region_code',
      'u.enterprise_id',
      'u.worker_id',
      'u.must_change_password',
      'u.project_scoped',
      'a.id as authority_id',
      'a.name as authority_name',
      'a.short_name as authority_short',
      'e.name as enterprise_name',
      'r.name_zh as region_name',
      // an expert's own login (migration 0995): the web app opens their panels
      sql<
        string | null
      >`(SELECT x.id FROM experts x WHERE x.user_id = u.id AND x.active AND u.role = 'worker')`.as(
        'expert_id',
      ),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
}

export type MeRow = Awaited<ReturnType<typeof loadMeRow>>;

/** What changing one's password checks against. */
export function passwordFields(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('users')
    .select(['password_hash', 'username', 'display_name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** Stores a password the user chose themselves (so no change is required at next login). */
export async function setOwnPassword(db: Kysely<DB>, userId: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: false, updated_at: sql`now()` })
    .where('id', '=', userId)
    .execute();
}

/** Ends the user's sessions except the one with this token (when given). */
export async function deleteOtherSessions(
  db: Kysely<DB>,
  userId: string,
  keepToken: string | undefined,
): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(!!keepToken, (q) => q.where('token_hash', '!=', sha256Hex(keepToken!)))
    .execute();
}

export function listApiTokens(db: Kysely<DB>, userId: string): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Revokes one of the user's live tokens; false when there is none with this id. */
export async function revokeApiToken(db: Kysely<DB>, userId: string, id: string): Promise<boolean> {
  const res = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return !!res.numUpdatedRows;
}
