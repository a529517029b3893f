import type { Kysely } from 'kysely';
import type { GradeView } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { can } from '../../auth/policy.ts';
import { notFound } from '../../errors.ts';
import { allAwardsOf, creditEnterprises, creditInForceOf, type TargetKind } from './facts-repo.ts';
import { activeModel, computationHistory, latestComputation, overridesOf, visibleTarget } from './repo.ts';
import { computationView, measuresOf, modelView, overrideView } from './presenters.ts';

/** The grade page of a target: the grade in force, why (the latest computation), history, overrides, measures. */
export async function gradeView(
  db: Kysely<DB>,
  deps: Pick<Deps, 'now' | 'today'>,
  actor: Actor,
  kind: TargetKind,
  id: string,
): Promise<GradeView> {
  const target = await visibleTarget(db, actor, kind, id);
  if (!target) throw notFound(kind === 'enterprise' ? 'Enterprise' : 'Project');
  const now = deps.now();
  const [{ model, rationale }, latest, history, overrides, awards, parties] = await Promise.all([
    activeModel(db),
    latestComputation(db, kind, id),
    computationHistory(db, kind, id),
    overridesOf(db, kind, id),
    allAwardsOf(db, kind, id),
    creditEnterprises(db, kind, id),
  ]);
  const listings = await creditInForceOf(db, parties.parties, deps.today());
  const overrideViews = overrides.map((o) => overrideView(o, now));
  const inForce = overrideViews.find((o) => o.inForce) ?? null;
  const grade = inForce?.grade ?? latest?.grade ?? null;
  return {
    targetKind: kind,
    targetId: id,
    targetName: target.name,
    regionCode: target.region_code,
    grade,
    overridden: inForce !== null,
    computed: latest ? computationView(latest) : null,
    override: inForce,
    overrides: overrideViews,
    history: history.map((h) => ({
      id: h.id,
      grade: h.grade,
      total: h.total,
      modelVersion: h.model_version,
      reason: h.reason,
      computedAt: new Date(h.computed_at).toISOString(),
    })),
    model: modelView(model, rationale),
    measures: measuresOf(grade, model, kind === 'project', awards.length > 0),
    jointPunishment: listings.map((l) => ({
      enterpriseId: l.enterprise_id,
      enterpriseName: l.enterprise_name,
      recordId: l.id,
      plannedEndOn: l.planned_end_on,
    })),
    awards: awards.map((a) => ({
      id: a.id,
      title: a.title,
      awardedOn: a.awarded_on,
      feeUpliftPercent: a.fee_uplift_percent === null ? null : Number(a.fee_uplift_percent),
    })),
    canOverride: can(actor, 'override', 'grade'),
  };
}
