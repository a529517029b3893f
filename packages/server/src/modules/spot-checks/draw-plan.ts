import { commitmentOf, runDraw, type DrawPool, type DrawRules } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { insertTasks, lockPlan, updatePlan } from './repo.ts';

/**
 * The draw: the seed must hash to the published commitment (else 422 COMMITMENT_MISMATCH); the
 * domain's `runDraw` over the frozen pool and rules decides the targets and inspectors; each staffed
 * target becomes a task of the drawn inspectors, due at the end of the plan's period. The seed is
 * stored and published only when the authority reveals it.
 */
export async function drawPlan(
  db: Db,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  id: string,
  seed: string,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const plan = await lockPlan(trx, actor, id);
    if (!plan) throw notFound('Spot-check plan');
    if (plan.status === 'draft') throw conflict('Commit the plan (publish its commitment) before the draw');
    if (plan.status !== 'committed') throw conflict('The draw of this plan has already been run');
    const actual = commitmentOf(seed);
    if (actual !== plan.commitment)
      throw new AppError(
        'COMMITMENT_MISMATCH',
        `SHA-256 of this seed is ${actual}, not the published commitment ${plan.commitment}: it is not the seed committed to`,
        'seed',
      );
    const outcome = runDraw(plan.pool as DrawPool, plan.rules as DrawRules, seed);
    const at = deps.now();
    await updatePlan(trx, id, { status: 'drawn', seed, result: JSON.stringify(outcome), drawn_at: at });
    await insertTasks(
      trx,
      outcome.tasks.map((t) => ({
        plan_id: id,
        region_code: t.regionCode,
        plan_region_code: plan.region_code,
        target_kind: t.targetKind,
        enterprise_id: t.targetKind === 'enterprise' ? t.targetId : null,
        project_id: t.targetKind === 'project' ? t.targetId : null,
        target_name: t.targetName,
        basis: t.basis,
        reasons: t.reasons,
        inspector_ids: t.inspectorIds,
        due_on: plan.period_end,
      })),
    );
    await appendAudit(trx, {
      actor,
      action: 'spot_check_plan.draw',
      subjectType: 'spot_check_plan',
      subjectId: id,
      regionCode: plan.region_code,
      before: { status: plan.status },
      after: {
        status: 'drawn',
        digest: outcome.digest,
        tasks: outcome.tasks.length,
        unstaffed: outcome.unstaffed.length,
      },
      at,
    });
  });
}
