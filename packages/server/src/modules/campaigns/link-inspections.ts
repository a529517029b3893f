import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { conflict, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { campaignById, findCampaignGroup, linkInspections, type GroupRow } from './repo.ts';
import { bookOf } from './presenters.ts';

/**
 * Inspections made by a group's people on its targets (or in its assigned jurisdictions) during its
 * period count for it: they get the group's id (inspections.group_id, what an inspection created
 * "for the group" carries from the start). Only inspections of no group yet, so an inspection
 * counts for one group. Run when a group is set up or edited, and on demand (new inspections).
 */
export async function linkGroupInspections(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'config'>,
  g: GroupRow,
): Promise<string[]> {
  const campaign = await campaignById(trx, g.campaign_id!);
  return linkInspections(
    trx,
    {
      id: g.id,
      region_code: g.region_code,
      leader_id: g.leader_id,
      member_ids: g.member_ids,
      assigned_regions: g.assigned_regions,
      targetIds: (bookOf(g).targets ?? []).map((t) => t.id),
      startsOn: g.starts_on ?? campaign.starts_on,
      endsOn: g.ends_on ?? campaign.ends_on,
    },
    deps.config.TIME_ZONE,
  );
}

/** POST …/link-inspections: attach what was done since; audited with the ids attached. */
export async function relinkGroup(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'config' | 'now'>,
  actor: Actor,
  groupId: string,
): Promise<number> {
  const g = await findCampaignGroup(trx, actor, groupId, true);
  if (!g) throw notFound('Campaign group');
  if (g.closed_at) throw conflict('The group is closed; its inspections are final');
  const ids = await linkGroupInspections(trx, deps, g);
  if (ids.length)
    await appendAudit(trx, {
      actor,
      action: 'campaign_group.inspections_linked',
      subjectType: 'inspection_group',
      subjectId: g.id,
      regionCode: g.region_code,
      details: { inspections: ids },
      at: deps.now(),
    });
  return ids.length;
}
