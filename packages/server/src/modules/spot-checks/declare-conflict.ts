import type { Static } from '@sinclair/typebox';
import type { InspectorConflictInput } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { can } from '../../auth/policy.ts';
import { regionWithin } from '../../auth/scope.ts';
import { inTransaction } from '../../db/transaction.ts';
import { forbidden, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { getConflict, insertConflict, visibleTarget, withdrawConflict } from './conflicts-repo.ts';
import { usersByIds } from './repo.ts';

/**
 * An inspector declares a conflict of interest with an enterprise or project (or a leader records
 * one for an inspector of their jurisdiction); from the next commit on, draws never assign them
 * there. Declarations are audited; a withdrawal keeps the row.
 */
export async function declareConflict(
  db: Db,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  input: Static<typeof InspectorConflictInput>,
): Promise<string> {
  const userId = input.userId ?? actor.userId;
  if (userId !== actor.userId && !can(actor, 'manage', 'inspector_conflict'))
    throw forbidden('An inspector declares their own conflicts; a leader records them for others');
  const [user] = await usersByIds(db, [userId]);
  if (!user || !user.active || !regionWithin(actor, user.region_code) || user.region_code === '')
    throw validation('userId', 'No such active user');
  if (!['inspector', 'leader'].includes(user.role))
    throw validation('userId', `${user.display_name} is not a law-enforcement officer`);
  const target = await visibleTarget(db, actor, input.targetKind, input.targetId);
  if (!target)
    throw validation('targetId', `${input.targetKind === 'enterprise' ? 'Enterprise' : 'Project'} not found`);
  const reason = input.reason.trim();
  if (!reason)
    throw validation('reason', 'State the reason for the conflict (e.g. 近亲属任该企业安全负责人)');
  return inTransaction(db, async (trx) => {
    const id = await insertConflict(trx, {
      user_id: userId,
      region_code: user.region_code,
      target_kind: input.targetKind,
      enterprise_id: input.targetKind === 'enterprise' ? input.targetId : null,
      project_id: input.targetKind === 'project' ? input.targetId : null,
      reason,
      declared_by: actor.userId,
    });
    await appendAudit(trx, {
      actor,
      action: 'inspector_conflict.declare',
      subjectType: 'inspector_conflict',
      subjectId: id,
      regionCode: user.region_code,
      after: { userId, target: { kind: input.targetKind, id: input.targetId } },
      at: deps.now(),
    });
    return id;
  });
}

export async function withdrawDeclaredConflict(db: Db, deps: Pick<Deps, 'now'>, actor: Actor, id: string) {
  const c = await getConflict(db, actor, id);
  if (!c) throw notFound('Declared conflict');
  if (c.user_id !== actor.userId && !can(actor, 'manage', 'inspector_conflict'))
    throw forbidden('An inspector withdraws their own declarations');
  await inTransaction(db, async (trx) => {
    const at = deps.now();
    await withdrawConflict(trx, id, at);
    await appendAudit(trx, {
      actor,
      action: 'inspector_conflict.withdraw',
      subjectType: 'inspector_conflict',
      subjectId: id,
      regionCode: c.region_code,
      before: { userId: c.user_id, target: { kind: c.target_kind, id: c.enterprise_id ?? c.project_id } },
      at,
    });
  });
}
