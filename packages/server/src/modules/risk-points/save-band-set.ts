import type { Kysely } from 'kysely';
import type { Static } from '@sinclair/typebox';
import { validateRiskBands, validateRiskFactors } from '@redline/domain';
import type { RiskBandSetInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, validation } from '../../errors.ts';
import { regionWithin } from '../../auth/scope.ts';
import { inTransaction } from '../../db/transaction.ts';
import { appendAudit } from '../../audit/chain.ts';
import { industryExists, insertBandSet, nextBandVersion } from './band-repo.ts';

/**
 * A new version of the bands of a method for a region (within the actor's jurisdiction) and
 * optionally one industry. Versions are never edited; an assessment keeps the one it used.
 */
export async function saveBandSet(
  db: Kysely<DB>,
  actor: Actor,
  input: Static<typeof RiskBandSetInput>,
): Promise<string> {
  const regionPrefix = input.regionPrefix ?? actor.regionCode;
  if (!regionWithin(actor, regionPrefix))
    throw validation(
      'regionPrefix',
      `Band sets can be set only within your jurisdiction (${actor.regionCode || 'national'})`,
    );
  const factors = validateRiskFactors(input.method, input.factors);
  if (!factors.ok) throw AppError.refusal(factors.code, factors.message, 400, factors.field);
  const bands = validateRiskBands(input.bands);
  if (!bands.ok) throw AppError.refusal(bands.code, bands.message, 400, bands.field);
  const industryCode = input.industryCode ?? null;
  return inTransaction(db, async (trx) => {
    if (industryCode !== null && !(await industryExists(trx, industryCode)))
      throw validation('industryCode', `Unknown industry code ${industryCode}`);
    const version = await nextBandVersion(trx, { method: input.method, regionPrefix, industryCode });
    const id = await insertBandSet(trx, {
      method: input.method,
      region_prefix: regionPrefix,
      industry_code: industryCode,
      version,
      factors: JSON.stringify(input.factors),
      bands: JSON.stringify(input.bands),
      effective_from: input.effectiveFrom,
      source: input.source.trim(),
      confirmation: input.confirmation.trim(),
      created_by: actor.userId,
    });
    await appendAudit(trx, {
      actor,
      action: 'risk_band_set.created',
      subjectType: 'risk_band_set',
      subjectId: id,
      regionCode: regionPrefix,
      after: { ...input, regionPrefix, version },
    });
    return id;
  });
}
