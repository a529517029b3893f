import { describe, it, expect } from 'vitest';
import { displayScore, scoreJgj59Table, type Jgj59TableInput, type Jgj59TableScore } from '../src/index.ts';
import { B1, B13, table } from './jgj59-fixtures.ts';

function score(input: Jgj59TableInput): Jgj59TableScore {
  const r = scoreJgj59Table(input);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}
const codes = (s: Jgj59TableScore) => s.explanation.map((e) => e.code);

describe('JGJ 59-2011 sub-table scoring', () => {
  it('scores 100 with no deductions', () => {
    expect(score(table(B1))).toMatchObject({ score: 100, zeroed: false, guaranteeSubtotal: 60 });
  });

  it('subtracts deductions item by item', () => {
    const s = score(table(B1, { G1: 5, G2: 3, N1: 4 }));
    expect(s).toMatchObject({ score: 88, zeroed: false, guaranteeSubtotal: 52 });
    expect(s.explanation).toContainEqual({
      code: 'ITEM_DEDUCTION',
      params: { item: 'G1', fullScore: 10, deducted: 5, score: 5 },
    });
  });

  it('clamps a deduction to the item full score', () => {
    const s = score(table(B1, { N1: 25 }));
    expect(s.score).toBe(90);
    expect(codes(s)).toContain('ITEM_DEDUCTION_CLAMPED');
  });

  it('a guarantee item scoring 0 zeroes the table, even with a guarantee subtotal of 50', () => {
    const s = score(table(B1, { G1: 10 }));
    expect(s).toMatchObject({ score: 0, zeroed: true, guaranteeSubtotal: 50 });
    expect(s.explanation).toContainEqual({ code: 'GUARANTEE_ZERO_ITEM', params: { item: 'G1' } });
    expect(codes(s)).toContain('TABLE_ZEROED');
  });

  it('a guarantee item over-deducted counts as 0', () => {
    expect(score(table(B1, { G3: 12 }))).toMatchObject({ score: 0, zeroed: true });
  });

  it('a guarantee subtotal of 39 zeroes the table', () => {
    const s = score(table(B1, { G1: 5, G2: 5, G3: 5, G4: 6 }));
    expect(s).toMatchObject({ score: 0, zeroed: true, guaranteeSubtotal: 39 });
    expect(s.explanation).toContainEqual({
      code: 'GUARANTEE_SUBTOTAL_UNDER_MINIMUM',
      params: { subtotal: 39, minimum: 40 },
    });
  });

  it('a guarantee subtotal of exactly 40 does not', () => {
    expect(score(table(B1, { G1: 5, G2: 5, G3: 5, G4: 5 }))).toMatchObject({
      score: 80,
      zeroed: false,
      guaranteeSubtotal: 40,
    });
  });

  it('decides "under 40" on the intended decimal value, not float noise', () => {
    // 60 − 9.9 − 0.1 − 9.7 − 0.3 is 40 in decimal but not in naive binary arithmetic.
    expect(score(table(B1, { G1: 9.9, G2: 0.1, G3: 9.7, G4: 0.3 }))).toMatchObject({
      zeroed: false,
      guaranteeSubtotal: 40,
    });
  });

  it('converts missing general items: score = D / E × 100', () => {
    const s = score(table(B1, { G1: 6, N2: 3 }, ['N4']));
    // D = 54 + 27 = 81, E = 90
    expect(s.score).toBe(90);
    expect(s.explanation).toContainEqual({
      code: 'MISSING_ITEM_CONVERSION',
      params: { D: 81, E: 90, score: 90 },
    });
    expect(s.explanation).toContainEqual({ code: 'ITEM_MISSING', params: { item: 'N4', fullScore: 10 } });
  });

  it('keeps full precision and rounds only for display', () => {
    const s = score(table(B1, { G1: 1 }, ['N1', 'N2', 'N3']));
    // D = 59 + 10 = 69, E = 70
    expect(s.score).toBeCloseTo(98.571428, 5);
    expect(displayScore(s.score)).toBe('98.6');
  });

  it('refuses to score a missing guarantee item', () => {
    const r = scoreJgj59Table(table(B1, {}, ['G2']));
    expect(r).toMatchObject({ ok: false, code: 'GUARANTEE_ITEM_NOT_INSPECTED', field: 'G2' });
  });

  it('tables without a split (B.13) allow any item missing and zero only by deductions', () => {
    const s = score(table(B13, { N1: 5 }, ['N10']));
    expect(s).toMatchObject({ zeroed: false, guaranteeSubtotal: null });
    expect(s.score).toBeCloseTo((85 / 90) * 100, 5);
    const all = Object.fromEntries(B13.general.map((_, i) => [`N${i + 1}`, 10]));
    expect(score(table(B13, all))).toMatchObject({ score: 0, zeroed: true });
  });

  it.each([
    ['TABLE_EMPTY', { table: 'B.1', hasSplit: true, items: [] }],
    ['ITEM_DUPLICATE', { ...table(B1), items: [...table(B1).items, table(B1).items[0]] }],
    ['ITEM_DEDUCTION_INVALID', table(B1, { N1: -1 })],
    ['ITEM_DEDUCTION_INVALID', table(B1, { N1: Number.NaN })],
    ['TABLE_SPLIT_MISMATCH', { ...table(B1), hasSplit: false }],
    ['TABLE_SPLIT_MISMATCH', { ...table(B13), hasSplit: true }],
    ['TABLE_FULL_SCORE_MISMATCH', { ...table(B1), items: table(B1).items.slice(1) }],
    [
      'NOTHING_INSPECTED',
      table(
        B13,
        {},
        B13.general.map((_, i) => `N${i + 1}`),
      ),
    ],
  ] as Array<[string, Jgj59TableInput]>)('rejects bad input with %s', (code, input) => {
    expect(scoreJgj59Table(input)).toMatchObject({ ok: false, code });
  });
});
