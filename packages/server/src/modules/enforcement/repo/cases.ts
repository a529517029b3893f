import { sql, type Insertable, type Kysely } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { CaseQuery } from '@redline/contracts';
import type { DB } from '../../../db/schema.ts';
import type { CasesTable, CaseStatus } from '../../../db/schema-enforcement.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inScope } from '../../../auth/scope.ts';
import { notFound } from '../../../errors.ts';
import { key, keysetPage, searchAny } from '../../../db/paging.ts';

/** Queries of enforcement cases. */
type Db = Kysely<DB>;

/** A case in the actor's scope, or 404. */
export async function loadCase(db: Db, actor: Actor, id: string, forUpdate = false) {
  let q = db
    .selectFrom('cases as c')
    .selectAll('c')
    .where('c.id', '=', id)
    .where(inScope(actor, 'case', 'c'));
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Case');
  return row;
}

/** What numbering a case needs of the opening authority. */
export async function openingAuthority(db: Db, authorityId: string) {
  return db
    .selectFrom('authorities')
    .select(['id', 'short_name', 'kind', 'region_code'])
    .where('id', '=', authorityId)
    .executeTakeFirstOrThrow();
}

/** The party of an inspection in the actor's scope. */
export async function inspectionParty(db: Db, actor: Actor, id: string) {
  return db
    .selectFrom('inspections as i')
    .select(['i.enterprise_id', 'i.project_id', 'i.site_id'])
    .where('i.id', '=', id)
    .where(inScope(actor, 'inspection', 'i'))
    .executeTakeFirst();
}

/** The parties of hazards in the actor's scope (those out of scope are absent). */
export async function hazardParties(db: Db, actor: Actor, ids: string[]) {
  return db
    .selectFrom('hazards as h')
    .select(['h.id', 'h.enterprise_id', 'h.project_id', 'h.site_id'])
    .where('h.id', 'in', ids)
    .where(inScope(actor, 'hazard', 'h'))
    .execute();
}

export async function enterpriseRegion(db: Db, actor: Actor, id: string) {
  const e = await db
    .selectFrom('enterprises as e')
    .select('e.region_code')
    .where('e.id', '=', id)
    .where(inScope(actor, 'enterprise', 'e'))
    .executeTakeFirst();
  return e?.region_code;
}

export async function projectRegion(db: Db, actor: Actor, id: string) {
  const p = await db
    .selectFrom('projects as p')
    .select('p.region_code')
    .where('p.id', '=', id)
    .where(inScope(actor, 'project', 'p'))
    .executeTakeFirst();
  return p?.region_code;
}

export async function insertCase(trx: Db, values: Insertable<CasesTable>): Promise<string> {
  const row = await trx.insertInto('cases').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function setCaseEvidence(trx: Db, id: string, fileIds: string[]) {
  await trx
    .updateTable('cases')
    .set({ evidence_file_ids: fileIds, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function markCaseClosed(trx: Db, id: string, closedBy: string, note: string) {
  await trx
    .updateTable('cases')
    .set({
      status: 'closed',
      closed_by: closedBy,
      closed_at: sql`now()`,
      closing_note: note,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** A case's status and region, its row locked until commit. */
export async function lockCaseStatus(trx: Db, id: string) {
  return trx
    .selectFrom('cases')
    .select(['status', 'region_code'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function setCaseStatus(trx: Db, id: string, status: CaseStatus) {
  await trx
    .updateTable('cases')
    .set({ status, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

// ---- summaries (a case with its authority, party names and document count)

// Every case has its authority (NOT NULL foreign key), so the joins never change the count.
const joined = (db: Db) =>
  db
    .selectFrom('cases as c')
    .innerJoin('authorities as a', 'a.id', 'c.authority_id')
    .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
    .leftJoin('projects as p', 'p.id', 'c.project_id');

const caseColumns = (qb: ReturnType<typeof joined>) =>
  qb
    .selectAll('c')
    .select([
      'a.name as authority_name',
      'e.name as enterprise_name',
      'p.name as project_name',
      sql<number>`(SELECT count(*)::int FROM documents d WHERE d.case_id = c.id)`.as('document_count'),
    ]);

export type CaseSummaryRow = Awaited<ReturnType<ReturnType<typeof caseColumns>['executeTakeFirstOrThrow']>>;

/** One page of the cases the actor may see, filtered. */
export async function listCases(db: Db, actor: Actor, q: Static<typeof CaseQuery>) {
  let base = joined(db).where(inScope(actor, 'case', 'c'));
  if (q.status) base = base.where('c.status', '=', q.status);
  if (q.enterpriseId) base = base.where('c.enterprise_id', '=', q.enterpriseId);
  if (q.projectId) base = base.where('c.project_id', '=', q.projectId);
  if (q.q) base = base.where(searchAny(q.q, ['c.title', 'c.number']));
  return keysetPage(db, base, caseColumns, {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName: 'opened_at',
    sort: key('c.opened_at', 'timestamptz'),
    order: q.order ?? 'desc',
    idColumn: 'c.id',
  });
}

export async function caseSummaryRow(db: Db, id: string): Promise<CaseSummaryRow> {
  return caseColumns(joined(db)).where('c.id', '=', id).executeTakeFirstOrThrow();
}

/** The audit entries of a case and of its documents, oldest first. */
export async function caseTimeline(db: Db, caseId: string, documentIds: string[]) {
  return db
    .selectFrom('audit_entries')
    .select(['at', 'action', 'actor_name', 'details'])
    .where((eb) =>
      eb.or([
        eb.and([eb('subject_type', '=', 'case'), eb('subject_id', '=', caseId)]),
        ...(documentIds.length
          ? [eb.and([eb('subject_type', '=', 'document'), eb('subject_id', 'in', documentIds)])]
          : []),
      ]),
    )
    .orderBy('at')
    .execute();
}
