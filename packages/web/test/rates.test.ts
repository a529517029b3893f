import { describe, expect, it } from 'vitest';
import { ratePercentText, ratePercentValue, rateText } from '../src/lib/rates';
import { en } from '../src/i18n/en';
import { zh } from '../src/i18n/zh';

describe('rates on screen', () => {
  it('2,852 of 2,853 never displays 100 %', () => {
    expect(rateText(2852, 2853)).toBe('99.9 % (2,852 / 2,853)');
    expect(ratePercentText(2852, 2853)).toBe('99.9 %');
    expect(ratePercentValue(2852, 2853)).toBe(99.9);
  });

  it('everything closed is 100 %; nothing counted is no rate at all', () => {
    expect(rateText(1, 1)).toBe('100.0 % (1 / 1)');
    expect(ratePercentValue(1, 1)).toBe(100);
    expect(rateText(0, 0)).toBe('—');
    expect(ratePercentText(0, 0)).toBe('—');
  });

  it('the rounding rule is stated in both languages', () => {
    expect(zh['rate.rounding']).toMatch(/向下取整/);
    expect(en['rate.rounding']).toMatch(/rounded down/);
  });
});
