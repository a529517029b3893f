import { transitionAlarm, type AlarmActionName, type AlarmStatus } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import { appendAudit, type AuditActor } from '../../audit/chain.ts';
import { insertAlarmHistory, recordAlarmStep, type LockedAlarm } from './alarms-repo.ts';
import { notifyLive } from './live-repo.ts';
import { alarmPlace } from './escalation-repo.ts';
import { jurisdictionLeaders, notifyUsers } from '../notifications/notify.ts';
import { queueWebhookEvent } from '../webhooks/queue.ts';
import { ALARM_SEVERITY_NAMES, ALARM_TYPE_NAMES } from '@redline/contracts';

export type { LockedAlarm } from './alarms-repo.ts';

/**
 * One transition of the alarm state machine (domain `transitionAlarm`) inside the caller's
 * transaction, on an alarm the caller locked: the alarm's columns, its history line and audit
 * entry; the consoles hear of it on commit. `disposition` (JSON) records where a dispatched alarm went.
 */
export async function applyTransition(
  trx: Db,
  row: LockedAlarm,
  action: AlarmActionName,
  who: Actor | { system: string },
  note: string,
  extra: { disposition?: string; publicUrl?: string } = {},
) {
  const t = transitionAlarm(
    {
      status: row.status as AlarmStatus,
      acknowledgedAt: row.acknowledged_at ? String(row.acknowledged_at) : null,
    },
    action,
    'system' in who ? { kind: 'system' } : { kind: 'user', role: who.role },
  );
  if (!t.ok) throw AppError.refusal(t.code, t.message, t.code === 'ILLEGAL_TRANSITION' ? 409 : 403, t.field);
  const userId = 'system' in who ? null : who.userId;
  await recordAlarmStep(trx, row.id, {
    status: t.value.to,
    userId,
    acknowledges: !!t.value.acknowledges,
    verdict: t.value.verdict,
    escalates: action === 'escalate',
    closes: action === 'close',
    note,
    disposition: extra.disposition,
  });
  await insertAlarmHistory(trx, {
    alarm_id: row.id,
    actor_id: userId,
    action,
    from_status: t.value.from,
    to_status: t.value.to,
    note,
    details: JSON.stringify('system' in who ? { system: who.system } : {}),
  });
  await appendAudit(trx, {
    actor: who as AuditActor,
    action: `alarm.${action}`,
    subjectType: 'alarm',
    subjectId: row.id,
    regionCode: row.region_code,
    before: { status: t.value.from },
    after: { status: t.value.to, verdict: t.value.verdict ?? row.verdict },
    details: { number: row.number, ...(note && { note: note.slice(0, 200) }) },
  });
  if (action === 'escalate') await announceEscalation(trx, row, note, extra.publicUrl);
  await notifyLive(trx, `Au:${row.id}`);
  return t.value;
}

/**
 * An escalated alarm reaches people: a notice to each leader of the nearest jurisdiction over the
 * alarm's region (the consoles get the alarm itself live on commit), and a message queued for every
 * webhook of that region and above (an outbox row in this transaction; the delivery job sends it
 * later, so a slow or failing robot never holds up escalation or ingest).
 */
async function announceEscalation(trx: Db, row: LockedAlarm, note: string, publicUrl?: string) {
  const place = await alarmPlace(trx, row.id);
  const type = ALARM_TYPE_NAMES[row.type] ?? row.type;
  const severity = ALARM_SEVERITY_NAMES[row.severity] ?? row.severity;
  const path = `/offsite?status=all&id=${row.id}`;
  const title = `报警升级：${row.number} ${type}（${severity}）`;
  const lines: Array<[string, string]> = [
    ['报警编号', row.number],
    ['类型', type],
    ['级别', severity],
    ['地点', [place?.region_name, place?.site_name].filter(Boolean).join(' ') || row.region_code],
    ...(place?.enterprise_name ? [['单位', place.enterprise_name] as [string, string]] : []),
    ...(place?.first_event_at
      ? [['发生时间', new Date(place.first_event_at).toISOString()] as [string, string]]
      : []),
    ['升级原因', note || '人工升级'],
  ];
  const leaders = await jurisdictionLeaders(trx, row.region_code);
  await notifyUsers(trx, leaders, {
    kind: 'alarm_escalated',
    title,
    body: lines.map(([k, v]) => `${k}：${v}`).join('；'),
    link: path,
    subjectType: 'alarm',
    subjectId: row.id,
    dedupeKey: `alarm-escalated:${row.id}`,
  });
  await queueWebhookEvent(trx, {
    event: 'alarm.escalated',
    regionCode: row.region_code,
    dedupeKey: `alarm-escalated:${row.id}`,
    subjectId: row.id,
    title,
    lines,
    link: publicUrl ? `${publicUrl.replace(/\/+$/, '')}${path}` : null,
  });
}
