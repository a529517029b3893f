import { step, type Explanation } from '../explanation.ts';
import { describeWindows, inAnyWindow, localClock } from './time-window.ts';
import type {
  AlarmAction,
  AlarmRule,
  ComparisonOp,
  EngineEvent,
  EngineInput,
  EngineResult,
  EventMatch,
  Incident,
  RuleState,
} from './types.ts';

/**
 * The rule engine: a pure function of (rule, what it remembers about one device, one input) to
 * (what it remembers now, alarm actions). The caller stores the state beside the events in the same
 * transaction, so a crash never leaves an alarm without its events or the other way round.
 *
 * One incident is one alarm: while hits keep coming within `dedupSeconds` the incident is updated
 * (hit count, peak, evidence), a condition that ends is cleared, and a new hit within
 * `cooldownSeconds` of the end reopens the same incident instead of raising another alarm.
 *
 * Events are expected roughly in time order per device. A late event (older than the newest seen)
 * still counts as a hit for detection-like rules — as evidence of the open incident, or, when it
 * lies well before that incident (more than dedup + cool-down), as an incident of its own — but
 * never starts or ends a threshold condition, whose meaning depends on order.
 */

/** Evidence kept per pending threshold / incident update: enough to show, bounded in size. */
export const MAX_EVIDENCE_IDS = 20;

export function initialRuleState(): RuleState {
  return { v: 1, lastEventAt: null, pending: null, hits: [], incident: null, seq: 0 };
}

export function evaluateRule(
  rule: AlarmRule,
  previous: RuleState | null | undefined,
  input: EngineInput,
): EngineResult {
  const state = cloneState(previous ?? initialRuleState());
  const actions: AlarmAction[] = [];
  if (input.kind === 'tick') {
    if (rule.enabled) onTick(rule, state, input.now, input.since ?? null, actions);
    return { state, actions };
  }
  const e = input.event;
  const late = state.lastEventAt !== null && e.at < state.lastEventAt;
  if (!late) state.lastEventAt = e.at;
  if (!rule.enabled) return { state, actions };
  const t = rule.trigger;
  switch (t.kind) {
    case 'offline':
      if (state.incident && state.incident.endedAt === null) {
        state.incident.endedAt = e.at;
        actions.push({
          type: 'clear',
          seq: state.incident.seq,
          at: e.at,
          facts: [step('DEVICE_BACK_ONLINE', { at: iso(e.at), eventType: e.type })],
        });
      }
      break;
    case 'threshold':
      onThreshold(rule, t, state, e, late, actions);
      break;
    case 'repetition': {
      const m = matchEvent(t.match, e);
      if (!m.hit) break;
      endIfSilent(rule, state, e.at, actions);
      const open = isOpen(state.incident);
      if (!open && t.count > 1) {
        state.hits = [...state.hits, { at: e.at, id: e.id }]
          .filter((h) => e.at - h.at <= t.withinSeconds * 1000 && h.at <= e.at)
          .slice(-t.count);
        if (state.hits.length < t.count) break;
        const ids = state.hits.map((h) => h.id);
        const facts = [...m.facts, step('REPEATED', { count: t.count, withinSeconds: t.withinSeconds })];
        state.hits = [];
        hit(rule, state, e.at, ids, m.value, facts, actions);
      } else hit(rule, state, e.at, [e.id], m.value, m.facts, actions);
      break;
    }
    case 'time_window': {
      const m = matchEvent(t.match, e);
      if (!m.hit) break;
      if (inAnyWindow(e.at, t.utcOffsetMinutes, t.permitted)) break;
      endIfSilent(rule, state, e.at, actions);
      const clock = localClock(e.at, t.utcOffsetMinutes);
      const facts = [
        ...m.facts,
        step('OUTSIDE_PERMITTED_WINDOW', {
          localTime: clock.hhmm,
          weekday: clock.weekday,
          permitted: describeWindows(t.permitted),
        }),
      ];
      hit(rule, state, e.at, [e.id], m.value, facts, actions);
      break;
    }
  }
  return { state, actions };
}

function onTick(
  rule: AlarmRule,
  state: RuleState,
  now: number,
  since: number | null,
  actions: AlarmAction[],
) {
  const t = rule.trigger;
  if (t.kind !== 'offline') {
    endIfSilent(rule, state, now, actions);
    return;
  }
  const last = state.lastEventAt ?? since;
  if (last === null) return;
  if (state.incident && state.incident.endedAt === null) return; // already offline
  if (now - last <= t.afterSeconds * 1000) return;
  const facts = [
    step('DEVICE_SILENT', {
      lastEventAt: state.lastEventAt === null ? 'never' : iso(state.lastEventAt),
      silentSeconds: Math.floor((now - last) / 1000),
      afterSeconds: t.afterSeconds,
    }),
  ];
  const inc = state.incident;
  if (inc && inc.endedAt !== null && now - inc.endedAt <= rule.cooldownSeconds * 1000) {
    inc.endedAt = null;
    inc.lastHitAt = now;
    inc.hits += 1;
    actions.push({
      type: 'update',
      seq: inc.seq,
      at: now,
      eventIds: [],
      hits: inc.hits,
      peak: inc.peak,
      reopened: true,
    });
    return;
  }
  state.seq += 1;
  state.incident = { seq: state.seq, openedAt: now, lastHitAt: now, hits: 1, endedAt: null, peak: null };
  actions.push({
    type: 'raise',
    seq: state.seq,
    at: now,
    eventIds: [],
    facts,
    value: null,
    crossCheck: rule.crossCheck ?? null,
  });
}

function onThreshold(
  rule: AlarmRule,
  t: Extract<AlarmRule['trigger'], { kind: 'threshold' }>,
  state: RuleState,
  e: EngineEvent,
  late: boolean,
  actions: AlarmAction[],
) {
  const raw = e.values?.[t.match.metric];
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return;
  const v = raw;
  const breach = compare(v, t.match.op, t.match.value);
  const beyondClear = !compare(v, t.match.op, t.clearAt ?? t.match.value);
  if (late) {
    if (breach && isOpen(state.incident)) addEvidence(rule, state, e.at, [e.id], v, actions, false);
    return;
  }
  endIfSilent(rule, state, e.at, actions);
  const inc = state.incident;
  if (inc && inc.endedAt === null) {
    if (!beyondClear) {
      // Still in alarm (beyond the limit, or inside the hysteresis band): evidence only for real breaches.
      if (breach) addEvidence(rule, state, e.at, [e.id], v, actions, false);
      else inc.lastHitAt = Math.max(inc.lastHitAt, e.at);
      return;
    }
    inc.endedAt = e.at;
    state.pending = null;
    actions.push({
      type: 'clear',
      seq: inc.seq,
      at: e.at,
      facts: [
        step('BACK_TO_NORMAL', { metric: t.match.metric, value: v, clearAt: t.clearAt ?? t.match.value }),
      ],
    });
    return;
  }
  if (!breach) {
    state.pending = null;
    return;
  }
  const p = state.pending ?? { since: e.at, eventIds: [], peak: v };
  p.eventIds = keepFirstAndLast([...p.eventIds, e.id]);
  p.peak = better(t.match.op, p.peak, v);
  state.pending = p;
  if (e.at - p.since < t.forSeconds * 1000) return;
  state.pending = null;
  const facts = [
    step('THRESHOLD_EXCEEDED', {
      metric: t.match.metric,
      op: t.match.op,
      limit: t.match.value,
      value: p.peak,
      forSeconds: t.forSeconds,
      since: iso(p.since),
    }),
  ];
  hit(rule, state, e.at, p.eventIds, p.peak, facts, actions);
}

/** A hit: update the open incident, reopen one in cool-down, or raise a new one. */
function hit(
  rule: AlarmRule,
  state: RuleState,
  at: number,
  eventIds: string[],
  value: number | null,
  facts: Explanation[],
  actions: AlarmAction[],
) {
  const inc = state.incident;
  // A late hit from well before the current incident is an incident of its own (a device uploading
  // what it buffered while off line): raise it, without disturbing the current one.
  if (inc && at < inc.openedAt - (rule.dedupSeconds + rule.cooldownSeconds) * 1000) {
    state.seq += 1;
    actions.push({
      type: 'raise',
      seq: state.seq,
      at,
      eventIds: eventIds.slice(-MAX_EVIDENCE_IDS),
      facts,
      value,
      crossCheck: rule.crossCheck ?? null,
    });
    return;
  }
  if (isOpen(inc)) {
    addEvidence(rule, state, at, eventIds, value, actions, false);
    return;
  }
  if (inc && inc.endedAt !== null && at - inc.endedAt <= rule.cooldownSeconds * 1000 && at >= inc.openedAt) {
    inc.endedAt = null;
    addEvidence(rule, state, at, eventIds, value, actions, true);
    return;
  }
  state.seq += 1;
  state.incident = { seq: state.seq, openedAt: at, lastHitAt: at, hits: 1, endedAt: null, peak: value };
  actions.push({
    type: 'raise',
    seq: state.seq,
    at,
    eventIds: eventIds.slice(-MAX_EVIDENCE_IDS),
    facts,
    value,
    crossCheck: rule.crossCheck ?? null,
  });
}

function addEvidence(
  rule: AlarmRule,
  state: RuleState,
  at: number,
  eventIds: string[],
  value: number | null,
  actions: AlarmAction[],
  reopened: boolean,
) {
  const inc = state.incident!;
  inc.hits += eventIds.length > 0 ? 1 : 0;
  inc.lastHitAt = Math.max(inc.lastHitAt, at);
  if (value !== null) inc.peak = inc.peak === null ? value : better(opOf(rule), inc.peak, value);
  actions.push({
    type: 'update',
    seq: inc.seq,
    at,
    eventIds: eventIds.slice(-MAX_EVIDENCE_IDS),
    hits: inc.hits,
    peak: inc.peak,
    reopened,
  });
}

/** An incident with no hit for `dedupSeconds` has ended (evaluated lazily, at the next input). */
function endIfSilent(rule: AlarmRule, state: RuleState, at: number, actions: AlarmAction[]) {
  const inc = state.incident;
  if (!inc || inc.endedAt !== null || rule.trigger.kind === 'offline') return;
  if (at - inc.lastHitAt <= rule.dedupSeconds * 1000) return;
  inc.endedAt = inc.lastHitAt + rule.dedupSeconds * 1000;
  actions.push({
    type: 'clear',
    seq: inc.seq,
    at: inc.endedAt,
    facts: [step('NO_HIT_FOR', { seconds: rule.dedupSeconds, lastHitAt: iso(inc.lastHitAt) })],
  });
}

/** Evidence of a long breach: its first reading and the latest ones. */
function keepFirstAndLast(ids: string[]): string[] {
  return ids.length <= MAX_EVIDENCE_IDS ? ids : [ids[0], ...ids.slice(-(MAX_EVIDENCE_IDS - 1))];
}

const isOpen = (inc: Incident | null): boolean => inc !== null && inc.endedAt === null;

export interface MatchResult {
  hit: boolean;
  value: number | null;
  facts: Explanation[];
}

/** Does an event match? With the value that matched (reading, best confidence) and why. */
export function matchEvent(m: EventMatch, e: EngineEvent): MatchResult {
  const miss: MatchResult = { hit: false, value: null, facts: [] };
  switch (m.event) {
    case 'reading': {
      const v = e.values?.[m.metric];
      if (typeof v !== 'number' || !Number.isFinite(v) || !compare(v, m.op, m.value)) return miss;
      return {
        hit: true,
        value: v,
        facts: [step('READING', { metric: m.metric, op: m.op, limit: m.value, value: v })],
      };
    }
    case 'detection': {
      if (e.type !== 'detection' || !e.detections) return miss;
      let best: { type: string; confidence: number } | null = null;
      for (const d of e.detections) {
        if (
          m.types.includes(d.type) &&
          d.confidence >= m.minConfidence &&
          (!best || d.confidence > best.confidence)
        )
          best = d;
      }
      if (!best) return miss;
      return {
        hit: true,
        value: best.confidence,
        facts: [
          step('DETECTED', { type: best.type, confidence: best.confidence, minConfidence: m.minConfidence }),
        ],
      };
    }
    case 'alarm':
    case 'fault': {
      if (e.type !== m.event) return miss;
      if (m.codes && m.codes.length && !(e.code && m.codes.includes(e.code))) return miss;
      return {
        hit: true,
        value: null,
        facts: [step(m.event === 'alarm' ? 'DEVICE_ALARM' : 'DEVICE_FAULT', { code: e.code ?? '' })],
      };
    }
  }
}

export function compare(v: number, op: ComparisonOp, limit: number): boolean {
  switch (op) {
    case '>':
      return v > limit;
    case '>=':
      return v >= limit;
    case '<':
      return v < limit;
    case '<=':
      return v <= limit;
  }
}

/** The "worse" of two values in the direction of the limit (the peak of a rising gas level, the low of a falling one). */
const better = (op: ComparisonOp, a: number, b: number) =>
  op === '<' || op === '<=' ? Math.min(a, b) : Math.max(a, b);

function opOf(rule: AlarmRule): ComparisonOp {
  const t = rule.trigger;
  if (t.kind === 'threshold') return t.match.op;
  if ((t.kind === 'repetition' || t.kind === 'time_window') && t.match.event === 'reading') return t.match.op;
  return '>';
}

const iso = (ms: number) => new Date(ms).toISOString();

function cloneState(s: RuleState): RuleState {
  return {
    v: 1,
    lastEventAt: s.lastEventAt ?? null,
    pending: s.pending
      ? { since: s.pending.since, eventIds: [...s.pending.eventIds], peak: s.pending.peak }
      : null,
    hits: (s.hits ?? []).map((h) => ({ ...h })),
    incident: s.incident ? { ...s.incident } : null,
    seq: s.seq ?? 0,
  };
}
