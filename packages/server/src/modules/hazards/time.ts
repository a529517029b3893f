import { dateInZone, endOfDateInZone } from '@redline/domain';

/** Deadlines and Chinese dates in the service's time zone (TIME_ZONE; the zone arithmetic is the domain's zones.ts). */

/** A deadline given as a date means the end of that day in the zone; an instant is kept as given. */
export function deadlineInstant(input: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(input)) return endOfDateInZone(input, timeZone);
  return input;
}

/** 2026-11-30 → 2026年11月30日 */
export function zhDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** An instant as a Chinese date (and time) in the zone. */
export function zhDateTime(timeZone: string, at: Date | string, withTime = false): string {
  const date = zhDate(dateInZone(timeZone, at));
  if (!withTime) return date;
  const hm = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(at));
  return `${date} ${hm}`;
}
