import { transitionAlarm, type AlarmActionName, type AlarmStatus } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import { appendAudit, type AuditActor } from '../../audit/chain.ts';
import { insertAlarmHistory, recordAlarmStep, type LockedAlarm } from './alarms-repo.ts';
import { notifyLive } from './live-repo.ts';

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
  extra: { disposition?: string } = {},
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
  await notifyLive(trx, `Au:${row.id}`);
  return t.value;
}
