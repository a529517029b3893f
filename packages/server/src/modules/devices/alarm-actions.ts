import { sql } from 'kysely';
import { transitionAlarm, type AlarmActionName, type AlarmStatus } from '@redline/domain';
import type { Deps } from '../../http/context.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import { authorize } from '../../auth/policy.ts';
import { AppError, notFound } from '../../errors.ts';
import { appendAudit, type AuditActor } from '../../audit/chain.ts';
import { notifyLive } from './live.ts';
import { inTransaction } from '../../db/transaction.ts';

/**
 * Acknowledge, verify (real / false positive), escalate, close: one transition of the alarm state
 * machine (domain `transitionAlarm`), its history line and audit entry, in one transaction; the
 * consoles hear of it on commit.
 */
export async function actOnAlarm(deps: Deps, actor: Actor, id: string, action: AlarmActionName, note = '') {
  authorize(actor, 'handle', 'alarm');
  await inTransaction(deps.database.db, async (trx) => {
    const row = await lockAlarm(trx, actor, id);
    await applyTransition(trx, row, action, actor, note);
  });
}

export type LockedAlarm = Awaited<ReturnType<typeof lockAlarm>>;

export async function lockAlarm(trx: Db, actor: Actor, id: string) {
  const row = await trx
    .selectFrom('alarms as a')
    .select([
      'a.id',
      'a.number',
      'a.status',
      'a.acknowledged_at',
      'a.region_code',
      'a.verdict',
      'a.severity',
      'a.type',
    ])
    .where('a.id', '=', id)
    .where(inScope(actor, 'alarm', 'a'))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Alarm');
  return row;
}

export async function applyTransition(
  trx: Db,
  row: LockedAlarm,
  action: AlarmActionName,
  who: Actor | { system: string },
  note: string,
  extra: Record<string, unknown> = {},
) {
  const t = transitionAlarm(
    {
      status: row.status as AlarmStatus,
      acknowledgedAt: row.acknowledged_at ? String(row.acknowledged_at) : null,
    },
    action,
    'system' in who ? { kind: 'system' } : { kind: 'user', role: who.role },
  );
  if (!t.ok) throw new AppError(t.code, t.message, t.code === 'ILLEGAL_TRANSITION' ? 409 : 403, t.field);
  const userId = 'system' in who ? null : who.userId;
  const set: Record<string, unknown> = { status: t.value.to, updated_at: sql`now()`, ...extra };
  if (t.value.acknowledges) {
    set.acknowledged_by = userId;
    set.acknowledged_at = sql`now()`;
  }
  if (t.value.verdict) {
    set.verdict = t.value.verdict;
    set.verified_by = userId;
    set.verified_at = sql`now()`;
  }
  if (action === 'escalate') set.escalated_at = sql`now()`;
  if (action === 'close') {
    set.closed_by = userId;
    set.closed_at = sql`now()`;
  }
  if (note) set.note = note;
  await trx.updateTable('alarms').set(set).where('id', '=', row.id).execute();
  await trx
    .insertInto('alarm_history')
    .values({
      alarm_id: row.id,
      actor_id: userId,
      action,
      from_status: t.value.from,
      to_status: t.value.to,
      note,
      details: JSON.stringify('system' in who ? { system: who.system } : {}),
    })
    .execute();
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
