import type { Actor, Role } from './roles.ts';

/**
 * Hidden-danger (事故隐患) lifecycle, as data. The flow:
 *   reported → confirmed | rejected
 *   confirmed → rectification_ordered (deadline) → rectifying → submitted (evidence) → review
 *   review accepted → closed (general) | accepted, then closed out 销号 by the listing authority (major)
 *   review not accepted → rectifying again with a new deadline
 *   general hazards may be rectified on the spot: reported/confirmed → closed with evidence
 *   on a project with a supervision party, submitted evidence is first confirmed by supervision
 *   (confirm_evidence; not confirmed → rectifying again) before the regulator may review it
 */
export type HazardStatus =
  | 'reported'
  | 'confirmed'
  | 'rejected'
  | 'rectification_ordered'
  | 'rectifying'
  | 'submitted'
  | 'accepted'
  | 'closed';

export type HazardGrade = 'general' | 'major';

/** Level of the authority that lists a major hazard for supervision (挂牌督办). */
export const LISTING_LEVELS = ['national', 'province', 'city', 'county'] as const;
export type ListingLevel = (typeof LISTING_LEVELS)[number];

/** Major-hazard treatment plan; the five fields are the "five implementations" 五落实. */
export interface TreatmentPlan {
  responsibility: string;
  measures: string;
  funds: string;
  timeLimit: string;
  contingencyPlan: string;
  /** Targets and tasks, optional beyond the five. */
  targets?: string;
}

export const FIVE_IMPLEMENTATIONS = [
  'responsibility',
  'measures',
  'funds',
  'timeLimit',
  'contingencyPlan',
] as const;

export interface HazardListing {
  authorityId: string;
  level: ListingLevel;
  listedAt: string;
  listedBy: string;
}

export interface PendingExtension {
  requestedDeadline: string;
  reason: string;
  requestedAt: string;
  requestedBy: string;
}

export interface HazardClosure {
  at: string;
  by: string;
  via: 'on_spot' | 'review' | 'close_out';
  /** The closing authority, for a close-out. */
  authorityId: string | null;
}

export interface HazardState {
  status: HazardStatus;
  grade: HazardGrade;
  /** Rectification deadline, an ISO instant with offset. */
  deadline: string | null;
  plan: TreatmentPlan | null;
  listing: HazardListing | null;
  pendingExtension: PendingExtension | null;
  /** Evidence references (file ids) of the latest submission or on-the-spot fix. */
  evidence: string[];
  /** Times a submission was reviewed and sent back. */
  returnedCount: number;
  acceptance: { at: string; by: string } | null;
  closure: HazardClosure | null;
  /**
   * Supervision's confirmation of the rectification evidence (issue 17): present when the hazard
   * belongs to a project with a supervision party (监理) at the time evidence is submitted; the
   * regulator's review waits for it. Absent on every other hazard (older stored states included).
   */
  supervision?: HazardSupervision;
}

export interface HazardSupervision {
  required: boolean;
  confirmedAt: string | null;
  confirmedBy: string | null;
}

export type HazardAction =
  | { type: 'confirm'; grade?: HazardGrade }
  | { type: 'reject'; reason: string }
  | { type: 'rectify_on_spot'; evidence: string[]; note?: string }
  | { type: 'order_rectification'; deadline: string }
  | { type: 'submit_plan'; plan: TreatmentPlan }
  | { type: 'list_for_supervision'; level: ListingLevel }
  | { type: 'start_rectification' }
  | { type: 'submit_evidence'; evidence: string[]; note?: string }
  | { type: 'review'; accepted: boolean; deadline?: string; comment?: string }
  | { type: 'close_out'; comment?: string }
  | { type: 'request_extension'; requestedDeadline: string; reason: string }
  | { type: 'decide_extension'; approved: boolean; deadline?: string; comment?: string }
  | { type: 'confirm_evidence'; accepted: boolean; comment?: string };

export type HazardActionType = HazardAction['type'];

export interface HazardContext {
  /** ISO instant with offset. */
  now: string;
  actor: Actor;
  /**
   * The hazard belongs to a project with a supervision party (监理单位): evidence submitted now must be
   * confirmed by supervision before the regulator reviews it. Omitted = no such step.
   */
  supervised?: boolean;
}

/** What happened, for the audit trail and the timeline; `payload` is the action as applied. */
export interface HazardEvent {
  type: HazardActionType | 'report';
  at: string;
  actor: { id: string; role: Role; authorityId: string | null };
  from: HazardStatus | null;
  to: HazardStatus;
  payload: Record<string, unknown>;
}
