import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  GRADE_LETTERS,
  GRADING_FACT_CODES,
  GRADING_MODEL_V1,
  checkEarlyRemoval,
  creditInForce,
  creditListingDates,
  emptyGradingFacts,
  gradeForTotal,
  gradeRank,
  gradeTarget,
  gradingModelProblem,
  inspectionFrequencyForGrade,
  type GradingFacts,
  type RiskColour,
} from '../src/index.ts';

const M = GRADING_MODEL_V1;
const facts = (over: Partial<GradingFacts> = {}): GradingFacts => ({ ...emptyGradingFacts(), ...over });

describe('gradeTarget (model v1)', () => {
  it('a clean record is A at the base total', () => {
    const r = gradeTarget(facts(), M);
    expect(r).toMatchObject({ grade: 'A', total: 100, modelVersion: 1, forcedBy: [] });
    expect(r.lines).toHaveLength(M.facts.length);
  });

  it('thresholds are exact: a total equal to a threshold reaches it, just below does not', () => {
    expect(gradeForTotal(90, M.thresholds)).toBe('A');
    expect(gradeForTotal(89.999, M.thresholds)).toBe('B');
    expect(gradeForTotal(70, M.thresholds)).toBe('B');
    expect(gradeForTotal(69.5, M.thresholds)).toBe('C');
    // 2 major hazards = −10 → 90 → A; a third → 85 → B; 6 → 70 → B; 7 → 65 → C.
    expect(gradeTarget(facts({ hazards_major: 2 }), M)).toMatchObject({ total: 90, grade: 'A' });
    expect(gradeTarget(facts({ hazards_major: 3 }), M)).toMatchObject({ total: 85, grade: 'B' });
    expect(gradeTarget(facts({ hazards_major: 6 }), M)).toMatchObject({ total: 70, grade: 'B' });
    expect(gradeTarget(facts({ hazards_major: 7 }), M)).toMatchObject({ total: 65, grade: 'C' });
  });

  it('a major hazard weighs five general ones, and each fact stops at its cap', () => {
    const general = gradeTarget(facts({ hazards_general: 5 }), M).lines.find(
      (l) => l.code === 'hazards_general',
    )!;
    const major = gradeTarget(facts({ hazards_major: 1 }), M).lines.find((l) => l.code === 'hazards_major')!;
    expect(general.points).toBe(major.points);
    const many = gradeTarget(facts({ hazards_major: 100 }), M);
    const line = many.lines.find((l) => l.code === 'hazards_major')!;
    expect(line).toMatchObject({ count: 100, points: -40, capped: true });
    expect(many.explanation.map((e) => e.code)).toContain('GRADING_FACT_CAPPED');
  });

  it('an in-force credit listing grades C whatever the total, and says so', () => {
    const r = gradeTarget(facts({ credit_listings: 1, model_awards: 2 }), M);
    expect(r.total).toBe(80);
    expect(r.grade).toBe('C');
    expect(r.forcedBy).toEqual(['credit_listings']);
    expect(r.explanation.at(-1)).toEqual({ code: 'GRADING_FORCED_C', params: { facts: 'credit_listings' } });
  });

  it('the risk colour of the highest site counts: red −10, blue 0', () => {
    expect(gradeTarget(facts({ riskColour: 'red' }), M)).toMatchObject({ total: 90, grade: 'A' });
    expect(gradeTarget(facts({ riskColour: 'red', hazards_general: 1 }), M)).toMatchObject({
      total: 89,
      grade: 'B',
    });
    const blue = gradeTarget(facts({ riskColour: 'blue' }), M);
    expect(blue.lines.at(-1)).toMatchObject({ code: 'risk_colour', colour: 'blue', points: 0 });
  });

  it('awards and on-time rectification add, within their caps', () => {
    const r = gradeTarget(facts({ hazards_major: 4, rectified_on_time: 4, model_awards: 1 }), M);
    expect(r.total).toBe(100 - 20 + 2 + 5);
    expect(r.grade).toBe('B');
  });

  it('the shipped model passes its own check; a broken one is named', () => {
    expect(gradingModelProblem(M)).toBeNull();
    expect(gradingModelProblem({ ...M, thresholds: { A: 60, B: 70 } })).toMatch(/threshold A/);
    expect(gradingModelProblem({ ...M, facts: [...M.facts, M.facts[0]] })).toMatch(/twice/);
  });

  it('says accidents are not a fact of v1 (no accident records yet)', () => {
    expect(M.notes[0]).toMatch(/Accidents are not a fact of version 1/);
    expect(GRADING_FACT_CODES).not.toContain('accidents');
  });
});

describe('gradeTarget properties', () => {
  const colour = fc.constantFrom<RiskColour | null>(null, 'red', 'orange', 'yellow', 'blue');
  const count = fc.integer({ min: 0, max: 40 });
  const anyFacts = fc.record({
    hazards_general: count,
    hazards_major: count,
    rectified_on_time: count,
    hazards_overdue: count,
    hazards_repeat: count,
    alarms_real: count,
    uncertified_operations: count,
    credit_listings: fc.integer({ min: 0, max: 2 }),
    jgj59_unqualified: count,
    jgj59_excellent: count,
    model_awards: count,
    riskColour: colour,
  });
  const DEDUCTING = M.facts.filter((f) => f.pointsPerUnit < 0).map((f) => f.code);

  it('more major hazards never improve a grade (nor the total)', () => {
    fc.assert(
      fc.property(anyFacts, fc.integer({ min: 1, max: 20 }), (f, more) => {
        const before = gradeTarget(f, M);
        const after = gradeTarget({ ...f, hazards_major: f.hazards_major + more }, M);
        expect(after.total).toBeLessThanOrEqual(before.total);
        expect(gradeRank(after.grade)).toBeGreaterThanOrEqual(gradeRank(before.grade));
      }),
    );
  });

  it('no deducting fact ever improves a grade', () => {
    fc.assert(
      fc.property(
        anyFacts,
        fc.constantFrom(...DEDUCTING),
        fc.integer({ min: 1, max: 10 }),
        (f, code, more) => {
          const before = gradeTarget(f, M);
          const after = gradeTarget({ ...f, [code]: f[code] + more }, M);
          expect(gradeRank(after.grade)).toBeGreaterThanOrEqual(gradeRank(before.grade));
        },
      ),
    );
  });

  it('the total is the base plus the lines, and the grade follows the thresholds unless forced', () => {
    fc.assert(
      fc.property(anyFacts, (f) => {
        const r = gradeTarget(f, M);
        const sum = r.lines.reduce((s, l) => s + l.points, M.base);
        expect(r.total).toBeCloseTo(sum, 6);
        for (const l of r.lines) expect(Math.abs(l.points)).toBeLessThanOrEqual(l.cap);
        expect(r.grade).toBe(f.credit_listings > 0 ? 'C' : gradeForTotal(r.total, M.thresholds));
      }),
    );
  });
});

describe('inspectionFrequencyForGrade', () => {
  it('C monthly, B quarterly, A twice a year; ungraded like B', () => {
    expect(inspectionFrequencyForGrade('C')).toEqual({ perYear: 12, everyMonths: 1 });
    expect(inspectionFrequencyForGrade('B')).toEqual({ perYear: 4, everyMonths: 3 });
    expect(inspectionFrequencyForGrade('A')).toEqual({ perYear: 2, everyMonths: 6 });
    expect(inspectionFrequencyForGrade(null)).toEqual(inspectionFrequencyForGrade('B'));
    for (const g of GRADE_LETTERS) expect(inspectionFrequencyForGrade(g).perYear).toBeGreaterThan(0);
  });
});

describe('credit listing dates (MEM Order 11)', () => {
  it('planned end 3 years after the start, repair from 12 months', () => {
    expect(creditListingDates('2025-03-15')).toEqual({
      startsOn: '2025-03-15',
      plannedEndOn: '2028-03-15',
      repairFrom: '2026-03-15',
    });
    // 29 February clamps like certificate validity.
    expect(creditListingDates('2024-02-29').plannedEndOn).toBe('2027-02-28');
  });

  it('early removal is refused the day before repairFrom, with the date named, and allowed on it', () => {
    const r = { startsOn: '2025-03-15', plannedEndOn: '2028-03-15', removed: false };
    const early = checkEarlyRemoval(r, '2026-03-14');
    expect(early.ok).toBe(false);
    if (!early.ok) {
      expect(early.code).toBe('CREDIT_REPAIR_TOO_EARLY');
      expect(early.message).toContain('2026-03-15');
    }
    expect(checkEarlyRemoval(r, '2026-03-15').ok).toBe(true);
    expect(checkEarlyRemoval({ ...r, removed: true }, '2027-01-01')).toMatchObject({
      code: 'CREDIT_ALREADY_REMOVED',
    });
    expect(checkEarlyRemoval(r, '2028-03-15')).toMatchObject({ code: 'CREDIT_ALREADY_ENDED' });
  });

  it('in force from the start until the day before the planned end, unless removed', () => {
    const r = { startsOn: '2025-03-15', plannedEndOn: '2028-03-15', removed: false };
    expect(creditInForce(r, '2025-03-14')).toBe(false);
    expect(creditInForce(r, '2025-03-15')).toBe(true);
    expect(creditInForce(r, '2028-03-14')).toBe(true);
    expect(creditInForce(r, '2028-03-15')).toBe(false);
    expect(creditInForce({ ...r, removed: true }, '2026-01-01')).toBe(false);
  });
});
