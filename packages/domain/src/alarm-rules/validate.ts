import { err, ok, type Result } from '../result.ts';
import { isHhMm } from './time-window.ts';
import {
  MAX_ATTENDANCE_TOLERANCE_SECONDS,
  SPECIAL_OPERATION_CODES,
  SPECIAL_OPERATIONS,
} from './special-operations.ts';
import {
  ALARM_SEVERITIES,
  CROSS_CHECK_KINDS,
  RULE_DEVICE_KINDS,
  type AlarmRule,
  type EventMatch,
  type Trigger,
} from './types.ts';

/**
 * Checks what a schema cannot: a rule that parses but could never work (a clear level on the wrong
 * side of the limit, a confidence above 1, a cross-check on an offline rule…). The field path says
 * what to fix.
 */
export function validateRule(rule: AlarmRule): Result<AlarmRule> {
  if (!/^[a-z][a-z0-9-]{1,59}$/.test(rule.code))
    return err('RULE_CODE', 'code: lower-case letters, digits and -, 2–60 characters', 'code');
  if (!Number.isInteger(rule.version) || rule.version < 1)
    return err('RULE_VERSION', 'version must be a whole number ≥ 1', 'version');
  if (!rule.name?.zh?.trim() || !rule.name?.en?.trim())
    return err('RULE_NAME', 'name needs both zh and en', 'name');
  if (!/^[a-z][a-z0-9_]{1,59}$/.test(rule.alarmType))
    return err('RULE_ALARM_TYPE', 'alarmType: lower-case letters, digits and _', 'alarmType');
  if (!ALARM_SEVERITIES.includes(rule.severity))
    return err('RULE_SEVERITY', `severity must be one of ${ALARM_SEVERITIES.join(', ')}`, 'severity');
  if (!rule.deviceKinds.length)
    return err('RULE_DEVICE_KINDS', 'deviceKinds: name at least one kind of device', 'deviceKinds');
  for (const k of rule.deviceKinds)
    if (!RULE_DEVICE_KINDS.includes(k))
      return err('RULE_DEVICE_KINDS', `unknown device kind "${k}"`, 'deviceKinds');
  if (!nonNegative(rule.dedupSeconds)) return err('RULE_DEDUP', 'dedupSeconds must be ≥ 0', 'dedupSeconds');
  if (!nonNegative(rule.cooldownSeconds))
    return err('RULE_COOLDOWN', 'cooldownSeconds must be ≥ 0', 'cooldownSeconds');
  const t = checkTrigger(rule.trigger);
  if (!t.ok) return t;
  if (rule.crossCheck) {
    const c = rule.crossCheck;
    if (!CROSS_CHECK_KINDS.includes(c.kind))
      return err('RULE_CROSS_CHECK', `unknown cross-check "${c.kind}"`, 'crossCheck.kind');
    if (rule.trigger.kind === 'offline')
      return err('RULE_CROSS_CHECK', 'an offline rule has nothing to cross-check', 'crossCheck');
    if (c.violationSeverity && !ALARM_SEVERITIES.includes(c.violationSeverity))
      return err('RULE_CROSS_CHECK', 'unknown violationSeverity', 'crossCheck.violationSeverity');
    if (c.shiftHours !== undefined && !(c.shiftHours > 0 && c.shiftHours <= 48))
      return err('RULE_CROSS_CHECK', 'shiftHours must be between 0 and 48', 'crossCheck.shiftHours');
    if (c.kind === 'special_operation_certificate' && !(c.operation && c.operation in SPECIAL_OPERATIONS))
      return err(
        'RULE_CROSS_CHECK',
        `operation must be one of ${SPECIAL_OPERATION_CODES.join(', ')}`,
        'crossCheck.operation',
      );
    if (c.operation !== undefined && c.kind !== 'special_operation_certificate')
      return err(
        'RULE_CROSS_CHECK',
        'operation belongs to a special_operation_certificate check',
        'crossCheck.operation',
      );
    if (
      c.toleranceSeconds !== undefined &&
      !(
        Number.isInteger(c.toleranceSeconds) &&
        c.toleranceSeconds >= 0 &&
        c.toleranceSeconds <= MAX_ATTENDANCE_TOLERANCE_SECONDS
      )
    )
      return err(
        'RULE_CROSS_CHECK',
        `toleranceSeconds must be a whole number from 0 to ${MAX_ATTENDANCE_TOLERANCE_SECONDS}`,
        'crossCheck.toleranceSeconds',
      );
    if (c.unattributedSeverity && !ALARM_SEVERITIES.includes(c.unattributedSeverity))
      return err('RULE_CROSS_CHECK', 'unknown unattributedSeverity', 'crossCheck.unattributedSeverity');
  }
  return ok(rule);
}

function checkTrigger(t: Trigger): Result<Trigger> {
  switch (t.kind) {
    case 'threshold': {
      const m = checkMatch(t.match, 'trigger.match');
      if (!m.ok) return m;
      if (!nonNegative(t.forSeconds))
        return err('RULE_TRIGGER', 'forSeconds must be ≥ 0', 'trigger.forSeconds');
      if (t.clearAt !== undefined) {
        const rising = t.match.op === '>' || t.match.op === '>=';
        if (!Number.isFinite(t.clearAt) || (rising ? t.clearAt > t.match.value : t.clearAt < t.match.value))
          return err(
            'RULE_TRIGGER',
            `clearAt must be on the normal side of the limit (${rising ? '≤' : '≥'} ${t.match.value})`,
            'trigger.clearAt',
          );
      }
      return ok(t);
    }
    case 'repetition': {
      const m = checkMatch(t.match, 'trigger.match');
      if (!m.ok) return m;
      if (!Number.isInteger(t.count) || t.count < 1 || t.count > 1000)
        return err('RULE_TRIGGER', 'count must be 1–1000', 'trigger.count');
      if (!nonNegative(t.withinSeconds) || (t.count > 1 && t.withinSeconds <= 0))
        return err('RULE_TRIGGER', 'withinSeconds must be > 0 when count > 1', 'trigger.withinSeconds');
      return ok(t);
    }
    case 'time_window': {
      const m = checkMatch(t.match, 'trigger.match');
      if (!m.ok) return m;
      if (!t.permitted.length)
        return err('RULE_TRIGGER', 'permitted: give at least one window', 'trigger.permitted');
      for (const [i, w] of t.permitted.entries()) {
        if (!isHhMm(w.from) || !isHhMm(w.to))
          return err('RULE_TRIGGER', 'from/to must be HH:MM', `trigger.permitted.${i}`);
        if (w.days && (!w.days.length || w.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)))
          return err('RULE_TRIGGER', 'days are 1 (Monday) … 7 (Sunday)', `trigger.permitted.${i}.days`);
      }
      if (!Number.isInteger(t.utcOffsetMinutes) || t.utcOffsetMinutes < -720 || t.utcOffsetMinutes > 840)
        return err(
          'RULE_TRIGGER',
          'utcOffsetMinutes must be between -720 and 840',
          'trigger.utcOffsetMinutes',
        );
      return ok(t);
    }
    case 'offline':
      if (!(t.afterSeconds >= 10))
        return err('RULE_TRIGGER', 'afterSeconds must be ≥ 10', 'trigger.afterSeconds');
      return ok(t);
    default:
      return err('RULE_TRIGGER', 'unknown trigger kind', 'trigger.kind');
  }
}

function checkMatch(m: EventMatch, path: string): Result<EventMatch> {
  switch (m.event) {
    case 'reading':
      if (!/^[a-z][a-z0-9_]{0,39}$/.test(m.metric))
        return err('RULE_MATCH', 'metric: lower-case name', `${path}.metric`);
      if (!['>', '>=', '<', '<='].includes(m.op))
        return err('RULE_MATCH', 'op must be >, >=, < or <=', `${path}.op`);
      if (!Number.isFinite(m.value)) return err('RULE_MATCH', 'value must be a number', `${path}.value`);
      return ok(m);
    case 'detection':
      if (!m.types.length)
        return err('RULE_MATCH', 'types: name at least one detection type', `${path}.types`);
      if (!(m.minConfidence >= 0 && m.minConfidence <= 1))
        return err('RULE_MATCH', 'minConfidence is a fraction between 0 and 1', `${path}.minConfidence`);
      return ok(m);
    case 'alarm':
    case 'fault':
      return ok(m);
    default:
      return err('RULE_MATCH', 'event must be reading, detection, alarm or fault', `${path}.event`);
  }
}

const nonNegative = (n: number) => Number.isFinite(n) && n >= 0;
