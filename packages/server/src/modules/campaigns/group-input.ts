import type { Kysely } from 'kysely';
import type { CampaignGroupInput, InspectionGroupInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { validation } from '../../errors.ts';
import { groupValues } from '../inspections/create-group.ts';
import { regionRows, type CampaignRow } from './repo.ts';

/**
 * The checks of a campaign's group on top of an inspection group's (inspections/create-group.ts:
 * people of the jurisdiction, targets in scope): its region inside the campaign's, its period inside
 * the campaign's, its assigned jurisdictions existing divisions inside its region.
 */
export async function campaignGroupValues(
  db: Kysely<DB>,
  actor: Actor,
  campaign: CampaignRow,
  input: CampaignGroupInput,
) {
  const region = input.regionCode ?? campaign.region_code;
  if (!region.startsWith(campaign.region_code))
    throw validation(
      'regionCode',
      `The group must work inside the campaign's jurisdiction (${campaign.region_code})`,
    );
  const startsOn = input.startsOn ?? campaign.starts_on;
  const endsOn = input.endsOn ?? campaign.ends_on;
  if (startsOn < campaign.starts_on || startsOn > campaign.ends_on)
    throw validation(
      'startsOn',
      `The group's period must lie in the campaign's (${campaign.starts_on} – ${campaign.ends_on})`,
    );
  if (endsOn > campaign.ends_on || endsOn < campaign.starts_on)
    throw validation(
      'endsOn',
      `The group's period must lie in the campaign's (${campaign.starts_on} – ${campaign.ends_on})`,
    );
  const assigned = [...new Set(input.assignedRegions ?? [])];
  const known = await regionRows(db, assigned);
  for (const [i, code] of assigned.entries()) {
    if (!code.startsWith(region))
      throw validation(`assignedRegions.${i}`, `${code} is outside the group's jurisdiction ${region}`);
    if (!known.some((r) => r.code === code))
      throw validation(`assignedRegions.${i}`, `No division with the code ${code}`);
  }
  const base: InspectionGroupInput = {
    name: input.name,
    kind: input.kind,
    regionCode: region,
    leaderId: input.leaderId,
    memberIds: input.memberIds,
    tasks: input.tasks,
    targets: input.targets,
    startsOn,
    endsOn,
  };
  const values = await groupValues(db, actor, base);
  return { ...values, campaign_id: campaign.id, assigned_regions: assigned };
}
