import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** Notices for people, written in the caller's transaction; the same dedupe key reaches a user once. */
export interface Notice {
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  dedupeKey?: string | null;
}

export async function notifyUsers(trx: Kysely<DB>, userIds: readonly string[], n: Notice): Promise<string[]> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return [];
  const rows = await trx
    .insertInto('notifications')
    .values(
      ids.map((user_id) => ({
        user_id,
        kind: n.kind,
        title: n.title,
        body: n.body ?? '',
        link: n.link ?? null,
        subject_type: n.subjectType ?? null,
        subject_id: n.subjectId ?? null,
        dedupe_key: n.dedupeKey ?? null,
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .returning('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/** Active safety managers of an enterprise, or of the enterprises party to a project. */
export async function enterpriseManagers(
  trx: Kysely<DB>,
  enterpriseId: string | null,
  projectId: string | null,
): Promise<string[]> {
  if (!enterpriseId && !projectId) return [];
  const rows = await trx
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
export async function authorityLeaders(trx: Kysely<DB>, authorityId: string | null): Promise<string[]> {
  if (!authorityId) return [];
  const rows = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'leader')
    .where('active', '=', true)
    .where('authority_id', '=', authorityId)
    .execute();
  return rows.map((r) => r.id);
}
