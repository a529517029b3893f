import { addDays, daysInMonth } from './dates.ts';

/**
 * The periods of periodic reports (issue 15): a calendar month, quarter (Q1 = January–March …) or
 * year, named as `2026-11`, `2026-Q4`, `2026`. Pure: days as YYYY-MM-DD.
 */
export type ReportPeriodKind = 'month' | 'quarter' | 'year';

export interface ReportPeriodSpan {
  kind: ReportPeriodKind;
  /** The name as written: 2026-11, 2026-Q4, 2026. */
  period: string;
  start: string;
  /** The last day of the period. */
  end: string;
  /** In Chinese: 2026年11月, 2026年第四季度, 2026年度. */
  label: string;
}

const QUARTER_NAMES = ['一', '二', '三', '四'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The period named `period` of kind `kind`, or a message saying what is wrong with it. */
export function reportPeriod(
  kind: ReportPeriodKind,
  period: string,
): { ok: true; span: ReportPeriodSpan } | { ok: false; message: string } {
  const patterns: Record<ReportPeriodKind, [RegExp, string]> = {
    month: [/^(\d{4})-(0[1-9]|1[0-2])$/, 'YYYY-MM, e.g. 2026-11'],
    quarter: [/^(\d{4})-Q([1-4])$/, 'YYYY-Qn, e.g. 2026-Q4'],
    year: [/^(\d{4})$/, 'YYYY, e.g. 2026'],
  };
  const [re, shape] = patterns[kind];
  const m = re.exec(period);
  if (!m) return { ok: false, message: `A ${kind} report's period is written ${shape}; got "${period}"` };
  const year = Number(m[1]);
  if (year < 2000 || year > 2999)
    return { ok: false, message: `The year must lie between 2000 and 2999; got ${year}` };
  let first: number;
  let months: number;
  let label: string;
  if (kind === 'month') {
    first = Number(m[2]);
    months = 1;
    label = `${year}年${first}月`;
  } else if (kind === 'quarter') {
    const q = Number(m[2]);
    first = 3 * (q - 1) + 1;
    months = 3;
    label = `${year}年第${QUARTER_NAMES[q - 1]}季度`;
  } else {
    first = 1;
    months = 12;
    label = `${year}年度`;
  }
  const start = `${pad(year, 4)}-${pad(first)}-01`;
  const lastMonth = first + months - 1;
  const end = `${pad(year, 4)}-${pad(lastMonth)}-${pad(daysInMonth(year, lastMonth))}`;
  return { ok: true, span: { kind, period, start, end, label } };
}

/** The name of the period of `kind` that contains `day` (2026-11-15 → 2026-11, 2026-Q4, 2026). */
export function periodNameOf(kind: ReportPeriodKind, day: string): string {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  if (kind === 'month') return day.slice(0, 7);
  if (kind === 'quarter') return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  return year;
}

/**
 * The last period of `kind` that has closed by `today` (its last day is before today): on
 * 2026-12-07 the month 2026-11, the quarter 2026-Q3, the year 2025.
 */
export function lastClosedPeriod(kind: ReportPeriodKind, today: string): ReportPeriodSpan {
  const current = reportPeriod(kind, periodNameOf(kind, today));
  if (!current.ok) throw new RangeError(current.message);
  const before = addDays(current.span.start, -1);
  const prev = reportPeriod(kind, periodNameOf(kind, before));
  if (!prev.ok) throw new RangeError(prev.message);
  return prev.span;
}
