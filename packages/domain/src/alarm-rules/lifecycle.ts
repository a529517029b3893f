import { err, ok, type Result } from '../result.ts';
import { REGULATOR_ROLES, type Role } from '../roles.ts';

/**
 * The life of an alarm, as an explicit state machine:
 *
 *   new ──acknowledge──► acknowledged ──verify_real──► verified ──dispatch──► dispatched ──close──► closed
 *    │  └─escalate─► escalated ─acknowledge─┘      └──mark_false_positive──► false_positive ──close──┘
 *    └── verify_real / mark_false_positive straight from new or escalated (one click acknowledges too)
 *
 * Escalation happens when nobody acknowledges within N minutes (a clock job) or by hand.
 * `dispatch` turns a verified alarm into a hazard, an inspection, or off-site enforcement.
 */
export const ALARM_STATUSES = [
  'new',
  'escalated',
  'acknowledged',
  'verified',
  'false_positive',
  'dispatched',
  'closed',
] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];

export const ALARM_ACTIONS = [
  'acknowledge',
  'escalate',
  'verify_real',
  'mark_false_positive',
  'dispatch',
  'close',
] as const;
export type AlarmActionName = (typeof ALARM_ACTIONS)[number];

export const DISPOSITION_KINDS = ['hazard', 'inspection', 'enforcement'] as const;
export type DispositionKind = (typeof DISPOSITION_KINDS)[number];

/** Statuses a duty officer still has to act on. */
export const OPEN_ALARM_STATUSES: readonly AlarmStatus[] = ['new', 'escalated', 'acknowledged', 'verified'];

const FROM: Record<AlarmActionName, readonly AlarmStatus[]> = {
  acknowledge: ['new', 'escalated'],
  escalate: ['new'],
  verify_real: ['new', 'escalated', 'acknowledged'],
  mark_false_positive: ['new', 'escalated', 'acknowledged', 'verified'],
  dispatch: ['verified'],
  close: ['verified', 'dispatched', 'false_positive'],
};

const TO: Record<AlarmActionName, AlarmStatus> = {
  acknowledge: 'acknowledged',
  escalate: 'escalated',
  verify_real: 'verified',
  mark_false_positive: 'false_positive',
  dispatch: 'dispatched',
  close: 'closed',
};

const HANDLERS: readonly Role[] = REGULATOR_ROLES;

export interface AlarmLifecycleState {
  status: AlarmStatus;
  acknowledgedAt: string | null;
}

export type AlarmActor = { kind: 'user'; role: Role } | { kind: 'system' };

export interface AlarmTransition {
  from: AlarmStatus;
  to: AlarmStatus;
  /** True when this action also records the acknowledgement (one-click verify from new). */
  acknowledges: boolean;
  verdict: 'real' | 'false_positive' | null;
}

export function transitionAlarm(
  state: AlarmLifecycleState,
  action: AlarmActionName,
  actor: AlarmActor,
): Result<AlarmTransition> {
  if (!(ALARM_ACTIONS as readonly string[]).includes(action))
    return err('UNKNOWN_ACTION', `unknown action "${action}"`, 'action');
  if (actor.kind === 'system' && action !== 'escalate')
    return err('FORBIDDEN', 'only escalation happens by itself');
  if (actor.kind === 'user' && !HANDLERS.includes(actor.role))
    return err('FORBIDDEN', `a ${actor.role} does not handle alarms`);
  if (!FROM[action].includes(state.status)) {
    return err(
      'ILLEGAL_TRANSITION',
      `cannot ${action.replace(/_/g, ' ')} an alarm that is ${state.status.replace(/_/g, ' ')} (allowed from: ${FROM[action].join(', ')})`,
      'action',
    );
  }
  return ok({
    from: state.status,
    to: TO[action],
    acknowledges: action !== 'escalate' && state.acknowledgedAt === null,
    verdict: action === 'verify_real' ? 'real' : action === 'mark_false_positive' ? 'false_positive' : null,
  });
}

export function allowedAlarmActions(status: AlarmStatus): AlarmActionName[] {
  return ALARM_ACTIONS.filter((a) => a !== 'escalate' && FROM[a].includes(status));
}

/** Unacknowledged for longer than the limit? (The clock job escalates these.) */
export function isDueForEscalation(
  state: { status: AlarmStatus; createdAtMs: number },
  nowMs: number,
  afterMinutes: number,
): boolean {
  return state.status === 'new' && nowMs - state.createdAtMs >= afterMinutes * 60_000;
}

/** False-positive rate of a rule or device: false positives over all verdicts; null with no verdicts yet. */
export function falsePositiveRate(counts: { real: number; falsePositive: number }): number | null {
  const n = counts.real + counts.falsePositive;
  return n === 0 ? null : counts.falsePositive / n;
}
