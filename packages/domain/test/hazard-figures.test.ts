import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dueEscalations,
  hazardFigures,
  validateEscalationSteps,
  closedOnTime,
  type EscalationStep,
  type HazardState,
} from '../src/index.ts';
import { FULL_PLAN, T0, at, inspectorA, leaderA, manager, reported, run } from './hazard-fixtures.ts';

const STEPS: EscalationStep[] = [
  { stage: 1, afterHours: 0, notify: 'enterprise' },
  { stage: 2, afterHours: 72, notify: 'leader' },
];

const ordered = (deadlineDays: number): HazardState =>
  run(reported('general'), [
    [{ type: 'confirm' }, inspectorA, at(0.01)],
    [{ type: 'order_rectification', deadline: at(deadlineDays) }, inspectorA, at(0.02)],
  ]);

describe('overdue escalation', () => {
  it('nothing is due before the deadline', () => {
    expect(dueEscalations(ordered(5), at(4), STEPS)).toEqual([]);
  });
  it('the enterprise is told as soon as the deadline has passed', () => {
    expect(dueEscalations(ordered(5), at(5.01), STEPS).map((s) => s.notify)).toEqual(['enterprise']);
  });
  it('the leader is told 72 hours later', () => {
    expect(dueEscalations(ordered(5), at(8.01), STEPS).map((s) => s.notify)).toEqual([
      'enterprise',
      'leader',
    ]);
  });
  it('a submitted or closed hazard is not escalated', () => {
    const s = run(ordered(5), [
      [{ type: 'start_rectification' }, manager, at(1)],
      [{ type: 'submit_evidence', evidence: ['f1'] }, manager, at(2)],
    ]);
    expect(dueEscalations(s, at(30), STEPS)).toEqual([]);
  });
  it('validates a stage table', () => {
    expect(validateEscalationSteps(STEPS)).toEqual([]);
    expect(
      validateEscalationSteps([
        { stage: 1, afterHours: 10, notify: 'enterprise' },
        { stage: 2, afterHours: 5, notify: 'leader' },
      ]),
    ).toHaveLength(1);
    expect(validateEscalationSteps([{ stage: 0, afterHours: 0, notify: 'nobody' as never }])).toHaveLength(2);
  });
});

describe('rectification figures', () => {
  it('reads like the definition', () => {
    const onSpot = run(reported('general'), [
      [{ type: 'rectify_on_spot', evidence: ['p'] }, inspectorA, at(0.1)],
    ]);
    const rejected = run(reported('general'), [[{ type: 'reject', reason: '重复' }, inspectorA, at(0.1)]]);
    const lateClose = run(ordered(2), [
      [{ type: 'start_rectification' }, manager, at(1)],
      [{ type: 'submit_evidence', evidence: ['p'] }, manager, at(3)],
      [{ type: 'review', accepted: true }, inspectorA, at(3.5)],
    ]);
    const timelyClose = run(ordered(5), [
      [{ type: 'start_rectification' }, manager, at(1)],
      [{ type: 'submit_evidence', evidence: ['p'] }, manager, at(2)],
      [{ type: 'review', accepted: true }, inspectorA, at(3)],
    ]);
    const overdue = ordered(1);
    const major = run(reported('major'), [[{ type: 'confirm' }, leaderA, at(0.1)]]);
    const f = hazardFigures([onSpot, rejected, lateClose, timelyClose, overdue, major], at(4));
    expect(f).toEqual({
      found: 5,
      closed: 3,
      closedOnTime: 2,
      overdue: 1,
      majorOpen: 1,
      rate: 3 / 5,
      onTimeRate: 2 / 5,
    });
    expect(closedOnTime(lateClose)).toBe(false);
    expect(hazardFigures([], T0).rate).toBeNull();
  });

  it('keeps its counts consistent for any mix', () => {
    const states = [
      reported('general'),
      ordered(1),
      ordered(10),
      run(reported('general'), [[{ type: 'rectify_on_spot', evidence: ['p'] }, inspectorA, at(0.1)]]),
      run(reported('major'), [
        [{ type: 'confirm' }, leaderA, at(0.1)],
        [{ type: 'submit_plan', plan: FULL_PLAN }, manager, at(0.2)],
      ]),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...states), { maxLength: 40 }),
        fc.integer({ min: 0, max: 20 }),
        (xs, day) => {
          const f = hazardFigures(xs, at(day));
          expect(f.closedOnTime).toBeLessThanOrEqual(f.closed);
          expect(f.closed + f.overdue + f.majorOpen).toBeLessThanOrEqual(f.found + f.majorOpen);
          if (f.rate !== null) expect(f.rate).toBeGreaterThanOrEqual(0);
          if (f.rate !== null) expect(f.rate).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
