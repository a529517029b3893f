import { toActor, type Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { conflict, forbidden, notFound } from '../../errors.ts';
import { regionWithin } from '../../auth/scope.ts';
import { appendAudit } from '../../audit/chain.ts';
import { createInspection } from '../inspections/create.ts';
import { actorRowOf, getTask, itemIdsOfModules, lockTask, planForTask, setTaskInspection } from './repo.ts';

/**
 * Starting the inspection of a drawn task, through the inspections use case, with the drawn
 * officers as the team (the first drawn leads) and the plan's checklist modules as its items.
 * A routine task is created by the drawn inspector who starts it. A cross-inspection is set up, by
 * the inspections module's rule, by a leader of the inspected jurisdiction naming the visiting
 * inspectors — the draw is that act, so it is created in the name of the plan's author (the audit
 * records who pressed start in its details). Starting again returns the inspection already made
 * (a cancelled one is replaced).
 */
export async function startTask(
  db: Db,
  deps: Pick<Deps, 'now' | 'today'>,
  actor: Actor,
  taskId: string,
): Promise<{ inspectionId: string; created: boolean }> {
  const seen = await getTask(db, actor, taskId);
  if (!seen) throw notFound('Spot-check task');
  const drawn = seen.inspector_ids.includes(actor.userId);
  if (!drawn && !(['leader', 'admin'].includes(actor.role) && regionWithin(actor, seen.plan_region_code)))
    throw forbidden('Only the drawn inspectors (or a leader of the plan) start this inspection');
  return inTransaction(db, async (trx) => {
    const task = await lockTask(trx, taskId);
    if (!task) throw notFound('Spot-check task');
    if (task.inspection_id && seen.inspection_status !== 'cancelled')
      return { inspectionId: task.inspection_id, created: false };
    const plan = await planForTask(trx, task.plan_id);
    let creator = actor;
    if (plan.kind === 'cross' || !task.region_code.startsWith(actor.regionCode) || actor.regionCode === '') {
      const author = await actorRowOf(trx, plan.created_by);
      if (!author?.active)
        throw conflict(
          "The plan's author can no longer set up its inspections; ask a leader of the plan's authority",
        );
      creator = toActor(author);
    }
    const itemIds = await itemIdsOfModules(trx, plan.module_ids);
    const inspectionId = await createInspection(trx, deps, creator, {
      kind: plan.kind === 'cross' ? 'cross' : 'routine',
      targetKind: task.target_kind,
      targetId: (task.enterprise_id ?? task.project_id)!,
      title: `${plan.title}（双随机抽查）`,
      plannedOn: deps.today(),
      memberIds: task.inspector_ids,
      leaderId: task.inspector_ids[0],
      itemIds,
    });
    await setTaskInspection(trx, taskId, inspectionId);
    await appendAudit(trx, {
      actor,
      action: 'spot_check_task.start',
      subjectType: 'spot_check_task',
      subjectId: taskId,
      regionCode: task.region_code,
      after: { inspectionId, createdAs: creator.userId },
      at: deps.now(),
    });
    return { inspectionId, created: true };
  });
}
