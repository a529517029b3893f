import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { DocumentQuery } from '@redline/contracts';
import type { DB } from '../../../db/schema.ts';
import type { DocumentsTable } from '../../../db/schema-enforcement.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inScope } from '../../../auth/scope.ts';
import { notFound } from '../../../errors.ts';
import { key, keysetPage, searchAny } from '../../../db/paging.ts';

/** Queries of enforcement documents and their stored PDFs. */
type Db = Kysely<DB>;
export type DocumentRow = Selectable<DocumentsTable>;

/** A document the actor may see (an enterprise manager: issued ones only). */
export async function loadDocument(
  db: Db,
  actor: Actor,
  id: string,
  forUpdate = false,
): Promise<DocumentRow> {
  let q = db
    .selectFrom('documents as d')
    .selectAll('d')
    .where('d.id', '=', id)
    .where(inScope(actor, 'document', 'd'));
  if (actor.role === 'enterprise_manager') q = q.where('d.status', '=', 'issued');
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Document');
  return row;
}

/** A document in the actor's scope, any status (or undefined). */
export async function documentInScope(db: Db, actor: Actor, id: string) {
  return db
    .selectFrom('documents as d')
    .selectAll('d')
    .where('d.id', '=', id)
    .where(inScope(actor, 'document', 'd'))
    .executeTakeFirst();
}

/** The issued document that corrects (supersedes) the given one, if any. */
export async function issuedCorrectionOf(db: Db, supersededId: string) {
  return db
    .selectFrom('documents')
    .select('number')
    .where('supersedes_id', '=', supersededId)
    .where('status', '=', 'issued')
    .executeTakeFirst();
}

/** The number of a document (null while a draft), or undefined when there is none. */
export async function documentNumber(db: Db, id: string) {
  return db.selectFrom('documents').select('number').where('id', '=', id).executeTakeFirst();
}

export async function insertDocument(trx: Db, values: Insertable<DocumentsTable>): Promise<string> {
  const row = await trx.insertInto('documents').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDraftFacts(
  trx: Db,
  id: string,
  edits: Record<string, unknown>,
  facts: Record<string, unknown>,
) {
  await trx
    .updateTable('documents')
    .set({ edits: JSON.stringify(edits), facts: JSON.stringify(facts), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function markIssued(trx: Db, id: string, set: Updateable<DocumentsTable>) {
  await trx.updateTable('documents').set(set).where('id', '=', id).execute();
}

export async function deleteDocument(trx: Db, id: string) {
  await trx.deleteFrom('documents').where('id', '=', id).execute();
}

export async function insertDocumentPdf(trx: Db, documentId: string, content: Buffer, sha256: string) {
  await trx.insertInto('document_pdfs').values({ document_id: documentId, content, sha256 }).execute();
}

/** The stored PDF of an issued document (throws when missing). */
export async function storedPdf(db: Db, documentId: string): Promise<Uint8Array> {
  const stored = await db
    .selectFrom('document_pdfs')
    .select(['content'])
    .where('document_id', '=', documentId)
    .executeTakeFirstOrThrow();
  return stored.content;
}

/** The stored PDF of a document, or undefined. */
export async function storedPdfIfAny(db: Db, documentId: string) {
  return db
    .selectFrom('document_pdfs')
    .select(['content'])
    .where('document_id', '=', documentId)
    .executeTakeFirst();
}

export async function userDisplayName(db: Db, userId: string): Promise<string> {
  const u = await db
    .selectFrom('users')
    .select(['display_name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return u.display_name;
}

export async function authorityNames(db: Db, authorityId: string) {
  return db
    .selectFrom('authorities')
    .select(['name', 'short_name'])
    .where('id', '=', authorityId)
    .executeTakeFirstOrThrow();
}

// ---- summaries (a document with its authority, party names and correction links)

// Every document has its authority (NOT NULL foreign key), so the joins never change the count.
const joined = (db: Db) =>
  db
    .selectFrom('documents as d')
    .innerJoin('authorities as a', 'a.id', 'd.authority_id')
    .leftJoin('enterprises as e', 'e.id', 'd.enterprise_id')
    .leftJoin('projects as p', 'p.id', 'd.project_id');

const summaryColumns = (qb: ReturnType<typeof joined>) =>
  qb
    .selectAll('d')
    .select([
      'a.name as authority_name',
      'e.name as enterprise_name',
      'p.name as project_name',
      sql<
        string | null
      >`(SELECT s.id::text FROM documents s WHERE s.supersedes_id = d.id AND s.status = 'issued' LIMIT 1)`.as(
        'superseded_by_id',
      ),
      sql<
        string | null
      >`(SELECT s.number FROM documents s WHERE s.supersedes_id = d.id AND s.status = 'issued' LIMIT 1)`.as(
        'superseded_by_number',
      ),
      sql<string | null>`(SELECT o.number FROM documents o WHERE o.id = d.supersedes_id)`.as(
        'supersedes_number',
      ),
    ]);

export type DocumentSummaryRow = Awaited<
  ReturnType<ReturnType<typeof summaryColumns>['executeTakeFirstOrThrow']>
>;

/** One page of the documents the actor may see, filtered. */
export async function listDocuments(db: Db, actor: Actor, q: Static<typeof DocumentQuery>) {
  let base = joined(db).where(inScope(actor, 'document', 'd'));
  if (actor.role === 'enterprise_manager') base = base.where('d.status', '=', 'issued');
  if (q.kind) base = base.where('d.kind', '=', q.kind);
  if (q.status) base = base.where('d.status', '=', q.status);
  if (q.enterpriseId) base = base.where('d.enterprise_id', '=', q.enterpriseId);
  if (q.projectId) base = base.where('d.project_id', '=', q.projectId);
  if (q.caseId) base = base.where('d.case_id', '=', q.caseId);
  if (q.inspectionId) base = base.where('d.inspection_id', '=', q.inspectionId);
  if (q.hazardId) base = base.where(sql<boolean>`${q.hazardId}::uuid = ANY(d.hazard_ids)`);
  if (q.year) base = base.where('d.year', '=', q.year);
  if (q.q) base = base.where(searchAny(q.q, ['d.title', 'd.number']));
  return keysetPage(db, base, summaryColumns, {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName: 'created_at',
    sort: key('d.created_at', 'timestamptz'),
    order: q.order ?? 'desc',
    idColumn: 'd.id',
  });
}

export async function documentSummaryRow(db: Db, id: string): Promise<DocumentSummaryRow> {
  return summaryColumns(joined(db)).where('d.id', '=', id).executeTakeFirstOrThrow();
}

export async function documentSummaryRowsOfCase(db: Db, caseId: string): Promise<DocumentSummaryRow[]> {
  return summaryColumns(joined(db)).where('d.case_id', '=', caseId).orderBy('d.created_at').execute();
}

// ---- public verification

/** An issued document by id or by number, with its authority's name. */
export async function issuedDocumentBy(db: Db, key: { id: string } | { number: string }) {
  const base = db
    .selectFrom('documents as d')
    .innerJoin('authorities as a', 'a.id', 'd.authority_id')
    .selectAll('d')
    .select('a.name as authority_name')
    .where('d.status', '=', 'issued');
  return 'id' in key
    ? base.where('d.id', '=', key.id).executeTakeFirst()
    : base.where('d.number', '=', key.number).executeTakeFirst();
}

/** The after-digest the audit chain recorded when the document was issued. */
export async function issueAuditDigest(db: Db, documentId: string) {
  return db
    .selectFrom('audit_entries')
    .select(['after_digest'])
    .where('subject_type', '=', 'document')
    .where('subject_id', '=', documentId)
    .where('action', '=', 'document.issue')
    .executeTakeFirst();
}
