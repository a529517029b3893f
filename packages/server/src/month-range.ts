import { validation } from './errors.ts';
import { zonedToUtc } from './storage/files.ts';

/** The months a figure may be asked for (as the dashboard's periods: 1971 … 2999). */
const FIRST_YEAR = 1971;
const LAST_YEAR = 2999;

/**
 * A calendar month (YYYY-MM) in the service's time zone as [from, to) instants; default the month of
 * today. A month outside 1971-01 … 2999-12 or not a month at all is a 400 naming `month`.
 */
export function monthRange(month: string | undefined, today: string, timeZone: string) {
  const m = month ?? today.slice(0, 7);
  const match = /^(\d{4})-(\d{2})$/.exec(m);
  const y = match ? Number(match[1]) : NaN;
  const mo = match ? Number(match[2]) : NaN;
  if (!(y >= FIRST_YEAR && y <= LAST_YEAR && mo >= 1 && mo <= 12))
    throw validation('month', `${m} is not a month between ${FIRST_YEAR}-01 and ${LAST_YEAR}-12 (YYYY-MM)`);
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return {
    month: m,
    from: zonedToUtc(`${m}-01T00:00:00`, timeZone),
    to: zonedToUtc(`${next}-01T00:00:00`, timeZone),
    lastDay: new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10),
  };
}
