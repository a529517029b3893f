import { canonicalPool, drawInputProblems, type DrawRules } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { conflict, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { lockPlan, updatePlan } from './repo.ts';
import { buildPool } from './build-pool.ts';

/**
 * Commit: the pool is computed from the registry now and frozen with the rules and the commitment
 * (SHA-256 of a seed the authority keeps secret until after the draw). From here on the trigger of
 * migration 0530 refuses any change to what was published.
 */
export async function commitPlan(
  db: Db,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  id: string,
  commitment: string,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const plan = await lockPlan(trx, actor, id);
    if (!plan) throw notFound('Spot-check plan');
    if (plan.status !== 'draft')
      throw conflict('The plan is already committed; its pool and rules are published');
    const { pool } = await buildPool(trx, actor, plan);
    const rules = plan.rules as DrawRules;
    const problems = drawInputProblems(pool, rules);
    if (problems.length) throw validation(problems[0]!.field, problems[0]!.message);
    const frozen = canonicalPool(pool);
    const at = deps.now();
    await updatePlan(trx, id, {
      status: 'committed',
      commitment,
      pool: JSON.stringify(frozen),
      committed_at: at,
    });
    await appendAudit(trx, {
      actor,
      action: 'spot_check_plan.commit',
      subjectType: 'spot_check_plan',
      subjectId: id,
      regionCode: plan.region_code,
      before: { status: plan.status },
      after: {
        status: 'committed',
        commitment,
        targets: frozen.targets.length,
        inspectors: frozen.inspectors.length,
      },
      at,
    });
  });
}
