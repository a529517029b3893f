import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** The notifications repository: people's notices, and the people a notice goes to. */
export type NoticeRow = Selectable<DB['notifications']>;

export interface NoticeValues {
  kind: string;
  title: string;
  body: string;
  link: string | null;
  subject_type: string | null;
  subject_id: string | null;
  dedupe_key: string | null;
}

/** One notice per user; a user who already has this dedupe key gets none. Returns who got one. */
export async function insertNotices(trx: Kysely<DB>, userIds: string[], n: NoticeValues): Promise<string[]> {
  const rows = await trx
    .insertInto('notifications')
    .values(userIds.map((user_id) => ({ user_id, ...n })))
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .returning('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/** Active safety managers of an enterprise and/or of the enterprises party to a project. */
export async function activeManagerIds(
  db: Kysely<DB>,
  enterpriseId: string | null,
  projectId: string | null,
): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'enterprise_manager')
    .where('active', '=', true)
    .where((eb) =>
      eb.or([
        ...(enterpriseId ? [eb('enterprise_id', '=', enterpriseId)] : []),
        ...(projectId
          ? [
              eb(
                'enterprise_id',
                'in',
                sql<string>`(SELECT pp.enterprise_id FROM project_parties pp WHERE pp.project_id = ${projectId})`,
              ),
            ]
          : []),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

/** Active leaders of an authority. */
export async function activeLeaderIds(db: Kysely<DB>, authorityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'leader')
    .where('active', '=', true)
    .where('authority_id', '=', authorityId)
    .execute();
  return rows.map((r) => r.id);
}

/** A user's latest notices, newest first (only unread ones if asked). */
export async function latestNotices(
  db: Kysely<DB>,
  userId: string,
  q: { unread?: boolean; limit: number },
): Promise<NoticeRow[]> {
  let query = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (q.unread) query = query.where('read_at', 'is', null);
  return query.orderBy('created_at', 'desc').limit(q.limit).execute();
}

export async function unreadCount(db: Kysely<DB>, userId: string): Promise<number> {
  const { n } = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return n;
}

/** Marks one of the user's notices read (keeping the first read time); false when there is no such notice. */
export async function markRead(db: Kysely<DB>, userId: string, id: string): Promise<boolean> {
  const r = await db
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function markAllRead(db: Kysely<DB>, userId: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}

/**
 * Active leaders of the nearest jurisdiction covering a region: of all leaders whose region is the
 * region or one above it, those of the most specific one (a district's leaders before the city's).
 */
export async function nearestLeaderIds(db: Kysely<DB>, regionCode: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'region_code'])
    .where('role', '=', 'leader')
    .where('active', '=', true)
    .where(sql<boolean>`${regionCode} LIKE users.region_code || '%'`)
    .execute();
  const depth = Math.max(-1, ...rows.map((r) => r.region_code.length));
  return rows.filter((r) => r.region_code.length === depth).map((r) => r.id);
}

/** Active law-enforcement officers (leaders and inspectors) of an authority; one of them when `userId` is given. */
export async function activeOfficerIds(
  db: Kysely<DB>,
  authorityId: string,
  userId?: string,
): Promise<string[]> {
  let q = db
    .selectFrom('users')
    .select('id')
    .where('role', 'in', ['leader', 'inspector'])
    .where('active', '=', true)
    .where('system_name', 'is', null) // nobody reads a program's notifications
    .where('authority_id', '=', authorityId);
  if (userId) q = q.where('id', '=', userId);
  return (await q.execute()).map((r) => r.id);
}
