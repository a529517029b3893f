import type { Kysely } from 'kysely';
import type { DocumentKind } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { buildFacts } from './facts.ts';
import { effectiveTemplate, type Facts } from './templates.ts';
import { sourceOf } from './documents.ts';
import { loadDocument, updateDraftFacts } from './repo/documents.ts';
import { namedOfficers } from './repo/officers.ts';
import { namedOf } from './officers.ts';

type Db = Kysely<DB>;
type UseCaseDeps = Pick<Deps, 'config' | 'today' | 'now'>;

/** Changes the drafter's editable facts of a draft. */
export async function editDraft(
  trx: Db,
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  changes: Facts,
): Promise<void> {
  authorize(actor, 'draft', 'document');
  const doc = await loadDocument(trx, actor, id, true);
  if (doc.status !== 'draft')
    throw new AppError(
      'ISSUED_IMMUTABLE',
      `${doc.number} is issued and cannot be changed; issue a correction instead`,
    );
  const { template } = await effectiveTemplate(trx, doc.authority_id, doc.kind as DocumentKind);
  const edits = { ...((doc.edits as Facts) ?? {}), ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === null) delete edits[k];
  const built = await buildFacts(
    trx,
    deps,
    actor,
    { ...sourceOf(doc), facts: edits, named: namedOf(await namedOfficers(trx, doc.id)) },
    template,
  );
  await updateDraftFacts(trx, id, edits, built.facts);
  await appendAudit(trx, {
    actor,
    action: 'document.edit',
    subjectType: 'document',
    subjectId: id,
    regionCode: doc.region_code,
    before: doc.edits,
    after: edits,
    details: { keys: Object.keys(changes) },
  });
}
