import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import { createApiToken as storeApiToken } from '../../auth/sessions.ts';

/** A logged-in user creates a token for an integration; a token cannot create further tokens. */
export async function createApiToken(db: Kysely<DB>, actor: Actor, name: string) {
  if (actor.via === 'token') throw new AppError('FORBIDDEN', 'An API token cannot create further tokens');
  return storeApiToken(db, actor.userId, name);
}
