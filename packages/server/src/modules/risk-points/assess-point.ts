import type { Kysely } from 'kysely';
import { assessRisk, pickBandSet } from '@redline/domain';
import type { RiskAssessmentInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { appendAudit } from '../../audit/chain.ts';
import { findSite, insertAssessment, lockPoint, lockSite } from './repo.ts';
import { bandSetsCovering } from './band-repo.ts';
import { refreshSiteColour } from './site-colour.ts';

/**
 * A new assessment of a risk point (history kept: every assessment is a row): the band set in force
 * for the site today (most specific region / industry, domain pickBandSet), the domain's LEC or LS
 * grading with that set's scale and bands, the row with the set's id and version, and the site's
 * colour recomputed — one transaction.
 */
export async function assessRiskPoint(
  db: Kysely<DB>,
  actor: Actor,
  pointId: string,
  input: RiskAssessmentInput,
  clock: { now: Date; today: string },
): Promise<string> {
  return inTransaction(db, async (trx) => {
    const point = await lockPoint(trx, actor, pointId);
    if (!point) throw notFound('Risk point');
    if (point.retired_at) throw conflict('The risk point is retired; it is no longer assessed');
    const site = await findSite(trx, actor, point.site_id);
    if (!site) throw notFound('Risk point');
    await lockSite(trx, site.id);
    const sets = await bandSetsCovering(trx, site.region_code, input.method);
    const set = pickBandSet(
      sets.map((s) => ({
        ...s,
        regionPrefix: s.region_prefix,
        industryCode: s.industry_code,
        effectiveFrom: s.effective_from,
      })),
      {
        method: input.method,
        regionCode: site.region_code,
        industryCode: site.industry_code,
        today: clock.today,
      },
    );
    if (!set) throw conflict(`No ${input.method} band set is in force for this site's region`);
    const graded = assessRisk(input.method, input.factors, { factors: set.factors, bands: set.bands });
    if (!graded.ok)
      throw AppError.refusal(
        graded.code,
        graded.message,
        400,
        graded.field ? `factors.${graded.field}` : 'factors',
      );
    const a = graded.value;
    const factors = Object.fromEntries(Object.keys(set.factors).map((k) => [k, input.factors[k]]));
    const id = await insertAssessment(trx, {
      risk_point_id: point.id,
      method: input.method,
      factors: JSON.stringify(factors),
      value: a.value,
      colour: a.colour,
      band_set_id: set.id,
      band_version: set.version,
      explanation: JSON.stringify(a.explanation),
      note: (input.note ?? '').trim(),
      assessed_by: actor.userId,
      assessed_at: clock.now,
    });
    const colour = await refreshSiteColour(trx, site.id);
    await appendAudit(trx, {
      actor,
      action: 'risk_point.assessed',
      subjectType: 'risk_point',
      subjectId: point.id,
      regionCode: site.region_code,
      after: {
        method: input.method,
        factors,
        value: a.value,
        colour: a.colour,
        bandSet: set.id,
        bandVersion: set.version,
      },
      details: { siteColour: colour, siteColourBefore: site.risk_colour },
    });
    return id;
  });
}
