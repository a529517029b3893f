import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { authorize } from '../../auth/policy.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { deleteDocument, loadDocument } from './repo/documents.ts';

/** Discards a draft (an issued document is never deleted: it is corrected by a new one). */
export async function discardDraft(trx: Kysely<DB>, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'draft', 'document');
  const doc = await loadDocument(trx, actor, id, true);
  if (doc.status !== 'draft')
    throw new AppError(
      'ISSUED_IMMUTABLE',
      `${doc.number} is issued and cannot be deleted; issue a correction instead`,
    );
  await deleteDocument(trx, doc.id);
  await appendAudit(trx, {
    actor,
    action: 'document.discard',
    subjectType: 'document',
    subjectId: doc.id,
    regionCode: doc.region_code,
    before: { kind: doc.kind, facts: doc.facts },
    details: { kind: doc.kind },
  });
}
