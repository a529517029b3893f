import { addYears, daysInMonth } from './dates.ts';

/**
 * Year-on-year change (同比) of a count of harm (accidents, deaths): the period against the same
 * period a year before.
 *
 * Rounding, stated once: the change is a whole percent rounded toward +∞ (ceiling) from the exact
 * fraction 100 × (current − previous) / previous, in integer arithmetic. For a fall that is toward
 * zero (11 → 6 is −45.45… %, shown "下降 45 %"), for a rise away from zero (6 → 11 is +83.33… %,
 * shown "上升 84 %"): for a count of harm the rounding never flatters. No percentage when last year
 * is 0 ("无基数"); the counts are always shown beside it.
 */
export type YearOnYearDirection = 'up' | 'down' | 'flat' | 'no_base';
export interface YearOnYear {
  current: number;
  previous: number;
  /** Whole percent, ceiling of the exact change; null when previous is 0. */
  changePercent: number | null;
  direction: YearOnYearDirection;
}

export function yearOnYear(current: number, previous: number): YearOnYear {
  for (const [name, v] of [
    ['current', current],
    ['previous', previous],
  ] as const)
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a count, got ${v}`);
  if (previous === 0)
    return { current, previous, changePercent: null, direction: current === 0 ? 'flat' : 'no_base' };
  const num = 100n * BigInt(current - previous);
  const den = BigInt(previous);
  // BigInt division truncates toward zero: that is the ceiling for a negative quotient.
  const ceil = num >= 0n ? (num + den - 1n) / den : num / den;
  const changePercent = Number(ceil);
  return {
    current,
    previous,
    changePercent,
    direction: current > previous ? 'up' : current < previous ? 'down' : 'flat',
  };
}

const countFormat = new Intl.NumberFormat('en-US');

/**
 * In words with the counts: "6 起（去年同期 11 起），同比下降 45 %"; "3 起（去年同期 0 起），无基数".
 * Normalises "−0 %": a fall smaller than 1 % reads "同比下降不足 1 %" rather than "下降 0 %".
 */
export function yearOnYearText(y: YearOnYear, unit: string): string {
  const counts = `${countFormat.format(y.current)} ${unit}（去年同期 ${countFormat.format(y.previous)} ${unit}）`;
  if (y.direction === 'no_base') return `${counts}，同比无基数`;
  if (y.direction === 'flat') return `${counts}，同比持平`;
  const pct = y.changePercent ?? 0;
  if (y.direction === 'down')
    return pct === 0 ? `${counts}，同比下降不足 1 %` : `${counts}，同比下降 ${-pct} %`;
  return `${counts}，同比上升 ${pct} %`;
}

/**
 * The same period a year before: both ends moved back a year (29 February → 28 February); a period
 * ending on a month's last day ends on that month's last day a year before (February of a leap year
 * against all of February).
 */
export function samePeriodLastYear(from: string, to: string): { from: string; to: string } {
  const [y, m, d] = to.split('-').map(Number);
  const prevTo =
    d === daysInMonth(y, m)
      ? `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(daysInMonth(y - 1, m)).padStart(2, '0')}`
      : addYears(to, -1);
  return { from: addYears(from, -1), to: prevTo };
}
