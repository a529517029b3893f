import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { notFound } from '../../errors.ts';
import { computeGrade } from './compute-grade.ts';
import { visibleTarget } from './repo.ts';
import type { TargetKind } from './facts-repo.ts';

/** A regulator asks for a target's grade to be computed now (it is also recomputed when its facts change). */
export async function recomputeGrade(
  db: Db,
  deps: Pick<Deps, 'now' | 'today' | 'config'>,
  actor: Actor,
  kind: TargetKind,
  id: string,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const target = await visibleTarget(trx, actor, kind, id);
    if (!target) throw notFound(kind === 'enterprise' ? 'Enterprise' : 'Project');
    await computeGrade(trx, deps, target, 'manual');
  });
}
