import type { Static } from '@sinclair/typebox';
import { addDays, dateInZone } from '@redline/domain';
import type { Alarm, EnforcementBody } from '@redline/contracts';
import type { Deps } from '../../http/context.ts';
import type { Actor } from '../../auth/actor.ts';
import { getAlarm } from './alarms-repo.ts';
import { alarmView } from './presenters.ts';
import { describeFacts, findingsText, textOf, zhDateTime } from './alarm-findings.ts';

type AlarmView = Static<typeof Alarm>;

/**
 * The off-site enforcement documents of an alarm — the rectification order and the on-site
 * treatment decision — pre-filled with its evidence, in the enforcement templates' vocabulary.
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
  const alarm = alarmView(await getAlarm(deps.database.db, actor, id), actor);
  return { alarmId: alarm.id, available: true, drafts: draftsFor(alarm, deps) };
}
