import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { PageOf, ProjectQuery } from '@redline/contracts';
import type { DB, PartyRole, ProjectsTable } from '../../../db/schema.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inScope, inRegion } from '../../../auth/scope.ts';
import { key, keysetPage, nullsLast, searchAny, type SortKey } from '../../../db/paging.ts';

/** A responsible party as aggregated into the project row (json_build_object keys). */
export interface PartyJson {
  role: string;
  enterpriseId: string | null;
  name: string;
  contact: string;
}

const SORT: Record<string, SortKey> = {
  name: key('p.name', 'text'),
  status: key('p.status', 'text'),
  regionCode: key('p.region_code', 'text'),
  createdAt: key('p.created_at', 'timestamptz'),
  startOn: nullsLast('p.start_on', 'date'),
};

const base = (db: Kysely<DB>, actor: Actor) =>
  db
    .selectFrom('projects as p')
    .leftJoin('regions as r', 'r.code', 'p.region_code')
    .leftJoin('authorities as a', 'a.id', 'p.regulator_authority_id')
    .where(inScope(actor, 'project', 'p'));
const columns = (qb: ReturnType<typeof base>) =>
  qb
    .selectAll('p')
    .select(['r.name_zh as region_name', 'a.name as authority_name'])
    .select(
      // json on PostgreSQL; text on drivers that do not parse json (the view parses it then).
      sql<
        PartyJson[] | string
      >`coalesce((SELECT json_agg(json_build_object('role', pp.role, 'enterpriseId', pp.enterprise_id, 'name', pp.name, 'contact', pp.contact) ORDER BY pp.role) FROM project_parties pp WHERE pp.project_id = p.id), '[]'::json)`.as(
        'parties',
      ),
    );

export type ProjectRow = Awaited<ReturnType<ReturnType<typeof columns>['executeTakeFirstOrThrow']>>;

export async function listProjects(
  db: Kysely<DB>,
  actor: Actor,
  q: Static<typeof ProjectQuery>,
  limit?: number,
): Promise<PageOf<ProjectRow>> {
  let qb = base(db, actor);
  if (q.regionCode) qb = qb.where(inRegion(q.regionCode, 'p'));
  if (q.type) qb = qb.where('p.type', '=', q.type);
  if (q.status) qb = qb.where('p.status', '=', q.status);
  if (q.enterpriseId)
    qb = qb.where(
      sql<boolean>`p.id IN (SELECT project_id FROM project_parties WHERE enterprise_id = ${q.enterpriseId})`,
    );
  if (q.q) qb = qb.where(searchAny(q.q, ['p.name', 'p.permit_no', 'p.address']));
  const sort = q.sort ?? 'name';
  return keysetPage(db, qb, columns, {
    cursor: q.cursor,
    pageSize: limit ?? q.pageSize,
    sortName: sort,
    sort: SORT[sort]!,
    order: q.order ?? 'asc',
    idColumn: 'p.id',
  });
}

export function findProjectRow(db: Kysely<DB>, actor: Actor, id: string): Promise<ProjectRow | undefined> {
  return columns(base(db, actor).where('p.id', '=', id)).executeTakeFirst();
}

export async function authorityExists(db: Kysely<DB>, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('authorities')
    .select('region_code')
    .where('id', '=', id)
    .executeTakeFirst();
  return !!row;
}

export async function insertProject(db: Kysely<DB>, values: Insertable<ProjectsTable>): Promise<string> {
  const { id } = await db.insertInto('projects').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateProject(
  db: Kysely<DB>,
  id: string,
  set: Updateable<ProjectsTable>,
): Promise<void> {
  await db
    .updateTable('projects')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export interface PartyValues {
  role: PartyRole;
  enterprise_id: string | null;
  name: string;
  contact: string;
}

/** Replaces the project's responsible parties. */
export async function replaceParties(
  db: Kysely<DB>,
  projectId: string,
  parties: PartyValues[],
): Promise<void> {
  await db.deleteFrom('project_parties').where('project_id', '=', projectId).execute();
  if (parties.length)
    await db
      .insertInto('project_parties')
      .values(parties.map((p) => ({ project_id: projectId, ...p })))
      .execute();
}
