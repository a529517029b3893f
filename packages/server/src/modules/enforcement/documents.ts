import { dateInZone } from '@redline/domain';
import { sql, type Kysely, type Selectable } from 'kysely';
import {
  DOCUMENT_KIND_NAMES,
  type DocumentKind,
  type DocumentSummary,
  type DocumentView,
} from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { DocumentsTable } from '../../db/schema-enforcement.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { inScope } from '../../auth/scope.ts';
import { AppError, conflict, forbidden, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { digestOf, sha256 } from '../../audit/canonical.ts';
import { renderPdf, type Block } from '../../pdf/render.ts';
import { transitionHazard } from '../hazards/apply-action.ts';
import { loadHazard } from '../hazards/repo.ts';
import { deadlineInstant, zhDate } from '../hazards/time.ts';
import { applyEdits, buildFacts, type DraftSource } from './facts.ts';
import {
  effectiveTemplate,
  formatNumber,
  missingFacts,
  resolveBlocks,
  type Facts,
  type Template,
} from './templates.ts';
import { nextSerial } from './numbering.ts';

/**
 * Enforcement documents: drafted from the records they concern, reviewed, then issued by an
 * authorised user — numbered, rendered to PDF, stored, and audited in one transaction. An issued
 * document never changes (the database refuses it); a correction is a new document that
 * supersedes the old and says so.
 *
 * Use cases other features call (e.g. off-site enforcement from an alarm):
 *   draftDocument(trx, deps, actor, { kind, authorityId?, subject: { enterpriseId?, projectId?, siteId? },
 *                 hazardIds?, inspectionId?, alarmId?, caseId?, followsId?, facts? }) → document id
 *   issueDocument(trx, deps, actor, documentId) → { id, number, pdfSha256 }
 * `facts` there are the template's editable facts (e.g. findingsText, measures for an on-site
 * treatment decision; deadline for a rectification order).
 */
export type DocumentRow = Selectable<DocumentsTable>;
type Db = Kysely<DB>;
type UseCaseDeps = Pick<Deps, 'config' | 'today' | 'now'>;

export interface DraftInput extends DraftSource {
  supersedesId?: string | null;
  correctionReason?: string | null;
}

export async function draftDocument(
  trx: Db,
  deps: UseCaseDeps,
  actor: Actor,
  input: DraftInput,
): Promise<string> {
  authorize(actor, 'draft', 'document');
  let source: DraftSource = input;
  let edits: Facts = { ...(input.facts ?? {}) };
  let old: DocumentRow | null = null;
  if (input.supersedesId) {
    old = await loadDocument(trx, actor, input.supersedesId);
    if (old.status !== 'issued')
      throw validation('supersedesId', 'Only an issued document can be corrected; edit the draft instead');
    if (!input.correctionReason?.trim()) throw validation('reason', 'Say why the document is corrected');
    const already = await trx
      .selectFrom('documents')
      .select('number')
      .where('supersedes_id', '=', old.id)
      .where('status', '=', 'issued')
      .executeTakeFirst();
    if (already)
      throw conflict(
        `${old.number} was already corrected by ${already.number}; correct that one instead`,
        'supersedesId',
      );
    source = sourceOf(old);
    edits = { ...((old.edits as Facts) ?? {}), ...edits };
  }
  const authorityId = source.authorityId ?? actor.authorityId;
  if (!authorityId)
    throw validation(
      'authorityId',
      'Documents are issued in the name of an authority; your account belongs to none',
    );
  const { template } = await effectiveTemplate(trx, authorityId, source.kind);
  const built = await buildFacts(trx, deps, actor, { ...source, facts: edits }, template);
  const row = await trx
    .insertInto('documents')
    .values({
      kind: source.kind,
      authority_id: built.authority.id,
      region_code: built.regionCode,
      enterprise_id: built.enterpriseId,
      project_id: built.projectId,
      site_id: built.siteId,
      inspection_id: built.inspectionId,
      alarm_id: built.alarmId,
      case_id: built.caseId,
      hazard_ids: built.hazardIds,
      follows_id: built.followsId,
      supersedes_id: old?.id ?? null,
      correction_reason: old ? input.correctionReason!.trim() : null,
      title: `${template.title}（${built.subjectName}）`,
      edits: JSON.stringify(edits),
      facts: JSON.stringify(built.facts),
      drafted_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendAudit(trx, {
    actor,
    action: 'document.draft',
    subjectType: 'document',
    subjectId: row.id,
    regionCode: built.regionCode,
    after: { kind: source.kind, facts: built.facts, edits },
    details: { kind: source.kind, ...(old ? { supersedes: old.number } : {}) },
  });
  return row.id;
}

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
      409,
    );
  const { template } = await effectiveTemplate(trx, doc.authority_id, doc.kind as DocumentKind);
  const edits = { ...((doc.edits as Facts) ?? {}), ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === null) delete edits[k];
  const built = await buildFacts(trx, deps, actor, { ...sourceOf(doc), facts: edits }, template);
  await trx
    .updateTable('documents')
    .set({ edits: JSON.stringify(edits), facts: JSON.stringify(built.facts), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
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

export interface Issued {
  id: string;
  number: string;
  pdfSha256: string;
}

export async function issueDocument(trx: Db, deps: UseCaseDeps, actor: Actor, id: string): Promise<Issued> {
  authorize(actor, 'issue', 'document');
  const doc = await loadDocument(trx, actor, id, true);
  if (doc.status !== 'draft')
    throw new AppError('ALREADY_ISSUED', `This document was already issued as ${doc.number}`, 409);
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
    { ...sourceOf(doc), facts: (doc.edits as Facts) ?? {} },
    template,
  );
  const missing = missingFacts(template, built.facts);
  if (missing.length)
    throw validation(
      `facts.${missing[0]}`,
      `签发前请补全：${missing.join('、')} / fill in before issuing: ${missing.join(', ')}`,
    );
  if (doc.supersedes_id) {
    const taken = await trx
      .selectFrom('documents')
      .select('number')
      .where('supersedes_id', '=', doc.supersedes_id)
      .where('status', '=', 'issued')
      .executeTakeFirst();
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
  const issuer = await trx
    .selectFrom('users')
    .select(['display_name'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const record = issuedRecord({
    ...doc,
    facts: built.facts as never,
    hazard_ids: built.hazardIds,
    number,
    year,
    serial,
    issued_at: issuedAt,
    issued_by: actor.userId,
    issued_by_name: issuer.display_name,
  });
  const contentDigest = digestOf(record)!;
  const superseded = doc.supersedes_id
    ? await trx
        .selectFrom('documents')
        .select('number')
        .where('id', '=', doc.supersedes_id)
        .executeTakeFirst()
    : null;
  const pdf = await renderPdf({
    authorityName: built.authority.name,
    title: template.title,
    number,
    blocks: documentBlocks(template, built.facts, {
      number,
      issuedOn,
      issuerName: issuer.display_name,
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
  await trx
    .updateTable('documents')
    .set({
      status: 'issued',
      facts: JSON.stringify(built.facts),
      hazard_ids: built.hazardIds,
      template: JSON.stringify({ source, version, authorityId: doc.authority_id, body: template }),
      number,
      year,
      serial,
      issued_at: issuedAt,
      issued_by: actor.userId,
      issued_by_name: issuer.display_name,
      content_digest: contentDigest,
      pdf_sha256: pdfSha256,
      pdf_size: pdf.length,
      updated_at: issuedAt,
    })
    .where('id', '=', doc.id)
    .execute();
  await trx
    .insertInto('document_pdfs')
    .values({ document_id: doc.id, content: pdf, sha256: pdfSha256 })
    .execute();
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
      const to = doc.kind === 'case_filing' ? 'filed' : 'decided';
      const c = await trx
        .selectFrom('cases')
        .select(['status', 'region_code'])
        .where('id', '=', doc.case_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const order = ['open', 'filed', 'decided', 'closed'];
      if (order.indexOf(c.status) >= order.indexOf(to)) return;
      await trx
        .updateTable('cases')
        .set({ status: to as never, updated_at: sql`now()` })
        .where('id', '=', doc.case_id)
        .execute();
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

/** The issued record whose digest is printed on the PDF, stored on the row and in the audit chain. */
export function issuedRecord(r: DocumentRow) {
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    year: r.year,
    serial: r.serial,
    authorityId: r.authority_id,
    regionCode: r.region_code,
    enterpriseId: r.enterprise_id,
    projectId: r.project_id,
    siteId: r.site_id,
    inspectionId: r.inspection_id,
    alarmId: r.alarm_id,
    caseId: r.case_id,
    followsId: r.follows_id,
    supersedesId: r.supersedes_id,
    correctionReason: r.correction_reason,
    hazardIds: r.hazard_ids,
    title: r.title,
    facts: typeof r.facts === 'string' ? JSON.parse(r.facts) : r.facts,
    issuedAt: r.issued_at ? new Date(r.issued_at).toISOString() : null,
    issuedBy: r.issued_by,
    issuedByName: r.issued_by_name,
  };
}

export function documentBlocks(
  t: Template,
  facts: Facts,
  meta: {
    number: string | null;
    issuedOn: string | null;
    issuerName: string | null;
    authority: { name: string; shortName: string };
    supersedes: string | null;
    correctionReason: string | null;
  },
): Block[] {
  const ctx = {
    ...facts,
    number: meta.number ?? '',
    issueDateText: meta.issuedOn ? zhDate(meta.issuedOn) : '　　年　　月　　日',
    issuerName: meta.issuerName ?? '',
    authority: meta.authority,
  };
  const blocks = resolveBlocks(t, ctx);
  if (meta.supersedes) {
    blocks.unshift({
      type: 'paragraph',
      text: `更正说明：本文书更正并取代${meta.supersedes}，原文书自本文书签发之日起失效。更正理由：${meta.correctionReason ?? ''}`,
      bold: true,
    });
  }
  return blocks;
}

export const verifyUrl = (deps: Pick<Deps, 'config'>, id: string) =>
  `${(deps.config.PUBLIC_URL ?? `http://${deps.config.HOST === '0.0.0.0' ? '127.0.0.1' : deps.config.HOST}:${deps.config.PORT}`).replace(/\/$/, '')}/verify/${id}`;

export function sourceOf(d: DocumentRow): DraftSource {
  return {
    kind: d.kind as DocumentKind,
    authorityId: d.authority_id,
    subject: { enterpriseId: d.enterprise_id, projectId: d.project_id, siteId: d.site_id },
    hazardIds: d.hazard_ids,
    inspectionId: d.inspection_id,
    alarmId: d.alarm_id,
    caseId: d.case_id,
    followsId: d.follows_id,
  };
}

// ---- queries

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

export const summaryColumns = (qb: any) =>
  qb
    .innerJoin('authorities as a', 'a.id', 'd.authority_id')
    .leftJoin('enterprises as e', 'e.id', 'd.enterprise_id')
    .leftJoin('projects as p', 'p.id', 'd.project_id')
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

export function summaryOf(r: any): DocumentSummary {
  return {
    id: r.id,
    kind: r.kind,
    kindName: DOCUMENT_KIND_NAMES[r.kind as DocumentKind] ?? r.kind,
    status: r.status,
    title: r.title,
    number: r.number,
    authorityId: r.authority_id,
    authorityName: r.authority_name,
    regionCode: r.region_code,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name ?? null,
    projectId: r.project_id,
    projectName: r.project_name ?? null,
    caseId: r.case_id,
    hazardIds: r.hazard_ids ?? [],
    issuedAt: r.issued_at ? new Date(r.issued_at).toISOString() : null,
    issuedByName: r.issued_by_name,
    supersedesId: r.supersedes_id,
    supersededBy: r.superseded_by_id ? { id: r.superseded_by_id, number: r.superseded_by_number } : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function documentView(
  db: Db,
  deps: Pick<Deps, 'config'>,
  actor: Actor,
  id: string,
): Promise<DocumentView> {
  await loadDocument(db, actor, id);
  const r = await summaryColumns(db.selectFrom('documents as d'))
    .where('d.id', '=', id)
    .executeTakeFirstOrThrow();
  const { template } =
    r.status === 'issued' && r.template
      ? { template: (r.template as { body: Template }).body }
      : await effectiveTemplate(db, r.authority_id, r.kind);
  const facts = (r.facts ?? {}) as Facts;
  return {
    ...summaryOf(r),
    siteId: r.site_id,
    inspectionId: r.inspection_id,
    alarmId: r.alarm_id,
    followsId: r.follows_id,
    correctionReason: r.correction_reason,
    supersedesNumber: r.supersedes_number ?? null,
    facts,
    editable: r.status === 'draft' ? template.editable : [],
    missing: r.status === 'draft' ? missingFacts(template, facts) : [],
    contentDigest: r.content_digest,
    pdfSha256: r.pdf_sha256,
    pdfSize: r.pdf_size,
    verifyUrl: r.status === 'issued' ? verifyUrl(deps, r.id) : null,
    canIssue:
      r.status === 'draft' &&
      (template.issuerRoles as readonly string[]).includes(actor.role) &&
      (!actor.authorityId || actor.authorityId === r.authority_id),
  };
}

/** The PDF: the stored bytes of an issued document, or a watermarked, unnumbered preview of a draft. */
export async function documentPdf(
  db: Db,
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
): Promise<{ pdf: Buffer; filename: string; issued: boolean }> {
  const doc = await loadDocument(db, actor, id);
  if (doc.status === 'issued') {
    const stored = await db
      .selectFrom('document_pdfs')
      .select(['content'])
      .where('document_id', '=', id)
      .executeTakeFirstOrThrow();
    return { pdf: Buffer.from(stored.content), filename: `${doc.number}.pdf`, issued: true };
  }
  const { template } = await effectiveTemplate(db, doc.authority_id, doc.kind as DocumentKind);
  const authority = await db
    .selectFrom('authorities')
    .select(['name', 'short_name'])
    .where('id', '=', doc.authority_id)
    .executeTakeFirstOrThrow();
  const facts = { ...((doc.facts as Facts) ?? {}) };
  applyEdits(template, facts, {}, dateInZone(deps.config.TIME_ZONE, deps.now()));
  const superseded = doc.supersedes_id
    ? await db.selectFrom('documents').select('number').where('id', '=', doc.supersedes_id).executeTakeFirst()
    : null;
  const pdf = await renderPdf({
    authorityName: authority.name,
    title: template.title,
    number: null,
    blocks: documentBlocks(template, facts, {
      number: null,
      issuedOn: null,
      issuerName: null,
      authority: { name: authority.name, shortName: authority.short_name },
      supersedes: superseded?.number ?? null,
      correctionReason: doc.correction_reason,
    }),
    verifyUrl: null,
    documentId: doc.id,
    contentDigest: null,
    createdAt: new Date(doc.updated_at),
  });
  return { pdf, filename: `draft-${doc.id}.pdf`, issued: false };
}
