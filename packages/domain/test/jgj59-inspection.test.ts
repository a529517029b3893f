import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  JGJ59_SUMMARY_ITEMS,
  scoreJgj59Inspection,
  totalDeduction,
  type DeductionRule,
  type FindingOutcome,
  type InspectionTableInput,
} from '../src/index.ts';
import { TEMPLATES } from './jgj59-fixtures.ts';

/** A table as an inspection holds it: every item with its outcome and deduction. */
function tableOf(
  tpl: (typeof TEMPLATES)[number],
  outcomes: Record<string, [FindingOutcome, number?]> = {},
  fallback: FindingOutcome = 'pass',
): InspectionTableInput {
  const items = [
    ...tpl.guarantee.map((fullScore, i) => ({ code: `G${i + 1}`, kind: 'guarantee' as const, fullScore })),
    ...tpl.general.map((fullScore, i) => ({ code: `N${i + 1}`, kind: 'general' as const, fullScore })),
  ].map((i) => {
    const [outcome, deducted] = outcomes[i.code] ?? [fallback, 0];
    return { ...i, outcome, deducted: deducted ?? 0 };
  });
  return { table: tpl.table, hasSplit: tpl.hasSplit, items };
}
const [B1, B15, B3, B13, B19] = TEMPLATES;

describe('deductions chosen for a failed item', () => {
  const rules: DeductionRule[] = [
    { points: 10 },
    { points: 10, minPoints: 2 },
    { points: 2, per: 'each' },
    { points: 5, minPoints: 2, per: 'each' },
  ];

  it('a fixed rule deducts its points', () => {
    expect(totalDeduction(rules, [{ rule: 0, points: 10, count: 1 }])).toEqual({ ok: true, value: 10 });
  });
  it('a range rule ("扣2～10分") takes any value in its range, and nothing outside it', () => {
    expect(totalDeduction(rules, [{ rule: 1, points: 2, count: 1 }])).toEqual({ ok: true, value: 2 });
    expect(totalDeduction(rules, [{ rule: 1, points: 6.5, count: 1 }])).toEqual({ ok: true, value: 6.5 });
    expect(totalDeduction(rules, [{ rule: 1, points: 1, count: 1 }])).toMatchObject({
      ok: false,
      code: 'DEDUCTION_POINTS_OUT_OF_RANGE',
      field: 'deductions.0.points',
    });
    expect(totalDeduction(rules, [{ rule: 0, points: 4, count: 1 }])).toMatchObject({
      ok: false,
      code: 'DEDUCTION_POINTS_OUT_OF_RANGE',
    });
  });
  it('a per-occurrence rule ("每处扣2分") multiplies by the count', () => {
    expect(totalDeduction(rules, [{ rule: 2, points: 2, count: 3 }])).toEqual({ ok: true, value: 6 });
    expect(
      totalDeduction(rules, [
        { rule: 3, points: 3, count: 2 },
        { rule: 0, points: 10, count: 1 },
      ]),
    ).toEqual({ ok: true, value: 16 });
  });
  it('refuses a count on a one-off rule, an unknown rule and a rule chosen twice', () => {
    expect(totalDeduction(rules, [{ rule: 0, points: 10, count: 2 }])).toMatchObject({
      ok: false,
      code: 'DEDUCTION_NOT_REPEATABLE',
    });
    expect(totalDeduction(rules, [{ rule: 9, points: 1, count: 1 }])).toMatchObject({
      ok: false,
      code: 'DEDUCTION_UNKNOWN',
    });
    expect(
      totalDeduction(rules, [
        { rule: 2, points: 2, count: 1 },
        { rule: 2, points: 2, count: 1 },
      ]),
    ).toMatchObject({ ok: false, code: 'DEDUCTION_DUPLICATE' });
    expect(totalDeduction(rules, [{ rule: 2, points: 2, count: 0 }])).toMatchObject({
      ok: false,
      code: 'DEDUCTION_COUNT_INVALID',
    });
  });
  it('any valid choice totals the sum of points × count (property)', () => {
    const choice = fc
      .uniqueArray(fc.integer({ min: 0, max: rules.length - 1 }), { minLength: 1, maxLength: rules.length })
      .chain((idx) =>
        fc.tuple(
          ...idx.map((rule) => {
            const r = rules[rule];
            const points =
              r.minPoints !== undefined
                ? fc.integer({ min: r.minPoints * 2, max: r.points * 2 }).map((h) => h / 2)
                : fc.constant(r.points);
            const count = r.per ? fc.integer({ min: 1, max: 20 }) : fc.constant(1);
            return fc.record({ rule: fc.constant(rule), points, count });
          }),
        ),
      );
    fc.assert(
      fc.property(choice, (chosen) => {
        const r = totalDeduction(rules, chosen);
        expect(r.ok).toBe(true);
        if (r.ok)
          expect(r.value).toBeCloseTo(
            chosen.reduce((n, c) => n + c.points * c.count, 0),
            6,
          );
      }),
    );
  });
});

describe('scoring an inspection item by item', () => {
  it('a complete site with every item passed scores 100 and is excellent', () => {
    const s = scoreJgj59Inspection([tableOf(B1), tableOf(B13)], JGJ59_SUMMARY_ITEMS);
    expect(s.provisional).toBe(false);
    expect(s.tables.map((t) => t.score?.score)).toEqual([100, 100]);
    expect(s.summary).toMatchObject({ total: 100, grade: 'excellent' });
    // two summary items present, eight missing: the total is converted (A2 = D / E × 100)
    expect(s.summary!.explanation.map((e) => e.code)).toContain('MISSING_ITEM_CONVERSION');
  });

  it('a failed guarantee item with its deductions lowers the table and, at 0, zeroes it', () => {
    const s = scoreJgj59Inspection([tableOf(B1, { G1: ['fail', 4], N2: ['fail', 3] })], JGJ59_SUMMARY_ITEMS);
    expect(s.tables[0].score!.score).toBe(93);
    const z = scoreJgj59Inspection([tableOf(B1, { G1: ['fail', 10] })], JGJ59_SUMMARY_ITEMS);
    expect(z.tables[0].score).toMatchObject({ score: 0, zeroed: true });
    expect(z.summary!.grade).toBe('unqualified');
    expect(z.summary!.gradeReason.code).toBe('GRADE_ZEROED_TABLE');
  });

  it('a table whose every item is not applicable is not on site: its summary item is missing', () => {
    const s = scoreJgj59Inspection([tableOf(B1), tableOf(B15, {}, 'na')], JGJ59_SUMMARY_ITEMS);
    expect(s.tables[1]).toMatchObject({ present: false, score: null, error: null });
    expect(s.tables[1].explanation[0].code).toBe('TABLE_NOT_APPLICABLE');
    const hoist = s.summary!.items.find((i) => i.key === 'hoist_elevator')!;
    expect(hoist.present).toBe(false);
  });

  it('a general item not applicable is converted; a guarantee item cannot be not applicable alone', () => {
    const s = scoreJgj59Inspection([tableOf(B3, { N1: ['na'], N2: ['fail', 5] })], JGJ59_SUMMARY_ITEMS);
    // D = 100 - 10 (N1 missing) - 5 = 85, E = 90 → 94.444…
    expect(s.tables[0].score!.score).toBeCloseTo((85 * 100) / 90, 5);
    const bad = scoreJgj59Inspection([tableOf(B3, { G2: ['na'] })], JGJ59_SUMMARY_ITEMS);
    expect(bad.tables[0].error).toMatchObject({ code: 'GUARANTEE_ITEM_NOT_INSPECTED' });
    expect(bad.summary).toBeNull();
    expect(bad.summaryError!.code).toBe('TABLE_IN_ERROR');
  });

  it('items not yet checked count as no deduction and mark the result provisional', () => {
    const s = scoreJgj59Inspection([tableOf(B19, { N1: ['fail', 4] }, 'pending')], JGJ59_SUMMARY_ITEMS);
    expect(s.pending).toBe(B19.general.length - 1);
    expect(s.provisional).toBe(true);
    expect(s.tables[0].score!.score).toBe(96);
    expect(s.tables[0].explanation[0]).toEqual({
      code: 'ITEMS_PENDING',
      params: { table: 'B.19', count: B19.general.length - 1 },
    });
  });

  it('nothing applicable yet gives no summary, and says so', () => {
    const s = scoreJgj59Inspection([tableOf(B1, {}, 'na')], JGJ59_SUMMARY_ITEMS);
    expect(s.summary).toBeNull();
    expect(s.summaryError!.code).toBe('NOTHING_INSPECTED');
  });
});

/** Random inspections over real table shapes: outcomes and half-point deductions per item. */
const outcomeArb = fc.oneof(
  fc.constant<[FindingOutcome, number]>(['pass', 0]),
  fc.constant<[FindingOutcome, number]>(['pending', 0]),
  fc.constant<[FindingOutcome, number]>(['na', 0]),
  fc.integer({ min: 1, max: 30 }).map((h): [FindingOutcome, number] => ['fail', h / 2]),
);
const inspectionArb = fc.subarray([...TEMPLATES], { minLength: 1 }).chain((tpls) =>
  fc.tuple(
    ...tpls.map((tpl) => {
      const n = tpl.guarantee.length + tpl.general.length;
      return fc.array(outcomeArb, { minLength: n, maxLength: n }).map((outs) => {
        const t = tableOf(tpl);
        t.items = t.items.map((i, k) => {
          // guarantee items are never marked not applicable alone
          const [outcome, deducted] =
            i.kind === 'guarantee' && outs[k][0] === 'na'
              ? (['pass', 0] as [FindingOutcome, number])
              : outs[k];
          return { ...i, outcome, deducted };
        });
        return t;
      });
    }),
  ),
);

describe('properties of inspection scoring', () => {
  it("every figure stays within [0, 100]; the grade follows the standard's thresholds", () => {
    fc.assert(
      fc.property(inspectionArb, (tables) => {
        const s = scoreJgj59Inspection(tables, JGJ59_SUMMARY_ITEMS);
        for (const t of s.tables) {
          if (!t.score) continue;
          expect(t.score.score).toBeGreaterThanOrEqual(0);
          expect(t.score.score).toBeLessThanOrEqual(100);
        }
        if (!s.summary) return;
        const { total, grade, zeroedTables } = s.summary;
        expect(total).toBeGreaterThanOrEqual(0);
        expect(total).toBeLessThanOrEqual(100);
        const expected = zeroedTables.length
          ? 'unqualified'
          : total >= 80
            ? 'excellent'
            : total >= 70
              ? 'qualified'
              : 'unqualified';
        expect(grade).toBe(expected);
        for (const t of s.tables) if (t.score?.zeroed) expect(zeroedTables).toContain(t.table);
      }),
    );
  });

  it('checking a pending item and finding it fine changes no figure', () => {
    fc.assert(
      fc.property(inspectionArb, fc.nat(), (tables, pick) => {
        const pendings = tables
          .flatMap((t, ti) => t.items.map((i, ii) => [ti, ii, i.outcome] as const))
          .filter(([, , o]) => o === 'pending');
        fc.pre(pendings.length > 0);
        const [ti, ii] = pendings[pick % pendings.length];
        const after = tables.map((t, k) =>
          k !== ti
            ? t
            : { ...t, items: t.items.map((i, j) => (j === ii ? { ...i, outcome: 'pass' as const } : i)) },
        );
        const s0 = scoreJgj59Inspection(tables, JGJ59_SUMMARY_ITEMS);
        const s1 = scoreJgj59Inspection(after, JGJ59_SUMMARY_ITEMS);
        expect(s1.pending).toBe(s0.pending - 1);
        expect(s1.tables.map((t) => t.score?.score)).toEqual(s0.tables.map((t) => t.score?.score));
        expect(s1.summary?.total).toEqual(s0.summary?.total);
      }),
    );
  });

  it('failing one more item never raises a table score or the total', () => {
    fc.assert(
      fc.property(inspectionArb, fc.nat(), fc.integer({ min: 1, max: 20 }), (tables, pick, halfPoints) => {
        const open = tables
          .flatMap((t, ti) => t.items.map((i, ii) => [ti, ii, i.outcome] as const))
          .filter(([, , o]) => o === 'pass' || o === 'pending');
        fc.pre(open.length > 0);
        const [ti, ii] = open[pick % open.length];
        const after = tables.map((t, k) =>
          k !== ti
            ? t
            : {
                ...t,
                items: t.items.map((i, j) =>
                  j === ii ? { ...i, outcome: 'fail' as const, deducted: halfPoints / 2 } : i,
                ),
              },
        );
        const s0 = scoreJgj59Inspection(tables, JGJ59_SUMMARY_ITEMS);
        const s1 = scoreJgj59Inspection(after, JGJ59_SUMMARY_ITEMS);
        expect(s1.tables[ti].score!.score).toBeLessThanOrEqual(s0.tables[ti].score!.score + 1e-9);
        if (s0.summary && s1.summary) expect(s1.summary.total).toBeLessThanOrEqual(s0.summary.total + 1e-9);
      }),
    );
  });

  it('marking a whole table not applicable removes it from the summary, never leaves it half-counted', () => {
    fc.assert(
      fc.property(inspectionArb, fc.nat(), (tables, pick) => {
        const ti = pick % tables.length;
        const after = tables.map((t, k) =>
          k !== ti ? t : { ...t, items: t.items.map((i) => ({ ...i, outcome: 'na' as const })) },
        );
        const s = scoreJgj59Inspection(after, JGJ59_SUMMARY_ITEMS);
        expect(s.tables[ti]).toMatchObject({ present: false, score: null, pending: 0 });
        // the fixtures' table codes are distinct, so nothing of that table may reach the summary
        if (s.summary) expect(s.summary.zeroedTables).not.toContain(after[ti].table);
      }),
    );
  });
});
