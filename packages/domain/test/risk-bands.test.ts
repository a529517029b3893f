import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_LEC_CONFIG,
  DEFAULT_LS_CONFIG,
  assessRisk,
  highestColour,
  polygonArea,
  pickBandSet,
  riskColourRank,
  validateRiskFactors,
  type RiskBandSetCandidate,
  type RiskColour,
} from '../src/index.ts';

/** DOMAIN.md §4, written out independently of the band table: the reference the grading must match. */
const lecReference = (d: number): RiskColour =>
  d > 320 ? 'red' : d >= 160 ? 'orange' : d >= 70 ? 'yellow' : 'blue';
const lsReference = (r: number): RiskColour =>
  r >= 20 ? 'red' : r >= 10 ? 'orange' : r >= 4 ? 'yellow' : 'blue';

describe('LEC banding at every boundary (DOMAIN §4: > 320 red, 160–320 orange, 70–160 yellow, < 70 blue)', () => {
  it('grades every combination of the shipped scale like the reference', () => {
    const { L, E, C } = DEFAULT_LEC_CONFIG.factors;
    let n = 0;
    for (const l of L)
      for (const e of E)
        for (const c of C) {
          const r = assessRisk('LEC', { L: l, E: e, C: c }, DEFAULT_LEC_CONFIG);
          if (!r.ok) throw new Error(r.message);
          expect(r.value.colour, `L=${l} E=${e} C=${c} D=${r.value.value}`).toBe(lecReference(r.value.value));
          n++;
        }
    expect(n).toBe(7 * 6 * 6);
  });

  it.each([
    [320.0001, 'red'],
    [320, 'orange'],
    [319.9999, 'orange'],
    [160, 'orange'],
    [159.9999, 'yellow'],
    [70, 'yellow'],
    [69.9999, 'blue'],
    [0.0001, 'blue'],
  ] as const)('D = %s → %s', (d, colour) => {
    const config = { ...DEFAULT_LEC_CONFIG, factors: { L: [d], E: [1], C: [1] } };
    const r = assessRisk('LEC', { L: d, E: 1, C: 1 }, config);
    expect(r.ok && r.value.colour).toBe(colour);
  });

  it('shipped products on and next to the boundaries (70 = 1×10×7; 160 and 320 are no product of the scale)', () => {
    const at = (L: number, E: number, C: number) => {
      const r = assessRisk('LEC', { L, E, C }, DEFAULT_LEC_CONFIG);
      return r.ok ? [r.value.value, r.value.colour] : r.code;
    };
    expect(at(1, 10, 7)).toEqual([70, 'yellow']);
    expect(at(3, 3, 7)).toEqual([63, 'blue']);
    expect(at(1, 6, 15)).toEqual([90, 'yellow']);
    expect(at(1, 10, 15)).toEqual([150, 'yellow']);
    expect(at(6, 2, 15)).toEqual([180, 'orange']);
    expect(at(3, 1, 100)).toEqual([300, 'orange']);
    expect(at(1, 6, 40)).toEqual([240, 'orange']);
    expect(at(6, 6, 15)).toEqual([540, 'red']);
    expect(at(1, 10, 40)).toEqual([400, 'red']);
  });
});

describe('LS banding at every boundary (1–3 blue, 4–9 yellow, 10–16 orange, 20–25 red)', () => {
  it('grades all 25 cells like the reference', () => {
    for (let L = 1; L <= 5; L++)
      for (let S = 1; S <= 5; S++) {
        const r = assessRisk('LS', { L, S }, DEFAULT_LS_CONFIG);
        expect(r.ok && r.value.colour, `L=${L} S=${S}`).toBe(lsReference(L * S));
      }
  });

  it.each([
    [1, 3, 'blue'],
    [2, 2, 'yellow'],
    [3, 3, 'yellow'],
    [2, 5, 'orange'],
    [4, 4, 'orange'],
    [4, 5, 'red'],
  ] as const)('L=%s S=%s at a boundary → %s', (L, S, colour) => {
    const r = assessRisk('LS', { L, S }, DEFAULT_LS_CONFIG);
    expect(r.ok && r.value.colour).toBe(colour);
  });

  it('names the allowed values when a factor is off the scale, and refuses unknown factors', () => {
    const r = assessRisk('LS', { L: 6, S: 2 }, DEFAULT_LS_CONFIG);
    expect(r).toMatchObject({ ok: false, code: 'LS_L_INVALID', field: 'L' });
    expect(!r.ok && r.message).toContain('1, 2, 3, 4, 5');
    expect(assessRisk('LS', { L: 1, S: 2, C: 3 }, DEFAULT_LS_CONFIG)).toMatchObject({
      ok: false,
      code: 'LS_FACTOR_UNKNOWN',
      field: 'C',
    });
    expect(assessRisk('LEC', { L: 1, E: 10 }, DEFAULT_LEC_CONFIG)).toMatchObject({
      ok: false,
      code: 'LEC_C_INVALID',
    });
  });
});

describe('site colour = the highest of its points', () => {
  const colour = fc.constantFrom<RiskColour | null>('red', 'orange', 'yellow', 'blue', null);

  it('examples', () => {
    expect(highestColour([])).toBeNull();
    expect(highestColour([null, null])).toBeNull();
    expect(highestColour(['blue', null, 'yellow'])).toBe('yellow');
    expect(highestColour(['orange', 'red', 'blue'])).toBe('red');
  });

  it('property: the result is one of the inputs, none is higher, and order does not matter', () => {
    fc.assert(
      fc.property(fc.array(colour, { maxLength: 12 }), (cs) => {
        const h = highestColour(cs);
        const present = cs.filter((c): c is RiskColour => c !== null);
        if (!present.length) {
          expect(h).toBeNull();
          return;
        }
        expect(present).toContain(h);
        for (const c of present) expect(riskColourRank(c)).toBeLessThanOrEqual(riskColourRank(h!));
        expect(highestColour([...cs].reverse())).toBe(h);
      }),
    );
  });

  it('property: removing a point never raises the colour; adding one never lowers it', () => {
    fc.assert(
      fc.property(fc.array(colour, { minLength: 1, maxLength: 12 }), colour, (cs, extra) => {
        const rank = (c: RiskColour | null) => (c === null ? -1 : riskColourRank(c));
        expect(rank(highestColour(cs.slice(1)))).toBeLessThanOrEqual(rank(highestColour(cs)));
        expect(rank(highestColour([...cs, extra]))).toBeGreaterThanOrEqual(rank(highestColour(cs)));
      }),
    );
  });
});

describe('which band set applies', () => {
  const set = (p: Partial<RiskBandSetCandidate> & { id: string }): RiskBandSetCandidate => ({
    method: 'LEC',
    regionPrefix: '',
    industryCode: null,
    version: 1,
    effectiveFrom: '2000-01-01',
    ...p,
  });
  const sets = [
    set({ id: 'national' }),
    set({ id: 'sh', regionPrefix: '31' }),
    set({ id: 'jinshan', regionPrefix: '310116', effectiveFrom: '2026-12-01' }),
    set({ id: 'sh-chem', regionPrefix: '31', industryCode: 'chemical' }),
    set({ id: 'sh-v2', regionPrefix: '31', version: 2, effectiveFrom: '2026-06-01' }),
    set({ id: 'ls', method: 'LS' }),
  ];
  const at = (
    regionCode: string,
    industryCode: string | null,
    today = '2026-11-23',
    method: 'LEC' | 'LS' = 'LEC',
  ) => pickBandSet(sets, { method, regionCode, industryCode, today })?.id;

  it('the most specific region, then the industry, then the latest in force', () => {
    expect(at('150602', 'machinery')).toBe('national');
    expect(at('310116501', 'machinery')).toBe('sh-v2');
    expect(at('310116501', 'machinery', '2026-05-31')).toBe('sh');
    expect(at('310116501', 'machinery', '2026-12-01')).toBe('jinshan');
    expect(at('310101', 'chemical')).toBe('sh-chem');
    expect(at('310101', 'chemical', '2026-11-23', 'LS')).toBe('ls');
  });

  it('none when nothing covers the place', () => {
    expect(
      pickBandSet(
        sets.filter((s) => s.id !== 'national'),
        { method: 'LEC', regionCode: '150602', industryCode: null, today: '2026-11-23' },
      ),
    ).toBeNull();
  });

  it('checks a factor scale', () => {
    expect(validateRiskFactors('LS', { L: [1, 2], S: [1, 2] }).ok).toBe(true);
    expect(validateRiskFactors('LS', { L: [1, 2] })).toMatchObject({ ok: false, code: 'RISK_FACTORS_NAMES' });
    expect(validateRiskFactors('LEC', { L: [1, 1], E: [1], C: [1] })).toMatchObject({
      ok: false,
      code: 'RISK_FACTORS_VALUES',
    });
    expect(validateRiskFactors('LEC', { L: [0], E: [1], C: [1] })).toMatchObject({
      ok: false,
      code: 'RISK_FACTORS_VALUES',
    });
  });
});

describe('zone area', () => {
  it('is the shoelace area, zero for points on one line', () => {
    expect(
      polygonArea([
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ]),
    ).toBe(1);
    expect(
      polygonArea([
        [0, 0],
        [0.5, 0],
        [0.5, 0.5],
      ]),
    ).toBeCloseTo(0.125);
    expect(
      polygonArea([
        [0, 0],
        [0.5, 0.5],
        [1, 1],
      ]),
    ).toBe(0);
  });
});
