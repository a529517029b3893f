import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { randomToken, sha256Hex } from '../crypto.ts';
import { toActor, type Actor } from './actor.ts';

export const SESSION_COOKIE = 'rl_session';
export const TOKEN_PREFIX = 'rlt_';

/** Sessions and API tokens are stored as SHA-256 of the secret, so a database leak yields no usable token. */
export async function createSession(db: Db, userId: string, ttlHours: number): Promise<string> {
  const token = randomToken();
  await db
    .insertInto('sessions')
    .values({
      token_hash: sha256Hex(token),
      user_id: userId,
      // The database's clock, the one the session check compares with.
      expires_at: sql<Date>`now() + ${ttlHours}::float8 * interval '1 hour'`,
    })
    .execute();
  return token;
}

export async function deleteSession(db: Db, token: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute();
}

const actorColumns = [
  'u.id',
  'u.username',
  'u.display_name',
  'u.role',
  'u.region_code',
  'u.authority_id',
  'u.enterprise_id',
  'u.worker_id',
  'u.system_name',
  'u.project_scoped',
  // an expert's account (migration 0995): the register record it signs as
  sql<
    string | null
  >`(SELECT x.id FROM experts x WHERE x.user_id = u.id AND x.active AND u.role = 'worker')`.as('expert_id'),
] as const;

export async function actorFromSession(db: Db, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(actorColumns)
    .where('s.token_hash', '=', sha256Hex(token))
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.active', '=', true)
    .executeTakeFirst();
  return row ? toActor(row, 'session') : null;
}

export async function actorFromApiToken(db: Db, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([...actorColumns, 't.id as token_id'])
    .where('t.token_hash', '=', sha256Hex(token))
    .where('t.revoked_at', 'is', null)
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', row.token_id)
    .execute();
  return toActor(row, 'token');
}

export async function createApiToken(db: Db, userId: string, name: string) {
  const token = TOKEN_PREFIX + randomToken(24);
  const info = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: sha256Hex(token), prefix: token.slice(0, 10) })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, info };
}
