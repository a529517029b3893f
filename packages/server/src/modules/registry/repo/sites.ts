import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { PageOf, SiteQuery } from '@redline/contracts';
import type { DB, SitesTable } from '../../../db/schema.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inScope, inRegion } from '../../../auth/scope.ts';
import { key, keysetPage, searchAny, type SortKey } from '../../../db/paging.ts';

const SORT: Record<string, SortKey> = {
  name: key('s.name', 'text'),
  kind: key('s.kind', 'text'),
  regionCode: key('s.region_code', 'text'),
  createdAt: key('s.created_at', 'timestamptz'),
};

const base = (db: Kysely<DB>, actor: Actor) =>
  db
    .selectFrom('sites as s')
    .leftJoin('regions as r', 'r.code', 's.region_code')
    .leftJoin('enterprises as e', 'e.id', 's.enterprise_id')
    .leftJoin('projects as p', 'p.id', 's.project_id')
    .where(inScope(actor, 'site', 's'));
const columns = (qb: ReturnType<typeof base>) =>
  qb
    .selectAll('s')
    .select(['r.name_zh as region_name', 'e.name as enterprise_name', 'p.name as project_name']);

export type SiteRow = Awaited<ReturnType<ReturnType<typeof columns>['executeTakeFirstOrThrow']>>;

export async function listSites(
  db: Kysely<DB>,
  actor: Actor,
  q: Static<typeof SiteQuery>,
  limit?: number,
): Promise<PageOf<SiteRow>> {
  let qb = base(db, actor);
  if (q.regionCode) qb = qb.where(inRegion(q.regionCode, 's'));
  if (q.kind) qb = qb.where('s.kind', '=', q.kind);
  if (q.keyRiskSource !== undefined) qb = qb.where('s.key_risk_source', '=', q.keyRiskSource);
  if (q.enterpriseId) qb = qb.where('s.enterprise_id', '=', q.enterpriseId);
  if (q.projectId) qb = qb.where('s.project_id', '=', q.projectId);
  if (q.q) qb = qb.where(searchAny(q.q, ['s.name', 's.address', 'e.name', 'p.name']));
  const sort = q.sort ?? 'name';
  return keysetPage(db, qb, columns, {
    cursor: q.cursor,
    pageSize: limit ?? q.pageSize,
    sortName: sort,
    sort: SORT[sort]!,
    order: q.order ?? 'asc',
    idColumn: 's.id',
  });
}

export function findSiteRow(db: Kysely<DB>, actor: Actor, id: string): Promise<SiteRow | undefined> {
  return columns(base(db, actor).where('s.id', '=', id)).executeTakeFirst();
}

export async function insertSite(db: Kysely<DB>, values: Insertable<SitesTable>): Promise<string> {
  const { id } = await db.insertInto('sites').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateSite(db: Kysely<DB>, id: string, set: Updateable<SitesTable>): Promise<void> {
  await db
    .updateTable('sites')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
