import { isEnforcementInspection } from '@redline/domain';
import type { Kysely } from 'kysely';
import type { DocumentKind } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { AppError, forbidden, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { buildFacts } from './facts.ts';
import { effectiveTemplate, type Facts } from './templates.ts';
import { sourceOf } from './documents.ts';
import { loadDocument, updateDraftFacts, type DocumentRow } from './repo/documents.ts';
import { inspectionInScope } from './repo/facts.ts';
import { confirmNamedOfficer, deleteNamedOfficer, insertOfficers, namedOfficers } from './repo/officers.ts';
import { assertNameable, namedOf } from './officers.ts';

/**
 * The officers of a draft (Administrative Penalty Law 2021 art. 42): the drafter names a colleague
 * (or takes one off), and each named officer confirms, themself, that they took part. Officers of
 * the inspection a document comes from confirm on the inspection. The draft's facts follow.
 */
type Db = Kysely<DB>;
type UseCaseDeps = Pick<Deps, 'config' | 'today' | 'now'>;

async function openDraft(trx: Db, actor: Actor, id: string): Promise<DocumentRow> {
  const doc = await loadDocument(trx, actor, id, true);
  if (doc.status !== 'draft')
    throw new AppError(
      'ISSUED_IMMUTABLE',
      `${doc.number} is issued: its officers are part of it; issue a correction instead`,
    );
  return doc;
}

/** The draft's facts again from the records, with the officers as they now are. */
async function refreshFacts(trx: Db, deps: UseCaseDeps, actor: Actor, doc: DocumentRow) {
  const { template } = await effectiveTemplate(trx, doc.authority_id, doc.kind as DocumentKind);
  const edits = (doc.edits as Facts) ?? {};
  const built = await buildFacts(
    trx,
    deps,
    actor,
    { ...sourceOf(doc), facts: edits, named: namedOf(await namedOfficers(trx, doc.id)) },
    template,
  );
  await updateDraftFacts(trx, doc.id, edits, built.facts);
  return built;
}

export async function nameOfficer(trx: Db, deps: UseCaseDeps, actor: Actor, id: string, userId: string) {
  authorize(actor, 'draft', 'document');
  const doc = await openDraft(trx, actor, id);
  const u = await assertNameable(
    trx,
    actor,
    userId,
    { regionCode: doc.region_code, authorityId: doc.authority_id },
    'userId',
  );
  if ((await namedOfficers(trx, doc.id)).some((o) => o.user_id === userId))
    throw validation('userId', `${u.display_name} is already named on this document`);
  const at = deps.now();
  // Naming yourself is confirming.
  await insertOfficers(trx, [
    {
      document_id: doc.id,
      user_id: userId,
      named_by: actor.userId,
      named_at: at,
      confirmed_at: userId === actor.userId ? at : null,
    },
  ]);
  await refreshFacts(trx, deps, actor, doc);
  await appendAudit(trx, {
    actor,
    action: 'document.officer_name',
    subjectType: 'document',
    subjectId: doc.id,
    regionCode: doc.region_code,
    details: { userId, name: u.display_name, licenceNo: u.licence_no },
    at,
  });
}

export async function removeOfficer(trx: Db, deps: UseCaseDeps, actor: Actor, id: string, userId: string) {
  authorize(actor, 'draft', 'document');
  const doc = await openDraft(trx, actor, id);
  if (doc.drafted_by !== actor.userId && userId !== actor.userId)
    throw forbidden('Only the drafter takes an officer off a draft (or the officer themself)');
  const removed = await deleteNamedOfficer(trx, doc.id, userId);
  if (!removed)
    throw validation(
      'userId',
      'That person is not named on this document (officers of its inspection are changed on the inspection)',
    );
  await refreshFacts(trx, deps, actor, doc);
  await appendAudit(trx, {
    actor,
    action: 'document.officer_remove',
    subjectType: 'document',
    subjectId: doc.id,
    regionCode: doc.region_code,
    details: { userId },
    at: deps.now(),
  });
}

/** The logged-in officer confirms taking part in what the draft records; their account must carry a certificate number. */
export async function confirmOfficer(trx: Db, deps: UseCaseDeps, actor: Actor, id: string) {
  authorize(actor, 'draft', 'document');
  const doc = await openDraft(trx, actor, id);
  const mine = (await namedOfficers(trx, doc.id)).find((o) => o.user_id === actor.userId);
  if (!mine) {
    const inspection = doc.inspection_id ? await inspectionInScope(trx, actor, doc.inspection_id) : undefined;
    throw validation(
      'userId',
      inspection && isEnforcementInspection(inspection.kind)
        ? `You are not named on this document: officers of inspection ${inspection.number} confirm on the inspection`
        : 'You are not named on this document: the drafter names the officers',
    );
  }
  if (!mine.licence_no)
    throw new AppError(
      'CERTIFICATE_NUMBER_MISSING',
      `${mine.display_name}的账户没有执法证号，不能作为执法人员确认；请管理员在用户管理中填写 / your account carries no law-enforcement certificate number (执法证号): an administrator adds it in user administration`,
    );
  if (mine.confirmed_at) return;
  const at = deps.now();
  await confirmNamedOfficer(trx, doc.id, actor.userId, at);
  await refreshFacts(trx, deps, actor, doc);
  await appendAudit(trx, {
    actor,
    action: 'document.officer_confirm',
    subjectType: 'document',
    subjectId: doc.id,
    regionCode: doc.region_code,
    details: { userId: actor.userId, name: mine.display_name, licenceNo: mine.licence_no },
    at,
  });
}
