import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * One time zone for every time on screen: the jurisdiction's (the server's TIME_ZONE, sent in
 * GET /api/auth/me as `timeZone`), never the browser's. An alarm at 03:04 UTC reads 11:04 on the alarm
 * card, in the table and in the document, wherever the browser is. Asia/Shanghai until the session says.
 */
let zone = 'Asia/Shanghai';

/** Sets the zone (from the session); an unknown name is ignored so a typo can't blank every time. */
export function setTimeZone(tz: string | null | undefined): void {
  if (!tz || tz === zone) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    zone = tz;
  } catch {
    /* keep the previous zone */
  }
}

export const timeZone = (): string => zone;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** An instant (ISO string, Date or epoch ms) as a dayjs in the jurisdiction's zone. */
export const inZone = (at: string | number | Date): Dayjs => dayjs(at).tz(zone);

/** The instant in the zone with a dayjs pattern; '—' when absent. A calendar date (YYYY-MM-DD) is not shifted. */
export function fmtIn(at: string | number | Date | null | undefined, pattern: string): string {
  if (at === null || at === undefined || at === '') return '—';
  if (typeof at === 'string' && DATE_ONLY.test(at)) return dayjs(at).format(pattern);
  const d = inZone(at);
  return d.isValid() ? d.format(pattern) : '—';
}

export const formatDateTime = (at: string | number | Date | null | undefined) =>
  fmtIn(at, 'YYYY-MM-DD HH:mm');
export const formatDateTimeSeconds = (at: string | number | Date | null | undefined) =>
  fmtIn(at, 'YYYY-MM-DD HH:mm:ss');
export const formatDate = (at: string | number | Date | null | undefined) => fmtIn(at, 'YYYY-MM-DD');
export const formatShort = (at: string | number | Date | null | undefined) => fmtIn(at, 'MM-DD HH:mm');
export const formatClock = (at: string | number | Date | null | undefined) => fmtIn(at, 'HH:mm');
export const formatClockSeconds = (at: string | number | Date | null | undefined) => fmtIn(at, 'HH:mm:ss');

/** Now in the zone (for "today" defaults and clocks). */
export const nowInZone = (): Dayjs => dayjs().tz(zone);
/** Today's date in the zone, YYYY-MM-DD. */
export const todayInZone = (): string => nowInZone().format('YYYY-MM-DD');

/**
 * A date-time picked in a picker (its wall-clock reading) as the instant it means in the jurisdiction's
 * zone: "2026-03-01 11:04" picked in a New York browser is 11:04 Beijing time, not New York time.
 */
export const pickedInstant = (d: Dayjs): string =>
  dayjs.tz(d.format('YYYY-MM-DDTHH:mm:ss'), zone).format('YYYY-MM-DDTHH:mm:ssZ');

/** An instant as a picker value showing the zone's wall-clock reading (the inverse of pickedInstant). */
export const pickerValue = (at: string): Dayjs => dayjs(inZone(at).format('YYYY-MM-DDTHH:mm:ss'));

/** The zone's UTC offset at an instant, "UTC+8" / "UTC-4:30". */
export function utcOffsetLabel(at: string | number | Date = Date.now()): string {
  const minutes = inZone(at).utcOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

const CHINA_ZONES = new Set(['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Harbin', 'PRC', 'Asia/Chungking']);

/** The zone's name for column headers and hints: 北京时间 / Beijing time for China Standard Time, else the offset. */
export function zoneLabel(lang: 'zh' | 'en'): string {
  if (CHINA_ZONES.has(zone)) return lang === 'zh' ? '北京时间' : 'Beijing time';
  return utcOffsetLabel();
}
