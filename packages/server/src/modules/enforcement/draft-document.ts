import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { AppError, conflict, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { buildFacts, type DraftSource } from './facts.ts';
import { effectiveTemplate, type Facts } from './templates.ts';
import { sourceOf } from './documents.ts';
import type { DocumentKind } from '@redline/contracts';
import { ORDER_KINDS } from './kinds.ts';
import { insertDocument, issuedCorrectionOf, loadDocument, type DocumentRow } from './repo/documents.ts';
import { insertOfficers, namedOfficers } from './repo/officers.ts';
import { assertNameable, type NamedOfficer } from './officers.ts';

/**
 * Drafts a document from the records it concerns (or, with supersedesId, a correction of an issued
 * one): facts gathered, the drafter's editable facts on top, one row and its audit entry.
 *
 * Other features call it too (e.g. off-site enforcement from an alarm):
 *   draftDocument(trx, deps, actor, { kind, authorityId?, subject: { enterpriseId?, projectId?, siteId? },
 *                 hazardIds?, inspectionId?, alarmId?, caseId?, followsId?, facts? }) → document id
 * `facts` there are the template's editable facts (e.g. findingsText, measures for an on-site
 * treatment decision; deadline for a rectification order).
 */
type Db = Kysely<DB>;
type UseCaseDeps = Pick<Deps, 'config' | 'today' | 'now'>;

export interface DraftInput extends DraftSource {
  supersedesId?: string | null;
  correctionReason?: string | null;
  /** Officers the drafter names besides themself (Administrative Penalty Law 2021 art. 42); each then confirms. */
  officerIds?: string[];
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
  let named: NamedOfficer[] = [];
  if (input.supersedesId) {
    old = await loadDocument(trx, actor, input.supersedesId);
    if (old.status !== 'issued')
      throw validation('supersedesId', 'Only an issued document can be corrected; edit the draft instead');
    if (!input.correctionReason?.trim()) throw validation('reason', 'Say why the document is corrected');
    const already = await issuedCorrectionOf(trx, old.id);
    if (already)
      throw conflict(
        `${old.number} was already corrected by ${already.number}; correct that one instead`,
        'supersedesId',
      );
    source = sourceOf(old);
    edits = { ...((old.edits as Facts) ?? {}), ...edits };
    // A correction names the officers of the corrected document again; each confirms it anew.
    named = (await namedOfficers(trx, old.id)).map((o) => ({ userId: o.user_id, confirmedAt: null }));
  }
  const authorityId = source.authorityId ?? actor.authorityId;
  if (!authorityId)
    throw validation(
      'authorityId',
      'Documents are issued in the name of an authority; your account belongs to none',
    );
  const { template } = await effectiveTemplate(trx, authorityId, source.kind);
  for (const id of input.officerIds ?? [])
    if (id !== actor.userId && !named.some((n) => n.userId === id))
      named.push({ userId: id, confirmedAt: null });
  const built = await buildFacts(
    trx,
    deps,
    actor,
    { ...source, facts: edits, named, nameDrafter: true },
    template,
  );
  for (const [i, id] of (input.officerIds ?? []).entries())
    await assertNameable(
      trx,
      actor,
      id,
      { regionCode: built.regionCode, authorityId: built.authority.id },
      `officerIds.${i}`,
    );
  // A correction restates an issued order as it was; only a new order must concern open hazards.
  if (!old) assertHazardsOpen(source.kind, built.facts.hazards, source.hazardIds ?? []);
  const id = await insertDocument(trx, {
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
  });
  const at = deps.now();
  await insertOfficers(
    trx,
    built.named.map((n) => ({
      document_id: id,
      user_id: n.userId,
      named_by: actor.userId,
      named_at: at,
      confirmed_at: n.confirmedAt,
    })),
  );
  await appendAudit(trx, {
    actor,
    action: 'document.draft',
    subjectType: 'document',
    subjectId: id,
    regionCode: built.regionCode,
    after: {
      kind: source.kind,
      facts: built.facts,
      edits,
      officers: built.named.map((n) => ({ userId: n.userId, confirmed: !!n.confirmedAt })),
    },
    details: { kind: source.kind, ...(old ? { supersedes: old.number } : {}) },
  });
  return id;
}

const FINISHED: Record<string, string> = { closed: '已销案 / closed', rejected: '不予确认 / rejected' };

/**
 * The orders command work on open hazards only. A rectification order never lists a finished
 * hazard; an on-site treatment decision drafted from an inspection also records what was put right
 * on the spot, so for it only the hazards the drafter names (hazardIds) must be open.
 */
function assertHazardsOpen(kind: DocumentKind, hazards: unknown, named: readonly string[]) {
  if (!ORDER_KINDS.includes(kind) || !Array.isArray(hazards)) return;
  const done = (hazards as Array<{ id: string; title: string; status: string }>).filter(
    (h) => Object.hasOwn(FINISHED, h.status) && (kind === 'rectification_order' || named.includes(h.id)),
  );
  if (done.length === 0) return;
  throw new AppError(
    'HAZARD_CLOSED',
    `隐患已办结，不能再责令整改 / nothing to order for a finished hazard: ${done
      .map((h) => `${h.id}「${h.title}」is ${FINISHED[h.status]}`)
      .join('; ')} — leave it out of hazardIds`,
    'hazardIds',
  );
}
