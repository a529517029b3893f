import type { Kysely } from 'kysely';
import { highestColour } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { RiskColourCode } from '../../db/schema-risk.ts';
import { currentColoursOfSite, setSiteColour } from './repo.ts';

/**
 * sites.risk_colour = the highest colour of the site's current risk points' latest assessments
 * (none → null), written in the caller's transaction — every assessment and retirement calls this
 * after locking the site row, so the stored colour never lags its points.
 */
export async function refreshSiteColour(trx: Kysely<DB>, siteId: string): Promise<RiskColourCode | null> {
  const colour = highestColour(await currentColoursOfSite(trx, siteId));
  await setSiteColour(trx, siteId, colour);
  return colour;
}
