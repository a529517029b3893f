import type { Kysely } from 'kysely';
import type { CampaignGroupPatch } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { conflict, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { campaignById, findCampaignGroup, updateGroup } from './repo.ts';
import { bookOf } from './presenters.ts';
import { campaignGroupValues } from './group-input.ts';
import { linkGroupInspections } from './link-inspections.ts';

/**
 * Editing an open group of an open campaign: the patch over the stored group goes through the same
 * checks as a new one; inspections newly matching are attached (none is detached).
 */
export async function editCampaignGroup(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'config' | 'now'>,
  actor: Actor,
  groupId: string,
  patch: CampaignGroupPatch,
): Promise<void> {
  const g = await findCampaignGroup(trx, actor, groupId, true);
  if (!g) throw notFound('Campaign group');
  if (g.closed_at) throw conflict('The group is closed; it can no longer be edited');
  const campaign = await campaignById(trx, g.campaign_id!);
  if (campaign.closed_at) throw conflict('The campaign is closed; its groups can no longer be edited');
  const book = bookOf(g);
  const values = await campaignGroupValues(trx, actor, campaign, {
    name: patch.name ?? g.name,
    kind: patch.kind ?? g.kind,
    regionCode: patch.regionCode ?? g.region_code,
    leaderId: patch.leaderId ?? g.leader_id,
    memberIds: patch.memberIds ?? g.member_ids,
    assignedRegions: patch.assignedRegions ?? g.assigned_regions,
    tasks: patch.tasks ?? book.tasks ?? '',
    targets:
      patch.targets ??
      (book.targets ?? []).map((t) => ({
        kind: t.kind as 'enterprise' | 'project' | 'site' | 'equipment',
        id: t.id,
      })),
    startsOn: patch.startsOn ?? g.starts_on ?? undefined,
    endsOn: patch.endsOn ?? g.ends_on ?? undefined,
  });
  const now = deps.now();
  const { created_by: _by, ...changes } = values;
  await updateGroup(trx, g.id, { ...changes, updated_at: now });
  const after = (await findCampaignGroup(trx, actor, g.id))!;
  const linked = await linkGroupInspections(trx, deps, after);
  await appendAudit(trx, {
    actor,
    action: 'campaign_group.edited',
    subjectType: 'inspection_group',
    subjectId: g.id,
    regionCode: after.region_code,
    before: { name: g.name, leaderId: g.leader_id, memberIds: g.member_ids, taskBook: g.task_book },
    after: {
      name: after.name,
      leaderId: after.leader_id,
      memberIds: after.member_ids,
      taskBook: after.task_book,
    },
    details: { fields: Object.keys(patch), inspectionsLinked: linked.length },
    at: now,
  });
}
