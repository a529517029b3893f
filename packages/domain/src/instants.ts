import { isIsoDate } from './dates.ts';

/**
 * Points in time as ISO 8601 strings with an explicit offset (`2024-05-01T09:30:00+08:00` or `…Z`).
 * An offset is required: a bare local time would mean different instants on different machines.
 */
const INSTANT_RE =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

export function isIsoInstant(s: string): boolean {
  const m = INSTANT_RE.exec(s);
  // Date.parse rolls 2024-02-30 over into March, so check the calendar date ourselves.
  return m !== null && isIsoDate(m[1]) && !Number.isNaN(Date.parse(s));
}

/** Milliseconds since the epoch; throws on a malformed instant (a bug: boundaries validate first). */
export function instantMs(s: string): number {
  if (!isIsoInstant(s)) throw new RangeError(`not an ISO instant with offset: ${JSON.stringify(s)}`);
  return Date.parse(s);
}

export function compareInstants(a: string, b: string): -1 | 0 | 1 {
  const d = instantMs(a) - instantMs(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/**
 * A deadline given as a calendar date means "by the end of that day" where the order was issued.
 * The offset is the authority's local offset (China Standard Time by default).
 */
export function endOfDay(date: string, offset = '+08:00'): string {
  return `${date}T23:59:59.999${offset}`;
}
