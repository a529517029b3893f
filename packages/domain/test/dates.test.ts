import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  endOfDay,
  isIsoDate,
  isIsoInstant,
} from '../src/index.ts';

describe('calendar dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-1-01', false],
    ['20240101', false],
  ])('isIsoDate(%s) → %s', (s, expected) => expect(isIsoDate(s)).toBe(expected));

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-12-31', 1, '2024-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
  ])('addDays(%s, %i) = %s', (d, n, expected) => expect(addDays(d, n)).toBe(expected));

  it.each([
    ['2024-01-31', 1, '2024-02-29'], // clamped to month end
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-11-15', 3, '2025-02-15'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-01-15', -13, '2022-12-15'],
  ])('addMonths(%s, %i) = %s', (d, n, expected) => expect(addMonths(d, n)).toBe(expected));

  it.each([
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2020-06-15', 6, '2026-06-15'],
  ])('addYears(%s, %i) = %s', (d, n, expected) => expect(addYears(d, n)).toBe(expected));

  it('counts days and compares', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2024-12-31')).toBe(-1);
    expect(compareDates('2024-01-02', '2024-01-10')).toBe(-1);
    expect(compareDates('2024-01-10', '2024-01-10')).toBe(0);
  });

  it('throws on malformed dates (a bug, not user input)', () => {
    expect(() => addDays('2024-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2024-02-01', 1.5)).toThrow(RangeError);
  });

  const date = fc
    .date({ min: new Date('1950-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('property: addDays and daysBetween agree', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });

  it('property: addMonths yields a real date never more than a month-length off', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -240, max: 240 }), (d, n) => {
        const r = addMonths(d, n);
        expect(isIsoDate(r)).toBe(true);
        expect(compareDates(r, d)).toBe(Math.sign(n) as -1 | 0 | 1);
      }),
    );
  });
});

describe('instants', () => {
  it.each([
    ['2024-05-01T09:30:00+08:00', true],
    ['2024-05-01T09:30Z', true],
    ['2024-05-01T09:30:00.123456+00:00', true],
    ['2024-05-01T09:30:00', false], // no offset
    ['2024-02-30T09:30:00Z', false], // Date.parse would roll it into March
    ['2024-05-01T24:00:00Z', false],
    ['2024-05-01', false],
  ])('isIsoInstant(%s) → %s', (s, expected) => expect(isIsoInstant(s)).toBe(expected));

  it('turns a date into the end of that day in China Standard Time by default', () => {
    expect(endOfDay('2024-05-01')).toBe('2024-05-01T23:59:59.999+08:00');
    expect(isIsoInstant(endOfDay('2024-05-01', 'Z'))).toBe(true);
  });
});
