import type { TimeWindow } from './types.ts';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isHhMm(s: string): boolean {
  return HHMM.test(s);
}

function minutesOf(s: string): number {
  const m = HHMM.exec(s);
  if (!m) throw new RangeError(`not an HH:MM time: ${JSON.stringify(s)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Local weekday (1 = Monday … 7 = Sunday) and minute of the day of an instant at a fixed offset. */
export function localClock(
  atMs: number,
  utcOffsetMinutes: number,
): { weekday: number; minute: number; hhmm: string } {
  const d = new Date(atMs + utcOffsetMinutes * 60_000);
  const day = d.getUTCDay(); // 0 = Sunday
  const minute = d.getUTCHours() * 60 + d.getUTCMinutes();
  const hhmm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return { weekday: day === 0 ? 7 : day, minute, hhmm };
}

const previousWeekday = (w: number) => (w === 1 ? 7 : w - 1);

/**
 * Is the instant inside the window? `from` is inclusive, `to` exclusive. A window that wraps past
 * midnight (22:00–06:00) belongs to the day it starts on: Friday 22:00–06:00 covers Saturday 03:00.
 */
export function inWindow(atMs: number, utcOffsetMinutes: number, w: TimeWindow): boolean {
  const { weekday, minute } = localClock(atMs, utcOffsetMinutes);
  const from = minutesOf(w.from);
  const to = minutesOf(w.to);
  const dayOk = (d: number) => !w.days || w.days.includes(d);
  if (from === to) return dayOk(weekday); // the whole day
  if (from < to) return dayOk(weekday) && minute >= from && minute < to;
  if (minute >= from) return dayOk(weekday);
  if (minute < to) return dayOk(previousWeekday(weekday));
  return false;
}

export function inAnyWindow(atMs: number, utcOffsetMinutes: number, windows: TimeWindow[]): boolean {
  return windows.some((w) => inWindow(atMs, utcOffsetMinutes, w));
}

const DAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Mon–Sat 08:00–18:00", for facts shown to people. */
export function describeWindows(windows: TimeWindow[]): string {
  return windows
    .map((w) => {
      const days = w.days && w.days.length < 7 ? describeDays(w.days) + ' ' : '';
      return `${days}${w.from}–${w.to}`;
    })
    .join(', ');
}

function describeDays(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
  if (contiguous && sorted.length > 2)
    return `${DAY_NAMES[sorted[0]]}–${DAY_NAMES[sorted[sorted.length - 1]]}`;
  return sorted.map((d) => DAY_NAMES[d]).join(',');
}
