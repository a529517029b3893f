import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  JGJ59_SUMMARY_ITEMS,
  groupJgj59Tables,
  scoreJgj59Summary,
  scoreJgj59Table,
  type Jgj59SummaryScore,
  type Jgj59TableInput,
  type Jgj59TableScore,
} from '../src/index.ts';
import { TEMPLATES } from './jgj59-fixtures.ts';

/** A sub-table from a real shape, with deductions in half points (sometimes above the item's full score). */
const tableArb: fc.Arbitrary<Jgj59TableInput> = fc.constantFrom(...TEMPLATES).chain((tpl) => {
  const n = tpl.guarantee.length + tpl.general.length;
  return fc
    .tuple(
      fc.constant(tpl),
      fc.array(
        fc.oneof(
          fc.constant(0),
          fc.integer({ min: 0, max: 36 }).map((h) => h / 2),
        ),
        { minLength: n, maxLength: n },
      ),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    )
    .map(([t, deductions, missing]) => {
      const fulls = [...t.guarantee, ...t.general];
      const items = fulls.map((fullScore, i) => {
        const kind = i < t.guarantee.length ? ('guarantee' as const) : ('general' as const);
        // Guarantee items are always inspected; keep at least the first item inspected.
        const inspected = kind === 'guarantee' || i === 0 || !missing[i];
        return { code: `I${i + 1}`, kind, fullScore, deducted: deductions[i], inspected };
      });
      return { table: t.table, hasSplit: t.hasSplit, items };
    });
});

function tableScore(t: Jgj59TableInput): Jgj59TableScore {
  const r = scoreJgj59Table(t);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

/** A site: per summary item, 0–3 sub-tables drawn with that item's table codes. */
const siteArb = fc
  .tuple(
    ...JGJ59_SUMMARY_ITEMS.map((d) =>
      fc.array(
        tableArb.map((t) => ({ ...t, table: d.tables[0] })),
        { maxLength: 3 },
      ),
    ),
  )
  .map((perItem) => perItem.flat())
  .filter((tables) => tables.length > 0);

function siteScore(tables: Jgj59TableInput[]): Jgj59SummaryScore {
  const grouped = groupJgj59Tables(tables.map(tableScore));
  if (!grouped.ok) throw new Error(grouped.message);
  const r = scoreJgj59Summary(grouped.value);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

function bump(tables: Jgj59TableInput[], t: number, i: number, extra: number): Jgj59TableInput[] {
  return tables.map((tb, ti) =>
    ti !== t
      ? tb
      : {
          ...tb,
          items: tb.items.map((it, ii) => (ii === i ? { ...it, deducted: it.deducted + extra } : it)),
        },
  );
}

describe('JGJ 59 invariants', () => {
  it('a sub-table score stays within [0, 100]', () => {
    fc.assert(
      fc.property(tableArb, (t) => {
        const s = tableScore(t);
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(100);
      }),
      { numRuns: 500 },
    );
  }, 20_000);

  it('with nothing missing and no deductions a sub-table scores 100', () => {
    for (const tpl of TEMPLATES) {
      const t = {
        table: tpl.table,
        hasSplit: tpl.hasSplit,
        items: [...tpl.guarantee, ...tpl.general].map((fullScore, i) => ({
          code: `I${i}`,
          kind: i < tpl.guarantee.length ? ('guarantee' as const) : ('general' as const),
          fullScore,
          deducted: 0,
          inspected: true,
        })),
      };
      expect(tableScore(t)).toMatchObject({ score: 100, zeroed: false });
    }
  });

  it('increasing a deduction never increases the sub-table score', () => {
    fc.assert(
      fc.property(tableArb, fc.nat(), fc.integer({ min: 1, max: 40 }), (t, pick, halves) => {
        const i = pick % t.items.length;
        const after = bump([t], 0, i, halves / 2)[0];
        expect(tableScore(after).score).toBeLessThanOrEqual(tableScore(t).score);
      }),
      { numRuns: 500 },
    );
  }, 20_000);

  it('the total stays within [0, 100] and a zeroed sub-table always means unqualified', () => {
    fc.assert(
      fc.property(siteArb, (tables) => {
        const s = siteScore(tables);
        expect(s.total).toBeGreaterThanOrEqual(0);
        expect(s.total).toBeLessThanOrEqual(100);
        const anyZero = tables.map(tableScore).some((t) => t.zeroed);
        if (anyZero) expect(s.grade).toBe('unqualified');
        if (s.grade !== 'unqualified') expect(s.total).toBeGreaterThanOrEqual(70);
      }),
      { numRuns: 200 },
    );
  }, 20_000);

  it('increasing any deduction never increases the total', () => {
    fc.assert(
      fc.property(
        siteArb,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 40 }),
        (tables, tPick, iPick, halves) => {
          const t = tPick % tables.length;
          const i = iPick % tables[t].items.length;
          const before = siteScore(tables);
          const after = siteScore(bump(tables, t, i, halves / 2));
          expect(after.total).toBeLessThanOrEqual(before.total);
          const rank = { excellent: 2, qualified: 1, unqualified: 0 };
          expect(rank[after.grade]).toBeLessThanOrEqual(rank[before.grade]);
        },
      ),
      { numRuns: 200 },
    );
  }, 20_000);

  it('a complete site with no deductions scores 100 and is excellent', () => {
    const tables = JGJ59_SUMMARY_ITEMS.map((d) => ({
      table: d.tables[0],
      hasSplit: true,
      items: [
        { code: 'G', kind: 'guarantee' as const, fullScore: 60, deducted: 0, inspected: true },
        { code: 'N', kind: 'general' as const, fullScore: 40, deducted: 0, inspected: true },
      ],
    }));
    expect(siteScore(tables)).toMatchObject({ total: 100, grade: 'excellent' });
  });
});
