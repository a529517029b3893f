import type { AlarmActionName } from '@redline/domain';
import type { Deps } from '../../http/context.ts';
import type { Actor } from '../../auth/actor.ts';
import { authorize } from '../../auth/policy.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { lockAlarm } from './alarms-repo.ts';
import { applyTransition } from './transition-alarm.ts';

/**
 * Acknowledge, verify (real / false positive), escalate, close: one transition of the alarm state
 * machine, its history line and audit entry, in one transaction; the consoles hear of it on commit.
 * Dispatching has its own endpoints (it must say where the alarm goes).
 */
export async function actOnAlarm(deps: Deps, actor: Actor, id: string, action: AlarmActionName, note = '') {
  authorize(actor, 'handle', 'alarm');
  if (action === 'dispatch')
    throw new AppError(
      'VALIDATION',
      'An alarm is dispatched with POST /api/alarms/{id}/dispatch (hazard or inspection) or /enforcement, which say where it goes',
      'action',
    );
  await inTransaction(deps.database.db, async (trx) => {
    const row = await lockAlarm(trx, actor, id);
    await applyTransition(trx, row, action, actor, note, { publicUrl: deps.config.PUBLIC_URL });
  });
}
