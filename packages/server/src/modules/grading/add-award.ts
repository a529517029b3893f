import type { Static } from '@sinclair/typebox';
import type { ModelAwardBody } from '@redline/contracts';
import { compareDates, isIsoDate } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { computeGrade } from './compute-grade.ts';
import { activeModel, insertAward, visibleTarget } from './repo.ts';
import type { TargetKind } from './facts-repo.ts';

/**
 * Records a model-project award (示范工地) for an enterprise or project and regrades it at once. For
 * a project the settlement uplift of the safety and civilised construction fee is recorded (the
 * model's awardFeeUpliftPercent, 20 % in the seed region, DOMAIN §7a) unless the body names another.
 */
export async function addModelAward(
  db: Db,
  deps: Pick<Deps, 'now' | 'today' | 'config'>,
  actor: Actor,
  kind: TargetKind,
  id: string,
  body: Static<typeof ModelAwardBody>,
): Promise<string> {
  if (!isIsoDate(body.awardedOn)) throw validation('awardedOn', 'awardedOn must be a real date YYYY-MM-DD');
  if (compareDates(body.awardedOn, deps.today()) > 0)
    throw validation('awardedOn', `awardedOn cannot be in the future (today is ${deps.today()})`);
  return inTransaction(db, async (trx) => {
    const target = await visibleTarget(trx, actor, kind, id);
    if (!target) throw notFound(kind === 'enterprise' ? 'Enterprise' : 'Project');
    const { model } = await activeModel(trx);
    const uplift = kind === 'project' ? (body.feeUpliftPercent ?? model.awardFeeUpliftPercent) : null;
    const awardId = await insertAward(trx, {
      target_kind: kind,
      enterprise_id: kind === 'enterprise' ? id : null,
      project_id: kind === 'project' ? id : null,
      region_code: target.region_code,
      title: body.title.trim(),
      awarded_on: body.awardedOn,
      authority_id: actor.authorityId ?? null,
      fee_uplift_percent: uplift,
      created_by: actor.userId,
    });
    await appendAudit(trx, {
      actor,
      action: 'grade.award',
      subjectType: kind,
      subjectId: id,
      regionCode: target.region_code,
      after: { awardId, title: body.title.trim(), awardedOn: body.awardedOn, feeUpliftPercent: uplift },
    });
    await computeGrade(trx, deps, target, 'award', model);
    return awardId;
  });
}
