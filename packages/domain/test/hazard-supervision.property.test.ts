import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  HAZARD_RULES,
  allowedActions,
  hazardInvariantViolations,
  transition,
  type Actor,
  type HazardAction,
  type HazardActionType,
  type HazardState,
} from '../src/index.ts';
import { FULL_PLAN, inspectorA, leaderA, reported, run, at } from './hazard-fixtures.ts';

/**
 * Issue 17: on a project with a supervision party (监理), the constructor's evidence is confirmed by
 * supervision before the regulator reviews it. The step is optional: without `supervised` in the
 * context the machine is the one the other hazard tests hold.
 */
const constructor_: Actor = { id: 'u-gc', role: 'enterprise_manager', party: 'general_contractor' };
const supervisor: Actor = { id: 'u-sup', role: 'enterprise_manager', party: 'supervision' };
const owner: Actor = { id: 'u-own', role: 'enterprise_manager', party: 'owner' };
const ACTORS = [inspectorA, leaderA, constructor_, supervisor, owner];

const rectifying = (): HazardState =>
  run(reported('general'), [
    [{ type: 'confirm' }, inspectorA, at(0)],
    [{ type: 'order_rectification', deadline: at(10) }, inspectorA, at(0)],
    [{ type: 'start_rectification' }, constructor_, at(1)],
  ]);

function step(s: HazardState, a: HazardAction, actor: Actor, days: number, supervised = true) {
  return transition(s, a, { now: at(days), actor, supervised });
}

describe('supervision confirms the evidence before review', () => {
  it('constructor submits, supervision confirms, the regulator reviews and closes', () => {
    let s = rectifying();
    const sub = step(s, { type: 'submit_evidence', evidence: ['f-1'] }, constructor_, 2);
    expect(sub.ok).toBe(true);
    s = sub.ok ? sub.value.state : s;
    expect(s.supervision).toEqual({ required: true, confirmedAt: null, confirmedBy: null });
    // The regulator may not review yet; the button is not offered either.
    const early = step(s, { type: 'review', accepted: true }, inspectorA, 3);
    expect(!early.ok && early.code).toBe('SUPERVISION_CONFIRMATION_REQUIRED');
    expect(allowedActions(s, inspectorA)).not.toContain('review');
    expect(allowedActions(s, supervisor)).toEqual(['confirm_evidence']);
    expect(allowedActions(s, constructor_)).not.toContain('confirm_evidence');
    const byOwner = step(s, { type: 'confirm_evidence', accepted: true }, owner, 3);
    expect(!byOwner.ok && byOwner.code).toBe('NOT_SUPERVISION');
    const conf = step(s, { type: 'confirm_evidence', accepted: true }, supervisor, 3);
    expect(conf.ok).toBe(true);
    s = conf.ok ? conf.value.state : s;
    expect(s.status).toBe('submitted');
    expect(s.supervision?.confirmedBy).toBe('u-sup');
    const twice = step(s, { type: 'confirm_evidence', accepted: true }, supervisor, 3);
    expect(!twice.ok && twice.code).toBe('NO_CONFIRMATION_PENDING');
    const rev = step(s, { type: 'review', accepted: true }, inspectorA, 4);
    expect(rev.ok && rev.value.state.status).toBe('closed');
    expect(rev.ok && hazardInvariantViolations(rev.value.state)).toEqual([]);
  });

  it('supervision sends unconvincing evidence back with a comment; it cannot submit itself', () => {
    let s = rectifying();
    const own = step(s, { type: 'submit_evidence', evidence: ['f-1'] }, supervisor, 2);
    expect(!own.ok && own.code).toBe('SUPERVISION_CANNOT_SUBMIT');
    const sub = step(s, { type: 'submit_evidence', evidence: ['f-1'] }, constructor_, 2);
    s = sub.ok ? sub.value.state : s;
    const silent = step(s, { type: 'confirm_evidence', accepted: false }, supervisor, 3);
    expect(!silent.ok && silent.field).toBe('comment');
    const back = step(
      s,
      { type: 'confirm_evidence', accepted: false, comment: '照片看不到漏保' },
      supervisor,
      3,
    );
    expect(back.ok && back.value.state.status).toBe('rectifying');
    expect(back.ok && back.value.state.evidence).toEqual([]);
    expect(back.ok && back.value.state.deadline).toBe(s.deadline);
  });

  it('without a supervision party the machine is unchanged', () => {
    let s = rectifying();
    const sub = step(s, { type: 'submit_evidence', evidence: ['f-1'] }, constructor_, 2, false);
    s = sub.ok ? sub.value.state : s;
    expect('supervision' in s).toBe(false);
    expect(allowedActions(s, inspectorA)).toContain('review');
    expect(allowedActions(s, supervisor)).toEqual([]);
  });

  it('random runs never let a supervised submission be accepted unconfirmed', () => {
    const types = Object.keys(HAZARD_RULES) as HazardActionType[];
    fc.assert(
      fc.property(
        fc.constantFrom<'general' | 'major'>('general', 'major'),
        fc.array(fc.record({ a: fc.nat(), t: fc.nat(), yes: fc.boolean(), guided: fc.boolean() }), {
          minLength: 10,
          maxLength: 40,
        }),
        (grade, seq) => {
          let s = reported(grade);
          let day = 0;
          for (const { a, t, yes, guided } of seq) {
            day += 0.2;
            const able = ACTORS.filter((x) => allowedActions(s, x).length > 0);
            const actor = guided && able.length ? able[a % able.length] : ACTORS[a % ACTORS.length];
            const offered = allowedActions(s, actor);
            const type = guided && offered.length ? offered[t % offered.length] : types[t % types.length];
            const action = build(type, yes, day);
            const r = transition(s, action, { now: at(day), actor, supervised: true });
            if (!r.ok) continue;
            const next = r.value.state;
            if (action.type === 'review' && yes) expect(s.supervision?.confirmedAt).toBeTruthy();
            expect(hazardInvariantViolations(next)).toEqual([]);
            s = next;
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

function build(type: HazardActionType, yes: boolean, day: number): HazardAction {
  const deadline = at(day + 7);
  switch (type) {
    case 'confirm':
      return { type };
    case 'reject':
      return { type, reason: '重复' };
    case 'rectify_on_spot':
    case 'submit_evidence':
      return { type, evidence: ['f-1'] };
    case 'order_rectification':
      return { type, deadline };
    case 'submit_plan':
      return { type, plan: FULL_PLAN };
    case 'list_for_supervision':
      return { type, level: 'city' };
    case 'start_rectification':
    case 'close_out':
      return { type };
    case 'review':
      return { type, accepted: yes, deadline };
    case 'request_extension':
      return { type, requestedDeadline: deadline, reason: '雨季' };
    case 'decide_extension':
      return { type, approved: yes };
    case 'confirm_evidence':
      return { type, accepted: yes, comment: '不清楚' };
  }
}
