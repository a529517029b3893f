import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_LEC_CONFIG,
  DEFAULT_LS_CONFIG,
  assessLec,
  assessLs,
  validateRiskBands,
  type RiskBand,
} from '../src/index.ts';

describe('LEC risk grading (D = L × E × C)', () => {
  it.each([
    [10, 10, 100, 10000, 'red'],
    [3, 6, 40, 720, 'red'],
    [6, 6, 15, 540, 'red'],
    [1, 10, 40, 400, 'red'],
    [1, 6, 100, 600, 'red'],
    [0.5, 2, 100, 100, 'yellow'],
    [3, 6, 7, 126, 'yellow'],
    [1, 10, 7, 70, 'yellow'], // 70 belongs to the band above (70–160)
    [3, 3, 7, 63, 'blue'],
    [0.1, 0.5, 1, 0.05, 'blue'],
    [1, 10, 15, 150, 'yellow'],
    [3, 1, 100, 300, 'orange'],
    [1, 2, 100, 200, 'orange'],
    [1, 10, 3, 30, 'blue'],
  ])('L=%s E=%s C=%s → D=%s, %s', (L, E, C, D, colour) => {
    const r = assessLec({ L, E, C });
    expect(r.ok && r.value).toMatchObject({ method: 'LEC', value: D, colour });
  });

  it.each([
    [320, 'orange'], // "> 320" is red, so 320 itself is orange
    [160, 'orange'],
    [159.9, 'yellow'],
    [70, 'yellow'],
    [69.9, 'blue'],
  ])('band boundary %s → %s', (D, colour) => {
    // Make D from a custom scale so each boundary can be hit exactly.
    const config = { ...DEFAULT_LEC_CONFIG, factors: { L: [D], E: [1], C: [1] } };
    const r = assessLec({ L: D, E: 1, C: 1 }, config);
    expect(r.ok && r.value.colour).toBe(colour);
  });

  it('maps colours to the four risk levels and explains the product', () => {
    const r = assessLec({ L: 6, E: 6, C: 15 });
    expect(r.ok && r.value.level).toBe('major');
    expect(r.ok && r.value.explanation[0]).toEqual({
      code: 'LEC_PRODUCT',
      params: { L: 6, E: 6, C: 15, value: 540 },
    });
  });

  it.each([
    [{ L: 2, E: 6, C: 15 }, 'LEC_L_INVALID', 'L'],
    [{ L: 6, E: 4, C: 15 }, 'LEC_E_INVALID', 'E'],
    [{ L: 6, E: 6, C: 50 }, 'LEC_C_INVALID', 'C'],
  ])('rejects values off the scale: %j', (input, code, field) => {
    expect(assessLec(input)).toMatchObject({ ok: false, code, field });
  });
});

describe('LS matrix (R = L × S)', () => {
  it.each([
    [1, 1, 1, 'blue'],
    [1, 3, 3, 'blue'],
    [2, 2, 4, 'yellow'],
    [3, 3, 9, 'yellow'],
    [2, 5, 10, 'orange'],
    [4, 4, 16, 'orange'],
    [4, 5, 20, 'red'],
    [5, 5, 25, 'red'],
  ])('L=%s S=%s → R=%s, %s', (L, S, R, colour) => {
    const r = assessLs({ L, S });
    expect(r.ok && r.value).toMatchObject({ method: 'LS', value: R, colour });
  });

  it('uses bands passed in (regional variants differ)', () => {
    const bands: RiskBand[] = [
      { colour: 'red', from: 15, includeFrom: true },
      { colour: 'orange', from: 9, includeFrom: true },
      { colour: 'yellow', from: 3, includeFrom: true },
      { colour: 'blue', from: 0, includeFrom: true },
    ];
    const r = assessLs({ L: 3, S: 5 }, { ...DEFAULT_LS_CONFIG, bands });
    expect(r.ok && r.value.colour).toBe('red');
  });

  it('rejects values outside 1–5', () => {
    expect(assessLs({ L: 0, S: 3 })).toMatchObject({ ok: false, code: 'LS_L_INVALID' });
    expect(assessLs({ L: 3, S: 6 })).toMatchObject({ ok: false, code: 'LS_S_INVALID' });
    expect(assessLs({ L: 2.5, S: 3 })).toMatchObject({ ok: false, code: 'LS_L_INVALID' });
  });

  it('property: a higher factor never lowers the colour', () => {
    const rank = { blue: 0, yellow: 1, orange: 2, red: 3 };
    const v = fc.integer({ min: 1, max: 5 });
    fc.assert(
      fc.property(v, v, v, (L, S, up) => {
        const a = assessLs({ L, S });
        const b = assessLs({ L: Math.max(L, up), S });
        if (!a.ok || !b.ok) throw new Error('valid input refused');
        expect(rank[b.value.colour]).toBeGreaterThanOrEqual(rank[a.value.colour]);
      }),
    );
  });
});

describe('risk band configuration', () => {
  it('accepts the defaults', () => {
    expect(validateRiskBands(DEFAULT_LEC_CONFIG.bands).ok).toBe(true);
    expect(validateRiskBands(DEFAULT_LS_CONFIG.bands).ok).toBe(true);
  });

  it.each([
    ['RISK_BANDS_EMPTY', []],
    [
      'RISK_BANDS_ORDER',
      [
        { colour: 'blue', from: 0, includeFrom: true },
        { colour: 'red', from: 20, includeFrom: true },
      ],
    ],
    [
      'RISK_BANDS_INCOMPLETE',
      [
        { colour: 'red', from: 20, includeFrom: true },
        { colour: 'blue', from: 4, includeFrom: true },
      ],
    ],
  ] as Array<[string, RiskBand[]]>)('rejects %s', (code, bands) => {
    expect(validateRiskBands(bands)).toMatchObject({ ok: false, code });
  });

  it('reports a value no band covers instead of guessing', () => {
    const bands: RiskBand[] = [{ colour: 'red', from: 20, includeFrom: true }];
    expect(assessLs({ L: 1, S: 1 }, { ...DEFAULT_LS_CONFIG, bands })).toMatchObject({
      ok: false,
      code: 'RISK_BANDS_INCOMPLETE',
    });
  });
});
