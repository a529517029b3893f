/**
 * Accountability actions (问责) and their follow-up, as pure rules (issue 14; DOMAIN.md §10).
 *
 * Kinds, from the mildest: notification 通报 (a written criticism made known), warning 警示 (警示函 /
 * 警示约谈 short of an interview), interview 约谈 (a meeting with minutes and attendees), proposal for
 * accountability 问责建议 (to the discipline body or the superior of the responsible person). The
 * names are those of the national and local practice texts on 约谈 / 通报; the kinds themselves are
 * not a closed legal list, so an authority's own wording stays in the title.
 *
 * States: open → followed_up (at least one follow-up entry) → closed. A closed action takes no
 * further entry; only a follow-up or a close moves it.
 */
export const ACCOUNTABILITY_KINDS = ['notification', 'warning', 'interview', 'proposal'] as const;
export type AccountabilityKind = (typeof ACCOUNTABILITY_KINDS)[number];
export const ACCOUNTABILITY_TARGET_KINDS = ['authority', 'enterprise', 'person'] as const;
export type AccountabilityTargetKind = (typeof ACCOUNTABILITY_TARGET_KINDS)[number];
export const ACCOUNTABILITY_STATUSES = ['open', 'followed_up', 'closed'] as const;
export type AccountabilityStatus = (typeof ACCOUNTABILITY_STATUSES)[number];

export const ACCOUNTABILITY_KIND_ZH: Record<AccountabilityKind, string> = {
  notification: '通报',
  warning: '警示',
  interview: '约谈',
  proposal: '问责建议',
};
export const ACCOUNTABILITY_STATUS_ZH: Record<AccountabilityStatus, string> = {
  open: '待跟进',
  followed_up: '跟进中',
  closed: '已办结',
};

export type FollowUpStep = 'follow_up' | 'close';

/** The state after a follow-up entry or a close, or the reason it is refused. */
export function accountabilityStep(
  status: AccountabilityStatus,
  step: FollowUpStep,
): { ok: true; status: AccountabilityStatus } | { ok: false; message: string } {
  if (status === 'closed')
    return { ok: false, message: 'The action is closed; open a new action if more is needed' };
  return { ok: true, status: step === 'close' ? 'closed' : 'followed_up' };
}

/** Past its deadline (a date, YYYY-MM-DD) and not closed, on `today` (YYYY-MM-DD in TIME_ZONE). */
export function accountabilityOverdue(
  status: AccountabilityStatus,
  deadline: string,
  today: string,
): boolean {
  return status !== 'closed' && deadline < today;
}

/**
 * What the action requires by kind: an interview is a meeting, so it has when it was held, who
 * attended (at least one person of the target's side and one of the authority) and its minutes.
 * Returns the field at fault and why, or null.
 */
export function accountabilityShapeProblem(a: {
  kind: AccountabilityKind;
  heldAt?: string | null;
  attendees?: ReadonlyArray<{ name: string }>;
  minutes?: string | null;
}): { field: string; message: string } | null {
  if (a.kind !== 'interview') return null;
  if (!a.heldAt) return { field: 'heldAt', message: 'An interview (约谈) needs the time it was held' };
  if (!a.attendees || a.attendees.filter((x) => x.name.trim()).length < 2)
    return {
      field: 'attendees',
      message: 'An interview (约谈) needs its attendees: at least the person interviewed and one officer',
    };
  if (!a.minutes?.trim())
    return { field: 'minutes', message: 'An interview (约谈) needs its minutes (约谈纪要)' };
  return null;
}
