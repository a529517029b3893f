import type { Static } from '@sinclair/typebox';
import {
  DOCUMENT_KIND_NAMES,
  type CaseSummary,
  type CaseView,
  type DocumentKind,
  type DocumentSummary,
  type DocumentView,
} from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import type { DocumentRow, DocumentSummaryRow } from './repo/documents.ts';
import type { CaseSummaryRow } from './repo/cases.ts';
import { missingFacts, type Facts, type Template } from './templates.ts';
import { checkDocumentOfficers, type DocumentOfficer } from './officers.ts';

/** Rows of the enforcement module → the response shapes of contracts. Pure. */

export function documentSummaryOf(r: DocumentSummaryRow): DocumentSummary {
  return {
    id: r.id,
    kind: r.kind as DocumentKind,
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
    supersededBy: r.superseded_by_id ? { id: r.superseded_by_id, number: r.superseded_by_number! } : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** A document with its facts, what the drafter may still change and whether this actor may issue it. */
export function documentViewOf(
  r: DocumentSummaryRow,
  template: Template,
  actor: Actor,
  verifyUrl: string | null,
  officers: readonly DocumentOfficer[],
): DocumentView {
  const facts = (r.facts ?? {}) as Facts;
  const rule = r.status === 'issued' ? { ok: true, problems: [] } : checkDocumentOfficers(officers);
  return {
    ...documentSummaryOf(r),
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
    verifyUrl: r.status === 'issued' ? verifyUrl : null,
    officers: officers.map((o) => ({
      userId: o.userId,
      name: o.name,
      licenceNo: o.licenceNo,
      confirmed: o.confirmed,
      source: o.source,
    })),
    officerRule: { ok: rule.ok, problems: rule.problems.map((p) => ({ ...p })) },
    // The caller's role may issue it; whether the officers are ready is officerRule.
    canIssue:
      r.status === 'draft' &&
      (template.issuerRoles as readonly string[]).includes(actor.role) &&
      (!actor.authorityId || actor.authorityId === r.authority_id),
  };
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

export const caseSummaryOf = (r: CaseSummaryRow): Static<typeof CaseSummary> => ({
  id: r.id,
  number: r.number,
  title: r.title,
  status: r.status,
  source: r.source,
  authorityId: r.authority_id,
  authorityName: r.authority_name,
  regionCode: r.region_code,
  enterpriseId: r.enterprise_id,
  enterpriseName: r.enterprise_name ?? null,
  projectId: r.project_id,
  projectName: r.project_name ?? null,
  openedAt: new Date(r.opened_at).toISOString(),
  closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
  documentCount: r.document_count,
});

export function caseViewOf(
  r: CaseSummaryRow,
  documents: DocumentSummaryRow[],
  entries: Array<{ at: Date; action: string; actor_name: string; details: unknown }>,
): Static<typeof CaseView> {
  return {
    ...caseSummaryOf(r),
    summary: r.summary,
    sourceId: r.source_id,
    siteId: r.site_id,
    hazardIds: r.hazard_ids,
    evidenceFileIds: r.evidence_file_ids,
    closingNote: r.closing_note,
    documents: documents.map(documentSummaryOf),
    timeline: entries.map((e) => ({
      at: new Date(e.at).toISOString(),
      action: e.action,
      actorName: e.actor_name,
      details: (e.details ?? {}) as Record<string, unknown>,
    })),
  };
}
