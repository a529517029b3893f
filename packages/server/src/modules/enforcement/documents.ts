import { dateInZone } from '@redline/domain';
import type { Kysely } from 'kysely';
import type { DocumentKind, DocumentView } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { renderPdf, type Block } from '../../pdf/render.ts';
import { zhDate } from '../hazards/time.ts';
import { applyEdits, type DraftSource } from './facts.ts';
import { effectiveTemplate, resolveBlocks, type Facts, type Template } from './templates.ts';
import { documentViewOf } from './presenters.ts';
import { namedOf, officersOf, type DocumentOfficer } from './officers.ts';
import { inspectionKind, namedOfficers } from './repo/officers.ts';
import {
  authorityNames,
  documentNumber,
  documentSummaryRow,
  loadDocument,
  storedPdf,
  type DocumentRow,
  type DocumentSummaryRow,
} from './repo/documents.ts';

/**
 * Enforcement documents: drafted from the records they concern (draft-document.ts), reviewed
 * (edit-draft.ts), then issued by an authorised user — numbered, rendered to PDF, stored, and
 * audited in one transaction (issue-document.ts). An issued document never changes (the database
 * refuses it); a correction is a new document that supersedes the old and says so
 * (correct-document.ts). This file: reading one, its PDF, and what those use cases share.
 */
type Db = Kysely<DB>;

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

export async function documentView(
  db: Db,
  deps: Pick<Deps, 'config'>,
  actor: Actor,
  id: string,
): Promise<DocumentView> {
  await loadDocument(db, actor, id);
  const r = await documentSummaryRow(db, id);
  const { template } =
    r.status === 'issued' && r.template
      ? { template: (r.template as { body: Template }).body }
      : await effectiveTemplate(db, r.authority_id, r.kind as DocumentKind);
  return documentViewOf(r, template, actor, verifyUrl(deps, r.id), await viewOfficers(db, r));
}

/** The officers a document names: live for a draft, as printed for an issued one. */
async function viewOfficers(db: Db, r: DocumentSummaryRow): Promise<DocumentOfficer[]> {
  if (r.status === 'issued') {
    const printed = ((r.facts as Facts | null)?.inspectors ?? []) as Array<{
      userId?: string;
      name: string;
      licenceNo?: string;
      confirmed?: boolean;
    }>;
    const named = new Set((await namedOfficers(db, r.id)).map((o) => o.user_id));
    return printed
      .filter((p) => !!p.userId)
      .map((p) => ({
        userId: p.userId!,
        name: p.name,
        licenceNo: p.licenceNo || null,
        confirmed: p.confirmed ?? true,
        active: true,
        source: named.has(p.userId!) ? ('document' as const) : ('inspection' as const),
      }));
  }
  const inspection = r.inspection_id ? await inspectionKind(db, r.inspection_id) : undefined;
  return officersOf(db, inspection ?? null, namedOf(await namedOfficers(db, r.id)));
}

/** The PDF: the stored bytes of an issued document, or a watermarked, unnumbered preview of a draft. */
export async function documentPdf(
  db: Db,
  deps: Pick<Deps, 'config' | 'today' | 'now'>,
  actor: Actor,
  id: string,
): Promise<{ pdf: Buffer; filename: string; issued: boolean }> {
  const doc = await loadDocument(db, actor, id);
  if (doc.status === 'issued') {
    const stored = await storedPdf(db, id);
    return { pdf: Buffer.from(stored), filename: `${doc.number}.pdf`, issued: true };
  }
  const { template } = await effectiveTemplate(db, doc.authority_id, doc.kind as DocumentKind);
  const authority = await authorityNames(db, doc.authority_id);
  const facts = { ...((doc.facts as Facts) ?? {}) };
  applyEdits(template, facts, {}, dateInZone(deps.config.TIME_ZONE, deps.now()));
  const superseded = doc.supersedes_id ? await documentNumber(db, doc.supersedes_id) : null;
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
