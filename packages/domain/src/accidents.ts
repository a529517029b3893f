import { err, ok, type Result } from './result.ts';

/**
 * Production-safety accident grades (State Council Order No. 493, art. 3). A grade is reached when
 * any one measure reaches its threshold ("以上" includes the bound); the highest grade reached wins.
 * "Serious injuries" include acute industrial poisoning, as the regulation says.
 */
export type AccidentGrade = 'especially_serious' | 'serious' | 'larger' | 'general';
export type AccidentMeasure = 'deaths' | 'seriousInjuries' | 'directLossYuan';

export interface AccidentFacts {
  deaths: number;
  seriousInjuries: number;
  directLossYuan: number;
}

/** Lower bounds, most severe grade first; below the last one the accident is "general". */
export type AccidentThresholds = ReadonlyArray<{
  grade: Exclude<AccidentGrade, 'general'>;
  min: AccidentFacts;
}>;

export const ORDER_493_THRESHOLDS: AccidentThresholds = [
  { grade: 'especially_serious', min: { deaths: 30, seriousInjuries: 100, directLossYuan: 100_000_000 } },
  { grade: 'serious', min: { deaths: 10, seriousInjuries: 50, directLossYuan: 50_000_000 } },
  { grade: 'larger', min: { deaths: 3, seriousInjuries: 10, directLossYuan: 10_000_000 } },
];

const MEASURES: readonly AccidentMeasure[] = ['deaths', 'seriousInjuries', 'directLossYuan'];

export interface AccidentGrading {
  grade: AccidentGrade;
  /** The measures that reached the winning grade's threshold (empty for "general"). */
  decidedBy: Array<{ measure: AccidentMeasure; value: number; threshold: number }>;
  /** The grade each measure alone would give, so the reasoning can be shown in full. */
  byMeasure: Record<AccidentMeasure, AccidentGrade>;
}

export function gradeAccident(
  facts: AccidentFacts,
  thresholds: AccidentThresholds = ORDER_493_THRESHOLDS,
): Result<AccidentGrading> {
  for (const m of MEASURES) {
    const v = facts[m];
    const whole = m !== 'directLossYuan';
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (whole && !Number.isInteger(v))) {
      return err(
        'ACCIDENT_FACT_INVALID',
        `${m} 须为${whole ? '非负整数' : '非负数'} / ${m} must be a ${whole ? 'whole number' : 'number'} of 0 or more`,
        m,
      );
    }
  }
  const gradeFor = (m: AccidentMeasure): AccidentGrade =>
    thresholds.find((t) => facts[m] >= t.min[m])?.grade ?? 'general';
  const byMeasure = Object.fromEntries(MEASURES.map((m) => [m, gradeFor(m)])) as Record<
    AccidentMeasure,
    AccidentGrade
  >;
  const top = thresholds.find((t) => MEASURES.some((m) => facts[m] >= t.min[m]));
  if (!top) return ok({ grade: 'general', decidedBy: [], byMeasure });
  const decidedBy = MEASURES.filter((m) => facts[m] >= top.min[m]).map((m) => ({
    measure: m,
    value: facts[m],
    threshold: top.min[m],
  }));
  return ok({ grade: top.grade, decidedBy, byMeasure });
}
