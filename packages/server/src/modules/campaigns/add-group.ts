import type { Kysely } from 'kysely';
import type { CampaignGroupInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { conflict, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { findCampaign, findCampaignGroup, insertCampaignGroup } from './repo.ts';
import { campaignGroupValues } from './group-input.ts';
import { linkGroupInspections } from './link-inspections.ts';

/** A supervision group 督导组 or inspection group 检查组 joins a campaign; what it already did counts. */
export async function addCampaignGroup(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'config' | 'now'>,
  actor: Actor,
  campaignId: string,
  input: CampaignGroupInput,
): Promise<string> {
  const campaign = await findCampaign(trx, actor, campaignId, true);
  if (!campaign) throw notFound('Campaign');
  if (campaign.closed_at) throw conflict('The campaign is closed; it takes no new group');
  const values = await campaignGroupValues(trx, actor, campaign, input);
  const id = await insertCampaignGroup(trx, values);
  const g = (await findCampaignGroup(trx, actor, id))!;
  const linked = await linkGroupInspections(trx, deps, g);
  await appendAudit(trx, {
    actor,
    action: 'campaign_group.created',
    subjectType: 'inspection_group',
    subjectId: id,
    regionCode: g.region_code,
    after: {
      campaignId,
      name: g.name,
      kind: g.kind,
      leaderId: g.leader_id,
      memberIds: g.member_ids,
      assignedRegions: g.assigned_regions,
      taskBook: g.task_book,
    },
    details: { inspectionsLinked: linked.length },
    at: deps.now(),
  });
  return id;
}
