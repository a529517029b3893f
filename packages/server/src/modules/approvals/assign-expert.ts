import type { Kysely } from 'kysely';
import { APPROVAL_WORKFLOWS, stepApplies, type ApprovalState } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, conflict, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import {
  deletePanelMember,
  expertForProject,
  expertHasSigned,
  insertPanelMember,
  loadApproval,
} from './repo.ts';

/** The approval, locked for the panel change, while it is open (its panel closes with it). */
async function openApprovalLocked(trx: Kysely<DB>, actor: Actor, id: string) {
  const row = await loadApproval(trx, actor, id, true);
  if (row.status !== 'open')
    throw AppError.refusal('APPROVAL_CLOSED', `This approval is ${row.status}; its panel is closed`, 409);
  return row;
}

/**
 * The regulator organising an expert review puts an expert of the register (one covering the
 * project's place) on the approval's panel. From then on the expert's own login sees this approval
 * and signs its own opinion there. One transaction: the panel row and the audit entry.
 */
export async function assignExpert(db: Kysely<DB>, actor: Actor, id: string, expertId: string, now: Date) {
  await inTransaction(db, async (trx) => {
    const row = await openApprovalLocked(trx, actor, id);
    const state = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as ApprovalState;
    const hasReview = APPROVAL_WORKFLOWS[row.kind].steps.some(
      (s) => s.actor.type === 'expert' && stepApplies(state, s),
    );
    if (!hasReview)
      throw validation(
        'expertId',
        'This approval has no expert review (only special plans beyond a certain scale)',
      );
    const x = await expertForProject(trx, expertId, row.region_code);
    if (!x) throw notFound('Expert');
    const added = await insertPanelMember(trx, {
      approval_id: id,
      expert_id: x.id,
      assigned_by: actor.userId,
      assigned_at: now,
    });
    if (!added) throw conflict(`${x.name} is already on this panel`, 'expertId');
    await appendAudit(trx, {
      actor,
      action: 'approval.assign_expert',
      subjectType: 'approval',
      subjectId: id,
      regionCode: row.region_code,
      after: { expertId: x.id, expert: x.name },
      details: { approvalId: id, registerNo: x.register_no },
      at: now,
    });
  });
}

/**
 * Takes an expert off the panel while the approval is open and before they signed anything on it
 * (a signed opinion stays on the file with its signer); their login stops seeing the approval.
 */
export async function unassignExpert(db: Kysely<DB>, actor: Actor, id: string, expertId: string, now: Date) {
  await inTransaction(db, async (trx) => {
    const row = await openApprovalLocked(trx, actor, id);
    if (await expertHasSigned(trx, id, expertId))
      throw conflict(
        'This expert has signed an opinion on this approval; they stay on its panel',
        'expertId',
      );
    const x = await expertForProject(trx, expertId, row.region_code);
    if (!x || !(await deletePanelMember(trx, id, expertId))) throw notFound('Panel member');
    await appendAudit(trx, {
      actor,
      action: 'approval.unassign_expert',
      subjectType: 'approval',
      subjectId: id,
      regionCode: row.region_code,
      before: { expertId: x.id, expert: x.name },
      details: { approvalId: id, registerNo: x.register_no },
      at: now,
    });
  });
}
