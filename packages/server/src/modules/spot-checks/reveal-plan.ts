import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { conflict, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { lockPlan, updatePlan } from './repo.ts';

/**
 * Reveal: the seed and the draw are published, so anyone can recompute the draw from the published
 * pool, rules and seed. Revealing publishes the assignment (who inspects whom): an authority
 * reveals when it is ready for that to be public.
 */
export async function revealPlan(db: Db, deps: Pick<Deps, 'now'>, actor: Actor, id: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const plan = await lockPlan(trx, actor, id);
    if (!plan) throw notFound('Spot-check plan');
    if (plan.status === 'revealed') throw conflict('The seed is already revealed');
    if (plan.status !== 'drawn') throw conflict('Run the draw before revealing its seed');
    const at = deps.now();
    await updatePlan(trx, id, { status: 'revealed', revealed_at: at });
    await appendAudit(trx, {
      actor,
      action: 'spot_check_plan.reveal',
      subjectType: 'spot_check_plan',
      subjectId: id,
      regionCode: plan.region_code,
      before: { status: plan.status },
      after: { status: 'revealed', seed: plan.seed },
      at,
    });
  });
}
