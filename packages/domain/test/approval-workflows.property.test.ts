import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  APPROVAL_KINDS,
  APPROVAL_WORKFLOWS,
  MIN_EXPERTS,
  applyApproval,
  currentStep,
  feeUpliftFen,
  initialApproval,
  materialsHash,
  sha256Hex,
  type ApprovalAction,
  type ApprovalState,
} from '../src/index.ts';

/** The approval step machine: every path ends where the rules say, and no move skips a required step. */

const actionArb: fc.Arbitrary<ApprovalAction> = fc.oneof(
  fc.constant({ type: 'submit' as const }),
  fc.constant({ type: 'record' as const }),
  fc
    .constantFrom('pass', 'return', 'reject')
    .map((c) => ({ type: 'review' as const, conclusion: c as never })),
  fc.integer({ min: 0, max: 9 }).map((n) => ({ type: 'expert_opinion' as const, opinionsSoFar: n })),
  fc
    .record({
      conclusion: fc.constantFrom('pass', 'revise_and_pass', 'fail'),
      opinions: fc.integer({ min: 0, max: 9 }),
    })
    .map((r) => ({ type: 'expert_conclusion' as const, ...(r as { conclusion: 'pass'; opinions: number }) })),
);

const run = (s: ApprovalState, actions: ApprovalAction[]) => {
  const trace: { before: ApprovalState; action: ApprovalAction; after: ApprovalState | null }[] = [];
  for (const a of actions) {
    const r = applyApproval(s, a);
    trace.push({ before: s, action: a, after: r.ok ? r.value : null });
    if (r.ok) s = r.value;
  }
  return { s, trace };
};

describe('approval step machine', () => {
  it('refuses every action on a closed approval and every action the step does not take', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...APPROVAL_KINDS),
        fc.boolean(),
        fc.array(actionArb, { maxLength: 40 }),
        (kind, beyond, actions) => {
          const { trace } = run(initialApproval(kind, beyond), actions);
          for (const t of trace) {
            const step = currentStep(t.before);
            if (!step) {
              expect(t.after).toBeNull();
              continue;
            }
            const takes =
              (t.action.type === 'submit' && step.type === 'submit') ||
              (t.action.type === 'record' && step.type === 'record') ||
              (t.action.type === 'review' && step.type === 'review') ||
              (t.action.type === 'expert_opinion' && step.type === 'experts') ||
              (t.action.type === 'expert_conclusion' &&
                step.type === 'experts' &&
                t.action.opinions >= MIN_EXPERTS);
            expect(t.after !== null).toBe(takes);
          }
        },
      ),
    );
  });

  it('approves a beyond-scale special plan only after a panel of at least five concluded pass or revise-and-pass', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(actionArb, { maxLength: 60 }), (beyond, actions) => {
        const { s, trace } = run(initialApproval('special_plan', beyond), actions);
        if (s.status !== 'approved') return;
        const concluded = trace.filter(
          (t) =>
            t.after &&
            t.action.type === 'expert_conclusion' &&
            t.action.conclusion !== 'fail' &&
            t.action.opinions >= MIN_EXPERTS,
        );
        if (beyond) expect(concluded.length).toBeGreaterThan(0);
        else expect(trace.some((t) => t.after && t.action.type.startsWith('expert'))).toBe(false);
        // The last accepted move before approval is the regulator's record, and the supervision review passed after the last submission.
        const accepted = trace.filter((t) => t.after);
        expect(accepted[accepted.length - 1].action.type).toBe('record');
        const lastSubmit = accepted.map((t) => t.action.type).lastIndexOf('submit');
        expect(accepted.slice(lastSubmit).some((t) => t.action.type === 'review')).toBe(true);
      }),
    );
  });

  it('never moves to a step that does not apply, and the step index stays in range', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...APPROVAL_KINDS),
        fc.boolean(),
        fc.array(actionArb, { maxLength: 40 }),
        (kind, beyond, actions) => {
          const { trace } = run(initialApproval(kind, beyond), actions);
          for (const t of trace) {
            if (!t.after || t.after.status !== 'open') continue;
            const steps = APPROVAL_WORKFLOWS[kind].steps;
            expect(t.after.step).toBeGreaterThanOrEqual(0);
            expect(t.after.step).toBeLessThan(steps.length);
            const def = steps[t.after.step];
            if (def.onlyBeyondScale) {
              expect(t.after.beyondScale).toBe(true);
              expect(t.after.expertConclusion === null || t.after.expertConclusion === 'fail').toBe(true);
            }
          }
        },
      ),
    );
  });

  it('walks the special plan beyond scale: revise-and-pass goes back to the constructor and skips a second meeting', () => {
    let s = initialApproval('special_plan', true);
    const step = (a: ApprovalAction) => {
      const r = applyApproval(s, a);
      if (!r.ok) throw new Error(r.message);
      s = r.value;
      return currentStep(s)?.code ?? s.status;
    };
    expect(step({ type: 'submit' })).toBe('supervision_review');
    expect(step({ type: 'review', conclusion: 'pass' })).toBe('expert_review');
    const tooFew = applyApproval(s, { type: 'expert_conclusion', conclusion: 'pass', opinions: 4 });
    expect(tooFew.ok ? '' : tooFew.code).toBe('EXPERTS_TOO_FEW');
    expect(step({ type: 'expert_conclusion', conclusion: 'revise_and_pass', opinions: 5 })).toBe('submit');
    expect(step({ type: 'submit' })).toBe('supervision_review');
    expect(step({ type: 'review', conclusion: 'pass' })).toBe('regulator_record');
    expect(step({ type: 'record' })).toBe('approved');
    // fail: a new meeting after the revision
    s = initialApproval('special_plan', true);
    step({ type: 'submit' });
    step({ type: 'review', conclusion: 'pass' });
    step({ type: 'expert_conclusion', conclusion: 'fail', opinions: 7 });
    step({ type: 'submit' });
    expect(step({ type: 'review', conclusion: 'pass' })).toBe('expert_review');
    // not beyond scale: no meeting
    s = initialApproval('special_plan', false);
    step({ type: 'submit' });
    expect(step({ type: 'review', conclusion: 'pass' })).toBe('regulator_record');
  });
});

describe('materials hash', () => {
  const hex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
  it('ignores order and changes with any material added, removed or replaced', () => {
    fc.assert(
      fc.property(fc.uniqueArray(hex, { minLength: 1, maxLength: 8 }), hex, (hs, other) => {
        fc.pre(!hs.includes(other));
        const h = materialsHash(hs);
        expect(materialsHash([...hs].reverse())).toBe(h);
        expect(materialsHash([...hs, other])).not.toBe(h);
        expect(materialsHash([...hs.slice(1), other])).not.toBe(h);
        if (hs.length > 1) expect(materialsHash(hs.slice(1))).not.toBe(h);
      }),
    );
  });
  it('is the SHA-256 of the sorted hashes, one per line', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    expect(materialsHash([b, a])).toBe(sha256Hex(`${a}\n${b}`));
    expect(() => materialsHash(['XYZ'])).toThrow();
  });
});

describe('fee uplift', () => {
  it('is 20 % of the original fee, rounded down to the fen, exact for large fees', () => {
    expect(feeUpliftFen(1_000_000, 20)).toBe(200_000);
    expect(feeUpliftFen(999, 20)).toBe(199);
    expect(feeUpliftFen(9_000_000_000_000, 20)).toBe(1_800_000_000_000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 10000 }), (fee, h) => {
        const up = feeUpliftFen(fee, h / 100);
        expect(up).toBeLessThanOrEqual((fee * h) / 10000);
        expect(up).toBeGreaterThan((fee * h) / 10000 - 1);
      }),
    );
  });
});
