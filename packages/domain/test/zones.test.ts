import { describe, expect, it } from 'vitest';
import { dateInZone, endOfDateInZone, offsetInZone } from '../src/zones.ts';

describe('dates and offsets in a time zone', () => {
  it.each([
    // 16:00 UTC is midnight in Shanghai: the date moves on there, not in UTC
    ['Asia/Shanghai', '2026-12-06T15:59:59.999Z', '2026-12-06'],
    ['Asia/Shanghai', '2026-12-06T16:00:00Z', '2026-12-07'],
    ['UTC', '2026-12-06T16:00:00Z', '2026-12-06'],
    ['Asia/Urumqi', '2026-12-06T17:59:00Z', '2026-12-06'],
    ['Asia/Urumqi', '2026-12-06T18:00:00Z', '2026-12-07'],
    ['Asia/Shanghai', '2024-02-28T16:30:00+00:00', '2024-02-29'],
  ])('%s: %s is on %s', (zone, at, date) => {
    expect(dateInZone(zone, at)).toBe(date);
    expect(dateInZone(zone, new Date(at))).toBe(date);
  });

  it('gives the offset, following daylight saving where the zone has it', () => {
    expect(offsetInZone('Asia/Shanghai', '2026-07-01T00:00:00Z')).toBe('+08:00');
    expect(offsetInZone('UTC', '2026-07-01T00:00:00Z')).toBe('+00:00');
    expect(offsetInZone('Europe/Berlin', '2026-01-15T12:00:00Z')).toBe('+01:00');
    expect(offsetInZone('Europe/Berlin', '2026-07-15T12:00:00Z')).toBe('+02:00');
    expect(offsetInZone('America/St_Johns', '2026-01-15T12:00:00Z')).toBe('-03:30');
  });

  it('ends a date at its last millisecond in the zone', () => {
    expect(endOfDateInZone('2026-12-31', 'Asia/Shanghai')).toBe('2026-12-31T23:59:59.999+08:00');
    expect(endOfDateInZone('2026-07-15', 'Europe/Berlin')).toBe('2026-07-15T23:59:59.999+02:00');
    // and that instant is still on that date in the zone
    expect(dateInZone('Europe/Berlin', endOfDateInZone('2026-03-29', 'Europe/Berlin'))).toBe('2026-03-29');
  });
});
