import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { InspectionGroupsTable } from '../../../db/schema-inspections.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inRegion, inScope } from '../../../auth/scope.ts';

/** Supervision and inspection groups, their people and their inspections. */
type Q = Kysely<DB>;

/** The group, if it works inside the caller's region. */
export async function groupInRegion(db: Q, actor: Actor, groupId: string) {
  return db
    .selectFrom('inspection_groups as g')
    .select(['g.id', 'g.leader_id', 'g.member_ids', 'g.region_code', 'g.closed_at'])
    .where('g.id', '=', groupId)
    .where(inRegion(actor.regionCode, 'g', 'region_code', { range: true }))
    .executeTakeFirst();
}

export async function insertGroup(db: Q, values: Insertable<InspectionGroupsTable>): Promise<string> {
  const g = await db.insertInto('inspection_groups').values(values).returning('id').executeTakeFirstOrThrow();
  return g.id;
}

export async function listGroupRows(db: Q, actor: Actor) {
  return db
    .selectFrom('inspection_groups as g')
    .selectAll('g')
    .where(inScope(actor, 'inspection_group', 'g'))
    .orderBy('g.created_at', 'desc')
    .limit(200)
    .execute();
}

export async function findGroup(db: Q, actor: Actor, id: string) {
  return db
    .selectFrom('inspection_groups as g')
    .selectAll('g')
    .where('g.id', '=', id)
    .where(inScope(actor, 'inspection_group', 'g'))
    .executeTakeFirst();
}

/** The people of a group (names, licences) and the inspections it did. */
export async function groupDetails(db: Q, group: { id: string; leader_id: string; member_ids: string[] }) {
  const people = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'licence_no'])
    .where('id', 'in', [group.leader_id, ...group.member_ids])
    .execute();
  const inspections = await db
    .selectFrom('inspections')
    .select(['id', 'enterprise_id', 'project_id', 'site_id', 'equipment_id', 'status'])
    .where('group_id', '=', group.id)
    .execute();
  return { people, inspections };
}
export type GroupDetails = Awaited<ReturnType<typeof groupDetails>>;
