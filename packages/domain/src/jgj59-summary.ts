import { step, type Explanation } from './explanation.ts';
import { JGJ59_SUMMARY_ITEMS, type Jgj59SummaryItemDef } from './jgj59-items.ts';
import type { Jgj59TableScore } from './jgj59.ts';
import { sum, tidy } from './numbers.ts';
import { err, ok, type Result } from './result.ts';

/** JGJ 59-2011 summary scoring and site grade (优良 / 合格 / 不合格). See jgj59.ts on precision. */
export type Jgj59Grade = 'excellent' | 'qualified' | 'unqualified';

export interface Jgj59SummaryItemInput {
  key: string;
  weight: number;
  /** Empty = the item does not exist on this site (缺项). */
  tables: Jgj59TableScore[];
}

export interface Jgj59SummaryItemScore {
  key: string;
  weight: number;
  present: boolean;
  /** C: mean of the item's sub-table scores; null when missing. */
  tableScore: number | null;
  /** A1 = B × C / 100; null when missing. */
  a1: number | null;
  explanation: Explanation[];
}

export interface Jgj59SummaryScore {
  items: Jgj59SummaryItemScore[];
  total: number;
  grade: Jgj59Grade;
  gradeReason: Explanation;
  /** Sub-tables that scored 0 (any one makes the site unqualified). */
  zeroedTables: string[];
  explanation: Explanation[];
}

export interface Jgj59GradeRules {
  excellentMin: number;
  qualifiedMin: number;
  /** The summary's item weights must total this. */
  summaryFullScore: number;
}

export const JGJ59_GRADE_RULES: Jgj59GradeRules = {
  excellentMin: 80,
  qualifiedMin: 70,
  summaryFullScore: 100,
};

export function scoreJgj59Summary(
  inputs: Jgj59SummaryItemInput[],
  rules: Jgj59GradeRules = JGJ59_GRADE_RULES,
): Result<Jgj59SummaryScore> {
  const invalid = validateSummary(inputs, rules);
  if (invalid) return invalid;

  const items = inputs.map(scoreItem);
  const present = items.filter((i) => i.present);
  const D = tidy(sum(present.map((i) => i.a1 as number)));
  const E = tidy(sum(present.map((i) => i.weight)));
  const explanation: Explanation[] = [];
  // Missing items: A2 = D / E × 100 over the items present.
  const total = E === 100 ? D : tidy(Math.min(100, (D * 100) / E));
  if (present.length < items.length) {
    const missing = items.filter((i) => !i.present).map((i) => i.key);
    explanation.push(step('SUMMARY_MISSING_ITEMS', { items: missing.join(','), count: missing.length }));
    explanation.push(step('MISSING_ITEM_CONVERSION', { D, E, score: total }));
  }
  explanation.push(step('SUMMARY_TOTAL', { total }));

  const zeroedTables = inputs.flatMap((i) =>
    i.tables.filter((t) => t.zeroed || t.score === 0).map((t) => t.table),
  );
  const { grade, gradeReason } = gradeOf(total, zeroedTables, rules);
  explanation.push(gradeReason);
  return ok({ items, total, grade, gradeReason, zeroedTables, explanation });
}

function scoreItem(input: Jgj59SummaryItemInput): Jgj59SummaryItemScore {
  const { key, weight, tables } = input;
  if (tables.length === 0) {
    return {
      key,
      weight,
      present: false,
      tableScore: null,
      a1: null,
      explanation: [step('SUMMARY_ITEM_MISSING', { item: key, weight })],
    };
  }
  const explanation: Explanation[] = [];
  const C = tidy(sum(tables.map((t) => t.score)) / tables.length);
  if (tables.length > 1) {
    explanation.push(
      step('TABLE_MEAN', {
        item: key,
        tables: tables.map((t) => t.table).join(','),
        count: tables.length,
        mean: C,
      }),
    );
  }
  const a1 = tidy((weight * C) / 100);
  explanation.push(step('SUMMARY_ITEM_SCORE', { item: key, B: weight, C, A1: a1 }));
  return { key, weight, present: true, tableScore: C, a1, explanation };
}

function gradeOf(
  total: number,
  zeroedTables: string[],
  rules: Jgj59GradeRules,
): { grade: Jgj59Grade; gradeReason: Explanation } {
  if (zeroedTables.length > 0) {
    return {
      grade: 'unqualified',
      gradeReason: step('GRADE_ZEROED_TABLE', { tables: zeroedTables.join(','), total }),
    };
  }
  if (total >= rules.excellentMin) {
    return { grade: 'excellent', gradeReason: step('GRADE_EXCELLENT', { total, min: rules.excellentMin }) };
  }
  if (total >= rules.qualifiedMin) {
    return {
      grade: 'qualified',
      gradeReason: step('GRADE_QUALIFIED', { total, min: rules.qualifiedMin, below: rules.excellentMin }),
    };
  }
  return {
    grade: 'unqualified',
    gradeReason: step('GRADE_TOTAL_TOO_LOW', { total, min: rules.qualifiedMin }),
  };
}

function validateSummary(inputs: Jgj59SummaryItemInput[], rules: Jgj59GradeRules): Result<never> | null {
  if (inputs.length === 0) return err('SUMMARY_EMPTY', '汇总表没有项目 / the summary has no items', 'items');
  const seen = new Set<string>();
  for (const i of inputs) {
    if (seen.has(i.key))
      return err(
        'SUMMARY_ITEM_DUPLICATE',
        `汇总项目 ${i.key} 重复 / summary item ${i.key} appears twice`,
        i.key,
      );
    seen.add(i.key);
    if (!Number.isFinite(i.weight) || i.weight <= 0) {
      return err(
        'SUMMARY_WEIGHT_INVALID',
        `汇总项目 ${i.key} 的分值须为正数 / weight of ${i.key} must be positive`,
        i.key,
      );
    }
    const bad = i.tables.find((t) => !Number.isFinite(t.score) || t.score < 0 || t.score > 100);
    if (bad) {
      return err(
        'TABLE_SCORE_INVALID',
        `评分表 ${bad.table} 得分须在 0–100 之间 / score of ${bad.table} must be within 0–100`,
        i.key,
      );
    }
  }
  const total = tidy(sum(inputs.map((i) => i.weight)));
  if (total !== rules.summaryFullScore) {
    return err(
      'SUMMARY_WEIGHTS_MISMATCH',
      `汇总表分值合计 ${total}，应为 ${rules.summaryFullScore} / weights total ${total}, expected ${rules.summaryFullScore}`,
      'items',
    );
  }
  if (!inputs.some((i) => i.tables.length > 0)) {
    return err(
      'NOTHING_INSPECTED',
      '汇总表全部缺项，无法评分 / every summary item is missing: nothing to score',
      'items',
    );
  }
  return null;
}

/**
 * Sorts scored sub-tables into summary items by table code (e.g. two B.3 scaffolds and one B.8
 * all feed "scaffold"); an unknown table code is an error, not silently dropped.
 */
export function groupJgj59Tables(
  tables: Jgj59TableScore[],
  defs: readonly Jgj59SummaryItemDef[] = JGJ59_SUMMARY_ITEMS,
): Result<Jgj59SummaryItemInput[]> {
  const grouped = defs.map((d) => ({ key: d.key, weight: d.weight, tables: [] as Jgj59TableScore[] }));
  for (const t of tables) {
    const idx = defs.findIndex((d) => d.tables.includes(t.table));
    if (idx < 0)
      return err(
        'UNKNOWN_TABLE',
        `评分表 ${t.table} 不属于任何汇总项目 / table ${t.table} belongs to no summary item`,
        t.table,
      );
    grouped[idx].tables.push(t);
  }
  return ok(grouped);
}
