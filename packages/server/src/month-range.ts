import { zonedToUtc } from './storage/files.ts';

/** A calendar month (YYYY-MM) in the service's time zone as [from, to) instants; default the month of today. */
export function monthRange(month: string | undefined, today: string, timeZone: string) {
  const m = month ?? today.slice(0, 7);
  const [y, mo] = m.split('-').map(Number) as [number, number];
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return {
    month: m,
    from: zonedToUtc(`${m}-01T00:00:00`, timeZone),
    to: zonedToUtc(`${next}-01T00:00:00`, timeZone),
    lastDay: new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10),
  };
}
