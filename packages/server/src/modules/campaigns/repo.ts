import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { CampaignListQuery, PageOf } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { CampaignsTable } from '../../db/schema-campaigns.ts';
import type { InspectionGroupsTable } from '../../db/schema-inspections.ts';
import type { Actor } from '../../auth/actor.ts';
import { inRegion, inScope } from '../../auth/scope.ts';
import { key, keysetPage, searchAny } from '../../db/paging.ts';

/**
 * The campaigns repository: campaigns, their groups (rows of inspection_groups with a campaign),
 * the people and regions they name, and linking inspections to a group. Figures are in progress-repo.ts.
 */
type Q = Kysely<DB>;
export type CampaignRow = Selectable<CampaignsTable>;
export type GroupRow = Selectable<InspectionGroupsTable>;

export async function insertCampaign(db: Q, values: Insertable<CampaignsTable>): Promise<string> {
  const row = await db.insertInto('campaigns').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The campaign, if the caller may see it (regulators: inside their jurisdiction); locked for a change. */
export async function findCampaign(db: Q, actor: Actor, id: string, forUpdate = false) {
  let q = db
    .selectFrom('campaigns as c')
    .selectAll('c')
    .where('c.id', '=', id)
    .where(inScope(actor, 'campaign', 'c'));
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateCampaign(db: Q, id: string, set: Updateable<CampaignsTable>) {
  await db.updateTable('campaigns').set(set).where('id', '=', id).execute();
}

export type CampaignListRow = CampaignRow & {
  region_name: string | null;
  authority_name: string | null;
  group_count: number;
};

export async function listCampaignRows(
  db: Q,
  actor: Actor,
  q: CampaignListQuery,
): Promise<PageOf<CampaignListRow>> {
  let base = db.selectFrom('campaigns as c').where(inScope(actor, 'campaign', 'c'));
  if (q.status === 'open') base = base.where('c.closed_at', 'is', null);
  if (q.status === 'closed') base = base.where('c.closed_at', 'is not', null);
  if (q.kind) base = base.where('c.kind', '=', q.kind);
  if (q.q?.trim()) base = base.where(searchAny(q.q, ['c.name']));
  return keysetPage(
    db,
    base,
    (qb) =>
      qb
        .leftJoin('regions as r', 'r.code', 'c.region_code')
        .leftJoin('authorities as a', 'a.id', 'c.authority_id')
        .selectAll('c')
        .select([
          'r.name_zh as region_name',
          'a.name as authority_name',
          sql<number>`(SELECT count(*)::int FROM inspection_groups g WHERE g.campaign_id = c.id)`.as(
            'group_count',
          ),
        ]),
    {
      cursor: q.cursor,
      pageSize: q.pageSize,
      sortName: 'startsOn',
      sort: key('c.starts_on', 'date'),
      order: q.order ?? 'desc',
      idColumn: 'c.id',
    },
  );
}

export async function campaignNames(db: Q, c: { region_code: string; authority_id: string | null }) {
  const region = await db
    .selectFrom('regions')
    .select('name_zh')
    .where('code', '=', c.region_code)
    .executeTakeFirst();
  const authority = c.authority_id
    ? await db.selectFrom('authorities').select('name').where('id', '=', c.authority_id).executeTakeFirst()
    : undefined;
  return { regionName: region?.name_zh ?? c.region_code, authorityName: authority?.name ?? null };
}

export async function campaignGroupRows(db: Q, campaignId: string): Promise<GroupRow[]> {
  return db
    .selectFrom('inspection_groups')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('kind', 'desc') // supervision groups first, then inspection groups
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** A group of a campaign the caller may see (the group's region inside their jurisdiction). */
export async function findCampaignGroup(db: Q, actor: Actor, groupId: string, forUpdate = false) {
  let q = db
    .selectFrom('inspection_groups as g')
    .selectAll('g')
    .where('g.id', '=', groupId)
    .where('g.campaign_id', 'is not', null)
    .where(inScope(actor, 'inspection_group', 'g'));
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The campaign of a group, whoever may see the group (a county's group of a city's campaign). */
export async function campaignById(db: Q, id: string) {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function insertCampaignGroup(db: Q, values: Insertable<InspectionGroupsTable>): Promise<string> {
  const row = await db
    .insertInto('inspection_groups')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateGroup(db: Q, id: string, set: Updateable<InspectionGroupsTable>) {
  await db.updateTable('inspection_groups').set(set).where('id', '=', id).execute();
}

export async function closeOpenGroups(db: Q, campaignId: string, at: Date, by: string): Promise<string[]> {
  const rows = await db
    .updateTable('inspection_groups')
    .set({ closed_at: at, closed_by: by, updated_at: at })
    .where('campaign_id', '=', campaignId)
    .where('closed_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function peopleOf(db: Q, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('users').select(['id', 'display_name', 'licence_no']).where('id', 'in', ids).execute();
}

export async function regionRows(db: Q, codes: string[]) {
  if (!codes.length) return [];
  return db.selectFrom('regions').select(['code', 'name_zh']).where('code', 'in', codes).execute();
}

export async function fileRows(db: Q, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('files').select(['id', 'original_name', 'mime']).where('id', 'in', ids).execute();
}

/**
 * Attaches to the group the inspections its people made on its targets (or in its assigned
 * jurisdictions; with neither, in its region) during its period, not yet attached to any group.
 * `timeZone` decides the day of an inspection (its start, else its creation).
 */
export async function linkInspections(
  db: Q,
  g: {
    id: string;
    region_code: string;
    leader_id: string;
    member_ids: string[];
    assigned_regions: string[];
    targetIds: string[];
    startsOn: string;
    endsOn: string;
  },
  timeZone: string,
): Promise<string[]> {
  const people = [g.leader_id, ...g.member_ids];
  const ids = g.targetIds;
  const byTarget = ids.length
    ? sql<boolean>`(i.enterprise_id IN (${sql.join(ids)}) OR i.project_id IN (${sql.join(ids)}) OR i.site_id IN (${sql.join(ids)}) OR i.equipment_id IN (${sql.join(ids)}))`
    : sql<boolean>`false`;
  const regions = g.assigned_regions.length || ids.length ? g.assigned_regions : [g.region_code];
  const byRegion = regions.length
    ? sql<boolean>`(${sql.join(
        regions.map((r) => inRegion(r, 'i')),
        sql` OR `,
      )})`
    : sql<boolean>`false`;
  const rows = await db
    .updateTable('inspections as i')
    .set({ group_id: g.id })
    .where('i.group_id', 'is', null)
    .where('i.status', '!=', 'cancelled')
    .where('i.kind', '!=', 'self')
    .where(inRegion(g.region_code, 'i'))
    .where(sql<boolean>`(${byTarget} OR ${byRegion})`)
    .where(
      sql<boolean>`EXISTS (SELECT 1 FROM inspection_members m WHERE m.inspection_id = i.id AND m.user_id IN (${sql.join(people)}))`,
    )
    .where(
      sql<boolean>`(coalesce(i.started_at, i.created_at) AT TIME ZONE ${timeZone})::date BETWEEN ${g.startsOn}::date AND ${g.endsOn}::date`,
    )
    .returning('i.id')
    .execute();
  return rows.map((r) => r.id);
}

/** The group's inspections, newest first, at most `limit` (+1 to tell there are more). */
export async function groupInspectionRows(db: Q, groupId: string, limit: number) {
  return db
    .selectFrom('inspections as i')
    .select([
      'i.id',
      'i.number',
      'i.kind',
      'i.status',
      'i.target',
      'i.enterprise_id',
      'i.started_at',
      sql<number>`(SELECT count(*)::int FROM hazards h WHERE h.inspection_id = i.id)`.as('hazard_count'),
    ])
    .where('i.group_id', '=', groupId)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function accountabilityCount(db: Q, campaignId: string): Promise<number> {
  const row = await db
    .selectFrom('accountability_actions')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Whether the caller sees the group owning a task book file. */
export async function groupFileVisible(db: Q, actor: Actor, groupId: string): Promise<boolean> {
  const row = await db
    .selectFrom('inspection_groups as g')
    .select('g.id')
    .where('g.id', '=', groupId)
    .where(inScope(actor, 'inspection_group', 'g'))
    .executeTakeFirst();
  return !!row;
}
