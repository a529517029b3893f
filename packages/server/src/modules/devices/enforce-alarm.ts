import type { Static } from '@sinclair/typebox';
import type { EnforcementBody } from '@redline/contracts';
import type { Deps } from '../../http/context.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import { getAlarm, lockAlarm } from './alarms-repo.ts';
import { alarmView } from './presenters.ts';
import { applyTransition } from './transition-alarm.ts';
import { draftsFor } from './enforcement-drafts.ts';
import { createHazardFromAlarm } from './alarm-hazard.ts';
import { draftDocument } from '../enforcement/draft-document.ts';
import { issueIfOfficersReady } from '../enforcement/issue-document.ts';
import { inTransaction } from '../../db/transaction.ts';

export interface IssuedDocument {
  kind: string;
  id: string;
  number: string | null;
  status: string;
  pdfUrl: string | null;
}

/**
 * Off-site enforcement: a verified alarm becomes a hazard (source "alarm"), then the rectification
 * order and/or the on-site treatment decision are drafted and issued through the enforcement
 * feature's own use cases (`draftDocument`, `issueDocument`: numbering, template, PDF, audit),
 * pre-filled with the alarm's evidence — all in one transaction with the alarm's own step to
 * "dispatched", so either everything is recorded or nothing is. A document is issued at once only
 * when two certified officers confirmed (Administrative Penalty Law 2021 art. 42): the caller names
 * the second (coOfficerId), who confirms on the draft; until then the documents stay drafts.
 * Who may issue which document is the enforcement templates' rule (issuerRoles).
 */

/** Issues the requested documents pre-filled from the alarm and marks the alarm dispatched to enforcement. */
export async function enforceAlarm(
  deps: Deps,
  actor: Actor,
  id: string,
  body: Static<typeof EnforcementBody>,
): Promise<IssuedDocument[]> {
  return inTransaction(deps.database.db, async (trx) => {
    const row = await lockAlarm(trx, actor, id);
    if (row.status !== 'verified')
      throw new AppError(
        'ILLEGAL_TRANSITION',
        `Only an alarm verified as real can go to enforcement (this one is ${row.status.replace(/_/g, ' ')})`,
        'status',
      );
    const alarm = alarmView(await getAlarm(trx, actor, id), actor);
    if (!alarm.enterprise)
      throw new AppError(
        'UNPROCESSABLE',
        'This alarm’s site belongs to no enterprise, so there is nobody to address the documents to',
      );
    const hazardId = await createHazardFromAlarm(trx, actor, alarm, deps.config.TIME_ZONE, deps.now());
    const drafts = draftsFor(alarm, deps, body);
    const documents: IssuedDocument[] = [];
    // The order first: issuing it confirms the hazard and sets its deadline.
    for (const kind of ['rectification_order', 'treatment_decision'] as const) {
      if (!body.documents.includes(kind)) continue;
      const f = drafts.find((d) => d.kind === kind)!.fields as Record<string, unknown>;
      const facts =
        kind === 'rectification_order'
          ? { deadline: f.deadline, remarks: f.remarks, place: f.place }
          : {
              findingsText: f.findingsText,
              measures: (f.measures as Array<{ text: string }>).map((m) => m.text),
              remarks: f.remarks,
              place: f.place,
            };
      const docId = await draftDocument(trx, deps, actor, {
        kind,
        subject: { enterpriseId: alarm.enterprise.id, siteId: alarm.site.id },
        hazardIds: [hazardId],
        alarmId: alarm.id,
        facts,
        // The second officer (Administrative Penalty Law 2021 art. 42): named here, confirms on the document.
        officerIds: body.coOfficerId ? [body.coOfficerId] : [],
      });
      // Issued at once when two certified officers have confirmed; otherwise a draft that the named
      // colleague confirms and an officer then issues.
      const issued = await issueIfOfficersReady(trx, deps, actor, docId);
      documents.push({
        kind,
        id: docId,
        number: issued?.number ?? null,
        status: issued ? 'issued' : 'draft',
        pdfUrl: `/api/documents/${docId}/pdf`,
      });
    }
    const disposition = {
      kind: 'enforcement',
      at: deps.now().toISOString(),
      by: { id: actor.userId, name: actor.displayName },
      note: body.note ?? '',
      refId: hazardId,
      documents,
    };
    await applyTransition(trx, row, 'dispatch', actor, body.note ?? '', {
      disposition: JSON.stringify(disposition),
    });
    return documents;
  });
}
