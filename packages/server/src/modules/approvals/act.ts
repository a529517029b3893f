import type { Kysely } from 'kysely';
import {
  APPROVAL_WORKFLOWS,
  applyApproval,
  currentStep,
  materialsHash,
  stepDueOn,
  type ApprovalAction,
  type ApprovalState,
  type PartyRole,
} from '@redline/domain';
import type { ApprovalActionBody } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { actingAs } from './acting.ts';
import { isExpertLogin } from './expert.ts';
import {
  expertForProject,
  insertOpinion,
  loadApproval,
  materialsOf,
  opinionsOf,
  partyRolesOf,
  updateApproval,
} from './repo.ts';

const REVIEW = ['pass', 'return', 'reject'];
const EXPERT = ['pass', 'revise_and_pass', 'fail'];

/**
 * One signed move at the current step: a submission, a review, one expert's opinion, the panel's
 * conclusion or the regulator's record. The opinion row is bound to the materials the signer judged —
 * the SHA-256 of the sorted hashes of the current materials (the domain's materialsHash) and their
 * list — and can never be changed afterwards (a trigger refuses). The domain's step machine decides
 * the move; the panel concludes only with at least five experts' opinions on the current set in
 * this round. One transaction: opinion, approval state, audit entry.
 */
export async function actOnApproval(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  body: ApprovalActionBody,
  clock: { now: () => Date; today: () => string },
): Promise<void> {
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const row = await loadApproval(trx, actor, id, true);
    const state = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as ApprovalState;
    const step = currentStep(state);
    if (!step)
      throw AppError.refusal(
        'APPROVAL_CLOSED',
        `This approval is ${state.status}; nothing more can be signed`,
        409,
      );
    const roles = (await partyRolesOf(trx, row.project_id, actor.enterpriseId)) as PartyRole[];
    const as = actingAs(actor, step, roles);
    if (!as)
      throw new AppError(
        'FORBIDDEN',
        `The step "${step.nameEn}" is for ${step.actor.type === 'party' ? `the project's ${step.actor.role.replace(/_/g, ' ')}` : step.actor.type === 'regulator' ? 'a law-enforcement officer of the jurisdiction' : "the constructor organising the experts' meeting, or an officer"}`,
      );

    // an expert's own login signs only its own opinion: never the conclusion, never as another expert
    if (isExpertLogin(actor)) {
      if (body.action !== 'expert_opinion')
        throw new AppError(
          'FORBIDDEN',
          'An expert signs only their own opinion; the panel’s conclusion is recorded by the organiser',
        );
      if (body.expertId && body.expertId !== actor.expertId)
        throw new AppError('FORBIDDEN', 'You can sign only as yourself, not as another expert', 'expertId');
    }

    const current = (await materialsOf(trx, id)).filter((m) => !m.withdrawn_at);
    if (current.length === 0)
      throw AppError.refusal('MATERIALS_REQUIRED', 'Add at least one material before signing', 409);
    const hash = materialsHash(current.map((m) => m.sha256));
    if (body.materialsHash && body.materialsHash !== hash)
      throw AppError.refusal(
        'MATERIALS_CHANGED',
        'The materials changed since you opened them; read the current set and sign again',
        409,
        'materialsHash',
      );

    let action: ApprovalAction;
    let expert: { id: string; name: string } | null = null;
    const needs = (allowed: string[]) => {
      if (!body.conclusion || !allowed.includes(body.conclusion))
        throw validation('conclusion', `conclusion must be one of ${allowed.join(', ')}`);
      return body.conclusion;
    };
    const none = () => {
      if (body.conclusion) throw validation('conclusion', `"${body.action}" takes no conclusion`);
    };
    const opinions = await opinionsOf(trx, id);
    switch (body.action) {
      case 'submit':
        none();
        action = { type: 'submit' };
        break;
      case 'record':
        none();
        action = { type: 'record' };
        break;
      case 'review':
        action = { type: 'review', conclusion: needs(REVIEW) as 'pass' };
        break;
      case 'expert_opinion': {
        const conclusion = needs(EXPERT);
        const expertId = isExpertLogin(actor) ? actor.expertId! : body.expertId;
        if (!expertId) throw validation('expertId', 'Name the expert whose signed opinion this is');
        const x = await expertForProject(trx, expertId, row.region_code);
        if (!x) throw notFound('Expert');
        if (
          opinions.some(
            (o) =>
              o.round === state.round &&
              o.step === state.step &&
              o.expert_id === x.id &&
              o.materials_hash === hash,
          )
        )
          throw new AppError(
            'CONFLICT',
            `${x.name} has already given an opinion on these materials`,
            'expertId',
          );
        expert = { id: x.id, name: x.name };
        action = { type: 'expert_opinion', opinionsSoFar: 0 };
        void conclusion;
        break;
      }
      case 'expert_conclusion': {
        const conclusion = needs(EXPERT) as 'pass';
        const onCurrent = new Set(
          opinions
            .filter(
              (o) =>
                o.kind === 'expert_opinion' &&
                o.round === state.round &&
                o.step === state.step &&
                o.materials_hash === hash,
            )
            .map((o) => o.expert_id),
        );
        action = { type: 'expert_conclusion', conclusion, opinions: onCurrent.size };
        break;
      }
    }
    if (body.action !== 'expert_opinion' && body.expertId)
      throw validation('expertId', 'Only an expert opinion names an expert');

    const r = applyApproval(state, action);
    if (!r.ok) throw AppError.refusal(r.code, r.message, 409);
    const next = r.value;
    const wf = APPROVAL_WORKFLOWS[row.kind];
    const opinion = await insertOpinion(trx, {
      approval_id: id,
      step: state.step,
      step_code: step.code,
      round: state.round,
      kind: body.action,
      actor_id: actor.userId,
      actor_name: actor.displayName,
      acting_as: expert ? 'expert' : as,
      expert_id: expert?.id ?? null,
      expert_name: expert?.name ?? null,
      opinion: body.opinion.trim(),
      conclusion: body.conclusion ?? null,
      materials_hash: hash,
      materials: JSON.stringify(current.map((m) => ({ id: m.id, sha256: m.sha256, name: m.name }))),
      signed_at: now,
    });
    const moved = next.step !== state.step || next.status !== state.status || next.round !== state.round;
    const nextDef = currentStep(next);
    await updateApproval(trx, id, {
      state: JSON.stringify(next),
      status: next.status,
      step: next.step,
      step_code: nextDef?.code ?? null,
      round: next.round,
      ...(moved
        ? {
            step_entered_at: now,
            step_due_on: nextDef ? stepDueOn(nextDef, clock.today()) : null,
            closed_at: next.status === 'open' ? null : now,
          }
        : {}),
      updated_at: now,
    });
    await appendAudit(trx, {
      actor,
      action: `approval.${body.action}`,
      subjectType: 'approval_opinion',
      subjectId: opinion.id,
      regionCode: row.region_code,
      after: { approvalId: id, step: step.code, opinion: body.opinion, conclusion: body.conclusion ?? null },
      details: {
        approvalId: id,
        materialsHash: hash,
        expert: expert?.name ?? null,
        status: next.status,
        nextStep: nextDef?.code ?? null,
        workflow: wf.kind,
      },
      at: now,
    });
  });
}
