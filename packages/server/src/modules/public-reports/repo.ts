import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { PublicReportsTable } from '../../db/schema-reporting.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import { key, keysetPage } from '../../db/paging.ts';
import { notFound } from '../../errors.ts';

export type ReportRow = Selectable<PublicReportsTable>;

export async function reportVisible(db: Kysely<DB>, actor: Actor, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('public_reports as r')
    .select('r.id')
    .where('r.id', '=', id)
    .where(inScope(actor, 'public_report', 'r'))
    .executeTakeFirst();
  return !!row;
}

/** The site a poster token names, with what the public page shows of it. */
export async function siteByToken(db: Kysely<DB>, token: string) {
  return db
    .selectFrom('site_report_links as l')
    .innerJoin('sites as s', 's.id', 'l.site_id')
    .leftJoin('regions as g', 'g.code', 's.region_code')
    .select([
      's.id',
      's.name',
      's.region_code',
      's.address',
      's.enterprise_id',
      's.project_id',
      'g.name_zh as region_name',
    ])
    .where('l.token', '=', token)
    .executeTakeFirst();
}

/** A site the actor may see (registry scope), or 404. */
export async function visibleSite(db: Kysely<DB>, actor: Actor, siteId: string) {
  const row = await db
    .selectFrom('sites as s')
    .select(['s.id', 's.name', 's.region_code', 's.enterprise_id', 's.project_id'])
    .where('s.id', '=', siteId)
    .where(inScope(actor, 'site', 's'))
    .executeTakeFirst();
  if (!row) throw notFound('Site');
  return row;
}

export async function linkOf(db: Kysely<DB>, siteId: string) {
  return db.selectFrom('site_report_links').selectAll().where('site_id', '=', siteId).executeTakeFirst();
}

export async function saveLink(trx: Kysely<DB>, siteId: string, token: string, by: string, rotate: boolean) {
  const q = trx
    .insertInto('site_report_links')
    .values({ site_id: siteId, token, created_by: by })
    .onConflict((oc) =>
      rotate
        ? oc.column('site_id').doUpdateSet({ token, created_by: by, created_at: sql`now()` })
        : oc.column('site_id').doNothing(),
    );
  await q.execute();
}

/** Whether a division code is a county or a town (a report's place must be that precise). */
export async function placeRegion(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'level', 'name_zh'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** The authority of a place: the one whose region is the longest prefix of it (emergency management first). */
export async function authorityOfPlace(db: Kysely<DB>, regionCode: string): Promise<string | null> {
  const row = await db
    .selectFrom('authorities')
    .select('id')
    .where(sql<boolean>`${regionCode} LIKE region_code || '%'`)
    .orderBy(sql`length(region_code)`, 'desc')
    .orderBy(sql`kind = 'emergency'`, 'desc')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Reports from one hashed address or device since an instant (the rate limits). */
export async function reportsSince(
  db: Kysely<DB>,
  column: 'client_address_hash' | 'device_hash',
  hash: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('public_reports')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(column, '=', hash)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Earlier reports of the same place within the window (duplicate detection), newest first. */
export async function recentAtPlace(
  db: Kysely<DB>,
  place: { siteId: string | null; regionCode: string },
  since: Date,
  photoHashes: string[],
) {
  let q = db
    .selectFrom('public_reports')
    .select(['id', 'description', 'photo_hashes', 'status', 'duplicate_of_report_id'])
    .where('created_at', '>=', since)
    .where('kind', '=', 'hazard')
    .orderBy('created_at', 'desc')
    .limit(200);
  q = place.siteId ? q.where('site_id', '=', place.siteId) : q.where('region_code', '=', place.regionCode);
  const rows = await q.execute();
  if (photoHashes.length === 0) return rows;
  // the same photo anywhere in the place's reports of the window, even beyond the 200 newest
  const byPhoto = await db
    .selectFrom('public_reports')
    .select(['id', 'description', 'photo_hashes', 'status', 'duplicate_of_report_id'])
    .where('created_at', '>=', since)
    .where(sql<boolean>`photo_hashes && ${sql.val(photoHashes)}::text[]`)
    .where(
      place.siteId
        ? sql<boolean>`site_id = ${place.siteId}`
        : sql<boolean>`region_code = ${place.regionCode}`,
    )
    .orderBy('created_at')
    .limit(1)
    .execute();
  return [...byPhoto, ...rows];
}

export async function insertReport(trx: Kysely<DB>, values: Insertable<PublicReportsTable>) {
  return trx.insertInto('public_reports').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateReport(trx: Kysely<DB>, id: string, set: Updateable<PublicReportsTable>) {
  await trx.updateTable('public_reports').set(set).where('id', '=', id).execute();
}

/** The tracking page's facts, by code alone (no reporter columns are read). */
export async function trackingByCode(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('public_reports as r')
    .leftJoin('sites as s', 's.id', 'r.site_id')
    .leftJoin('regions as g', 'g.code', 'r.region_code')
    .leftJoin('hazards as h', (j) =>
      j.on(
        sql<boolean>`h.id = coalesce(r.hazard_id, r.duplicate_of_hazard_id, (SELECT d.hazard_id FROM public_reports d WHERE d.id = r.duplicate_of_report_id))`,
      ),
    )
    .select([
      'r.tracking_code',
      'r.kind',
      'r.status',
      'r.created_at',
      'r.deadline',
      'r.handled_at',
      'r.outcome_reason',
      's.name as site_name',
      'g.name_zh as region_name',
      'h.status as hazard_status',
    ])
    .where('r.tracking_code', '=', code)
    .executeTakeFirst();
}

const named = (db: Kysely<DB>) =>
  db
    .selectFrom('public_reports as r')
    .leftJoin('sites as s', 's.id', 'r.site_id')
    .leftJoin('enterprises as e', 'e.id', 'r.enterprise_id')
    .leftJoin('regions as g', 'g.code', 'r.region_code');
type NamedBase = ReturnType<typeof named>;
const namedColumns = (qb: NamedBase) =>
  qb.select([
    'r.id',
    'r.tracking_code',
    'r.kind',
    'r.channel',
    'r.status',
    'r.region_code',
    'r.site_id',
    'r.address',
    'r.description',
    'r.created_at',
    'r.deadline',
    'r.escalated_at',
    'r.suspected_duplicate_of',
    'r.photo_file_ids',
    'r.hazard_id',
    'r.duplicate_of_report_id',
    'r.duplicate_of_hazard_id',
    'r.grade',
    'r.outcome_reason',
    'r.handled_at',
    'r.enterprise_id',
    'r.project_id',
    'r.reporter_worker_id',
    sql<boolean>`(r.reporter_name IS NOT NULL OR r.reporter_contact IS NOT NULL OR r.reporter_worker_id IS NOT NULL)`.as(
      'reporter_known',
    ),
    's.name as site_name',
    'e.name as enterprise_name',
    'g.name_zh as region_name',
  ]);
export type NamedReportRow = Awaited<ReturnType<ReturnType<typeof namedColumns>['executeTakeFirstOrThrow']>>;

export async function namedReport(db: Kysely<DB>, actor: Actor, id: string): Promise<NamedReportRow> {
  const row = await namedColumns(named(db))
    .where('r.id', '=', id)
    .where(inScope(actor, 'public_report', 'r'))
    .executeTakeFirst();
  if (!row) throw notFound('Report');
  return row;
}

/** A report the actor may see, locked for handling, or 404. */
export async function lockReport(trx: Kysely<DB>, actor: Actor, id: string): Promise<ReportRow> {
  const row = await trx
    .selectFrom('public_reports as r')
    .selectAll('r')
    .where('r.id', '=', id)
    .where(inScope(actor, 'public_report', 'r'))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Report');
  return row;
}

export interface ReportListFilter {
  status?: ReportRow['status'];
  kind?: ReportRow['kind'];
  siteId?: string;
  overdue?: boolean;
  cursor?: string;
  pageSize?: number;
}

export async function listReports(db: Kysely<DB>, actor: Actor, f: ReportListFilter, now: Date) {
  let base = named(db).where(inScope(actor, 'public_report', 'r'));
  if (f.status) base = base.where('r.status', '=', f.status);
  if (f.kind) base = base.where('r.kind', '=', f.kind);
  if (f.siteId) base = base.where('r.site_id', '=', f.siteId);
  if (f.overdue === true) base = base.where('r.status', '=', 'received').where('r.deadline', '<', now);
  return keysetPage(db, base, namedColumns, {
    cursor: f.cursor,
    pageSize: f.pageSize,
    sortName: 'createdAt',
    sort: key('r.created_at', 'timestamptz'),
    order: 'desc',
    idColumn: 'r.id',
  });
}

/** The reporter's identity (only for the audited reveal). */
export async function reporterOf(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('public_reports as r')
    .leftJoin('workers as w', 'w.id', 'r.reporter_worker_id')
    .select([
      'r.anonymous',
      'r.reporter_name',
      'r.reporter_contact',
      'w.name as worker_name',
      'r.region_code',
    ])
    .where('r.id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Reports still unanswered after their deadline, not yet escalated. */
export async function overdueReports(trx: Kysely<DB>, now: Date, limit: number) {
  return trx
    .selectFrom('public_reports')
    .select([
      'id',
      'tracking_code',
      'region_code',
      'authority_id',
      'enterprise_id',
      'project_id',
      'kind',
      'deadline',
    ])
    .where('status', '=', 'received')
    .where('escalated_at', 'is', null)
    .where('deadline', '<', now)
    .orderBy('deadline')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Participation at a site (or a project's sites) over [from, to): reports, verified share, points. */
export async function participationFigures(
  db: Kysely<DB>,
  where: { siteId?: string; projectId?: string },
  from: Date,
  to: Date,
) {
  const col = where.siteId ? 'site_id' : 'project_id';
  const id = (where.siteId ?? where.projectId)!;
  const reports = await db
    .selectFrom('public_reports')
    .select([
      sql<number>`count(*)::int`.as('reports'),
      sql<number>`count(*) FILTER (WHERE status <> 'received')::int`.as('handled'),
      sql<number>`count(*) FILTER (WHERE status IN ('hazard', 'adopted'))::int`.as('verified'),
      sql<number>`count(*) FILTER (WHERE status = 'duplicate')::int`.as('duplicates'),
    ])
    .where(col, '=', id)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .executeTakeFirstOrThrow();
  const points = await db
    .selectFrom('points_entries')
    .select([
      sql<number>`coalesce(sum(points) FILTER (WHERE kind = 'earn' AND points > 0), 0)::int`.as('issued'),
      sql<number>`coalesce(-sum(points) FILTER (WHERE kind = 'redeem'), 0)::int`.as('redeemed'),
      sql<number>`coalesce(sum(points) FILTER (WHERE kind = 'reverse' AND source_kind = 'redemption'), 0)::int`.as(
        'returned',
      ),
    ])
    .where(col, '=', id)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .executeTakeFirstOrThrow();
  return { ...reports, issued: points.issued, redeemed: points.redeemed - points.returned };
}

/** Counties and towns whose name contains the text (the public page's place picker), at most 20. */
export async function searchPlaces(db: Kysely<DB>, q: string) {
  const pattern = `%${q.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  return db
    .selectFrom('regions as r')
    .leftJoin('regions as p', 'p.code', 'r.parent_code')
    .select(['r.code', 'r.name_zh', 'p.name_zh as parent_name'])
    .where('r.level', 'in', ['county', 'town'])
    .where('r.name_zh', 'like', pattern)
    .orderBy('r.level')
    .orderBy('r.code')
    .limit(20)
    .execute();
}
