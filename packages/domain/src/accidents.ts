import { err, ok, type Result } from './result.ts';
import { addDays, compareDates } from './dates.ts';

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

/** Chinese names of the grades, as Order No. 493 writes them. */
export const ACCIDENT_GRADE_NAMES: Record<AccidentGrade, string> = {
  especially_serious: '特别重大',
  serious: '重大',
  larger: '较大',
  general: '一般',
};

export const ACCIDENT_MEASURE_NAMES: Record<AccidentMeasure, string> = {
  deaths: '死亡',
  seriousInjuries: '重伤（含急性工业中毒）',
  directLossYuan: '直接经济损失',
};

const yuanText = (v: number) => (v >= 10_000 ? `${v / 10_000} 万元` : `${v} 元`);
const measureValue = (m: AccidentMeasure, v: number) => (m === 'directLossYuan' ? yuanText(v) : `${v} 人`);

/**
 * The reason for a grade in words, e.g. "死亡 3 人 ≥ 3 人 → 较大"; for a general accident, that no
 * measure reached the larger grade's bound ("死亡 2 人 < 3 人，重伤… → 一般").
 */
export function accidentGradeReason(
  g: AccidentGrading,
  facts: AccidentFacts,
  thresholds: AccidentThresholds = ORDER_493_THRESHOLDS,
): string {
  const name = ACCIDENT_GRADE_NAMES[g.grade];
  if (g.decidedBy.length > 0)
    return `${g.decidedBy
      .map(
        (d) =>
          `${ACCIDENT_MEASURE_NAMES[d.measure]} ${measureValue(d.measure, d.value)} ≥ ${measureValue(d.measure, d.threshold)}`,
      )
      .join('；')} → ${name}`;
  const lowest = thresholds[thresholds.length - 1];
  if (!lowest) return `→ ${name}`;
  return `${MEASURES.map(
    (m) => `${ACCIDENT_MEASURE_NAMES[m]} ${measureValue(m, facts[m])} < ${measureValue(m, lowest.min[m])}`,
  ).join('；')} → ${name}`;
}

/**
 * GB 6441-1986 企业职工伤亡事故分类, annex A: the 20 accident types, with the standard's own numbering
 * (two digits here). The list is reference data; the server's accident_types table carries the same rows.
 */
export const GB6441_ACCIDENT_TYPES = [
  { code: '01', zh: '物体打击', en: 'Object strike' },
  { code: '02', zh: '车辆伤害', en: 'Vehicle injury' },
  { code: '03', zh: '机械伤害', en: 'Mechanical injury' },
  { code: '04', zh: '起重伤害', en: 'Lifting injury' },
  { code: '05', zh: '触电', en: 'Electric shock' },
  { code: '06', zh: '淹溺', en: 'Drowning' },
  { code: '07', zh: '灼烫', en: 'Burns' },
  { code: '08', zh: '火灾', en: 'Fire' },
  { code: '09', zh: '高处坠落', en: 'Fall from height' },
  { code: '10', zh: '坍塌', en: 'Collapse' },
  { code: '11', zh: '冒顶片帮', en: 'Roof fall' },
  { code: '12', zh: '透水', en: 'Water inrush' },
  { code: '13', zh: '放炮', en: 'Blasting' },
  { code: '14', zh: '火药爆炸', en: 'Explosive (gunpowder) explosion' },
  { code: '15', zh: '瓦斯爆炸', en: 'Fire-damp explosion' },
  { code: '16', zh: '锅炉爆炸', en: 'Boiler explosion' },
  { code: '17', zh: '容器爆炸', en: 'Vessel explosion' },
  { code: '18', zh: '其它爆炸', en: 'Other explosion' },
  { code: '19', zh: '中毒和窒息', en: 'Poisoning and asphyxiation' },
  { code: '20', zh: '其它伤害', en: 'Other injury' },
] as const;
export type AccidentTypeCode = (typeof GB6441_ACCIDENT_TYPES)[number]['code'];
export const FIRE_ACCIDENT_TYPE: AccidentTypeCode = '08';

export function isAccidentTypeCode(code: string): code is AccidentTypeCode {
  return GB6441_ACCIDENT_TYPES.some((t) => t.code === code);
}

/**
 * Reporting (Order No. 493 art. 9–10). The unit head reports to the county-level authority within
 * 1 hour; each level relays to the next within 2 hours; how far up depends on the grade: general →
 * the city (设区的市), larger → the province, serious and especially serious → the State Council's
 * department (national). The clock starts at the time of the accident here (art. 9 starts it when the
 * unit head is told, which the record does not hold separately — a stated simplification). A level's
 * deadline runs from when the level below actually reported, or from that level's own deadline while
 * it has not.
 */
export type ReportingLevel = 'county' | 'city' | 'province' | 'national';
export const REPORTING_LEVELS: readonly ReportingLevel[] = ['county', 'city', 'province', 'national'];
export const REPORTING_LEVEL_NAMES: Record<ReportingLevel, string> = {
  county: '县级',
  city: '设区的市级',
  province: '省级',
  national: '国务院应急管理部门',
};
const HOUR_MS = 3_600_000;

export function reportingLevelsFor(grade: AccidentGrade): ReportingLevel[] {
  const top = grade === 'general' ? 2 : grade === 'larger' ? 3 : 4;
  return REPORTING_LEVELS.slice(0, top);
}

export type ReportingState = 'met' | 'missed' | 'pending' | 'late_pending';
export interface ReportingStep {
  level: ReportingLevel;
  deadline: string;
  reportedAt: string | null;
  /** met: reported by the deadline; missed: reported after it; late_pending: not reported and past it. */
  state: ReportingState;
}

export function reportingDeadlines(
  occurredAt: string,
  grade: AccidentGrade,
  reported: Partial<Record<ReportingLevel, string | null>>,
  now: string,
): ReportingStep[] {
  const nowMs = Date.parse(now);
  let from = Date.parse(occurredAt);
  let hours = 1;
  const steps: ReportingStep[] = [];
  for (const level of reportingLevelsFor(grade)) {
    const deadlineMs = from + hours * HOUR_MS;
    const at = reported[level] ?? null;
    const atMs = at === null ? null : Date.parse(at);
    const state: ReportingState =
      atMs !== null
        ? atMs <= deadlineMs
          ? 'met'
          : 'missed'
        : nowMs > deadlineMs
          ? 'late_pending'
          : 'pending';
    steps.push({ level, deadline: new Date(deadlineMs).toISOString(), reportedAt: at, state });
    from = atMs ?? deadlineMs;
    hours = 2;
  }
  return steps;
}

/**
 * Casualty changes (Order No. 493 art. 13): re-reported within 30 days of the accident, 7 for road
 * traffic and fire accidents. Counted in calendar days from the day of the accident (the day itself
 * not counted, Civil Code art. 201), so an accident on 1 May may be updated until the end of 31 May
 * (8 May for road traffic and fire). After that the figures are final for the statistics.
 */
export function casualtyUpdateWindow(
  occurredOn: string,
  opts: { typeCode: string; roadTraffic: boolean },
): { days: 7 | 30; lastDay: string } {
  const days = opts.roadTraffic || opts.typeCode === FIRE_ACCIDENT_TYPE ? 7 : 30;
  return { days, lastDay: addDays(occurredOn, days) };
}

export function casualtyUpdateAllowed(
  occurredOn: string,
  opts: { typeCode: string; roadTraffic: boolean },
  today: string,
): boolean {
  return compareDates(today, casualtyUpdateWindow(occurredOn, opts).lastDay) <= 0;
}
