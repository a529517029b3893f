import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** Survey and design requests of one project, newest first (migration 0991). */
export async function requestsOf(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom('project_requests')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('asked_at', 'desc')
    .orderBy('id')
    .limit(100)
    .execute();
}
export type RequestRow = Awaited<ReturnType<typeof requestsOf>>[number];

/** One request of the project, locked for its next step (another project's id answers none). */
export async function requestForUpdate(db: Kysely<DB>, projectId: string, id: string) {
  return db
    .selectFrom('project_requests')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertRequest(db: Kysely<DB>, row: Insertable<DB['project_requests']>) {
  return db.insertInto('project_requests').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function updateRequest(db: Kysely<DB>, id: string, set: Updateable<DB['project_requests']>) {
  await db.updateTable('project_requests').set(set).where('id', '=', id).execute();
}
