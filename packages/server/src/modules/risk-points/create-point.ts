import type { Kysely } from 'kysely';
import type { RiskPointInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { appendAudit } from '../../audit/chain.ts';
import { findSite, insertPoint, replacePointItems } from './repo.ts';
import { checkItems } from './check-items.ts';

/** Registers a risk point on a site the actor may see, with its factors, measures and checklist items. */
export async function createRiskPoint(db: Kysely<DB>, actor: Actor, input: RiskPointInput): Promise<string> {
  return inTransaction(db, async (trx) => {
    const site = await findSite(trx, actor, input.siteId);
    if (!site) throw notFound('Site');
    const items = await checkItems(trx, input.checklistItemIds);
    const id = await insertPoint(trx, {
      site_id: site.id,
      name: input.name.trim(),
      kind: input.kind,
      location: (input.location ?? '').trim(),
      hazard_factors: JSON.stringify((input.hazardFactors ?? []).map((f) => f.trim())),
      control_measures: JSON.stringify(
        (input.controlMeasures ?? []).map((m) => ({
          measure: m.measure.trim(),
          responsible: m.responsible.trim(),
        })),
      ),
      created_by: actor.userId,
    });
    await replacePointItems(trx, id, items);
    await appendAudit(trx, {
      actor,
      action: 'risk_point.created',
      subjectType: 'risk_point',
      subjectId: id,
      regionCode: site.region_code,
      after: { siteId: site.id, name: input.name, kind: input.kind, items: items.map((i) => i.code) },
    });
    return id;
  });
}
