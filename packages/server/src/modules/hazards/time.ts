/** Instants and calendar dates in the service's time zone (TIME_ZONE, Asia/Shanghai by default). */

/** The zone's UTC offset at an instant, as ±HH:MM. */
export function offsetOf(timeZone: string, at: Date = new Date()): string {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}${m[2]}:${m[3] ?? '00'}` : '+00:00';
}

/** A deadline given as a date means the end of that day in the zone; an instant is kept as given. */
export function deadlineInstant(input: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(input))
    return `${input}T23:59:59.999${offsetOf(timeZone, new Date(`${input}T12:00:00Z`))}`;
  return input;
}

/** The calendar date of an instant in the zone (YYYY-MM-DD). */
export function dateIn(timeZone: string, at: Date | string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(at));
}

/** 2026-11-30 → 2026年11月30日 */
export function zhDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** An instant as a Chinese date (and time) in the zone. */
export function zhDateTime(timeZone: string, at: Date | string, withTime = false): string {
  const date = zhDate(dateIn(timeZone, at));
  if (!withTime) return date;
  const hm = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(at));
  return `${date} ${hm}`;
}
