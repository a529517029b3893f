import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { samePeriodLastYear, yearOnYear, yearOnYearText } from '../src/index.ts';

describe('year on year (同比)', () => {
  it('elevator accidents 11 → 6: −5/11 = −45.45… % reads "down 45 %"', () => {
    const y = yearOnYear(6, 11);
    expect(y).toEqual({ current: 6, previous: 11, changePercent: -45, direction: 'down' });
    expect(yearOnYearText(y, '起')).toBe('6 起（去年同期 11 起），同比下降 45 %');
  });

  it('deaths 13 → 7: −6/13 = −46.15… % reads "down 46 %"', () => {
    expect(yearOnYear(7, 13).changePercent).toBe(-46);
    expect(yearOnYearText(yearOnYear(7, 13), '人')).toBe('7 人（去年同期 13 人），同比下降 46 %');
  });

  it('a rise rounds away from zero (never flattering): 6 → 11 is +83.33… % → 84', () => {
    expect(yearOnYear(11, 6).changePercent).toBe(84);
    expect(yearOnYearText(yearOnYear(11, 6), '起')).toBe('11 起（去年同期 6 起），同比上升 84 %');
  });

  it('exact percentages stay exact; no base when last year was 0; flat', () => {
    expect(yearOnYear(5, 10).changePercent).toBe(-50);
    expect(yearOnYear(15, 10).changePercent).toBe(50);
    expect(yearOnYear(0, 10).changePercent).toBe(-100);
    expect(yearOnYear(3, 0)).toMatchObject({ changePercent: null, direction: 'no_base' });
    expect(yearOnYearText(yearOnYear(3, 0), '起')).toBe('3 起（去年同期 0 起），同比无基数');
    expect(yearOnYear(0, 0)).toMatchObject({ changePercent: null, direction: 'flat' });
    expect(yearOnYearText(yearOnYear(4, 4), '起')).toBe('4 起（去年同期 4 起），同比持平');
  });

  it('a fall under 1 % does not read "down 0 %"', () => {
    expect(yearOnYear(999, 1000).changePercent).toBe(0);
    expect(yearOnYearText(yearOnYear(999, 1000), '人')).toBe('999 人（去年同期 1,000 人），同比下降不足 1 %');
  });

  it('property: the shown change is the ceiling of the exact change (never below it, less than 1 above)', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.integer({ min: 1, max: 100_000 }), (c, p) => {
        const pct = yearOnYear(c, p).changePercent!;
        // pct − 1 < 100 (c − p) / p ≤ pct, in integers: (pct − 1) p < 100 (c − p) ≤ pct p
        expect((pct - 1) * p < 100 * (c - p)).toBe(true);
        expect(100 * (c - p) <= pct * p).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses what is not a count', () => {
    expect(() => yearOnYear(-1, 3)).toThrow(RangeError);
    expect(() => yearOnYear(1.5, 3)).toThrow(RangeError);
  });
});

describe('same period last year', () => {
  it('moves both ends back a year', () => {
    expect(samePeriodLastYear('2026-01-01', '2026-06-30')).toEqual({ from: '2025-01-01', to: '2025-06-30' });
    expect(samePeriodLastYear('2026-03-05', '2026-03-20')).toEqual({ from: '2025-03-05', to: '2025-03-20' });
  });
  it('February of a leap year against all of February, and the other way round', () => {
    expect(samePeriodLastYear('2028-02-01', '2028-02-29')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(samePeriodLastYear('2029-02-01', '2029-02-28')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});
