import { step, type Explanation } from './explanation.ts';
import { sum, tidy } from './numbers.ts';
import { err, ok, type Result } from './result.ts';

/**
 * JGJ 59-2011 sub-table (分项检查评分表) scoring, by deduction from 100. An unsplit table whose items
 * do not total 100 is converted to 100 (A2 = D / E × 100), never padded.
 *
 * Precision: scores keep full precision (tidied to 6 decimals to drop float noise); the standard's
 * thresholds (guarantee subtotal under 40, total ≥ 80 / ≥ 70) are applied to those values. Round
 * only for display (`displayScore`), so 79.96 shows as "80.0" yet is still "qualified" — the
 * explanation carries the exact figure.
 */
export type Jgj59ItemKind = 'guarantee' | 'general';

export interface Jgj59ItemInput {
  code: string;
  kind: Jgj59ItemKind;
  fullScore: number;
  deducted: number;
  /** false = 缺项: the item does not exist on this site. */
  inspected: boolean;
}

export interface Jgj59TableInput {
  table: string;
  /** B.13 and B.19 have no guarantee/general split. */
  hasSplit: boolean;
  items: Jgj59ItemInput[];
}

export interface Jgj59TableScore {
  table: string;
  score: number;
  /** The table scored 0 — by the guarantee rule, or (unsplit tables) by deductions alone. */
  zeroed: boolean;
  /** Null for tables without a guarantee/general split. */
  guaranteeSubtotal: number | null;
  explanation: Explanation[];
}

export interface Jgj59TableRules {
  /** Guarantee items together scoring under this zero the table. */
  guaranteeMinimum: number;
  /** Every sub-table is out of this many points. */
  tableFullScore: number;
}

export const JGJ59_TABLE_RULES: Jgj59TableRules = { guaranteeMinimum: 40, tableFullScore: 100 };

export function scoreJgj59Table(
  input: Jgj59TableInput,
  rules: Jgj59TableRules = JGJ59_TABLE_RULES,
): Result<Jgj59TableScore> {
  const invalid = validateTable(input, rules);
  if (invalid) return invalid;
  const { table, hasSplit, items } = input;
  const explanation: Explanation[] = [];
  const scoreOf = (i: Jgj59ItemInput) => i.fullScore - Math.min(i.deducted, i.fullScore);

  for (const i of items) {
    if (!i.inspected) {
      explanation.push(step('ITEM_MISSING', { item: i.code, fullScore: i.fullScore }));
      continue;
    }
    if (i.deducted > i.fullScore) {
      explanation.push(
        step('ITEM_DEDUCTION_CLAMPED', { item: i.code, deducted: i.deducted, fullScore: i.fullScore }),
      );
    }
    if (i.deducted > 0) {
      explanation.push(
        step('ITEM_DEDUCTION', {
          item: i.code,
          fullScore: i.fullScore,
          deducted: Math.min(i.deducted, i.fullScore),
          score: scoreOf(i),
        }),
      );
    }
  }

  let guaranteeSubtotal: number | null = null;
  if (hasSplit) {
    const guarantee = items.filter((i) => i.kind === 'guarantee');
    guaranteeSubtotal = tidy(sum(guarantee.map(scoreOf)));
    explanation.push(
      step('GUARANTEE_SUBTOTAL', { subtotal: guaranteeSubtotal, minimum: rules.guaranteeMinimum }),
    );
    const zeroItems = guarantee.filter((i) => scoreOf(i) <= 0);
    for (const i of zeroItems) explanation.push(step('GUARANTEE_ZERO_ITEM', { item: i.code }));
    const under = guaranteeSubtotal < rules.guaranteeMinimum;
    if (under) {
      explanation.push(
        step('GUARANTEE_SUBTOTAL_UNDER_MINIMUM', {
          subtotal: guaranteeSubtotal,
          minimum: rules.guaranteeMinimum,
        }),
      );
    }
    if (zeroItems.length > 0 || under) {
      explanation.push(step('TABLE_ZEROED', { table }));
      return ok({ table, score: 0, zeroed: true, guaranteeSubtotal, explanation });
    }
  }

  const inspected = items.filter((i) => i.inspected);
  const D = tidy(sum(inspected.map(scoreOf)));
  const E = tidy(sum(inspected.map((i) => i.fullScore)));
  // A2 = D / E × 100; with nothing missing (and a table totalling 100) E is 100 and the score is the sum.
  const score = E === rules.tableFullScore ? D : tidy(Math.min(100, (D * 100) / E));
  if (inspected.length < items.length || E !== rules.tableFullScore)
    explanation.push(step('MISSING_ITEM_CONVERSION', { D, E, score }));
  explanation.push(step('TABLE_SCORE', { table, score }));
  if (score === 0) explanation.push(step('TABLE_SCORE_ZERO', { table }));
  return ok({ table, score, zeroed: score === 0, guaranteeSubtotal, explanation });
}

function validateTable(input: Jgj59TableInput, rules: Jgj59TableRules): Result<never> | null {
  const { table, hasSplit, items } = input;
  if (items.length === 0)
    return err('TABLE_EMPTY', `评分表 ${table} 没有检查项目 / table ${table} has no items`, 'items');
  const seen = new Set<string>();
  for (const i of items) {
    if (seen.has(i.code))
      return err('ITEM_DUPLICATE', `检查项目 ${i.code} 重复 / item ${i.code} appears twice`, i.code);
    seen.add(i.code);
    if (!Number.isFinite(i.fullScore) || i.fullScore <= 0) {
      return err(
        'ITEM_FULL_SCORE_INVALID',
        `项目 ${i.code} 应得分须为正数 / full score of ${i.code} must be positive`,
        i.code,
      );
    }
    if (!Number.isFinite(i.deducted) || i.deducted < 0) {
      return err(
        'ITEM_DEDUCTION_INVALID',
        `项目 ${i.code} 扣分不能为负 / deduction for ${i.code} must be 0 or more`,
        i.code,
      );
    }
    if (!hasSplit && i.kind === 'guarantee') {
      return err(
        'TABLE_SPLIT_MISMATCH',
        `评分表 ${table} 不分保证项目，但 ${i.code} 标为保证项目 / ${table} has no guarantee items but ${i.code} is one`,
        i.code,
      );
    }
    if (hasSplit && i.kind === 'guarantee' && !i.inspected) {
      return err(
        'GUARANTEE_ITEM_NOT_INSPECTED',
        `保证项目 ${i.code} 必须检查，不能缺项 / guarantee item ${i.code} must be inspected: it cannot be marked missing`,
        i.code,
      );
    }
  }
  if (hasSplit && !items.some((i) => i.kind === 'guarantee')) {
    return err(
      'TABLE_SPLIT_MISMATCH',
      `评分表 ${table} 缺少保证项目 / ${table} is split but has no guarantee items`,
      'items',
    );
  }
  // A split table's guarantee (60) and general (40) items total 100 — the guarantee minimum of 40 only
  // means something then. A table without the split (B.13, B.19) whose items as shipped do not total
  // 100 (B.19: the confirmed 平刨 10 where 12 was shipped, the other machines' points unconfirmed) is
  // scored by conversion, A2 = D / E × 100 over what was inspected, as for items missing on site.
  const total = tidy(sum(items.map((i) => i.fullScore)));
  if (hasSplit && total !== rules.tableFullScore) {
    return err(
      'TABLE_FULL_SCORE_MISMATCH',
      `评分表 ${table} 应得分合计 ${total}，应为 ${rules.tableFullScore} / full scores of ${table} total ${total}, expected ${rules.tableFullScore}`,
      'items',
    );
  }
  if (!items.some((i) => i.inspected)) {
    return err(
      'NOTHING_INSPECTED',
      `评分表 ${table} 全部缺项，无法评分 / every item of ${table} is missing: nothing to score`,
      'items',
    );
  }
  return null;
}
