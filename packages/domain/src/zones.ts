/**
 * Calendar dates and offsets in a time zone (TIME_ZONE, an IANA name such as Asia/Shanghai). The one
 * definition of "the date of this instant where the authority is", used by deadlines, statuses,
 * rollups and documents alike. Pure: Intl only, no clock — callers pass the instant.
 */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in the zone. */
export function dateInZone(timeZone: string, at: Date | string): string {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, f);
  }
  return f.format(typeof at === 'string' ? new Date(at) : at);
}

/** The zone's UTC offset at an instant, as ±HH:MM. */
export function offsetInZone(timeZone: string, at: Date | string): string {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, f);
  }
  const name =
    f.formatToParts(typeof at === 'string' ? new Date(at) : at).find((p) => p.type === 'timeZoneName')
      ?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}${m[2]}:${m[3] ?? '00'}` : '+00:00';
}

/** The last instant of a calendar date in the zone (a deadline given as a date means "by the end of that day"). */
export function endOfDateInZone(date: string, timeZone: string): string {
  // The offset at noon of that day: a daylight-saving change never happens at noon.
  return `${date}T23:59:59.999${offsetInZone(timeZone, new Date(`${date}T12:00:00Z`))}`;
}
