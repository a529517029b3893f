import { floorPercent } from '@redline/domain';
import type { CampaignGroupView, CampaignProgress, CampaignSummary, GroupProblem } from '@redline/contracts';
import { iso } from '../../db/paging.ts';
import type { CampaignListRow, CampaignRow, GroupRow } from './repo.ts';
import type { GroupCounts, GroupProblemRow } from './progress-repo.ts';

/** Rows → the API's shapes: campaigns, their groups with progress, a group's problems. */

type BookTarget = { kind: string; id: string; name: string };
export const bookOf = (g: Pick<GroupRow, 'task_book'>) =>
  (g.task_book ?? {}) as { tasks?: string; targets?: BookTarget[] };

const pct = (n: number, d: number) => floorPercent(n, d);

/** Figures of one group, or the sum of several (a campaign): rates rounded down, counts beside. */
export function progressOf(
  parts: Array<{ assigned: number; assignedInspected: number; c: GroupCounts }>,
): CampaignProgress {
  const s = {
    targetsAssigned: 0,
    assignedInspected: 0,
    targetsInspected: 0,
    inspections: 0,
    inspectionsFinished: 0,
    problemsFound: 0,
    rectified: 0,
    overdue: 0,
  };
  for (const p of parts) {
    s.targetsAssigned += p.assigned;
    s.assignedInspected += p.assignedInspected;
    s.targetsInspected += p.c.inspectedTargets;
    s.inspections += p.c.inspections;
    s.inspectionsFinished += p.c.finished;
    s.problemsFound += p.c.found;
    s.rectified += p.c.closed;
    s.overdue += p.c.overdue;
  }
  return {
    ...s,
    coveragePercent: pct(s.assignedInspected, s.targetsAssigned),
    rectifiedPercent: pct(s.rectified, s.problemsFound),
  };
}

/** How many of the book's targets have a finished inspection of the group. */
export function assignedPart(g: GroupRow, c: GroupCounts) {
  const targets = bookOf(g).targets ?? [];
  return {
    assigned: targets.length,
    assignedInspected: targets.filter((t) => c.inspectedIds.has(t.id)).length,
    c,
  };
}

export function groupViewOf(
  g: GroupRow,
  campaign: Pick<CampaignRow, 'id' | 'name' | 'starts_on' | 'ends_on'>,
  c: GroupCounts,
  names: {
    people: Array<{ id: string; display_name: string; licence_no: string | null }>;
    regions: Array<{ code: string; name_zh: string }>;
    files: Array<{ id: string; original_name: string; mime: string }>;
  },
): CampaignGroupView {
  const book = bookOf(g);
  const leader = names.people.find((p) => p.id === g.leader_id);
  const file = g.task_book_file_id ? names.files.find((f) => f.id === g.task_book_file_id) : undefined;
  return {
    id: g.id,
    campaignId: campaign.id,
    campaignName: campaign.name,
    name: g.name,
    kind: g.kind,
    regionCode: g.region_code,
    assignedRegions: g.assigned_regions.map((code) => ({
      code,
      name: names.regions.find((r) => r.code === code)?.name_zh ?? code,
    })),
    leader: { userId: g.leader_id, displayName: leader?.display_name ?? '' },
    members: g.member_ids.map((id) => {
      const p = names.people.find((x) => x.id === id);
      return { userId: id, displayName: p?.display_name ?? '', licenceNo: p?.licence_no ?? null };
    }),
    tasks: book.tasks ?? '',
    taskBookFile: file ? { id: file.id, name: file.original_name || '任务书', mime: file.mime } : null,
    targets: (book.targets ?? []).map((t) => ({ ...t, inspected: c.inspectedIds.has(t.id) })),
    startsOn: g.starts_on ?? campaign.starts_on,
    endsOn: g.ends_on ?? campaign.ends_on,
    closedAt: g.closed_at ? iso(g.closed_at) : null,
    progress: progressOf([assignedPart(g, c)]),
  };
}

export function campaignSummaryOf(r: CampaignListRow): CampaignSummary {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    regionCode: r.region_code,
    regionName: r.region_name ?? r.region_code,
    authorityName: r.authority_name,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.closed_at ? 'closed' : 'open',
    groupCount: r.group_count,
    createdAt: iso(r.created_at),
  };
}

export function problemOf(r: GroupProblemRow, now: Date): GroupProblem {
  const deadline = r.deadline ? new Date(r.deadline) : null;
  return {
    id: r.id,
    title: r.title,
    grade: r.grade,
    status: r.status,
    regionCode: r.region_code,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    projectName: r.project_name,
    inspectionId: r.inspection_id,
    inspectionNumber: r.inspection_number,
    foundAt: iso(r.found_at),
    deadline: deadline ? deadline.toISOString() : null,
    overdue:
      ['rectification_ordered', 'rectifying'].includes(r.status) &&
      !!deadline &&
      deadline.getTime() < now.getTime(),
    actionCount: r.action_count,
  };
}
