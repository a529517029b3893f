import type { Kysely } from 'kysely';
import { APPROVAL_WORKFLOWS, initialApproval, stepDueOn, type PartyRole } from '@redline/domain';
import type { ApprovalCreateBody } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { actingAs } from './acting.ts';
import { insertApproval, partyRolesOf, projectForApproval } from './repo.ts';

/**
 * Opens an approval of a project at its first step (the submitting party's). The project must be
 * visible; an enterprise manager opens it only for a party role their enterprise holds at step 1;
 * an officer of the jurisdiction may open it on the party's behalf. Audited.
 */
export async function createApproval(
  db: Kysely<DB>,
  actor: Actor,
  body: ApprovalCreateBody,
  clock: { now: () => Date; today: () => string },
): Promise<string> {
  if (body.beyondScale && body.kind !== 'special_plan')
    throw new AppError('VALIDATION', 'Only a special plan can be beyond a certain scale', 'beyondScale');
  const project = await projectForApproval(db, actor, body.projectId);
  if (!project) throw notFound('Project');
  const wf = APPROVAL_WORKFLOWS[body.kind];
  const roles = (await partyRolesOf(db, project.id, actor.enterpriseId)) as PartyRole[];
  if (actor.role === 'enterprise_manager' && !actingAs(actor, wf.steps[0], roles))
    throw new AppError(
      'FORBIDDEN',
      `Only the project's ${wf.steps[0].actor.type === 'party' ? wf.steps[0].actor.role.replace(/_/g, ' ') : 'regulator'} opens a ${wf.nameEn.toLowerCase()} approval`,
    );
  const state = initialApproval(body.kind, body.beyondScale ?? false);
  const now = clock.now();
  return inTransaction(db, async (trx) => {
    const id = await insertApproval(trx, {
      project_id: project.id,
      region_code: project.region_code,
      kind: body.kind,
      title: body.title.trim(),
      beyond_scale: state.beyondScale,
      status: state.status,
      step: state.step,
      step_code: wf.steps[0].code,
      step_entered_at: now,
      step_due_on: stepDueOn(wf.steps[0], clock.today()),
      round: 0,
      state: JSON.stringify(state),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await appendAudit(trx, {
      actor,
      action: 'approval.open',
      subjectType: 'approval',
      subjectId: id,
      regionCode: project.region_code,
      after: { projectId: project.id, kind: body.kind, title: body.title, beyondScale: state.beyondScale },
      at: now,
    });
    return id;
  });
}
