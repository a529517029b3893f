import { alarmActionRefusal, type AlarmStatus } from '@redline/domain';
import type { Deps } from '../../http/context.ts';
import type { Actor } from '../../auth/actor.ts';
import { authorize } from '../../auth/policy.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { authorityOfficers, notifyUsers } from '../notifications/notify.ts';
import { insertAlarmHistory, lockAlarm } from './alarms-repo.ts';
import { notifyLive } from './live-repo.ts';

/**
 * The duty officer's path to enforcement documents: a duty officer issues none (Administrative
 * Penalty Law 2021 art. 42 — law-enforcement officers do), so a verified alarm is handed over to the
 * officers of the duty officer's authority (移交执法人员) — one named officer, or its leaders and
 * inspectors. The alarm stays verified (an officer then issues the documents); the hand-over is a
 * history line and an audit entry, and each officer gets a notice — one transaction.
 */
export async function handOverAlarm(
  deps: Deps,
  actor: Actor,
  id: string,
  body: { officerId?: string; note?: string },
): Promise<void> {
  authorize(actor, 'hand_over', 'alarm');
  await inTransaction(deps.database.db, async (trx) => {
    const row = await lockAlarm(trx, actor, id);
    const refused = alarmActionRefusal(row.status as AlarmStatus, actor.role, 'hand_over');
    if (refused) throw new AppError(refused.code, refused.message, 'status');
    const officers = await authorityOfficers(trx, actor.authorityId, body.officerId);
    if (body.officerId && !officers.length) throw notFound('Officer');
    if (!officers.length)
      throw new AppError(
        'UNPROCESSABLE',
        'Your authority has no active law-enforcement officer (leader or inspector) to hand the alarm over to',
      );
    const note = body.note ?? '';
    await insertAlarmHistory(trx, {
      alarm_id: row.id,
      actor_id: actor.userId,
      action: 'hand_over',
      from_status: row.status,
      to_status: row.status,
      note,
      details: JSON.stringify({ officers }),
    });
    await appendAudit(trx, {
      actor,
      action: 'alarm.hand_over',
      subjectType: 'alarm',
      subjectId: row.id,
      regionCode: row.region_code,
      details: { number: row.number, officers, ...(note && { note: note.slice(0, 200) }) },
    });
    await notifyUsers(trx, officers, {
      kind: 'alarm_hand_over',
      title: `报警 ${row.number} 移交执法：请核实后开具执法文书`,
      body: `${actor.displayName} 已核实该报警属实，移交执法人员处理。${note}`,
      link: `/offsite?status=all&id=${row.id}`,
      subjectType: 'alarm',
      subjectId: row.id,
      dedupeKey: `alarm-hand-over:${row.id}`,
    });
    await notifyLive(trx, `Au:${row.id}`);
  });
}
