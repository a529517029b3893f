/**
 * Calendar arithmetic on plain `YYYY-MM-DD` strings.
 * Dates are calendar days, not instants: we compute in UTC so no local time zone or DST can shift a day.
 * A malformed date here is a bug (boundaries validate input first), so these functions throw.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True when `s` is a real calendar date written as YYYY-MM-DD (rejects 2023-02-29). */
export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  return isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True when year/month/day name a day that exists in the Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toDayNumber(s: string): number {
  const m = DATE_RE.exec(s);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(s)}`);
  }
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

function fromDayNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

function fromParts(year: number, month: number, day: number): string {
  // Years below 1000 never occur in this domain, but keep the format fixed-width anyway.
  const y = String(year).padStart(4, '0');
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  assertInteger(days, 'days');
  return fromDayNumber(toDayNumber(date) + days);
}

/** Month arithmetic clamps to the month's last day: 2024-01-31 + 1 month = 2024-02-29. */
export function addMonths(date: string, months: number): string {
  assertInteger(months, 'months');
  toDayNumber(date); // validate
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return fromParts(year, month, Math.min(d, daysInMonth(year, month)));
}

/** 29 February + 1 year = 28 February (clamped, as certificate validity is usually read). */
export function addYears(date: string, years: number): string {
  assertInteger(years, 'years');
  return addMonths(date, years * 12);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** -1, 0 or 1, usable as an Array.sort comparator. */
export function compareDates(a: string, b: string): -1 | 0 | 1 {
  const d = toDayNumber(a) - toDayNumber(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

function assertInteger(n: number, name: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${name} must be an integer, got ${n}`);
}
