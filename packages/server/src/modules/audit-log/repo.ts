import type { Kysely, Selectable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { AuditEntryQuery, PageOf } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { AuditEntriesTable } from '../../db/schema-enforcement.ts';
import { inRegion } from '../../auth/scope.ts';
import { key, keysetPage } from '../../db/paging.ts';

/** Reading the audit entries (writing them is core: audit/chain.ts's appendAudit). */
export type AuditEntryRow = Selectable<AuditEntriesTable>;

/** A page of the entries of a jurisdiction (region prefix), newest first unless asked otherwise. */
export async function auditEntryPage(
  db: Kysely<DB>,
  regionCode: string,
  q: Static<typeof AuditEntryQuery>,
): Promise<PageOf<AuditEntryRow>> {
  let base = db.selectFrom('audit_entries as x').where(inRegion(regionCode, 'x'));
  if (q.chain) base = base.where('x.chain', '=', q.chain);
  if (q.subjectType) base = base.where('x.subject_type', '=', q.subjectType);
  if (q.subjectId) base = base.where('x.subject_id', '=', q.subjectId);
  if (q.action) base = base.where('x.action', '=', q.action);
  return keysetPage(db, base, (qb) => qb.selectAll('x'), {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName: 'at',
    sort: key('x.at', 'timestamptz'),
    order: q.order ?? 'desc',
    idColumn: 'x.id',
  });
}
