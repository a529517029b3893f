import type { Static } from '@sinclair/typebox';
import type { GradeOverrideBody } from '@redline/contracts';
import { addYears, compareDates, endOfDateInZone, isIsoDate } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { computeGrade } from './compute-grade.ts';
import { insertOverride, latestComputation, revokeOverrides, visibleTarget } from './repo.ts';
import type { TargetKind } from './facts-repo.ts';

/** The longest an override may run: a regulator's judgement is revisited at least yearly. */
export const OVERRIDE_MAX_YEARS = 1;

/**
 * A regulator (leader or administrator) sets the grade of a target by hand, with a reason and an
 * expiry (the end of `expiresOn` in the service's time zone); it wins over the computed grade until
 * it expires or is revoked (view current_grades). Audited with the grade it replaced.
 */
export async function overrideGrade(
  db: Db,
  deps: Pick<Deps, 'now' | 'today' | 'config'>,
  actor: Actor,
  kind: TargetKind,
  id: string,
  body: Static<typeof GradeOverrideBody>,
): Promise<string> {
  const today = deps.today();
  if (!isIsoDate(body.expiresOn)) throw validation('expiresOn', 'expiresOn must be a real date YYYY-MM-DD');
  if (compareDates(body.expiresOn, today) <= 0)
    throw validation(
      'expiresOn',
      `expiresOn must be after today (${today}): an override must expire in the future`,
    );
  const latest = addYears(today, OVERRIDE_MAX_YEARS);
  if (compareDates(body.expiresOn, latest) > 0)
    throw validation('expiresOn', `expiresOn may be at most ${OVERRIDE_MAX_YEARS} year ahead (${latest})`);
  if (body.reason.trim().length < 4)
    throw validation('reason', 'Give the reason for the override (4 characters or more)');
  return inTransaction(db, async (trx) => {
    const target = await visibleTarget(trx, actor, kind, id);
    if (!target) throw notFound(kind === 'enterprise' ? 'Enterprise' : 'Project');
    let computed = await latestComputation(trx, kind, id);
    if (!computed) {
      await computeGrade(trx, deps, target, 'override');
      computed = await latestComputation(trx, kind, id);
    }
    const now = deps.now();
    const replaced = await revokeOverrides(trx, kind, id, actor.userId, now);
    const overrideId = await insertOverride(trx, {
      target_kind: kind,
      target_id: id,
      region_code: target.region_code,
      grade: body.grade,
      reason: body.reason.trim(),
      expires_at: endOfDateInZone(body.expiresOn, deps.config.TIME_ZONE),
      created_by: actor.userId,
      created_at: now,
    });
    await appendAudit(trx, {
      actor,
      action: 'grade.override',
      subjectType: kind,
      subjectId: id,
      regionCode: target.region_code,
      before: { computedGrade: computed?.grade ?? null, replacedOverrides: replaced.map((r) => r.id) },
      after: { grade: body.grade, expiresOn: body.expiresOn, overrideId },
      details: { reason: body.reason.trim() },
    });
    return overrideId;
  });
}

/** Ends the override in force now (the computed grade applies again), audited. */
export async function revokeGradeOverride(
  db: Db,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  kind: TargetKind,
  id: string,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const target = await visibleTarget(trx, actor, kind, id);
    if (!target) throw notFound(kind === 'enterprise' ? 'Enterprise' : 'Project');
    const revoked = await revokeOverrides(trx, kind, id, actor.userId, deps.now());
    if (revoked.length > 0)
      await appendAudit(trx, {
        actor,
        action: 'grade.override_revoke',
        subjectType: kind,
        subjectId: id,
        regionCode: target.region_code,
        before: { overrides: revoked },
      });
    return revoked.length;
  });
}
