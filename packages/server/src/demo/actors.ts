import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ACTOR_COLUMNS, toActor, type Actor } from '../auth/actor.ts';

/** A demo account as the actor of the use cases the seeds call; null when it does not exist. */
export async function demoActor(db: Kysely<DB>, username: string): Promise<Actor | null> {
  const u = await db
    .selectFrom('users')
    .select(ACTOR_COLUMNS)
    .where('username', '=', username)
    .executeTakeFirst();
  return u ? toActor(u) : null;
}
