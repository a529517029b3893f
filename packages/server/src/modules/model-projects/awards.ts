import type { Kysely } from 'kysely';
import type { Static } from '@sinclair/typebox';
import { DEFAULT_FEE_UPLIFT_PERCENT, feeUpliftFen } from '@redline/domain';
import {
  AWARD_SCHEME_NAMES,
  type AwardApplyBody,
  type AwardDecisionBody,
  type AwardEvaluationBody,
  type AwardSettlementBody,
} from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import {
  insertAwardApplication,
  insertGradingAward,
  isParty,
  loadAward,
  projectOf,
  updateAward,
  type AwardRow,
} from './repo.ts';

/**
 * Model / award project selection: application (the project's owner or constructor, or an officer),
 * evaluation with scores by criterion, decision (awarded or declined), and the settlement of the safety
 * and civilised construction fee with its uplift (20 % of the original rate by default — the seed
 * region's policy, DOMAIN §7a; configurable per decision). An award also goes to grading's
 * model_awards, so it counts in the project's grade (grading model v2: +5 per award, at most +10).
 * Every step audited.
 */
type Clock = { now: () => Date; today: () => string };

const refuse = (from: AwardRow['status'], what: string) =>
  AppError.refusal('AWARD_WRONG_STATE', `The application is ${from}; it cannot be ${what}`, 409);

export async function applyForAward(
  db: Kysely<DB>,
  actor: Actor,
  body: Static<typeof AwardApplyBody>,
  clock: Clock,
): Promise<string> {
  const p = await projectOf(db, actor, body.projectId);
  if (!p) throw notFound('Project');
  if (actor.role === 'enterprise_manager' && !(await isParty(db, p.id, actor.enterpriseId)))
    throw new AppError('FORBIDDEN', "Only the project's owner or constructor applies");
  const now = clock.now();
  return inTransaction(db, async (trx) => {
    const id = await insertAwardApplication(trx, {
      project_id: p.id,
      region_code: p.region_code,
      scheme: body.scheme,
      year: body.year,
      status: 'applied',
      application: body.application.trim(),
      applied_by: actor.userId,
      applied_at: now,
      fee_uplift_percent: DEFAULT_FEE_UPLIFT_PERCENT,
      created_at: now,
    });
    await appendAudit(trx, {
      actor,
      action: 'model_project.apply',
      subjectType: 'model_project_award',
      subjectId: id,
      regionCode: p.region_code,
      after: body,
      at: now,
    });
    return id;
  });
}

export async function evaluateAward(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  body: Static<typeof AwardEvaluationBody>,
  clock: Clock,
) {
  body.scores.forEach((s, i) => {
    if (s.score > s.max)
      throw validation(`scores/${i}/score`, `score ${s.score} exceeds the criterion's maximum ${s.max}`);
  });
  const names = body.scores.map((s) => s.criterion.trim());
  if (new Set(names).size !== names.length) throw validation('scores', 'Each criterion is scored once');
  const total = body.scores.reduce((n, s) => n + Math.round(s.score * 100), 0) / 100;
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const w = await loadAward(trx, actor, id, true);
    if (w.status !== 'applied' && w.status !== 'evaluated') throw refuse(w.status, 'evaluated');
    await updateAward(trx, id, {
      status: 'evaluated',
      scores: JSON.stringify(body.scores),
      total_score: total.toFixed(2),
      evaluated_by: actor.userId,
      evaluated_at: now,
    });
    await appendAudit(trx, {
      actor,
      action: 'model_project.evaluate',
      subjectType: 'model_project_award',
      subjectId: id,
      regionCode: w.region_code,
      after: { scores: body.scores, total },
      at: now,
    });
  });
}

export async function decideAward(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  body: Static<typeof AwardDecisionBody>,
  clock: Clock,
) {
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const w = await loadAward(trx, actor, id, true);
    if (w.status !== 'evaluated') throw refuse(w.status, 'decided (evaluate it first)');
    const uplift = body.feeUpliftPercent ?? DEFAULT_FEE_UPLIFT_PERCENT;
    await updateAward(trx, id, {
      status: body.award ? 'awarded' : 'declined',
      decision_note: body.note.trim(),
      decided_by: actor.userId,
      decided_at: now,
      fee_uplift_percent: uplift,
    });
    if (body.award)
      await insertGradingAward(trx, {
        projectId: w.project_id,
        regionCode: w.region_code,
        title: `${AWARD_SCHEME_NAMES[w.scheme]} ${w.year}`,
        awardedOn: clock.today(),
        authorityId: actor.authorityId,
        upliftPercent: uplift,
        by: actor.userId,
      });
    await appendAudit(trx, {
      actor,
      action: 'model_project.decide',
      subjectType: 'model_project_award',
      subjectId: id,
      regionCode: w.region_code,
      after: { award: body.award, note: body.note, feeUpliftPercent: uplift },
      at: now,
    });
  });
}

/** "12345.6" yuan → 1234560 fen, exactly (no floating point). */
export const yuanToFen = (s: string) => {
  const [int, frac = ''] = s.split('.');
  return Number(int) * 100 + Number(frac.padEnd(2, '0'));
};

export async function settleAward(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  body: Static<typeof AwardSettlementBody>,
  clock: Clock,
) {
  const now = clock.now();
  const original = yuanToFen(body.originalFeeYuan);
  await inTransaction(db, async (trx) => {
    const w = await loadAward(trx, actor, id, true);
    if (w.status !== 'awarded') throw refuse(w.status, 'settled with an uplift (only awarded projects are)');
    const uplift = feeUpliftFen(original, Number(w.fee_uplift_percent));
    await updateAward(trx, id, { original_fee_fen: original, uplift_fen: uplift, settled_at: now });
    await appendAudit(trx, {
      actor,
      action: 'model_project.settle',
      subjectType: 'model_project_award',
      subjectId: id,
      regionCode: w.region_code,
      after: { originalFeeFen: original, upliftFen: uplift, upliftPercent: w.fee_uplift_percent },
      at: now,
    });
  });
}
