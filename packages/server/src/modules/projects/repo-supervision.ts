import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** Whether a project has a supervision party bound to an enterprise (监理单位). */
export async function projectHasSupervision(db: Kysely<DB>, projectId: string | null): Promise<boolean> {
  if (!projectId) return false;
  const r = await db
    .selectFrom('project_parties')
    .select('project_id')
    .where('project_id', '=', projectId)
    .where('role', '=', 'supervision')
    .where('enterprise_id', 'is not', null)
    .executeTakeFirst();
  return r !== undefined;
}

/** Active accounts of one party of a project: its enterprise's managers (who to tell). */
export async function partyManagerIds(db: Kysely<DB>, projectId: string | null, role: string): Promise<string[]> {
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
