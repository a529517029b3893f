import type { Static } from '@sinclair/typebox';
import { addDays, dateInZone } from '@redline/domain';
import type { Alarm, EnforcementBody } from '@redline/contracts';
import type { Deps } from '../../http/context.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import { getAlarm } from './alarms-repo.ts';
import { applyTransition, lockAlarm } from './alarm-actions.ts';
import { describeFacts, findingsText, textOf, zhDateTime } from './alarm-findings.ts';
import { createHazardFromAlarm } from './alarm-hazard.ts';
import { draftDocument } from '../enforcement/draft-document.ts';
import { issueDocument } from '../enforcement/issue-document.ts';
import { inTransaction } from '../../db/transaction.ts';

type AlarmView = Static<typeof Alarm>;

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
 * "dispatched", so either everything is issued and recorded or nothing is.
 * Who may issue which document is the enforcement templates' rule (issuerRoles).
 */

/** The document facts pre-filled from the alarm, in the enforcement templates' vocabulary. */
export function draftsFor(
  alarm: AlarmView,
  deps: Pick<Deps, 'config' | 'now'>,
  body?: Partial<Static<typeof EnforcementBody>>,
) {
  const t = textOf(alarm);
  const tz = deps.config.TIME_ZONE;
  const findings = body?.findings ?? findingsText(alarm, tz);
  const evidence = `证据：告警${alarm.number}，设备${alarm.device.code}，首次${zhDateTime(alarm.firstEventAt, tz)}，累计${alarm.eventCount}条事件${alarm.evidence.snapshotUrl ? '，附现场抓拍图像' : ''}。`;
  const place = `${alarm.site.name}${alarm.site.address ? `（${alarm.site.address}）` : ''}`;
  const subjectName = alarm.enterprise?.name ?? alarm.site.name;
  // The calendar day of now, as the enforcement feature checks deadlines against it.
  const deadline = body?.deadline ?? addDays(dateInZone(tz, deps.now()), t.deadlineDays);
  const measures = (body?.measures ?? t.measures).map((text, i) => ({ no: i + 1, text }));
  const facts = describeFacts(alarm);
  const rectification = {
    kind: 'rectification_order' as const,
    title: '责令限期整改指令书',
    fields: {
      subjectName,
      place,
      inspectionText: `本机关通过非现场监管（物联网与视频AI监测）于${zhDateTime(alarm.firstEventAt, tz)}发现：${findings}`,
      hazards: [
        {
          no: 1,
          title: t.title,
          descriptionSuffix: facts.length ? `（${facts.join('；')}）` : '',
          legalBasisText: t.basis,
          gradeText:
            alarm.severity === 'critical' || alarm.type === 'uncertified_special_operation' ? '重大' : '一般',
        },
      ],
      deadline,
      remarks: `${t.rectification}。${evidence}${body?.note ? body.note : ''}`,
      alarmNumber: alarm.number,
    },
  };
  const treatment = {
    kind: 'treatment_decision' as const,
    title: '现场处理措施决定书',
    fields: {
      subjectName,
      place,
      findingDateText: zhDateTime(alarm.firstEventAt, tz),
      findingsText: findings,
      measures,
      remarks: evidence,
      alarmNumber: alarm.number,
    },
  };
  return [rectification, treatment];
}

export async function enforcementPreview(deps: Deps, actor: Actor, id: string) {
  const alarm = await getAlarm(deps.database.db, actor, id);
  return { alarmId: alarm.id, available: true, drafts: draftsFor(alarm, deps) };
}

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
        409,
        'status',
      );
    const alarm = await getAlarm(trx, actor, id);
    if (!alarm.enterprise)
      throw new AppError(
        'UNPROCESSABLE',
        'This alarm’s site belongs to no enterprise, so there is nobody to address the documents to',
        422,
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
      });
      const issued = await issueDocument(trx, deps, actor, docId);
      documents.push({
        kind,
        id: issued.id,
        number: issued.number,
        status: 'issued',
        pdfUrl: `/api/documents/${issued.id}/pdf`,
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
