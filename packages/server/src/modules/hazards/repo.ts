import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { PageOf, RectificationQuery } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { HazardsTable } from '../../db/schema-inspections.ts';
import type { HazardEventsTable } from '../../db/schema-enforcement.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope, inRegion } from '../../auth/scope.ts';
import { notFound } from '../../errors.ts';
import type { FileRow } from '../../storage/files.ts';
import { key, keysetPage, nullsLast, searchAny, type SortKey } from '../../db/paging.ts';
import { hazardListTotalFromRollups } from './list-total-repo.ts';

/**
 * The hazards repository: the only place in this module that reads or writes hazards, their
 * events, evidence files and documents. Rows come back as stored; presenters.ts shapes them.
 */
export type HazardRow = Selectable<HazardsTable>;
export type HazardEventRow = Selectable<HazardEventsTable>;
export type HazardListQuery = Static<typeof RectificationQuery>;

/** One hazard the actor may see, locked for update when inside a transaction that changes it. */
export async function loadHazard(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  forUpdate = false,
): Promise<HazardRow> {
  let q = db
    .selectFrom('hazards as h')
    .selectAll('h')
    .where('h.id', '=', id)
    .where(inScope(actor, 'hazard', 'h'));
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Hazard');
  return row;
}

/** Hazards with the names a list shows (left joins on primary keys: one row per hazard). */
const hazardsWithNames = (db: Kysely<DB>) =>
  db
    .selectFrom('hazards as h')
    .leftJoin('enterprises as e', 'e.id', 'h.enterprise_id')
    .leftJoin('projects as p', 'p.id', 'h.project_id')
    .leftJoin('sites as s', 's.id', 'h.site_id')
    .leftJoin('users as fu', 'fu.id', 'h.found_by');

type NamedBase = ReturnType<typeof hazardsWithNames>;
const namedColumns = (qb: NamedBase) =>
  qb
    .selectAll('h')
    .select([
      'e.name as enterprise_name',
      'p.name as project_name',
      's.name as site_name',
      's.lat as site_lat',
      's.lng as site_lng',
      'fu.display_name as found_by_name',
    ]);

export type HazardSummaryRow = Awaited<
  ReturnType<ReturnType<typeof namedColumns>['executeTakeFirstOrThrow']>
>;

/** One hazard with its names, if the actor may see it. */
export async function findHazardSummary(db: Kysely<DB>, actor: Actor, id: string): Promise<HazardSummaryRow> {
  const row = await namedColumns(hazardsWithNames(db))
    .where('h.id', '=', id)
    .where(inScope(actor, 'hazard', 'h'))
    .executeTakeFirst();
  if (!row) throw notFound('Hazard');
  return row;
}

const SORT: Record<NonNullable<HazardListQuery['sort']>, SortKey> = {
  deadline: nullsLast('h.deadline', 'timestamptz'),
  foundAt: key('h.found_at', 'timestamptz'),
  updatedAt: key('h.updated_at', 'timestamptz'),
  grade: key('h.grade', 'text'),
};
const OPEN_OWED = ['rectification_ordered', 'rectifying'];
const ENDED = ['closed', 'rejected'];
/**
 * "Not closed, not rejected" as literals: the predicate of the open-hazard partial indexes (0406),
 * added to every filter that implies it so the planner can use them (it proves a partial index from
 * the query's own clauses, and a parameter would hide the values).
 */
const OPEN_ONLY = sql<boolean>`h.status NOT IN ('closed', 'rejected')`;

/** The rectification work list: filters for status, overdue, listing; scoped to the actor. */
export async function listHazardRows(
  db: Kysely<DB>,
  actor: Actor,
  q: HazardListQuery,
  now: Date,
): Promise<PageOf<HazardSummaryRow>> {
  let base = hazardsWithNames(db).where(inScope(actor, 'hazard', 'h'));
  const statuses = q.status === undefined ? [] : Array.isArray(q.status) ? q.status : [q.status];
  if (statuses.length) base = base.where('h.status', 'in', statuses);
  if (q.grade) base = base.where('h.grade', '=', q.grade);
  if (q.open === false) base = base.where('h.status', 'in', ENDED);
  if (q.overdue === true)
    base = base
      .where('h.status', 'in', OPEN_OWED)
      .where('h.deadline', '<', now)
      // The same condition in the deadline indexes' terms: a range of their sort key.
      .where(sql<boolean>`coalesce(h.deadline, 'infinity'::timestamptz) < ${now}`);
  const onlyOpen =
    q.open === true ||
    q.overdue === true ||
    (statuses.length > 0 && statuses.every((st) => !ENDED.includes(st)));
  if (onlyOpen) base = base.where(OPEN_ONLY);
  if (q.overdue === false)
    base = base.where((eb) =>
      eb.or([eb('h.status', 'not in', OPEN_OWED), eb('h.deadline', 'is', null), eb('h.deadline', '>=', now)]),
    );
  if (q.listed === true)
    base = base.where(
      sql<boolean>`h.state->'listing' IS NOT NULL AND jsonb_typeof(h.state->'listing') = 'object'`,
    );
  if (q.listed === false)
    base = base.where(
      sql<boolean>`(h.state->'listing' IS NULL OR jsonb_typeof(h.state->'listing') <> 'object')`,
    );
  if (q.enterpriseId) base = base.where('h.enterprise_id', '=', q.enterpriseId);
  if (q.projectId) base = base.where('h.project_id', '=', q.projectId);
  if (q.inspectionId) base = base.where('h.inspection_id', '=', q.inspectionId);
  if (q.regionCode) base = base.where(inRegion(q.regionCode, 'h'));
  if (q.q) base = base.where(searchAny(q.q, ['h.title', 'h.description']));
  const sort = q.sort ?? 'updatedAt';
  return keysetPage(db, base, namedColumns, {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName: sort,
    sort: SORT[sort],
    order: q.order ?? (sort === 'deadline' ? 'asc' : 'desc'),
    idColumn: 'h.id',
    exactTotal: () => hazardListTotalFromRollups(db, actor, q, now),
  });
}

/** The closing instant and the region name of listed hazards (the export's extra columns). */
export async function closingAndRegion(
  db: Kysely<DB>,
  ids: string[],
): Promise<Array<{ id: string; closed_at: string | null; region_name: string | null }>> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('hazards as h')
    .leftJoin('regions as r', 'r.code', 'h.region_code')
    .select([
      'h.id',
      sql<string | null>`h.state->'closure'->>'at'`.as('closed_at'),
      'r.name_zh as region_name',
    ])
    .where('h.id', 'in', ids)
    .execute();
}

/** A new hazard row; returns its id. */
export async function insertHazard(trx: Kysely<DB>, values: Insertable<HazardsTable>): Promise<string> {
  const row = await trx.insertInto('hazards').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Stores a hazard's new domain state with its mirrored columns. */
export async function saveHazardState(
  trx: Kysely<DB>,
  id: string,
  set: Pick<HazardRow, 'status' | 'grade'> & { state: string; deadline: string | null; updated_at: Date },
): Promise<void> {
  await trx.updateTable('hazards').set(set).where('id', '=', id).execute();
}

/** The hazard's lifecycle events in order. */
export async function hazardEvents(db: Kysely<DB>, hazardId: string): Promise<HazardEventRow[]> {
  return db
    .selectFrom('hazard_events')
    .selectAll()
    .where('hazard_id', '=', hazardId)
    .orderBy('seq')
    .execute();
}

/** Appends an event with the next sequence number of its hazard (the hazard row is locked by the caller). */
export async function appendHazardEvent(
  trx: Kysely<DB>,
  event: Omit<Insertable<HazardEventsTable>, 'seq'>,
): Promise<void> {
  const { n } = await trx
    .selectFrom('hazard_events')
    .select(sql<number>`coalesce(max(seq), 0)::int`.as('n'))
    .where('hazard_id', '=', event.hazard_id)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('hazard_events')
    .values({ ...event, seq: n + 1 })
    .execute();
}

/** The latest event of one of these types: who took it and for which authority. */
export async function latestEventOf(
  db: Kysely<DB>,
  hazardId: string,
  types: string[],
): Promise<{ actor_id: string | null; authority_id: string | null } | undefined> {
  return db
    .selectFrom('hazard_events')
    .select(['actor_id', 'authority_id'])
    .where('hazard_id', '=', hazardId)
    .where('type', 'in', types)
    .orderBy('seq', 'desc')
    .executeTakeFirst();
}

/** Files by id (any owner), in no particular order. */
export async function filesByIds(db: Kysely<DB>, ids: string[]): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('files').selectAll().where('id', 'in', ids).execute();
}

/** Files uploaded to a hazard, oldest first. */
export async function hazardUploads(db: Kysely<DB>, hazardId: string): Promise<FileRow[]> {
  return db
    .selectFrom('files')
    .selectAll()
    .where('owner_kind', '=', 'hazard')
    .where('owner_id', '=', hazardId)
    .orderBy('uploaded_at')
    .execute();
}

/** Which of these file ids were uploaded to this hazard. */
export async function ownedEvidenceIds(db: Kysely<DB>, hazardId: string, ids: string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('files')
    .select('id')
    .where('id', 'in', ids)
    .where('owner_kind', '=', 'hazard')
    .where('owner_id', '=', hazardId)
    .execute();
  return rows.map((r) => r.id);
}

/** The documents that name a hazard, as far as the actor may see them (an enterprise only issued ones). */
export async function hazardDocuments(db: Kysely<DB>, actor: Actor, hazardId: string) {
  return db
    .selectFrom('documents as d')
    .select(['d.id', 'd.kind', 'd.number', 'd.status', 'd.issued_at'])
    .where(sql<boolean>`${hazardId}::uuid = ANY(d.hazard_ids)`)
    .where(inScope(actor, 'document', 'd'))
    .$if(actor.role === 'enterprise_manager', (q) => q.where('d.status', '=', 'issued'))
    .orderBy('d.created_at')
    .execute();
}
export type HazardDocumentRow = Awaited<ReturnType<typeof hazardDocuments>>[number];

/** An authority's division code (its length is its level). */
export async function authorityRegionCode(db: Kysely<DB>, authorityId: string): Promise<string> {
  const row = await db
    .selectFrom('authorities')
    .select('region_code')
    .where('id', '=', authorityId)
    .executeTakeFirstOrThrow();
  return row.region_code;
}

/** The authority a user acts for, if any. */
export async function userAuthorityId(db: Kysely<DB>, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('authority_id').where('id', '=', userId).executeTakeFirst();
  return row?.authority_id ?? null;
}

/** Whether the actor may see the hazard (the owner check of its evidence files). */
export async function hazardVisible(db: Kysely<DB>, actor: Actor, hazardId: string): Promise<boolean> {
  const row = await db
    .selectFrom('hazards as h')
    .select('h.id')
    .where('h.id', '=', hazardId)
    .where(inScope(actor, 'hazard', 'h'))
    .executeTakeFirst();
  return !!row;
}
