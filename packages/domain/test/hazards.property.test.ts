import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  HAZARD_RULES,
  allowedActions,
  hazardInvariantViolations,
  transition,
  type HazardAction,
  type HazardActionType,
  type HazardState,
  type HazardStatus,
  type TreatmentPlan,
} from '../src/index.ts';
import { ACTORS, FULL_PLAN, T0, reported } from './hazard-fixtures.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Everything any action might carry; one is drawn per step and the chosen action takes its part. */
// Mostly valid data (so runs get deep), sometimes missing or wrong (so every refusal is exercised).
const bag = fc.record({
  grade: fc.constantFrom<'general' | 'major' | undefined>('general', 'major', undefined),
  reason: fc.oneof(
    { arbitrary: fc.constantFrom('重复上报', '雨季停工'), weight: 3 },
    { arbitrary: fc.constantFrom('', ' '), weight: 1 },
  ),
  evidence: fc.oneof(
    { arbitrary: fc.constantFrom<string[]>(['photo-1'], ['photo-1', 'doc-2']), weight: 3 },
    { arbitrary: fc.constantFrom<string[]>([], ['']), weight: 1 },
  ),
  deadline: fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 30 }), weight: 6 },
    { arbitrary: fc.integer({ min: -3, max: 0 }), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  ),
  plan: fc.oneof(
    { arbitrary: fc.constant(FULL_PLAN), weight: 3 },
    {
      arbitrary: fc
        .constantFrom('responsibility', 'measures', 'funds', 'timeLimit', 'contingencyPlan')
        .map((k): TreatmentPlan => ({ ...FULL_PLAN, [k]: '' })),
      weight: 1,
    },
  ),
  level: fc.constantFrom('city', 'province', 'county'),
  yes: fc.boolean(),
});
type Bag = typeof bag extends fc.Arbitrary<infer T> ? T : never;

const ACTION_TYPES: HazardActionType[] = Object.keys(HAZARD_RULES) as HazardActionType[];

function build(type: HazardActionType, b: Bag, nowMs: number): HazardAction {
  const deadline = b.deadline === undefined ? undefined : iso(nowMs + b.deadline * DAY);
  switch (type) {
    case 'confirm':
      return { type, grade: b.grade };
    case 'reject':
      return { type, reason: b.reason };
    case 'rectify_on_spot':
    case 'submit_evidence':
      return { type, evidence: b.evidence };
    case 'order_rectification':
      return { type, deadline: deadline as string };
    case 'submit_plan':
      return { type, plan: b.plan };
    case 'list_for_supervision':
      return { type, level: b.level as 'city' };
    case 'start_rectification':
    case 'close_out':
      return { type };
    case 'review':
      return { type, accepted: b.yes, deadline };
    case 'request_extension':
      return { type, requestedDeadline: deadline as string, reason: b.reason };
    case 'decide_extension':
      return { type, approved: b.yes, deadline };
    case 'confirm_evidence':
      return { type, accepted: b.yes, comment: b.reason };
  }
}

/**
 * Each step: an actor, hours elapsed, and whether to take one of the actions the machine offers
 * (so runs get deep) or any action at all (so illegal ones are tried too).
 */
const steps = fc.array(
  fc.record({
    actor: fc.constantFrom(...ACTORS),
    hours: fc.integer({ min: 0, max: 96 }),
    offered: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    pick: fc.nat(),
    bag,
  }),
  { minLength: 10, maxLength: 40 },
);
type Step = typeof steps extends fc.Arbitrary<Array<infer T>> ? T : never;

const TERMINAL: HazardStatus[] = ['closed', 'rejected'];
const seen = { statuses: new Set<HazardStatus>(), majorClosed: 0, generalClosedByReview: 0, returned: 0 };

/** Cheap assertion for the hot loop (thousands of steps); `expect` is kept for the summary checks. */
function check(cond: boolean, what: string, ...facts: unknown[]): void {
  if (!cond) throw new Error(`${what}: ${JSON.stringify(facts)}`);
}

function play(grade: 'general' | 'major', sequence: Step[]) {
  let state: HazardState = reported(grade);
  let nowMs = Date.parse(T0);
  for (const { actor: randomActor, hours, offered, pick, bag: b } of sequence) {
    nowMs += hours * 3_600_000;
    const now = iso(nowMs);
    // Guided steps pick an actor who has something to do, then one of the offered actions.
    const able = ACTORS.filter((a) => allowedActions(state, a).length > 0);
    const actor = offered && able.length > 0 ? able[pick % able.length] : randomActor;
    const allowed = allowedActions(state, actor);
    const choices = offered && allowed.length > 0 ? allowed : ACTION_TYPES;
    const action = build(choices[Math.floor(pick / 7) % choices.length], b, nowMs);
    const before = JSON.stringify(state);
    const r = transition(state, action, { now, actor });
    check(JSON.stringify(state) === before, 'transition mutated its input', action);
    if (!r.ok) {
      check(/^[A-Z_]+$/.test(r.code) && r.message.length > 0, 'refusal without a code', r);
      continue;
    }
    const next = r.value.state;
    // Anything accepted was offered; nothing leaves a terminal status.
    check(allowed.includes(action.type), 'accepted an action not offered', state.status, action.type);
    check(!TERMINAL.includes(state.status), 'left a terminal status', state.status, action.type);
    const e = r.value.event;
    check(
      e.type === action.type && e.from === state.status && e.to === next.status && e.at === now,
      'event mismatch',
      e,
    );
    if (next.status === 'closed' && next.grade === 'major') {
      // Closed out only by the listing authority, after acceptance.
      check(
        action.type === 'close_out' && state.status === 'accepted',
        'major closed other than by close-out',
        action,
      );
      check(
        actor.authorityId === next.listing?.authorityId,
        'major closed by another authority',
        actor,
        next.listing,
      );
      seen.majorClosed++;
    }
    if (next.status === 'closed' && action.type === 'review') seen.generalClosedByReview++;
    if (next.returnedCount > state.returnedCount) seen.returned++;
    const violations = hazardInvariantViolations(next);
    check(violations.length === 0, 'invariant broken', violations, action);
    state = next;
    seen.statuses.add(state.status);
  }
  if (TERMINAL.includes(state.status)) {
    for (const actor of ACTORS)
      check(allowedActions(state, actor).length === 0, 'terminal status offers actions', state.status);
  }
}

describe('hazard state machine invariants', () => {
  it('random action sequences never reach an illegal state', () => {
    fc.assert(
      fc.property(fc.constantFrom<'general' | 'major'>('general', 'major'), steps, (grade, sequence) =>
        play(grade, sequence),
      ),
      { numRuns: 1000 },
    );
    // The generator must actually explore the machine, or the property proves little.
    for (const s of [
      'confirmed',
      'rejected',
      'rectification_ordered',
      'rectifying',
      'submitted',
      'accepted',
      'closed',
    ] as const) {
      expect(seen.statuses).toContain(s);
    }
    expect(seen.majorClosed).toBeGreaterThan(0);
    expect(seen.generalClosedByReview).toBeGreaterThan(0);
    expect(seen.returned).toBeGreaterThan(0);
  }, 30_000);
});
