import { step, type Explanation } from './explanation.ts';
import { scoreJgj59Table, type Jgj59ItemKind, type Jgj59TableScore } from './jgj59.ts';
import { groupJgj59Tables, scoreJgj59Summary, type Jgj59SummaryScore } from './jgj59-summary.ts';
import type { Jgj59SummaryItemDef } from './jgj59-items.ts';
import { sum, tidy } from './numbers.ts';
import { err, ok, type Result } from './result.ts';

/**
 * JGJ 59 scoring of an inspection in progress or finished: turns item-by-item results (pass, fail
 * with deductions, not applicable, not yet checked) into sub-table inputs, scores each table
 * present, and the summary with the grade.
 *
 * - An item not applicable on site is a missing item (缺项).
 * - A table whose every item is not applicable is not on site at all: it is left out of the
 *   summary (its summary item is missing when no other table feeds it).
 * - An item not yet checked counts as no deduction for now; the result says it is provisional.
 */
export type FindingOutcome = 'pending' | 'pass' | 'fail' | 'na';

export interface DeductionRule {
  points: number;
  /** Given for ranges ("扣2～10分"). */
  minPoints?: number;
  /** Given for repeated deductions ("每处", "每人"). */
  per?: string;
}

export interface ChosenDeduction {
  /** Index of the rule in the item's deduction list. */
  rule: number;
  points: number;
  /** How many times (places, persons); 1 unless the rule is per occurrence. */
  count: number;
}

/**
 * Checks deductions chosen for a failed item against its rules and totals them. The total may
 * exceed the item's full score — the table scoring clamps it and says so.
 */
export function totalDeduction(
  rules: readonly DeductionRule[],
  chosen: readonly ChosenDeduction[],
): Result<number> {
  const seen = new Set<number>();
  for (const [i, c] of chosen.entries()) {
    const rule = rules[c.rule];
    const field = `deductions.${i}`;
    if (!Number.isInteger(c.rule) || !rule)
      return err(
        'DEDUCTION_UNKNOWN',
        `扣分项 ${c.rule + 1} 不存在 / deduction rule ${c.rule} does not exist`,
        `${field}.rule`,
      );
    if (seen.has(c.rule))
      return err(
        'DEDUCTION_DUPLICATE',
        `扣分项 ${c.rule + 1} 重复 / deduction rule ${c.rule} chosen twice`,
        `${field}.rule`,
      );
    seen.add(c.rule);
    if (!Number.isInteger(c.count) || c.count < 1)
      return err(
        'DEDUCTION_COUNT_INVALID',
        `次数须为正整数 / count must be a whole number of at least 1`,
        `${field}.count`,
      );
    if (c.count > 1 && !rule.per)
      return err(
        'DEDUCTION_NOT_REPEATABLE',
        `该扣分项不按处/人计 / this deduction applies once, not per place or person`,
        `${field}.count`,
      );
    const min = rule.minPoints ?? rule.points;
    if (!Number.isFinite(c.points) || c.points < min - 1e-9 || c.points > rule.points + 1e-9) {
      const range = rule.minPoints !== undefined ? `${rule.minPoints}–${rule.points}` : `${rule.points}`;
      return err(
        'DEDUCTION_POINTS_OUT_OF_RANGE',
        `扣分须为 ${range} 分 / points must be ${range}`,
        `${field}.points`,
      );
    }
  }
  return ok(tidy(sum(chosen.map((c) => c.points * c.count))));
}

export interface InspectionItemInput {
  code: string;
  kind: Jgj59ItemKind;
  fullScore: number;
  outcome: FindingOutcome;
  /** Total deducted for a failed item (from totalDeduction); ignored otherwise. */
  deducted: number;
}

export interface InspectionTableInput {
  table: string;
  hasSplit: boolean;
  /** Every item of the table in the checklist version, in order. */
  items: InspectionItemInput[];
}

export interface InspectionTableResult {
  table: string;
  /** false: every item not applicable — the table is not on this site. */
  present: boolean;
  pending: number;
  score: Jgj59TableScore | null;
  /** Why the table cannot be scored as it stands (e.g. a guarantee item marked not applicable). */
  error: { code: string; message: string; field?: string } | null;
  explanation: Explanation[];
}

export interface InspectionScore {
  tables: InspectionTableResult[];
  summary: Jgj59SummaryScore | null;
  /** Why there is no summary (nothing applicable yet, or a table in error). */
  summaryError: { code: string; message: string } | null;
  /** Items not yet checked: the figures may still change. */
  pending: number;
  provisional: boolean;
}

export function scoreJgj59Inspection(
  tables: readonly InspectionTableInput[],
  summaryDefs: readonly Jgj59SummaryItemDef[],
): InspectionScore {
  const results: InspectionTableResult[] = tables.map(scoreTable);
  const pending = sum(results.map((r) => r.pending));
  const broken = results.find((r) => r.error);
  const scored = results.filter((r) => r.score).map((r) => r.score as Jgj59TableScore);
  let summary: Jgj59SummaryScore | null = null;
  let summaryError: InspectionScore['summaryError'] = null;
  if (broken) {
    summaryError = {
      code: 'TABLE_IN_ERROR',
      message: `评分表 ${broken.table} 无法评分：${broken.error!.message} / table ${broken.table} cannot be scored`,
    };
  } else if (!scored.length) {
    summaryError = { code: 'NOTHING_INSPECTED', message: '尚无适用的评分表 / no scored table applies yet' };
  } else {
    const grouped = groupJgj59Tables(scored, summaryDefs);
    const r = grouped.ok ? scoreJgj59Summary(grouped.value) : grouped;
    if (r.ok) summary = r.value;
    else summaryError = { code: r.code, message: r.message };
  }
  return { tables: results, summary, summaryError, pending, provisional: pending > 0 };
}

function scoreTable(t: InspectionTableInput): InspectionTableResult {
  const pending = t.items.filter((i) => i.outcome === 'pending').length;
  const explanation: Explanation[] = [];
  if (t.items.length && t.items.every((i) => i.outcome === 'na')) {
    return {
      table: t.table,
      present: false,
      pending: 0,
      score: null,
      error: null,
      explanation: [step('TABLE_NOT_APPLICABLE', { table: t.table })],
    };
  }
  if (pending) explanation.push(step('ITEMS_PENDING', { table: t.table, count: pending }));
  const r = scoreJgj59Table({
    table: t.table,
    hasSplit: t.hasSplit,
    items: t.items.map((i) => ({
      code: i.code,
      kind: t.hasSplit ? i.kind : 'general',
      fullScore: i.fullScore,
      deducted: i.outcome === 'fail' ? Math.max(0, i.deducted) : 0,
      inspected: i.outcome !== 'na',
    })),
  });
  if (!r.ok)
    return {
      table: t.table,
      present: true,
      pending,
      score: null,
      error: { code: r.code, message: r.message, field: r.field },
      explanation,
    };
  return {
    table: t.table,
    present: true,
    pending,
    score: r.value,
    error: null,
    explanation: [...explanation, ...r.value.explanation],
  };
}
