import { sql, type Insertable, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { AccountabilityQuery, PageOf } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { AccountabilityActionsTable } from '../../db/schema-campaigns.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import { key, keysetPage, searchAny } from '../../db/paging.ts';

/**
 * The accountability repository: actions, the hazards that caused them, their follow-ups, and the
 * targets (authorities, enterprises) and hazards they name.
 */
type Q = Kysely<DB>;
export type ActionRow = Selectable<AccountabilityActionsTable>;

/** An enterprise the caller sees (scoped like the registry). */
export async function visibleEnterprise(db: Q, actor: Actor, id: string) {
  return db
    .selectFrom('enterprises as e')
    .select(['e.id', 'e.name', 'e.region_code'])
    .where('e.id', '=', id)
    .where(inScope(actor, 'enterprise', 'e'))
    .executeTakeFirst();
}

export async function authorityRow(db: Q, id: string) {
  return db
    .selectFrom('authorities')
    .select(['id', 'name', 'region_code'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The hazards among `ids` the caller sees, with what ties them to a target and a group. */
export async function visibleHazards(db: Q, actor: Actor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('hazards as h')
    .leftJoin('inspections as i', 'i.id', 'h.inspection_id')
    .select(['h.id', 'h.title', 'h.status', 'h.region_code', 'h.enterprise_id', 'h.project_id', 'i.group_id'])
    .where('h.id', 'in', ids)
    .where(inScope(actor, 'hazard', 'h'))
    .execute();
}

/** Projects (among `projectIds`) the enterprise is a party to. */
export async function projectsOfEnterprise(db: Q, enterpriseId: string, projectIds: string[]) {
  if (!projectIds.length) return [];
  const rows = await db
    .selectFrom('project_parties')
    .select('project_id')
    .where('enterprise_id', '=', enterpriseId)
    .where('project_id', 'in', projectIds)
    .execute();
  return rows.map((r) => r.project_id);
}

export async function insertAction(
  db: Q,
  values: Insertable<AccountabilityActionsTable>,
  hazardIds: string[],
): Promise<string> {
  const row = await db
    .insertInto('accountability_actions')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('accountability_action_hazards')
    .values(hazardIds.map((hazard_id) => ({ action_id: row.id, hazard_id })))
    .execute();
  return row.id;
}

export async function findAction(db: Q, actor: Actor, id: string, forUpdate = false) {
  let q = db
    .selectFrom('accountability_actions as x')
    .selectAll('x')
    .where('x.id', '=', id)
    .where(inScope(actor, 'accountability', 'x'));
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function setActionStatus(
  db: Q,
  id: string,
  status: 'followed_up' | 'closed',
  at: Date,
  by: string,
) {
  await db
    .updateTable('accountability_actions')
    .set({
      status,
      updated_at: at,
      ...(status === 'closed' ? { closed_at: at, closed_by: by } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertFollowUp(
  db: Q,
  v: {
    action_id: string;
    note: string;
    status_after: 'followed_up' | 'closed';
    created_by: string;
    created_at: Date;
  },
) {
  await db.insertInto('accountability_followups').values(v).execute();
}

const withNames = (db: Q) =>
  db
    .selectFrom('accountability_actions as x')
    .leftJoin('authorities as ta', 'ta.id', 'x.target_authority_id')
    .leftJoin('enterprises as te', 'te.id', 'x.target_enterprise_id')
    .leftJoin('authorities as ia', 'ia.id', 'x.authority_id')
    .leftJoin('inspection_groups as g', 'g.id', 'x.group_id');

type Named = ReturnType<typeof withNames>;
const namedColumns = (qb: Named) =>
  qb
    .selectAll('x')
    .select([
      'ta.name as target_authority_name',
      'te.name as target_enterprise_name',
      'ia.name as issuer_name',
      'g.name as group_name',
    ]);
export type ActionListRow = ActionRow & {
  target_authority_name: string | null;
  target_enterprise_name: string | null;
  issuer_name: string | null;
  group_name: string | null;
};

export async function listActionRows(
  db: Q,
  actor: Actor,
  q: AccountabilityQuery,
): Promise<PageOf<ActionListRow>> {
  let base = withNames(db).where(inScope(actor, 'accountability', 'x'));
  if (q.enterpriseId) base = base.where('x.target_enterprise_id', '=', q.enterpriseId);
  if (q.authorityId) base = base.where('x.target_authority_id', '=', q.authorityId);
  if (q.campaignId) base = base.where('x.campaign_id', '=', q.campaignId);
  if (q.groupId) base = base.where('x.group_id', '=', q.groupId);
  if (q.kind) base = base.where('x.kind', '=', q.kind);
  if (q.status) base = base.where('x.status', '=', q.status);
  if (q.hazardId)
    base = base.where(
      sql<SqlBool>`x.id IN (SELECT ah.action_id FROM accountability_action_hazards ah WHERE ah.hazard_id = ${q.hazardId})`,
    );
  if (q.q?.trim()) base = base.where(searchAny(q.q, ['x.title', 'x.person_name']));
  return keysetPage(db, base, namedColumns, {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName: 'createdAt',
    sort: key('x.created_at', 'timestamptz'),
    order: q.order ?? 'desc',
    idColumn: 'x.id',
  });
}

export async function actionWithNames(db: Q, id: string): Promise<ActionListRow> {
  return namedColumns(withNames(db)).where('x.id', '=', id).executeTakeFirstOrThrow();
}

export async function actionDetails(db: Q, id: string) {
  const hazards = await db
    .selectFrom('accountability_action_hazards as ah')
    .innerJoin('hazards as h', 'h.id', 'ah.hazard_id')
    .select(['h.id', 'h.title', 'h.grade', 'h.status'])
    .where('ah.action_id', '=', id)
    .orderBy('h.found_at')
    .execute();
  const followUps = await db
    .selectFrom('accountability_followups as f')
    .innerJoin('users as u', 'u.id', 'f.created_by')
    .select(['f.id', 'f.note', 'f.status_after', 'f.created_at', 'u.display_name'])
    .where('f.action_id', '=', id)
    .orderBy('f.created_at')
    .orderBy('f.id')
    .execute();
  const creator = await db
    .selectFrom('accountability_actions as x')
    .innerJoin('users as u', 'u.id', 'x.created_by')
    .select('u.display_name')
    .where('x.id', '=', id)
    .executeTakeFirstOrThrow();
  return { hazards, followUps, createdByName: creator.display_name };
}
