import { step, type Explanation } from './explanation.ts';
import { tidy } from './numbers.ts';
import type { RiskColour } from './risk.ts';

/**
 * A/B/C grading of enterprises and projects (issue 14; DOMAIN.md §3, §9, §10).
 *
 * The model is data, versioned: every fact has points per unit (negative = a deduction) and a cap on
 * what it can contribute in total; the total starts from `base`; the thresholds cut it into A / B / C;
 * facts listed in `forceC` make the grade C whatever the total (an enterprise on the serious
 * untrustworthy list is in the joint-punishment checks, DOMAIN §10). No national rule fixes these
 * numbers: they are a region's policy, so a region changes them by adding a model version, and every
 * computation keeps the version it used.
 *
 * Monotonic by construction: a fact's contribution is `sign × min(|points per unit| × count, cap)`,
 * so more of a deducting fact never raises the total, and the grade only falls as the total falls.
 */
export type GradeLetter = 'A' | 'B' | 'C';
export const GRADE_LETTERS: readonly GradeLetter[] = ['A', 'B', 'C'];
export type GradeTargetKind = 'enterprise' | 'project';

export const GRADING_FACT_CODES = [
  'hazards_general',
  'hazards_major',
  'rectified_on_time',
  'hazards_overdue',
  'hazards_repeat',
  'alarms_real',
  'uncertified_operations',
  'credit_listings',
  'jgj59_unqualified',
  'jgj59_excellent',
  'model_awards',
  // Version 2 (issue 15 added the records):
  'accidents_general',
  'accidents_larger',
  'accidents_serious',
  'accidents_especially_serious',
  'accident_deaths',
  'equipment_overdue',
] as const;
export type GradingFactCode = (typeof GRADING_FACT_CODES)[number];

export interface GradingFactRule {
  code: GradingFactCode;
  /** Points per occurrence; negative deducts. */
  pointsPerUnit: number;
  /** The most this fact may move the total, in either direction (≥ 0). */
  cap: number;
}

export interface InspectionFrequency {
  /** Routine inspections per year. */
  perYear: number;
  /** One inspection every this many months. */
  everyMonths: number;
}

export interface GradingModel {
  version: number;
  /** The facts are counted over this many months before the computation. */
  windowMonths: number;
  base: number;
  facts: readonly GradingFactRule[];
  /** Points for the highest risk colour of the target's sites (no site: none). */
  riskColourPoints: Record<RiskColour, number>;
  /** total ≥ A → A; total ≥ B → B; otherwise C. */
  thresholds: { A: number; B: number };
  /** Any occurrence of these facts grades C. */
  forceC: readonly GradingFactCode[];
  /** Routine inspection frequency by grade (the differentiated measures). */
  frequencies: Record<GradeLetter, InspectionFrequency>;
  /** Settlement uplift of the safety and civilised construction fee for model-award projects, % of the original rate. */
  awardFeeUpliftPercent: number;
  /** What the model leaves out and why; shown on every grade page. */
  notes: readonly string[];
  source: string;
}

/**
 * Version 1, shipped. Rationale (also in `notes`): hazards found cost more when major (a major
 * hazard is five general ones: it needs stoppage and a treatment plan, DOMAIN §3); an overdue
 * rectification (Work Safety Law art. 102) and a repeat of the same item at the same site cost more
 * than the finding itself (the fix did not hold); alarms verified as real and special operations
 * without a certificate (DOMAIN §7: the person's violation, a major-hazard criterion on sites) are
 * hazards seen by devices; JGJ 59 inspections graded unqualified (DOMAIN §1) deduct, excellent ones
 * and model-project awards add a little; the site's risk colour (DOMAIN §3) weighs its inherent risk.
 * An in-force serious-untrustworthy listing (MEM Order 11) grades C. The numbers are this product's
 * proposal, not a published national table.
 */
export const GRADING_MODEL_V1: GradingModel = {
  version: 1,
  windowMonths: 12,
  base: 100,
  facts: [
    { code: 'hazards_general', pointsPerUnit: -1, cap: 20 },
    { code: 'hazards_major', pointsPerUnit: -5, cap: 40 },
    { code: 'rectified_on_time', pointsPerUnit: 0.5, cap: 5 },
    { code: 'hazards_overdue', pointsPerUnit: -3, cap: 30 },
    { code: 'hazards_repeat', pointsPerUnit: -3, cap: 15 },
    { code: 'alarms_real', pointsPerUnit: -2, cap: 20 },
    { code: 'uncertified_operations', pointsPerUnit: -4, cap: 20 },
    { code: 'credit_listings', pointsPerUnit: -30, cap: 30 },
    { code: 'jgj59_unqualified', pointsPerUnit: -5, cap: 15 },
    { code: 'jgj59_excellent', pointsPerUnit: 1, cap: 3 },
    { code: 'model_awards', pointsPerUnit: 5, cap: 10 },
  ],
  riskColourPoints: { red: -10, orange: -5, yellow: -2, blue: 0 },
  thresholds: { A: 90, B: 70 },
  forceC: ['credit_listings'],
  frequencies: {
    A: { perYear: 2, everyMonths: 6 },
    B: { perYear: 4, everyMonths: 3 },
    C: { perYear: 12, everyMonths: 1 },
  },
  awardFeeUpliftPercent: 20,
  notes: [
    'Accidents are not a fact of version 1: the system has no accident records yet (issue 15 adds them). No accident is counted, none is assumed.',
    'Weights and thresholds are this product’s proposal for the seed region, not a published national table; a region adopts its own by adding a model version.',
    'A major hazard weighs five general ones (needs stoppage and a treatment plan, DOMAIN §3); overdue and repeated hazards weigh more than finding them (the fix did not hold).',
    'An in-force serious-untrustworthy listing (MEM Order 11, 2023-10-01) grades C: it puts the enterprise in the joint-punishment checks.',
    'Award projects: the seed region raises the safety and civilised construction fee by 20 % of the original rate at settlement (DOMAIN §7a).',
  ],
  source: 'Redline grading model v1 (2026); facts per DOMAIN.md §1, §3, §7, §10',
};

/**
 * Version 2, in force since migration 0640: version 1 plus the facts issue 15 made recordable.
 * - Accidents of the target that occurred in the window (DOMAIN §5; grade by State Council Order
 *   No. 493 art. 3, as stored on the accident), weighted by grade: general −10, larger −25, serious
 *   −40, especially serious −60 each; and every death −5 more (a general accident with two deaths
 *   weighs more than one with a serious injury). An accident of grade larger or above grades C, like
 *   an in-force serious-untrustworthy listing (two larger accidents in 12 months or one serious are
 *   themselves listing conditions, MEM Order 11; one larger accident already puts the unit among
 *   those inspected most).
 * - Special equipment of the target overdue for its periodic inspection now, or whose last result
 *   was a fail (DOMAIN §6: must not be used; the equipment-inspections module's definition): −4
 *   each, up to −20 — the same weight as an uncertified special operation (a use the law forbids).
 * Every number is this product's proposal, not a published national table. Version 1 stays stored:
 * its computations keep the version they used.
 */
export const GRADING_MODEL_V2: GradingModel = {
  ...GRADING_MODEL_V1,
  version: 2,
  facts: [
    ...GRADING_MODEL_V1.facts,
    { code: 'accidents_general', pointsPerUnit: -10, cap: 30 },
    { code: 'accidents_larger', pointsPerUnit: -25, cap: 50 },
    { code: 'accidents_serious', pointsPerUnit: -40, cap: 80 },
    { code: 'accidents_especially_serious', pointsPerUnit: -60, cap: 100 },
    { code: 'accident_deaths', pointsPerUnit: -5, cap: 50 },
    { code: 'equipment_overdue', pointsPerUnit: -4, cap: 20 },
  ],
  forceC: ['credit_listings', 'accidents_larger', 'accidents_serious', 'accidents_especially_serious'],
  notes: [
    'Accidents of the target in the window count by grade (State Council Order No. 493 art. 3): general −10, larger −25, serious −40, especially serious −60 each, and −5 per death; an accident of grade larger or above grades C.',
    'Special equipment overdue for its periodic inspection, or failed at its last one, must not be used (Special Equipment Safety Law art. 40, DOMAIN §6): −4 each, up to −20. Counted as of the computation; the nightly run catches a date passing.',
    ...GRADING_MODEL_V1.notes.slice(1),
  ],
  source: 'Redline grading model v2 (2026); facts per DOMAIN.md §1, §3, §5, §6, §7, §10',
};

/** Every shipped model, by version (the migrations hold the same JSON; a test checks). */
export const GRADING_MODELS: readonly GradingModel[] = [GRADING_MODEL_V1, GRADING_MODEL_V2];

export type GradingFacts = Record<GradingFactCode, number> & { riskColour: RiskColour | null };

export const emptyGradingFacts = (): GradingFacts => ({
  hazards_general: 0,
  hazards_major: 0,
  rectified_on_time: 0,
  hazards_overdue: 0,
  hazards_repeat: 0,
  alarms_real: 0,
  uncertified_operations: 0,
  credit_listings: 0,
  jgj59_unqualified: 0,
  jgj59_excellent: 0,
  model_awards: 0,
  accidents_general: 0,
  accidents_larger: 0,
  accidents_serious: 0,
  accidents_especially_serious: 0,
  accident_deaths: 0,
  equipment_overdue: 0,
  riskColour: null,
});

export interface GradeLine {
  code: GradingFactCode | 'risk_colour';
  count: number;
  pointsPerUnit: number;
  cap: number;
  points: number;
  capped: boolean;
  /** The colour, for the risk-colour line. */
  colour?: RiskColour;
}

export interface GradeResult {
  grade: GradeLetter;
  total: number;
  base: number;
  thresholds: { A: number; B: number };
  lines: GradeLine[];
  forcedBy: GradingFactCode[];
  modelVersion: number;
  explanation: Explanation[];
}

function factPoints(count: number, rule: GradingFactRule): { points: number; capped: boolean } {
  const raw = Math.abs(rule.pointsPerUnit) * count;
  const capped = raw > rule.cap;
  const magnitude = Math.min(raw, rule.cap);
  return { points: tidy(Math.sign(rule.pointsPerUnit) * magnitude), capped };
}

/** The letter a total earns under the thresholds (exact: a total equal to a threshold reaches it). */
export function gradeForTotal(total: number, thresholds: { A: number; B: number }): GradeLetter {
  if (total >= thresholds.A) return 'A';
  if (total >= thresholds.B) return 'B';
  return 'C';
}

/** Grades one target from its facts: pure, the same on server and web. */
export function gradeTarget(facts: GradingFacts, model: GradingModel): GradeResult {
  const lines: GradeLine[] = [];
  const explanation: Explanation[] = [step('GRADING_BASE', { base: model.base, version: model.version })];
  let total = model.base;
  for (const rule of model.facts) {
    const count = Math.max(0, Math.floor(facts[rule.code] ?? 0));
    const { points, capped } = factPoints(count, rule);
    lines.push({ code: rule.code, count, pointsPerUnit: rule.pointsPerUnit, cap: rule.cap, points, capped });
    total += points;
    if (count > 0) {
      explanation.push(
        step(capped ? 'GRADING_FACT_CAPPED' : 'GRADING_FACT', {
          fact: rule.code,
          count,
          perUnit: rule.pointsPerUnit,
          points,
          cap: rule.cap,
        }),
      );
    }
  }
  if (facts.riskColour) {
    const points = model.riskColourPoints[facts.riskColour];
    lines.push({
      code: 'risk_colour',
      count: 1,
      pointsPerUnit: points,
      cap: Math.abs(points),
      points,
      capped: false,
      colour: facts.riskColour,
    });
    total += points;
    explanation.push(step('GRADING_RISK_COLOUR', { colour: facts.riskColour, points }));
  }
  total = tidy(total);
  const forcedBy = model.forceC.filter((code) => (facts[code] ?? 0) > 0);
  let grade = gradeForTotal(total, model.thresholds);
  if (grade === 'A') explanation.push(step('GRADING_TOTAL_A', { total, min: model.thresholds.A }));
  else if (grade === 'B')
    explanation.push(step('GRADING_TOTAL_B', { total, min: model.thresholds.B, below: model.thresholds.A }));
  else explanation.push(step('GRADING_TOTAL_C', { total, below: model.thresholds.B }));
  if (forcedBy.length > 0) {
    grade = 'C';
    explanation.push(step('GRADING_FORCED_C', { facts: forcedBy.join(',') }));
  }
  return {
    grade,
    total,
    base: model.base,
    thresholds: { ...model.thresholds },
    lines,
    forcedBy,
    modelVersion: model.version,
    explanation,
  };
}

/** Rank for comparing grades: A best. */
export const gradeRank = (g: GradeLetter): number => (g === 'A' ? 0 : g === 'B' ? 1 : 2);

export const DEFAULT_INSPECTION_FREQUENCIES: Record<GradeLetter, InspectionFrequency> =
  GRADING_MODEL_V1.frequencies;

/**
 * Routine inspection frequency for a grade (differentiated measures: C monthly, B quarterly, A twice
 * a year by default). A target with no grade yet is inspected like B. For the draws' plans.
 */
export function inspectionFrequencyForGrade(
  grade: GradeLetter | null,
  frequencies: Record<GradeLetter, InspectionFrequency> = DEFAULT_INSPECTION_FREQUENCIES,
): InspectionFrequency {
  return frequencies[grade ?? 'B'];
}

/** The differentiated measures of a grade (codes; the UI words them). */
export const GRADE_MEASURES: Record<GradeLetter, readonly string[]> = {
  A: ['fewer_routine_inspections', 'model_award_eligible', 'award_fee_uplift'],
  B: ['normal_frequency', 'guidance'],
  C: ['higher_frequency', 'joint_punishment_checks'],
};

/** Checks a model read from storage: every fact known, caps ≥ 0, thresholds ordered. */
export function gradingModelProblem(m: GradingModel): string | null {
  if (!Number.isInteger(m.version) || m.version < 1) return 'version must be a positive integer';
  if (!Number.isInteger(m.windowMonths) || m.windowMonths < 1 || m.windowMonths > 60)
    return 'windowMonths must be 1–60';
  if (!(m.thresholds.A > m.thresholds.B)) return 'threshold A must be above threshold B';
  const seen = new Set<string>();
  for (const f of m.facts) {
    if (!(GRADING_FACT_CODES as readonly string[]).includes(f.code)) return `unknown fact ${f.code}`;
    if (seen.has(f.code)) return `fact ${f.code} twice`;
    seen.add(f.code);
    if (!(f.cap >= 0) || !Number.isFinite(f.pointsPerUnit)) return `fact ${f.code}: bad cap or points`;
  }
  for (const g of GRADE_LETTERS) {
    const f = m.frequencies[g];
    if (!f || !(f.perYear > 0) || !(f.everyMonths > 0)) return `frequency of ${g} missing`;
  }
  return null;
}
