import { dateInZone, TWO_OFFICER_RULE, twoOfficersMessage } from '@redline/domain';
import type { Kysely } from 'kysely';
import { DOCUMENT_KIND_NAMES, type DocumentKind } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { AppError, conflict, forbidden, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { digestOf, sha256 } from '../../audit/canonical.ts';
import { renderPdf } from '../../pdf/render.ts';
import { transitionHazard } from '../hazards/apply-action.ts';
import { loadHazard } from '../hazards/repo.ts';
import { deadlineInstant } from '../hazards/time.ts';
import { buildFacts } from './facts.ts';
import { effectiveTemplate, formatNumber, missingFacts, type Facts } from './templates.ts';
import { documentBlocks, sourceOf, verifyUrl } from './documents.ts';
import { issuedRecord } from './presenters.ts';
import { nextSerial } from './repo/counters.ts';
import {
  documentNumber,
  insertDocumentPdf,
  issuedCorrectionOf,
  loadDocument,
  markIssued,
  userDisplayName,
  type DocumentRow,
} from './repo/documents.ts';
import { lockCaseStatus, setCaseStatus } from './repo/cases.ts';
import { namedOfficers } from './repo/officers.ts';
import { namedOf } from './officers.ts';

/**
 * Issues a draft, all or nothing in the caller's transaction — only when two distinct officers with
 * law-enforcement certificate numbers are named and confirmed (Administrative Penalty Law 2021
 * art. 42; else 409 TWO_OFFICERS_REQUIRED): numbered (the counter row's lock
 * holds until commit), rendered to PDF and stored, applied to the records it concerns, audited.
 * An issued document never changes (the database refuses it); a correction is a new document
 * that supersedes the old and says so.
 *
 * Other features call it too: issueDocument(trx, deps, actor, documentId) → { id, number, pdfSha256 }
 */
type Db = Kysely<DB>;
type UseCaseDeps = Pick<Deps, 'config' | 'today' | 'now'>;

export interface Issued {
  id: string;
  number: string;
  pdfSha256: string;
}

export async function issueDocument(trx: Db, deps: UseCaseDeps, actor: Actor, id: string): Promise<Issued> {
  authorize(actor, 'issue', 'document');
  const doc = await loadDocument(trx, actor, id, true);
  if (doc.status !== 'draft')
    throw new AppError('ALREADY_ISSUED', `This document was already issued as ${doc.number}`);
  const kind = doc.kind as DocumentKind;
  const { template, source, version } = await effectiveTemplate(trx, doc.authority_id, kind);
  if (!(template.issuerRoles as readonly string[]).includes(actor.role))
    throw forbidden(
      `${DOCUMENT_KIND_NAMES[kind]}只能由 ${template.issuerRoles.join('、')} 签发 / your role (${actor.role}) may not issue it`,
    );
  if (actor.authorityId && actor.authorityId !== doc.authority_id)
    throw forbidden('Only a member of the issuing authority may issue this document');
  // The facts are gathered again from the records now, with the drafter's edits on top.
  const built = await buildFacts(
    trx,
    deps,
    actor,
    {
      ...sourceOf(doc),
      facts: (doc.edits as Facts) ?? {},
      named: namedOf(await namedOfficers(trx, doc.id)),
      final: true,
    },
    template,
  );
  // Without two officers the officers' text is empty: that refusal is the two-officer rule's, below.
  const missing = missingFacts(template, built.facts).filter(
    (k) => k !== 'inspectorsText' || built.officerCheck.ok,
  );
  if (missing.length)
    throw validation(
      `facts.${missing[0]}`,
      `签发前请补全：${missing.join('、')} / fill in before issuing: ${missing.join(', ')}`,
    );
  // Administrative Penalty Law 2021 art. 42: two distinct certified officers named, each confirmed.
  if (!built.officerCheck.ok)
    throw new AppError(
      'TWO_OFFICERS_REQUIRED',
      twoOfficersMessage(built.officerCheck, {
        zh: `才能签发${DOCUMENT_KIND_NAMES[kind]}`,
        en: `issue this document (${template.titleEn})`,
      }),
      undefined,
      { rule: TWO_OFFICER_RULE, problems: built.officerCheck.problems },
    );
  if (doc.supersedes_id) {
    const taken = await issuedCorrectionOf(trx, doc.supersedes_id);
    if (taken) throw conflict(`The document was already corrected by ${taken.number}`, 'supersedesId');
  }

  const issuedAt = deps.now();
  const tz = deps.config.TIME_ZONE;
  const issuedOn = dateInZone(tz, issuedAt);
  const year = Number(issuedOn.slice(0, 4));
  const serial = await nextSerial(trx, doc.authority_id, kind, year);
  const number = formatNumber({
    short: built.authority.shortName,
    authorityKind: built.authority.kind,
    abbreviation: template.abbreviation,
    year,
    serial,
  });
  const issuerName = await userDisplayName(trx, actor.userId);
  const record = issuedRecord({
    ...doc,
    facts: built.facts as never,
    hazard_ids: built.hazardIds,
    number,
    year,
    serial,
    issued_at: issuedAt,
    issued_by: actor.userId,
    issued_by_name: issuerName,
  });
  const contentDigest = digestOf(record)!;
  const superseded = doc.supersedes_id ? await documentNumber(trx, doc.supersedes_id) : null;
  const pdf = await renderPdf({
    authorityName: built.authority.name,
    title: template.title,
    number,
    blocks: documentBlocks(template, built.facts, {
      number,
      issuedOn,
      issuerName,
      authority: built.authority,
      supersedes: superseded?.number ?? null,
      correctionReason: doc.correction_reason,
    }),
    verifyUrl: verifyUrl(deps, doc.id),
    documentId: doc.id,
    contentDigest,
    createdAt: issuedAt,
    subject: built.subjectName,
  });
  const pdfSha256 = sha256(pdf);
  await markIssued(trx, doc.id, {
    status: 'issued',
    facts: JSON.stringify(built.facts),
    hazard_ids: built.hazardIds,
    template: JSON.stringify({ source, version, authorityId: doc.authority_id, body: template }),
    number,
    year,
    serial,
    issued_at: issuedAt,
    issued_by: actor.userId,
    issued_by_name: issuerName,
    content_digest: contentDigest,
    pdf_sha256: pdfSha256,
    pdf_size: pdf.length,
    updated_at: issuedAt,
  });
  await insertDocumentPdf(trx, doc.id, pdf, pdfSha256);
  // Records first (their row locks before the audit head, the order every writer follows), then the audit entry.
  await afterIssue(trx, deps, actor, { ...doc, number }, built.facts);
  await appendAudit(trx, {
    actor,
    action: 'document.issue',
    subjectType: 'document',
    subjectId: doc.id,
    regionCode: doc.region_code,
    after: record,
    details: { kind, number, pdfSha256, ...(superseded ? { supersedes: superseded.number } : {}) },
    at: issuedAt,
  });
  return { id: doc.id, number, pdfSha256 };
}

/** What issuing a kind does to the records it concerns. */
async function afterIssue(trx: Db, deps: UseCaseDeps, actor: Actor, doc: DocumentRow, facts: Facts) {
  switch (doc.kind as DocumentKind) {
    case 'rectification_order': {
      const deadline = deadlineInstant(String(facts.deadline), deps.config.TIME_ZONE);
      for (const hazardId of doc.hazard_ids) {
        let row = await loadHazard(trx, actor, hazardId, true);
        if (row.status === 'reported')
          row = (
            await transitionHazard(
              trx,
              deps,
              actor,
              hazardId,
              { type: 'confirm' },
              { row, documentId: doc.id },
            )
          ).row;
        if (row.status === 'confirmed')
          await transitionHazard(
            trx,
            deps,
            actor,
            hazardId,
            { type: 'order_rectification', deadline },
            { row, documentId: doc.id, note: doc.number ?? undefined },
          );
      }
      return;
    }
    case 'case_filing':
    case 'penalty_decision': {
      if (!doc.case_id) return;
      const to = doc.kind === 'case_filing' ? ('filed' as const) : ('decided' as const);
      const c = await lockCaseStatus(trx, doc.case_id);
      const order = ['open', 'filed', 'decided', 'closed'];
      if (order.indexOf(c.status) >= order.indexOf(to)) return;
      await setCaseStatus(trx, doc.case_id, to);
      await appendAudit(trx, {
        actor,
        action: `case.${to}`,
        subjectType: 'case',
        subjectId: doc.case_id,
        regionCode: c.region_code,
        before: { status: c.status },
        after: { status: to },
        details: { document: doc.number },
      });
      return;
    }
    default:
      return;
  }
}

/**
 * Issues the draft when its officers satisfy the two-officer rule (Administrative Penalty Law 2021
 * art. 42); otherwise leaves it a draft and answers null — for callers that draft and issue in one
 * step (off-site enforcement from an alarm), where the colleague named on the draft confirms later.
 * Every other refusal (the issuer's role, missing facts) is thrown as by issueDocument. The rule is
 * checked before anything is written, so the caller's transaction goes on unharmed.
 */
export async function issueIfOfficersReady(
  trx: Db,
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
): Promise<Issued | null> {
  try {
    return await issueDocument(trx, deps, actor, id);
  } catch (e) {
    if (e instanceof AppError && e.code === 'TWO_OFFICERS_REQUIRED') return null;
    throw e;
  }
}
