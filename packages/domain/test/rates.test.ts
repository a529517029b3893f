import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { floorPercent, rateWithCounts } from '../src/index.ts';

describe('rates are rounded down and shown with their counts', () => {
  it.each([
    [2852, 2853, 1, '99.9'],
    [1, 1, 1, '100.0'],
    [2853, 2853, 1, '100.0'],
    [0, 5, 1, '0.0'],
    [1, 3, 1, '33.3'],
    [2, 3, 1, '66.6'], // 66.67 rounds down, not up
    [1, 8, 2, '12.50'],
    [999, 1000, 0, '99'],
    [7, 10, 1, '70.0'], // exact: no float error takes it below (0.7 * 100 = 69.999…)
    [29, 100, 1, '29.0'],
  ])('%i / %i (%i decimals) → %s', (n, d, decimals, text) => {
    expect(floorPercent(n, d, decimals)).toBe(text);
  });

  it('no rate when nothing was counted: 0 / 0 → null, displayed "—"', () => {
    expect(floorPercent(0, 0)).toBeNull();
    expect(rateWithCounts(0, 0)).toBe('—');
  });

  it('displays with its counts', () => {
    expect(rateWithCounts(2852, 2853)).toBe('99.9 % (2,852 / 2,853)');
    expect(rateWithCounts(1, 1)).toBe('100.0 % (1 / 1)');
    expect(rateWithCounts(1234567, 1234568)).toBe('99.9 % (1,234,567 / 1,234,568)');
  });

  it('refuses what is not a rate of counts', () => {
    expect(() => floorPercent(3, 2)).toThrow(RangeError);
    expect(() => floorPercent(-1, 2)).toThrow(RangeError);
    expect(() => floorPercent(1.5, 2)).toThrow(RangeError);
    expect(() => floorPercent(1, 2, -1)).toThrow(RangeError);
  });

  const counts = fc
    .tuple(fc.nat({ max: 10_000_000 }), fc.nat({ max: 10_000_000 }))
    .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]))
    .filter(([, d]) => d > 0);

  it('property: never 100 while anything counted is open', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 0, max: 4 }), ([n, d], decimals) => {
        const v = Number(floorPercent(n, d, decimals));
        if (n < d) expect(v).toBeLessThan(100);
        else expect(v).toBe(100);
      }),
    );
  });

  it('property: never above the true value, and less than one display step below it', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 0, max: 4 }), ([n, d], decimals) => {
        const text = floorPercent(n, d, decimals)!;
        expect(text.split('.')[1]?.length ?? 0).toBe(decimals);
        // Compare exactly in integers: shown * d ≤ n * 100 < (shown + step) * d.
        const shown = BigInt(text.replace('.', ''));
        const scaledTrue = BigInt(n) * 100n * 10n ** BigInt(decimals);
        expect(shown * BigInt(d) <= scaledTrue).toBe(true);
        expect(scaledTrue < (shown + 1n) * BigInt(d)).toBe(true);
      }),
    );
  });
});
