import { err, ok, type Result } from '../result.ts';
import { OFFICER_ROLES, REGULATOR_ROLES, type Role } from '../roles.ts';

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

/**
 * What a person can do with an alarm from the console: the state machine's transitions, plus
 * off-site enforcement (issuing documents, by law-enforcement officers) and, for the duty officer of
 * an operations centre, who issues no documents, handing a verified alarm over to an officer.
 * The server's handlers enforce exactly these rules and the console offers exactly what
 * `alarmActionsFor` returns, so an offered action never answers 403 or 409.
 */
export const CONSOLE_ALARM_ACTIONS = [...ALARM_ACTIONS, 'enforce', 'hand_over'] as const;
export type ConsoleAlarmAction = (typeof CONSOLE_ALARM_ACTIONS)[number];

/** Who may take each console action (the server's policy table is built from this). */
export const ALARM_ACTION_ROLES: Record<ConsoleAlarmAction, readonly Role[]> = {
  acknowledge: HANDLERS,
  escalate: HANDLERS,
  verify_real: HANDLERS,
  mark_false_positive: HANDLERS,
  dispatch: HANDLERS,
  close: HANDLERS,
  enforce: OFFICER_ROLES,
  hand_over: ['duty_officer'],
};

/** The statuses each console action is allowed from. */
export const ALARM_ACTION_FROM: Record<ConsoleAlarmAction, readonly AlarmStatus[]> = {
  ...FROM,
  enforce: ['verified'],
  hand_over: ['verified'],
};

/**
 * The actions a role may take on an alarm in a status. `addressee: false` (the alarm's site belongs
 * to no enterprise) leaves out enforcement: there is nobody to address the documents to.
 */
export function alarmActionsFor(
  status: AlarmStatus,
  role: Role,
  opts: { addressee: boolean } = { addressee: true },
): ConsoleAlarmAction[] {
  return CONSOLE_ALARM_ACTIONS.filter(
    (a) =>
      ALARM_ACTION_ROLES[a].includes(role) &&
      ALARM_ACTION_FROM[a].includes(status) &&
      (a !== 'enforce' || opts.addressee),
  );
}

/** Why a role may not take an action on an alarm in a status (403 for the role, 409 for the status), or null. */
export function alarmActionRefusal(
  status: AlarmStatus,
  role: Role,
  action: ConsoleAlarmAction,
): { code: 'FORBIDDEN' | 'ILLEGAL_TRANSITION'; message: string } | null {
  if (!ALARM_ACTION_ROLES[action].includes(role))
    return {
      code: 'FORBIDDEN',
      message:
        action === 'enforce' && role === 'duty_officer'
          ? 'a duty officer issues no enforcement documents: hand the alarm over to a law-enforcement officer'
          : `a ${role.replace(/_/g, ' ')} may not ${action.replace(/_/g, ' ')} an alarm`,
    };
  if (!ALARM_ACTION_FROM[action].includes(status))
    return {
      code: 'ILLEGAL_TRANSITION',
      message: `cannot ${action.replace(/_/g, ' ')} an alarm that is ${status.replace(/_/g, ' ')} (allowed from: ${ALARM_ACTION_FROM[action].join(', ')})`,
    };
  return null;
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
