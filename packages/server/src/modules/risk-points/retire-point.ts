import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { conflict, notFound } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { appendAudit } from '../../audit/chain.ts';
import { findSite, lockPoint, lockSite, updatePoint } from './repo.ts';
import { refreshSiteColour } from './site-colour.ts';

/** Retires a risk point (kept with its history) and recomputes the site's colour without it. */
export async function retireRiskPoint(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  reason: string,
  now: Date,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const seen = await lockPoint(trx, actor, id);
    if (!seen) throw notFound('Risk point');
    await lockSite(trx, seen.site_id);
    if (seen.retired_at) throw conflict('The risk point is already retired');
    const site = await findSite(trx, actor, seen.site_id);
    if (!site) throw notFound('Risk point');
    await updatePoint(trx, id, {
      retired_at: now,
      retired_by: actor.userId,
      retire_reason: reason.trim(),
    });
    const colour = await refreshSiteColour(trx, site.id);
    await appendAudit(trx, {
      actor,
      action: 'risk_point.retired',
      subjectType: 'risk_point',
      subjectId: id,
      regionCode: site.region_code,
      details: { reason: reason.trim(), siteColour: colour, siteColourBefore: site.risk_colour },
    });
  });
}
