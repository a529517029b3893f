import type { Jgj59ItemInput, Jgj59TableInput, Jgj59TableScore } from '../src/index.ts';

/** Full scores of a few real sub-table shapes: guarantee items total 60, general 40, or no split. */
export const TEMPLATES: Array<{ table: string; hasSplit: boolean; guarantee: number[]; general: number[] }> =
  [
    { table: 'B.1', hasSplit: true, guarantee: [10, 10, 10, 10, 10, 10], general: [10, 10, 10, 10] },
    { table: 'B.15', hasSplit: true, guarantee: [15, 15, 10, 10, 10], general: [10, 10, 10, 5, 5] },
    { table: 'B.3', hasSplit: true, guarantee: [10, 10, 10, 10, 10, 10], general: [10, 10, 10, 5, 5] },
    { table: 'B.13', hasSplit: false, guarantee: [], general: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10] },
    { table: 'B.19', hasSplit: false, guarantee: [], general: [10, 10, 10, 10, 8, 10, 6, 10, 6, 10, 10] },
  ];

/** Builds a table from full scores; `deduct` and `missing` are keyed by item code (e.g. 'G1', 'N3'). */
export function table(
  tpl: (typeof TEMPLATES)[number],
  deduct: Record<string, number> = {},
  missing: string[] = [],
): Jgj59TableInput {
  const item =
    (kind: 'guarantee' | 'general', prefix: string) =>
    (fullScore: number, i: number): Jgj59ItemInput => {
      const code = `${prefix}${i + 1}`;
      return { code, kind, fullScore, deducted: deduct[code] ?? 0, inspected: !missing.includes(code) };
    };
  return {
    table: tpl.table,
    hasSplit: tpl.hasSplit,
    items: [...tpl.guarantee.map(item('guarantee', 'G')), ...tpl.general.map(item('general', 'N'))],
  };
}

export const B1 = TEMPLATES[0];
export const B13 = TEMPLATES[3];

/** A scored table as the summary receives it. */
export const scored = (tableCode: string, score: number): Jgj59TableScore => ({
  table: tableCode,
  score,
  zeroed: score === 0,
  guaranteeSubtotal: null,
  explanation: [],
});
