import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inScope } from '../../../auth/scope.ts';

/** Queries of the records a document's facts are gathered from, each within the actor's scope. */
type Db = Kysely<DB>;

export async function caseInScope(db: Db, actor: Actor, id: string) {
  return db
    .selectFrom('cases as c')
    .selectAll('c')
    .where('c.id', '=', id)
    .where(inScope(actor, 'case', 'c'))
    .executeTakeFirst();
}

export async function inspectionInScope(db: Db, actor: Actor, id: string) {
  return db
    .selectFrom('inspections as i')
    .selectAll('i')
    .where('i.id', '=', id)
    .where(inScope(actor, 'inspection', 'i'))
    .executeTakeFirst();
}

/** The hazards found in an inspection, in the order they were found. */
export async function hazardStatusesOfInspection(db: Db, inspectionId: string) {
  return db
    .selectFrom('hazards')
    .select(['id', 'status'])
    .where('inspection_id', '=', inspectionId)
    .orderBy('found_at')
    .execute();
}

/** Hazards by id within the actor's scope (those out of scope are simply absent). */
export async function hazardsInScope(db: Db, actor: Actor, ids: string[]) {
  return db
    .selectFrom('hazards as h')
    .selectAll('h')
    .where('h.id', 'in', ids)
    .where(inScope(actor, 'hazard', 'h'))
    .orderBy('h.found_at')
    .orderBy('h.id')
    .execute();
}

export async function authorityById(db: Db, id: string) {
  return db
    .selectFrom('authorities')
    .select(['id', 'name', 'short_name', 'kind', 'region_code'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function siteInScope(db: Db, actor: Actor, id: string) {
  return db
    .selectFrom('sites as st')
    .selectAll('st')
    .where('st.id', '=', id)
    .where(inScope(actor, 'site', 'st'))
    .executeTakeFirst();
}

export async function enterpriseInScope(db: Db, actor: Actor, id: string) {
  return db
    .selectFrom('enterprises as e')
    .selectAll('e')
    .where('e.id', '=', id)
    .where(inScope(actor, 'enterprise', 'e'))
    .executeTakeFirst();
}

export async function projectNameInScope(db: Db, actor: Actor, id: string) {
  return db
    .selectFrom('projects as p')
    .select(['p.name'])
    .where('p.id', '=', id)
    .where(inScope(actor, 'project', 'p'))
    .executeTakeFirst();
}

export async function projectInScope(db: Db, actor: Actor, id: string) {
  return db
    .selectFrom('projects as p')
    .selectAll('p')
    .where('p.id', '=', id)
    .where(inScope(actor, 'project', 'p'))
    .executeTakeFirst();
}

/** A project's general contractor, with its enterprise's particulars when it is registered. */
export async function generalContractorOf(db: Db, projectId: string) {
  return db
    .selectFrom('project_parties as pp')
    .leftJoin('enterprises as e', 'e.id', 'pp.enterprise_id')
    .select(['pp.name', 'e.name as enterprise_name', 'e.credit_code', 'e.legal_representative', 'e.address'])
    .where('pp.project_id', '=', projectId)
    .where('pp.role', '=', 'general_contractor')
    .executeTakeFirst();
}

/** The most days any of these checklist findings allows for rectification (null when none says). */
export async function maxRectifyDays(db: Db, findingIds: string[]): Promise<number | null> {
  const r = await db
    .selectFrom('inspection_findings')
    .select(sql<number | null>`max(rectify_days)`.as('d'))
    .where('id', 'in', findingIds)
    .executeTakeFirst();
  return r?.d ?? null;
}

/** The payload of a hazard's latest review event, if it was reviewed. */
export async function lastReviewPayload(db: Db, hazardId: string): Promise<unknown> {
  const last = await db
    .selectFrom('hazard_events')
    .select(['payload'])
    .where('hazard_id', '=', hazardId)
    .where('type', '=', 'review')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  return last?.payload;
}

/** How many checklist items an inspection checked, and how many failed. */
export async function findingCounts(db: Db, inspectionId: string) {
  const counts = await sql<{
    total: number;
    failed: number;
  }>`SELECT count(*)::int AS total, count(*) FILTER (WHERE result = 'fail')::int AS failed FROM inspection_findings WHERE inspection_id = ${inspectionId}`.execute(
    db,
  );
  return counts.rows[0];
}
