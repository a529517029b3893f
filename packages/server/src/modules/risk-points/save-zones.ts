import type { Kysely } from 'kysely';
import { polygonArea } from '@redline/domain';
import type { RiskZonesBody } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { conflict, notFound, validation } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { appendAudit } from '../../audit/chain.ts';
import { findSite } from './repo.ts';
import { currentPointIdsOfSite, planOfSite, replaceZones } from './map-repo.ts';

/**
 * Saves the zones drawn on a site's plan (the whole drawing replaces the previous one): polygons
 * in coordinates relative to the image (0..1, checked by the schema), each tied to current risk
 * points of the same site.
 */
export async function saveZones(
  db: Kysely<DB>,
  actor: Actor,
  siteId: string,
  body: RiskZonesBody,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const site = await findSite(trx, actor, siteId);
    if (!site) throw notFound('Site');
    if (!(await planOfSite(trx, site.id))) throw conflict('Upload the site plan before drawing zones');
    const wanted = [...new Set(body.zones.flatMap((z) => z.riskPointIds))];
    const current = await currentPointIdsOfSite(trx, site.id, wanted);
    for (const [i, z] of body.zones.entries()) {
      const missing = z.riskPointIds.find((id) => !current.has(id));
      if (missing)
        throw validation(
          `zones.${i}.riskPointIds`,
          `Risk point ${missing} is not a current risk point of this site`,
        );
      if (polygonArea(z.polygon) < 1e-6)
        throw validation(
          `zones.${i}.polygon`,
          'The zone has no area: give at least three points not on one line',
        );
    }
    await replaceZones(
      trx,
      site.id,
      actor.userId,
      body.zones.map((z) => ({ ...z, polygon: z.polygon.map(([x, y]) => [x, y] as [number, number]) })),
    );
    await appendAudit(trx, {
      actor,
      action: 'site.risk_zones_saved',
      subjectType: 'site',
      subjectId: site.id,
      regionCode: site.region_code,
      after: body.zones.map((z) => ({ name: z.name, points: z.riskPointIds })),
    });
  });
}
