import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * Whether a project has a supervision party (监理单位) on the platform: a registered enterprise with
 * at least one active account that can confirm evidence. A supervision firm nobody of which has an
 * account could never confirm, so its projects' evidence goes straight to the regulator, as before.
 */
export async function projectHasSupervision(db: Kysely<DB>, projectId: string | null): Promise<boolean> {
  if (!projectId) return false;
  const r = await db
    .selectFrom('project_parties as pp')
    .innerJoin('users as u', 'u.enterprise_id', 'pp.enterprise_id')
    .select('pp.project_id')
    .where('pp.project_id', '=', projectId)
    .where('pp.role', '=', 'supervision')
    .where('u.role', '=', 'enterprise_manager')
    .where('u.active', '=', true)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** Active accounts of one party of a project: its enterprise's managers (who to tell). */
export async function partyManagerIds(
  db: Kysely<DB>,
  projectId: string | null,
  role: string,
): Promise<string[]> {
  if (!projectId) return [];
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('project_parties as pp', 'pp.enterprise_id', 'u.enterprise_id')
    .select('u.id')
    .where('pp.project_id', '=', projectId)
    .where('pp.role', '=', role as 'supervision')
    .where('u.role', '=', 'enterprise_manager')
    .where('u.active', '=', true)
    .execute();
  return rows.map((r) => r.id);
}
