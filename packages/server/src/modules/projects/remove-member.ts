import type { Kysely } from 'kysely';
import { isRegulator } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { inTransaction } from '../../db/transaction.ts';
import { actorParty } from './membership.ts';
import { activeMemberOf, deactivateMember, loadProject } from './repo.ts';

/**
 * Project accounts name no one: members are kept by a regulator or by the party's enterprise
 * manager (an account of the enterprise that is not itself a project account).
 */
export function assertMayManageMembers(actor: Actor) {
  if (actor.projectScoped)
    throw new AppError(
      'FORBIDDEN',
      '项目账号不能管理项目人员，请由本单位管理员办理 / a project account may not manage members; ask your enterprise manager',
    );
}

/** Ends a person's membership of the project; a project account of theirs stops seeing the project. */
export async function removeProjectMember(
  db: Kysely<DB>,
  actor: Actor,
  projectId: string,
  memberId: string,
  now: Date,
): Promise<void> {
  assertMayManageMembers(actor);
  await inTransaction(db, async (trx) => {
    const p = await loadProject(trx, actor, projectId);
    const m = await activeMemberOf(trx, p.id, memberId);
    if (!m) throw notFound('Member');
    if (!isRegulator(actor.role)) {
      const mine = await actorParty(trx, actor, p.id);
      if (mine !== m.party_role)
        throw new AppError(
          'FORBIDDEN',
          `你只能管理本单位在本项目中的人员 / you may remove people of your own party (${mine ?? 'none'}) only`,
        );
    }
    await deactivateMember(trx, m.id);
    await appendAudit(trx, {
      actor,
      action: 'project.member_removed',
      subjectType: 'project',
      subjectId: p.id,
      regionCode: p.region_code,
      before: { memberId: m.id, partyRole: m.party_role, position: m.position, userId: m.user_id },
      at: now,
    });
  });
}
