import type { Kysely } from 'kysely';
import type { RiskPointPatch } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { conflict, notFound } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { appendAudit } from '../../audit/chain.ts';
import { findSite, lockPoint, replacePointItems, updatePoint } from './repo.ts';
import { checkItems } from './check-items.ts';

/** Edits a current risk point (a retired one is kept as it was). */
export async function updateRiskPoint(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  patch: RiskPointPatch,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const point = await lockPoint(trx, actor, id);
    if (!point) throw notFound('Risk point');
    if (point.retired_at) throw conflict('The risk point is retired; register a new one instead');
    const site = await findSite(trx, actor, point.site_id);
    if (!site) throw notFound('Risk point');
    await updatePoint(trx, id, {
      ...(patch.name !== undefined && { name: patch.name.trim() }),
      ...(patch.kind !== undefined && { kind: patch.kind }),
      ...(patch.location !== undefined && { location: patch.location.trim() }),
      ...(patch.hazardFactors !== undefined && {
        hazard_factors: JSON.stringify(patch.hazardFactors.map((f) => f.trim())),
      }),
      ...(patch.controlMeasures !== undefined && {
        control_measures: JSON.stringify(
          patch.controlMeasures.map((m) => ({
            measure: m.measure.trim(),
            responsible: m.responsible.trim(),
          })),
        ),
      }),
    });
    if (patch.checklistItemIds !== undefined)
      await replacePointItems(trx, id, await checkItems(trx, patch.checklistItemIds));
    await appendAudit(trx, {
      actor,
      action: 'risk_point.updated',
      subjectType: 'risk_point',
      subjectId: id,
      regionCode: site.region_code,
      after: patch,
    });
  });
}
