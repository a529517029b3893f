import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  GRADE_LETTERS,
  GRADING_MODEL_V1,
  GRADING_MODEL_V2,
  GRADING_MODELS,
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

  it('says accidents are not a fact of v1 (no accident records yet), and v1 ignores them', () => {
    expect(M.notes[0]).toMatch(/Accidents are not a fact of version 1/);
    expect(M.facts.map((f) => f.code).filter((c) => c.startsWith('accident'))).toEqual([]);
    const r = gradeTarget(facts({ accidents_larger: 1, accident_deaths: 3, equipment_overdue: 2 }), M);
    expect(r).toMatchObject({ grade: 'A', total: 100, forcedBy: [] });
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
    accidents_general: fc.integer({ min: 0, max: 5 }),
    accidents_larger: fc.integer({ min: 0, max: 2 }),
    accidents_serious: fc.integer({ min: 0, max: 1 }),
    accidents_especially_serious: fc.integer({ min: 0, max: 1 }),
    accident_deaths: fc.integer({ min: 0, max: 40 }),
    equipment_overdue: count,
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

describe('gradeTarget (model v2: accidents and overdue special equipment)', () => {
  const V2 = GRADING_MODEL_V2;
  const ACCIDENT_GRADES = [
    'accidents_general',
    'accidents_larger',
    'accidents_serious',
    'accidents_especially_serious',
  ] as const;
  const per = (code: string) => V2.facts.find((f) => f.code === code)!.pointsPerUnit;

  it('keeps every fact of v1 with its weight, adds the new ones, and passes its own check', () => {
    expect(gradingModelProblem(V2)).toBeNull();
    expect(V2.facts.slice(0, M.facts.length)).toEqual(M.facts);
    expect(V2.thresholds).toEqual(M.thresholds);
    expect(GRADING_MODELS.map((m) => m.version)).toEqual([1, 2]);
    expect(V2.notes.join(' ')).not.toMatch(/not a fact/);
    expect(V2.notes[0]).toMatch(/Order No\. 493/);
  });

  it('weighs accidents by grade: general < larger < serious < especially serious, deaths on top', () => {
    const w = ACCIDENT_GRADES.map((c) => -per(c));
    expect([...w].sort((x, y) => x - y)).toEqual(w);
    expect(new Set(w).size).toBe(4);
    expect(per('accident_deaths')).toBeLessThan(0);
    // One general accident with two deaths: 100 − 10 − 2 × 5 = 80 → B.
    const r = gradeTarget(facts({ accidents_general: 1, accident_deaths: 2 }), V2);
    expect(r).toMatchObject({ total: 80, grade: 'B', forcedBy: [] });
  });

  it('an accident of grade larger or above grades C whatever the total, and says which', () => {
    for (const code of ACCIDENT_GRADES.slice(1)) {
      const r = gradeTarget(facts({ [code]: 1, model_awards: 2 }), V2);
      expect(r.grade).toBe('C');
      expect(r.forcedBy).toEqual([code]);
      expect(r.explanation.map((e) => e.code)).toContain('GRADING_FORCED_C');
    }
    expect(gradeTarget(facts({ accidents_general: 1 }), V2).forcedBy).toEqual([]);
  });

  it('overdue special equipment deducts 4 each up to 20', () => {
    expect(gradeTarget(facts({ equipment_overdue: 2 }), V2).total).toBe(92);
    const many = gradeTarget(facts({ equipment_overdue: 9 }), V2);
    expect(many.total).toBe(80);
    expect(many.lines.find((l) => l.code === 'equipment_overdue')).toMatchObject({
      capped: true,
      points: -20,
    });
  });

  it('property: an added accident (of any grade, with any deaths) never improves the grade or the total', () => {
    const count = fc.integer({ min: 0, max: 30 });
    const anyV2 = fc.record({
      hazards_general: count,
      hazards_major: count,
      rectified_on_time: count,
      hazards_overdue: count,
      hazards_repeat: count,
      alarms_real: count,
      uncertified_operations: count,
      credit_listings: fc.integer({ min: 0, max: 1 }),
      jgj59_unqualified: count,
      jgj59_excellent: count,
      model_awards: count,
      accidents_general: fc.integer({ min: 0, max: 5 }),
      accidents_larger: fc.integer({ min: 0, max: 2 }),
      accidents_serious: fc.integer({ min: 0, max: 1 }),
      accidents_especially_serious: fc.integer({ min: 0, max: 1 }),
      accident_deaths: fc.integer({ min: 0, max: 40 }),
      equipment_overdue: count,
      riskColour: fc.constantFrom<RiskColour | null>(null, 'red', 'orange', 'yellow', 'blue'),
    });
    fc.assert(
      fc.property(
        anyV2,
        fc.constantFrom(...ACCIDENT_GRADES),
        fc.integer({ min: 0, max: 35 }),
        (f, grade, deaths) => {
          const before = gradeTarget(f, V2);
          const after = gradeTarget(
            { ...f, [grade]: f[grade] + 1, accident_deaths: f.accident_deaths + deaths },
            V2,
          );
          expect(after.total).toBeLessThanOrEqual(before.total);
          expect(gradeRank(after.grade)).toBeGreaterThanOrEqual(gradeRank(before.grade));
          if (grade !== 'accidents_general') expect(after.grade).toBe('C');
        },
      ),
    );
  });

  it('property: more overdue equipment never improves the grade', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 30 }),
        (n, more, hazards) => {
          const before = gradeTarget(facts({ equipment_overdue: n, hazards_general: hazards }), V2);
          const after = gradeTarget(facts({ equipment_overdue: n + more, hazards_general: hazards }), V2);
          expect(after.total).toBeLessThanOrEqual(before.total);
          expect(gradeRank(after.grade)).toBeGreaterThanOrEqual(gradeRank(before.grade));
        },
      ),
    );
  });
});
