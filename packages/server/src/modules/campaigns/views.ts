import type { Kysely } from 'kysely';
import type { CampaignGroupView, CampaignView } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import {
  accountabilityCount,
  campaignById,
  campaignGroupRows,
  campaignNames,
  fileRows,
  findCampaign,
  findCampaignGroup,
  peopleOf,
  regionRows,
  type CampaignRow,
  type GroupRow,
} from './repo.ts';
import { groupCounts } from './progress-repo.ts';
import { assignedPart, campaignSummaryOf, groupViewOf, progressOf } from './presenters.ts';

/** Reads: a campaign with its groups and progress, one group. */
type Q = Kysely<DB>;

async function groupViews(db: Q, campaign: CampaignRow, groups: GroupRow[], now: Date) {
  const counts = await groupCounts(
    db,
    groups.map((g) => g.id),
    now,
  );
  const names = {
    people: await peopleOf(db, [...new Set(groups.flatMap((g) => [g.leader_id, ...g.member_ids]))]),
    regions: await regionRows(db, [...new Set(groups.flatMap((g) => g.assigned_regions))]),
    files: await fileRows(
      db,
      groups.map((g) => g.task_book_file_id).filter((x): x is string => !!x),
    ),
  };
  return groups.map((g) => ({
    g,
    c: counts.get(g.id)!,
    view: groupViewOf(g, campaign, counts.get(g.id)!, names),
  }));
}

export async function getCampaign(db: Q, actor: Actor, id: string, now: Date): Promise<CampaignView> {
  const c = await findCampaign(db, actor, id);
  if (!c) throw notFound('Campaign');
  const groups = await campaignGroupRows(db, c.id);
  const views = await groupViews(db, c, groups, now);
  const names = await campaignNames(db, c);
  return {
    ...campaignSummaryOf({
      ...c,
      region_name: names.regionName,
      authority_name: names.authorityName,
      group_count: groups.length,
    }),
    description: c.description,
    closedAt: c.closed_at ? new Date(c.closed_at).toISOString() : null,
    closingNote: c.closing_note,
    progress: progressOf(views.map((v) => assignedPart(v.g, v.c))),
    groups: views.map((v) => v.view),
    accountabilityCount: await accountabilityCount(db, c.id),
  };
}

export async function getCampaignGroup(
  db: Q,
  actor: Actor,
  groupId: string,
  now: Date,
): Promise<CampaignGroupView> {
  const g = await findCampaignGroup(db, actor, groupId);
  if (!g) throw notFound('Campaign group');
  const campaign = await campaignById(db, g.campaign_id!);
  const [v] = await groupViews(db, campaign, [g], now);
  return v!.view;
}
