import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { PageOf, RiskPointQuery } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { RiskAssessmentsTable, RiskColourCode, RiskPointsTable } from '../../db/schema-risk.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import { key, keysetPage, searchAny, type SortKey } from '../../db/paging.ts';

/**
 * Queries of risk points and their assessments. A risk point is seen exactly when its site is
 * (the registry's 'site' scope), so every read joins the site and applies that scope.
 */
type Q = Kysely<DB>;

/** Statuses of a hazard that no longer needs attention. */
export const SETTLED_HAZARD_STATUSES = ['rejected', 'accepted', 'closed'] as const;

export interface SiteOfPoint {
  id: string;
  name: string;
  region_code: string;
  region_name: string | null;
  enterprise_id: string | null;
  project_id: string | null;
  owner_name: string | null;
  industry_code: string | null;
  risk_colour: RiskColourCode | null;
  risk_colour_legacy: RiskColourCode | null;
}

/** The site if the actor may see it (its owner's name and industry for band sets and posters). */
export async function findSite(db: Q, actor: Actor, siteId: string): Promise<SiteOfPoint | undefined> {
  return db
    .selectFrom('sites as s')
    .leftJoin('regions as r', 'r.code', 's.region_code')
    .leftJoin('enterprises as e', 'e.id', 's.enterprise_id')
    .leftJoin('projects as p', 'p.id', 's.project_id')
    .select([
      's.id',
      's.name',
      's.region_code',
      'r.name_zh as region_name',
      's.enterprise_id',
      's.project_id',
      sql<string | null>`coalesce(e.name, p.name)`.as('owner_name'),
      // A project's site is construction; an enterprise's takes the enterprise's industry.
      sql<
        string | null
      >`CASE WHEN s.enterprise_id IS NOT NULL THEN e.industry_code ELSE 'construction' END`.as(
        'industry_code',
      ),
      's.risk_colour',
      's.risk_colour_legacy',
    ])
    .where('s.id', '=', siteId)
    .where(inScope(actor, 'site', 's'))
    .executeTakeFirst();
}

/** Serialises the writers of one site's colour (assessments, retirements) until commit. */
export async function lockSite(trx: Q, siteId: string): Promise<void> {
  await trx.selectFrom('sites').select('id').where('id', '=', siteId).forUpdate().execute();
}

export async function insertPoint(trx: Q, values: Insertable<RiskPointsTable>): Promise<string> {
  const { id } = await trx.insertInto('risk_points').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updatePoint(trx: Q, id: string, set: Updateable<RiskPointsTable>): Promise<void> {
  await trx
    .updateTable('risk_points')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export interface PointRow {
  id: string;
  site_id: string;
  site_name: string;
  region_code: string;
  name: string;
  kind: RiskPointsTable['kind'];
  location: string;
  hazard_factors: string[];
  control_measures: Array<{ measure: string; responsible: string }>;
  created_at: Date;
  updated_at: Date;
  retired_at: Date | null;
  retire_reason: string | null;
  /** The latest assessment (id) and its colour. */
  latest_id: string | null;
  latest_colour: RiskColourCode | null;
  open_hazards: number;
  last_hazard_id: string | null;
  last_hazard_title: string | null;
  last_hazard_status: string | null;
  last_hazard_found_at: Date | null;
}

/** The hazards found at the point's site on the point's checklist items (by library and code). */
const hazardsOfPoint = sql`
  hazards h
  JOIN checklist_versions hv ON hv.id = h.library_version_id
  JOIN risk_point_items rpi ON rpi.library_id = hv.library_id AND rpi.item_code = h.checklist_item_code
  WHERE rpi.risk_point_id = rp.id AND h.site_id = rp.site_id`;

const pointBase = (db: Q, actor: Actor) =>
  db
    .selectFrom('risk_points as rp')
    .innerJoin('sites as s', 's.id', 'rp.site_id')
    .where(inScope(actor, 'site', 's'));

const pointColumns = (qb: ReturnType<typeof pointBase>) =>
  qb.select([
    'rp.id',
    'rp.site_id',
    's.name as site_name',
    's.region_code',
    'rp.name',
    'rp.kind',
    'rp.location',
    'rp.hazard_factors',
    'rp.control_measures',
    'rp.created_at',
    'rp.updated_at',
    'rp.retired_at',
    'rp.retire_reason',
    sql<
      string | null
    >`(SELECT a.id FROM risk_assessments a WHERE a.risk_point_id = rp.id ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1)`.as(
      'latest_id',
    ),
    sql<RiskColourCode | null>`(SELECT a.colour FROM risk_assessments a WHERE a.risk_point_id = rp.id ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1)`.as(
      'latest_colour',
    ),
    sql<number>`(SELECT count(DISTINCT h.id)::int FROM ${hazardsOfPoint} AND h.status NOT IN ('rejected', 'accepted', 'closed'))`.as(
      'open_hazards',
    ),
    sql<string | null>`(SELECT h.id FROM ${hazardsOfPoint} ORDER BY h.found_at DESC, h.id DESC LIMIT 1)`.as(
      'last_hazard_id',
    ),
    sql<
      string | null
    >`(SELECT h.title FROM ${hazardsOfPoint} ORDER BY h.found_at DESC, h.id DESC LIMIT 1)`.as(
      'last_hazard_title',
    ),
    sql<
      string | null
    >`(SELECT h.status FROM ${hazardsOfPoint} ORDER BY h.found_at DESC, h.id DESC LIMIT 1)`.as(
      'last_hazard_status',
    ),
    sql<Date | null>`(SELECT h.found_at FROM ${hazardsOfPoint} ORDER BY h.found_at DESC, h.id DESC LIMIT 1)`.as(
      'last_hazard_found_at',
    ),
  ]);

const SORT: Record<string, SortKey> = {
  createdAt: key('rp.created_at', 'timestamptz'),
  name: key('rp.name', 'text'),
};

export async function listPoints(
  db: Q,
  actor: Actor,
  q: Static<typeof RiskPointQuery>,
): Promise<PageOf<PointRow>> {
  let qb = pointBase(db, actor);
  if (q.siteId) qb = qb.where('rp.site_id', '=', q.siteId);
  if (!q.includeRetired) qb = qb.where('rp.retired_at', 'is', null);
  if (q.colour)
    qb = qb.where(
      sql<boolean>`(SELECT a.colour FROM risk_assessments a WHERE a.risk_point_id = rp.id ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1) = ${q.colour}`,
    );
  if (q.q) qb = qb.where(searchAny(q.q, ['rp.name', 'rp.location', 's.name']));
  const sort = q.sort ?? 'createdAt';
  return keysetPage(db, qb, pointColumns, {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName: sort,
    sort: SORT[sort]!,
    order: q.order ?? (sort === 'name' ? 'asc' : 'desc'),
    idColumn: 'rp.id',
  }) as unknown as Promise<PageOf<PointRow>>;
}

/** Every point of a site (current ones, or with the retired), for the map and the poster. */
export async function pointsOfSite(
  db: Q,
  actor: Actor,
  siteId: string,
  includeRetired = false,
): Promise<PointRow[]> {
  let qb = pointBase(db, actor).where('rp.site_id', '=', siteId);
  if (!includeRetired) qb = qb.where('rp.retired_at', 'is', null);
  return (await pointColumns(qb)
    .orderBy('rp.created_at')
    .orderBy('rp.id')
    .execute()) as unknown as PointRow[];
}

export async function findPoint(db: Q, actor: Actor, id: string): Promise<PointRow | undefined> {
  return (await pointColumns(pointBase(db, actor).where('rp.id', '=', id)).executeTakeFirst()) as unknown as
    PointRow | undefined;
}

/** Locks one point's row (and answers whether the actor sees it) inside a writer's transaction. */
export async function lockPoint(
  trx: Q,
  actor: Actor,
  id: string,
): Promise<{ id: string; site_id: string; retired_at: Date | null; name: string } | undefined> {
  return trx
    .selectFrom('risk_points as rp')
    .innerJoin('sites as s', 's.id', 'rp.site_id')
    .select(['rp.id', 'rp.site_id', 'rp.retired_at', 'rp.name'])
    .where('rp.id', '=', id)
    .where(inScope(actor, 'site', 's'))
    .forUpdate('rp')
    .executeTakeFirst();
}

// ---- checklist items of a point

export interface ItemRow {
  item_id: string;
  code: string;
  title: string;
  library_id: string;
  library_code: string;
  version_id: string;
  status: string;
}

/** Checklist items by id with their library and version status (to link only published ones). */
export async function checklistItems(db: Q, ids: readonly string[]): Promise<ItemRow[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('checklist_items as i')
    .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select([
      'i.id as item_id',
      'i.code',
      'i.title_zh as title',
      'l.id as library_id',
      'l.code as library_code',
      'v.id as version_id',
      'v.status',
    ])
    .where('i.id', 'in', ids)
    .execute();
}

export async function itemsOfPoint(db: Q, pointId: string): Promise<ItemRow[]> {
  return db
    .selectFrom('risk_point_items as rpi')
    .innerJoin('checklist_items as i', 'i.id', 'rpi.item_id')
    .innerJoin('checklist_versions as v', 'v.id', 'rpi.version_id')
    .innerJoin('checklist_libraries as l', 'l.id', 'rpi.library_id')
    .select([
      'i.id as item_id',
      'rpi.item_code as code',
      'i.title_zh as title',
      'l.id as library_id',
      'l.code as library_code',
      'v.id as version_id',
      'v.status',
    ])
    .where('rpi.risk_point_id', '=', pointId)
    .orderBy('l.code')
    .orderBy('rpi.item_code')
    .execute();
}

export async function replacePointItems(trx: Q, pointId: string, items: readonly ItemRow[]): Promise<void> {
  await trx.deleteFrom('risk_point_items').where('risk_point_id', '=', pointId).execute();
  if (!items.length) return;
  const seen = new Set<string>();
  const rows = items.filter((i) => {
    const k = `${i.library_id}:${i.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  await trx
    .insertInto('risk_point_items')
    .values(
      rows.map((i) => ({
        risk_point_id: pointId,
        library_id: i.library_id,
        item_code: i.code,
        item_id: i.item_id,
        version_id: i.version_id,
      })),
    )
    .execute();
}

/**
 * The checklist items (library, code) linked to the current risk points of the sites of a target
 * (a site; a project's or an enterprise's sites), with the points that link them — for the
 * inspection proposal.
 */
export async function linkedItemsOfTarget(
  db: Q,
  target: { siteId: string | null; projectId: string | null; enterpriseId: string | null },
): Promise<
  Array<{ library_id: string; item_code: string; point_name: string; colour: RiskColourCode | null }>
> {
  const { siteId, projectId, enterpriseId } = target;
  if (!siteId && !projectId && !enterpriseId) return [];
  let qb = db
    .selectFrom('risk_point_items as rpi')
    .innerJoin('risk_points as rp', 'rp.id', 'rpi.risk_point_id')
    .innerJoin('sites as s', 's.id', 'rp.site_id')
    .select([
      'rpi.library_id',
      'rpi.item_code',
      'rp.name as point_name',
      sql<RiskColourCode | null>`(SELECT a.colour FROM risk_assessments a WHERE a.risk_point_id = rp.id ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1)`.as(
        'colour',
      ),
    ])
    .where('rp.retired_at', 'is', null);
  if (siteId) qb = qb.where('s.id', '=', siteId);
  else if (projectId) qb = qb.where('s.project_id', '=', projectId);
  else qb = qb.where('s.enterprise_id', '=', enterpriseId!);
  return qb.orderBy('rp.name').execute();
}

// ---- assessments

export async function insertAssessment(trx: Q, values: Insertable<RiskAssessmentsTable>): Promise<string> {
  const { id } = await trx
    .insertInto('risk_assessments')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface AssessmentRow {
  id: string;
  risk_point_id: string;
  method: 'LEC' | 'LS';
  factors: Record<string, number>;
  value: number;
  colour: RiskColourCode;
  band_set_id: string;
  band_version: number;
  band_region_prefix: string;
  band_industry_code: string | null;
  explanation: Array<{ code: string; params: Record<string, string | number> }>;
  note: string;
  assessed_by: string;
  assessed_by_name: string;
  assessed_at: Date;
}

export async function assessmentsOf(
  db: Q,
  ids: { pointIds?: string[]; ids?: string[] },
): Promise<AssessmentRow[]> {
  if (!ids.pointIds?.length && !ids.ids?.length) return [];
  let qb = db
    .selectFrom('risk_assessments as a')
    .innerJoin('risk_band_sets as b', 'b.id', 'a.band_set_id')
    .innerJoin('users as u', 'u.id', 'a.assessed_by')
    .select([
      'a.id',
      'a.risk_point_id',
      'a.method',
      'a.factors',
      'a.value',
      'a.colour',
      'a.band_set_id',
      'a.band_version',
      'b.region_prefix as band_region_prefix',
      'b.industry_code as band_industry_code',
      'a.explanation',
      'a.note',
      'a.assessed_by',
      'u.display_name as assessed_by_name',
      'a.assessed_at',
    ]);
  if (ids.pointIds?.length) qb = qb.where('a.risk_point_id', 'in', ids.pointIds);
  if (ids.ids?.length) qb = qb.where('a.id', 'in', ids.ids);
  return qb.orderBy('a.assessed_at', 'desc').orderBy('a.id', 'desc').execute();
}

// ---- the site's colour

/** The latest colour of each current point of a site (null for a point never assessed). */
export async function currentColoursOfSite(trx: Q, siteId: string): Promise<Array<RiskColourCode | null>> {
  const rows = await trx
    .selectFrom('risk_points as rp')
    .select(
      sql<RiskColourCode | null>`(SELECT a.colour FROM risk_assessments a WHERE a.risk_point_id = rp.id ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1)`.as(
        'colour',
      ),
    )
    .where('rp.site_id', '=', siteId)
    .where('rp.retired_at', 'is', null)
    .execute();
  return rows.map((r) => r.colour);
}

export async function setSiteColour(trx: Q, siteId: string, colour: RiskColourCode | null): Promise<void> {
  await trx
    .updateTable('sites')
    .set({ risk_colour: colour, updated_at: sql`now()` })
    .where('id', '=', siteId)
    .where(sql<boolean>`risk_colour IS DISTINCT FROM ${colour}`)
    .execute();
}
