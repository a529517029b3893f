import type { Static } from '@sinclair/typebox';
import type { Alarm } from '@redline/contracts';
import { alarmActionRefusal, type AlarmStatus } from '@redline/domain';
import type { Deps } from '../../http/context.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import { getAlarm, lockAlarm } from './alarms-repo.ts';
import { alarmView } from './presenters.ts';
import { applyTransition } from './transition-alarm.ts';
import { createHazardFromAlarm } from './alarm-hazard.ts';
import { inTransaction } from '../../db/transaction.ts';

/**
 * Turning a verified alarm into a hazard or an inspection.
 *
 * A hazard is created here (source "alarm", see alarm-hazard.ts) and enters the rectification
 * lifecycle. SEAM — an inspection: the inspections feature creates inspections from a checklist
 * selection this feature cannot make; it may register a dispatcher (inside the same transaction,
 * returning the inspection id). Until it does, the disposition is recorded on the alarm (kind, who,
 * when, note) with `refId: null`, so the follow-up is visible and nothing is lost.
 *
 *   registerAlarmDispatcher('inspection', async (trx, deps, actor, alarm, note) => ({ refId: inspectionId }))
 */
export type AlarmDispatcher = (
  trx: Db,
  deps: Deps,
  actor: Actor,
  alarm: Static<typeof Alarm>,
  note: string,
) => Promise<{ refId: string }>;

const dispatchers = new Map<'hazard' | 'inspection', AlarmDispatcher>([
  [
    'hazard',
    async (trx, deps, actor, alarm) => ({
      refId: await createHazardFromAlarm(trx, actor, alarm, deps.config.TIME_ZONE, deps.now()),
    }),
  ],
]);

export function registerAlarmDispatcher(kind: 'hazard' | 'inspection', fn: AlarmDispatcher) {
  dispatchers.set(kind, fn);
}

export async function dispatchAlarm(
  deps: Deps,
  actor: Actor,
  id: string,
  kind: 'hazard' | 'inspection',
  note: string,
) {
  await inTransaction(deps.database.db, async (trx) => {
    const row = await lockAlarm(trx, actor, id);
    const refused = alarmActionRefusal(row.status as AlarmStatus, actor.role, 'dispatch');
    if (refused)
      throw new AppError(
        refused.code,
        refused.code === 'ILLEGAL_TRANSITION'
          ? `Only an alarm verified as real can be turned into a ${kind} (this one is ${row.status.replace(/_/g, ' ')})`
          : refused.message,
        'status',
      );
    const alarm = alarmView(await getAlarm(trx, actor, id), actor);
    const fn = dispatchers.get(kind);
    const ref = fn ? await fn(trx, deps, actor, alarm, note) : null;
    const disposition = {
      kind,
      at: deps.now().toISOString(),
      by: { id: actor.userId, name: actor.displayName },
      note:
        note || (fn ? '' : `${kind} follow-up recorded; the ${kind} feature is not connected to alarms yet`),
      refId: ref?.refId ?? null,
      documents: [],
    };
    await applyTransition(trx, row, 'dispatch', actor, note, { disposition: JSON.stringify(disposition) });
  });
}
