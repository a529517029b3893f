import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { HazardRow } from './repo.ts';

/** Overdue escalation's tables: which hazards still owe a fix past their deadline, and the stages done. */

/** Hazards past their deadline that still owe the fix and have not reached the last stage for it, oldest deadline first. */
export async function overdueHazards(
  db: Kysely<DB>,
  now: Date,
  lastStage: number,
  limit: number,
): Promise<HazardRow[]> {
  return db
    .selectFrom('hazards as h')
    .selectAll('h')
    .where('h.status', 'in', ['rectification_ordered', 'rectifying'])
    .where('h.deadline', '<', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('hazard_escalations as x')
            .select('x.stage')
            .whereRef('x.hazard_id', '=', 'h.id')
            .whereRef('x.deadline', '=', 'h.deadline')
            .where('x.stage', '=', lastStage),
        ),
      ),
    )
    .orderBy('h.deadline')
    .limit(limit)
    .execute();
}

/** Records a stage for this deadline; false when it was already recorded (each stage happens once). */
export async function claimEscalation(
  trx: Kysely<DB>,
  e: { hazardId: string; stage: number; deadline: Date; at: Date },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('hazard_escalations')
    .values({ hazard_id: e.hazardId, stage: e.stage, deadline: e.deadline, escalated_at: e.at })
    .onConflict((oc) => oc.columns(['hazard_id', 'stage', 'deadline']).doNothing())
    .returning('stage')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Who was told at a stage. */
export async function setEscalationNotified(
  trx: Kysely<DB>,
  e: { hazardId: string; stage: number; deadline: Date },
  userIds: string[],
): Promise<void> {
  await trx
    .updateTable('hazard_escalations')
    .set({ notified_user_ids: userIds })
    .where('hazard_id', '=', e.hazardId)
    .where('stage', '=', e.stage)
    .where('deadline', '=', e.deadline)
    .execute();
}
