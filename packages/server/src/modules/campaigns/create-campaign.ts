import type { Kysely } from 'kysely';
import type { CampaignInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { regionWithin } from '../../auth/scope.ts';
import { validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { insertCampaign, regionRows } from './repo.ts';

/**
 * Setting up a campaign (e.g. a city's spring inspection, a province's cross-inspection) in the
 * caller's jurisdiction: name, kind, period, description. Its groups are added afterwards.
 */
export async function createCampaign(trx: Kysely<DB>, actor: Actor, input: CampaignInput): Promise<string> {
  const region = input.regionCode ?? actor.regionCode;
  if (!region) throw validation('regionCode', 'Say which jurisdiction the campaign covers');
  if (!regionWithin(actor, region))
    throw validation('regionCode', 'The campaign must cover your jurisdiction or a part of it');
  if (!(await regionRows(trx, [region])).length)
    throw validation('regionCode', `No division with the code ${region}`);
  if (input.endsOn < input.startsOn) throw validation('endsOn', 'The end date is before the start date');
  const name = input.name.trim();
  if (name.length < 2) throw validation('name', 'Give the campaign a name');
  const id = await insertCampaign(trx, {
    name,
    kind: input.kind,
    region_code: region,
    authority_id: actor.authorityId,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    description: input.description?.trim() ?? '',
    created_by: actor.userId,
  });
  await appendAudit(trx, {
    actor,
    action: 'campaign.created',
    subjectType: 'campaign',
    subjectId: id,
    regionCode: region,
    after: { name, kind: input.kind, startsOn: input.startsOn, endsOn: input.endsOn },
  });
  return id;
}
