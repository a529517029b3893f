import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { toActor, type Actor } from '../auth/actor.ts';

/** The user columns an Actor is made of (toActor), for the demo seeds that act as their accounts. */
export const ACTOR_COLUMNS = [
  'id',
  'username',
  'display_name',
  'role',
  'region_code',
  'authority_id',
  'enterprise_id',
  'worker_id',
  'project_scoped',
] as const;

/** A demo account as the actor of the use cases the seeds call; null when it does not exist. */
export async function demoActor(db: Kysely<DB>, username: string): Promise<Actor | null> {
  const u = await db
    .selectFrom('users')
    .select(ACTOR_COLUMNS)
    .where('username', '=', username)
    .executeTakeFirst();
  return u ? toActor(u) : null;
}
