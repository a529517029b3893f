import { describe, it, expect } from 'vitest';
import {
  JGJ59_SUMMARY_ITEMS,
  groupJgj59Tables,
  scoreJgj59Summary,
  type Jgj59SummaryItemInput,
  type Jgj59SummaryScore,
  type Jgj59TableScore,
} from '../src/index.ts';
import { scored } from './jgj59-fixtures.ts';

/** Every summary item present with one table at `score`, unless overridden by key. */
function site(score: number, overrides: Record<string, Jgj59TableScore[]> = {}): Jgj59SummaryItemInput[] {
  return JGJ59_SUMMARY_ITEMS.map((d) => ({
    key: d.key,
    weight: d.weight,
    tables: overrides[d.key] ?? [scored(d.tables[0], score)],
  }));
}

function summary(items: Jgj59SummaryItemInput[]): Jgj59SummaryScore {
  const r = scoreJgj59Summary(items);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

describe('JGJ 59-2011 summary table', () => {
  it('ships the ten items with weights totalling 100 and every appendix B table once', () => {
    expect(JGJ59_SUMMARY_ITEMS).toHaveLength(10);
    expect(JGJ59_SUMMARY_ITEMS.reduce((a, d) => a + d.weight, 0)).toBe(100);
    const tables = JGJ59_SUMMARY_ITEMS.flatMap((d) => d.tables);
    expect(new Set(tables).size).toBe(19);
    expect(JGJ59_SUMMARY_ITEMS.find((d) => d.key === 'civilized_construction')?.weight).toBe(15);
    expect(JGJ59_SUMMARY_ITEMS.find((d) => d.key === 'machinery')?.weight).toBe(5);
  });

  it('A1 = B × C / 100 and the total is their sum', () => {
    const s = summary(site(100, { civilized_construction: [scored('B.2', 80)] }));
    expect(s.items.find((i) => i.key === 'civilized_construction')).toMatchObject({ tableScore: 80, a1: 12 });
    expect(s.total).toBe(97);
    expect(s.grade).toBe('excellent');
  });

  it('averages several scaffold tables', () => {
    const s = summary(site(100, { scaffold: [scored('B.3', 80), scored('B.8', 90), scored('B.9', 70)] }));
    const scaffold = s.items.find((i) => i.key === 'scaffold');
    expect(scaffold).toMatchObject({ tableScore: 80, a1: 8 });
    expect(scaffold?.explanation).toContainEqual({
      code: 'TABLE_MEAN',
      params: { item: 'scaffold', tables: 'B.3,B.8,B.9', count: 3, mean: 80 },
    });
    expect(s.total).toBe(98);
  });

  it('converts missing summary items: total = D / E × 100', () => {
    // No foundation pit, no hoist: E = 80. Others at 90, so D = 72 and the total is 90.
    const s = summary(site(90, { foundation_pit: [], hoist_elevator: [] }));
    expect(s.total).toBe(90);
    expect(s.explanation).toContainEqual({
      code: 'MISSING_ITEM_CONVERSION',
      params: { D: 72, E: 80, score: 90 },
    });
    expect(s.items.find((i) => i.key === 'foundation_pit')).toMatchObject({ present: false, a1: null });
  });

  it.each([
    [100, 'excellent', 'GRADE_EXCELLENT'],
    [80, 'excellent', 'GRADE_EXCELLENT'],
    [79.9, 'qualified', 'GRADE_QUALIFIED'],
    [70, 'qualified', 'GRADE_QUALIFIED'],
    [69.9, 'unqualified', 'GRADE_TOTAL_TOO_LOW'],
    [20, 'unqualified', 'GRADE_TOTAL_TOO_LOW'],
  ])('total %s grades %s', (score, grade, reason) => {
    const s = summary(site(score));
    expect(s.total).toBe(score);
    expect(s.grade).toBe(grade);
    expect(s.gradeReason.code).toBe(reason);
  });

  it('any sub-table scoring 0 makes the site unqualified, whatever the total', () => {
    const s = summary(site(100, { machinery: [scored('B.19', 0)] }));
    expect(s.total).toBe(95);
    expect(s.grade).toBe('unqualified');
    expect(s.gradeReason).toEqual({ code: 'GRADE_ZEROED_TABLE', params: { tables: 'B.19', total: 95 } });
    expect(s.zeroedTables).toEqual(['B.19']);
  });

  it('a zeroed scaffold counts even when averaged with good ones', () => {
    const s = summary(site(100, { scaffold: [scored('B.3', 100), scored('B.4', 0)] }));
    expect(s.grade).toBe('unqualified');
    expect(s.items.find((i) => i.key === 'scaffold')?.tableScore).toBe(50);
  });

  it.each([
    ['SUMMARY_EMPTY', []],
    ['SUMMARY_ITEM_DUPLICATE', [...site(90), site(90)[0]]],
    ['SUMMARY_WEIGHT_INVALID', site(90).map((i, n) => (n === 0 ? { ...i, weight: 0 } : i))],
    ['SUMMARY_WEIGHTS_MISMATCH', site(90).slice(1)],
    ['TABLE_SCORE_INVALID', site(90, { machinery: [scored('B.19', 101)] })],
    ['NOTHING_INSPECTED', site(90).map((i) => ({ ...i, tables: [] }))],
  ] as Array<[string, Jgj59SummaryItemInput[]]>)('rejects bad input with %s', (code, items) => {
    expect(scoreJgj59Summary(items)).toMatchObject({ ok: false, code });
  });

  it('groups scored tables into summary items by table code', () => {
    const r = groupJgj59Tables([scored('B.3', 80), scored('B.3', 90), scored('B.17', 70)]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.find((i) => i.key === 'scaffold')?.tables).toHaveLength(2);
    expect(r.value.find((i) => i.key === 'crane_lifting')?.tables).toHaveLength(1);
    expect(r.value.find((i) => i.key === 'machinery')?.tables).toHaveLength(0);
    expect(groupJgj59Tables([scored('B.99', 80)])).toMatchObject({ ok: false, code: 'UNKNOWN_TABLE' });
  });
});
