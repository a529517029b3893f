import type { Kysely } from 'kysely';
import type { DocumentKind } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Facts } from './templates.ts';
import { draftDocument } from './draft-document.ts';
import { loadDocument } from './repo/documents.ts';

/**
 * Drafts the correction of an issued document: a new draft of the same kind that supersedes it
 * and says why (draftDocument checks it is issued and not corrected already).
 */
export async function correctDocument(
  db: Kysely<DB>,
  deps: Pick<Deps, 'config' | 'today' | 'now'>,
  actor: Actor,
  id: string,
  correction: { reason: string; facts?: Facts },
): Promise<string> {
  const old = await loadDocument(db, actor, id);
  return inTransaction(db, (trx) =>
    draftDocument(trx, deps, actor, {
      kind: old.kind as DocumentKind,
      supersedesId: old.id,
      correctionReason: correction.reason,
      facts: correction.facts,
    }),
  );
}
