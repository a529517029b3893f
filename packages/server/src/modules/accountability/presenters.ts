import { accountabilityOverdue, accountabilityStep } from '@redline/domain';
import type { AccountabilitySummary, AccountabilityView } from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import { can } from '../../auth/policy.ts';
import { iso } from '../../db/paging.ts';
import type { ActionListRow, actionDetails } from './repo.ts';

/** Rows → the API's shapes of accountability actions. */

function targetName(r: ActionListRow) {
  const employer = r.target_enterprise_name ?? r.target_authority_name ?? '';
  if (r.target_kind !== 'person') return employer;
  return `${r.person_name ?? ''}${r.person_title ? `（${r.person_title}）` : ''} · ${employer}`;
}

export function actionSummaryOf(r: ActionListRow, today: string): AccountabilitySummary {
  return {
    id: r.id,
    kind: r.kind,
    targetKind: r.target_kind,
    targetName: targetName(r),
    enterpriseId: r.target_enterprise_id,
    authorityId: r.target_authority_id,
    regionCode: r.region_code,
    title: r.title,
    deadline: r.deadline,
    status: r.status,
    overdue: accountabilityOverdue(r.status, r.deadline, today),
    campaignId: r.campaign_id,
    groupId: r.group_id,
    groupName: r.group_name,
    issuedBy: r.issuer_name,
    createdAt: iso(r.created_at),
  };
}

export function actionViewOf(
  r: ActionListRow,
  d: Awaited<ReturnType<typeof actionDetails>>,
  actor: Actor,
  today: string,
): AccountabilityView {
  const steps = (['follow_up', 'close'] as const).filter(
    (s) => can(actor, s, 'accountability') && accountabilityStep(r.status, s).ok,
  );
  return {
    ...actionSummaryOf(r, today),
    personName: r.person_name,
    personTitle: r.person_title,
    reason: r.reason,
    heldAt: r.held_at ? iso(r.held_at) : null,
    place: r.place,
    attendees: r.attendees ?? [],
    minutes: r.minutes,
    createdByName: d.createdByName,
    closedAt: r.closed_at ? iso(r.closed_at) : null,
    hazards: d.hazards,
    followUps: d.followUps.map((f) => ({
      id: f.id,
      note: f.note,
      statusAfter: f.status_after,
      byName: f.display_name,
      at: iso(f.created_at),
    })),
    allowedSteps: steps,
  };
}
