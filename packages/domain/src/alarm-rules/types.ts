import type { Explanation } from '../explanation.ts';
import type { SpecialOperation } from './special-operations.ts';

/**
 * Alarm rules as data. A rule says which devices it watches, what pattern of events makes an
 * incident, how incidents are de-duplicated, and which registry cross-check (if any) decides
 * whether the incident is an alarm and what it says. Rules are versioned: an alarm records the
 * code and version that raised it, and an edited rule is a new version, never an overwrite.
 */

export const ALARM_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

export const RULE_DEVICE_KINDS = [
  'ai_camera',
  'smoke_sensor',
  'flame_sensor',
  'combustible_gas_sensor',
  'toxic_gas_sensor',
  'tower_crane_monitor',
  'construction_elevator_monitor',
  'elevator_monitor',
  'dust_noise_monitor',
  'access_gate',
] as const;
export type RuleDeviceKind = (typeof RULE_DEVICE_KINDS)[number];

export const CROSS_CHECK_KINDS = [
  /** Each person on duty for a special operation (crossCheck.operation) holds a valid certificate of it. */
  'special_operation_certificate',
  /** The same check for welding, as rules written before issue 11 name it. */
  'welding_certificate',
  'equipment_inspection',
  'elevator_registration',
] as const;
export type CrossCheckKind = (typeof CROSS_CHECK_KINDS)[number];

export type ComparisonOp = '>' | '>=' | '<' | '<=';

/** Which events count as a "hit" for a rule. */
export type EventMatch =
  | { event: 'reading'; metric: string; op: ComparisonOp; value: number }
  | { event: 'detection'; types: string[]; minConfidence: number }
  | { event: 'alarm' | 'fault'; codes?: string[] };

export interface TimeWindow {
  /** ISO weekdays 1 (Monday) … 7 (Sunday); all days when omitted. */
  days?: number[];
  /** 'HH:MM' local time, inclusive. */
  from: string;
  /** 'HH:MM' local time, exclusive; a window may wrap past midnight (22:00–06:00). */
  to: string;
}

export type Trigger =
  /** A reading beyond a limit continuously for `forSeconds` ("gas > 25 % LEL for 10 s"). */
  | {
      kind: 'threshold';
      match: Extract<EventMatch, { event: 'reading' }>;
      forSeconds: number;
      /** Hysteresis: the condition ends when the reading is back beyond this level (default: the limit). */
      clearAt?: number;
    }
  /** `count` hits within `withinSeconds` ("no helmet 3 times in 5 minutes"); count 1 = every hit. */
  | { kind: 'repetition'; match: EventMatch; count: number; withinSeconds: number }
  /** A hit outside every permitted window ("hot work outside 08:00–18:00, Monday to Saturday"). */
  | { kind: 'time_window'; match: EventMatch; permitted: TimeWindow[]; utcOffsetMinutes: number }
  /** No event at all from the device for `afterSeconds` (evaluated on clock ticks). */
  | { kind: 'offline'; afterSeconds: number };

export interface CrossCheckSpec {
  kind: CrossCheckKind;
  /** What to do when the registry shows nothing wrong: record no alarm, or keep the alarm (with the facts). */
  onCompliant: 'suppress' | 'keep';
  /** Severity when the cross-check finds a violation (default: the rule's). */
  violationSeverity?: AlarmSeverity;
  /** Alarm type when the cross-check finds a violation (default: the rule's). */
  violationType?: string;
  /** welding_certificate: an open check-in older than this is a forgotten check-out, not a worker on duty. */
  shiftHours?: number;
  /** special_operation_certificate: which operation (welding_certificate means welding). */
  operation?: SpecialOperation;
  /**
   * Attendance against event time: a check-in this many seconds after the event, or a check-out this
   * many seconds before it, still counts as on duty (default ATTENDANCE_TOLERANCE_SECONDS).
   */
  toleranceSeconds?: number;
  /** Severity of the finding when nobody can be named (default: medium). */
  unattributedSeverity?: AlarmSeverity;
  /** Alarm type of that finding (default: unattributed_special_operation). */
  unattributedType?: string;
}

export interface AlarmRule {
  code: string;
  version: number;
  name: { zh: string; en: string };
  description?: string;
  /** Alarm type shown to people (e.g. gas_leak, uncertified_special_operation). */
  alarmType: string;
  severity: AlarmSeverity;
  deviceKinds: RuleDeviceKind[];
  trigger: Trigger;
  crossCheck?: CrossCheckSpec;
  /** One incident while hits keep arriving within this gap; silence this long ends the incident. */
  dedupSeconds: number;
  /** After an incident ends, a new hit within this time reopens it instead of raising a new alarm. */
  cooldownSeconds: number;
  enabled: boolean;
}

/** An event as the engine sees it: time in epoch milliseconds, everything else from the contract. */
export interface EngineEvent {
  id: string;
  at: number;
  type: 'heartbeat' | 'reading' | 'detection' | 'alarm' | 'fault' | 'attendance';
  code?: string | null;
  values?: Record<string, number | string | boolean> | null;
  detections?: Array<{ type: string; confidence: number }> | null;
}

export type EngineInput =
  | { kind: 'event'; event: EngineEvent }
  /** A clock tick: ends silent incidents; offline rules use `since` (e.g. registration time) for a device never heard from. */
  | { kind: 'tick'; now: number; since?: number | null };

export interface Incident {
  /** Per (device, rule) counter: the alarm of this incident is keyed by it. */
  seq: number;
  openedAt: number;
  lastHitAt: number;
  hits: number;
  /** Set when the condition ended (threshold back to normal, device back online, or silence). */
  endedAt: number | null;
  peak: number | null;
}

/** What the engine remembers per (device, rule), stored as JSON beside the events. */
export interface RuleState {
  v: 1;
  /** Latest event time seen from the device (any event), for offline detection and ordering. */
  lastEventAt: number | null;
  /** Threshold breached but not yet for long enough. */
  pending: { since: number; eventIds: string[]; peak: number } | null;
  /** Recent hits for repetition rules (at most `count`). */
  hits: Array<{ at: number; id: string }>;
  incident: Incident | null;
  seq: number;
}

export type AlarmAction =
  | {
      type: 'raise';
      seq: number;
      at: number;
      eventIds: string[];
      /** Why: machine-readable steps the UI renders in Chinese or English. */
      facts: Explanation[];
      value: number | null;
      crossCheck: CrossCheckSpec | null;
    }
  | {
      type: 'update';
      seq: number;
      at: number;
      eventIds: string[];
      hits: number;
      peak: number | null;
      reopened: boolean;
    }
  | { type: 'clear'; seq: number; at: number; facts: Explanation[] };

export interface EngineResult {
  state: RuleState;
  actions: AlarmAction[];
}
