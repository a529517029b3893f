import { describe, expect, it } from 'vitest';
import { scoreJgj59Table, type Jgj59TableInput } from '../src/index.ts';

// B.19 as shipped after following the confirmed facts (平刨 10, not 12): its items total 98. The standard's
// conversion over inspected items (A2 = D / E × 100) scores it out of 100; no value is padded to make 100.
const B19 = [10, 10, 8, 10, 10, 10, 8, 8, 6, 8, 10];
const table = (deducted: Record<number, number> = {}, missing: number[] = []): Jgj59TableInput => ({
  table: 'B.19',
  hasSplit: false,
  items: B19.map((fullScore, i) => ({
    code: `B.19.${i + 1}`,
    kind: 'general',
    fullScore,
    deducted: deducted[i] ?? 0,
    inspected: !missing.includes(i),
  })),
});

describe('JGJ 59 unsplit table whose items do not total 100', () => {
  it('scores 100 with nothing deducted (not 98)', () => {
    expect(scoreJgj59Table(table())).toMatchObject({ ok: true, value: { score: 100, zeroed: false } });
  });
  it('converts a deduction over the table total: 平刨 −5 → 93 / 98 × 100', () => {
    const r = scoreJgj59Table(table({ 0: 5 }));
    expect(r.ok && r.value.score).toBeCloseTo((93 * 100) / 98, 6);
    expect(r.ok && r.value.explanation.map((e) => e.code)).toContain('MISSING_ITEM_CONVERSION');
  });
  it('converts over inspected items when machines are missing on site', () => {
    const r = scoreJgj59Table(table({ 0: 5 }, [5, 6, 7, 8, 9, 10]));
    expect(r.ok && r.value.score).toBeCloseTo((43 * 100) / 48, 6);
  });
  it('still refuses a split table that does not total 100', () => {
    const split: Jgj59TableInput = {
      table: 'B.1',
      hasSplit: true,
      items: [
        { code: 'a', kind: 'guarantee', fullScore: 60, deducted: 0, inspected: true },
        { code: 'b', kind: 'general', fullScore: 38, deducted: 0, inspected: true },
      ],
    };
    expect(scoreJgj59Table(split)).toMatchObject({ ok: false, code: 'TABLE_FULL_SCORE_MISMATCH' });
  });
});
