import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applicableDeduction,
  CODE_ALPHABET,
  codeFromBytes,
  normaliseCode,
  pointsFor,
  rulePointsProblem,
  textSimilarity,
} from '../src/reporting.ts';

describe('tracking codes', () => {
  it('use 32 unambiguous symbols (no 0/O, 1/I), 12 of them', () => {
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    expect(CODE_ALPHABET).not.toMatch(/[01IO]/);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), (bytes) => {
        const c = codeFromBytes(bytes);
        expect(c).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
        expect(normaliseCode(c.toLowerCase())).toBe(c);
      }),
    );
    expect(() => codeFromBytes(new Uint8Array(11))).toThrow();
  });
  it('are read forgivingly but strictly', () => {
    expect(normaliseCode('abcd-efgh 2345')).toBe('ABCDEFGH2345');
    expect(normaliseCode('ABCDEFGH234O')).toBeNull(); // O is not in the alphabet
    expect(normaliseCode('ABCDEFGH234')).toBeNull();
  });
});

describe('text similarity', () => {
  it('is 1 for the same text (punctuation aside), 0 for nothing shared, symmetric', () => {
    expect(textSimilarity('塔吊附近有人未系安全带', '塔吊附近有人未系安全带！')).toBe(1);
    expect(textSimilarity('配电箱门敞开', '基坑无护栏')).toBe(0);
    expect(textSimilarity('', 'abc')).toBe(0);
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const s = textSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(textSimilarity(b, a)).toBeCloseTo(s, 12);
      }),
    );
  });
});

describe('points rules', () => {
  it('take the project’s, else the enterprise’s, else the default', () => {
    expect(pointsFor('report_verified', {})).toBe(10);
    expect(pointsFor('report_verified', { enterprise: { report_verified: 20 } })).toBe(20);
    expect(
      pointsFor('report_verified', { project: { report_verified: 30 }, enterprise: { report_verified: 20 } }),
    ).toBe(30);
    expect(rulePointsProblem('violation', 5)).not.toBeNull();
    expect(rulePointsProblem('drill', 0)).not.toBeNull();
    expect(rulePointsProblem('drill', 3)).toBeNull();
  });
  it('never deduct below zero', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.integer({ min: -1000, max: 1000 }), (balance, points) => {
        const p = applicableDeduction(balance, points);
        expect(balance + p).toBeGreaterThanOrEqual(0);
        if (points >= 0) expect(p).toBe(points);
      }),
    );
  });
});
