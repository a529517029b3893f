import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { gradeAccident, type AccidentFacts, type AccidentGrade } from '../src/index.ts';

const none: AccidentFacts = { deaths: 0, seriousInjuries: 0, directLossYuan: 0 };
const M = 10_000; // 万元

describe('accident grade (State Council Order No. 493)', () => {
  it.each([
    // deaths: 以上 includes the bound
    [{ deaths: 2 }, 'general'],
    [{ deaths: 3 }, 'larger'],
    [{ deaths: 9 }, 'larger'],
    [{ deaths: 10 }, 'serious'],
    [{ deaths: 29 }, 'serious'],
    [{ deaths: 30 }, 'especially_serious'],
    // serious injuries
    [{ seriousInjuries: 9 }, 'general'],
    [{ seriousInjuries: 10 }, 'larger'],
    [{ seriousInjuries: 49 }, 'larger'],
    [{ seriousInjuries: 50 }, 'serious'],
    [{ seriousInjuries: 99 }, 'serious'],
    [{ seriousInjuries: 100 }, 'especially_serious'],
    // direct economic loss
    [{ directLossYuan: 1000 * M - 1 }, 'general'],
    [{ directLossYuan: 1000 * M }, 'larger'],
    [{ directLossYuan: 5000 * M - 0.01 }, 'larger'],
    [{ directLossYuan: 5000 * M }, 'serious'],
    [{ directLossYuan: 10000 * M - 1 }, 'serious'],
    [{ directLossYuan: 10000 * M }, 'especially_serious'],
    [{}, 'general'],
  ] as Array<[Partial<AccidentFacts>, AccidentGrade]>)('%j → %s', (facts, grade) => {
    const r = gradeAccident({ ...none, ...facts });
    expect(r.ok && r.value.grade).toBe(grade);
    // The one measure given must itself grade the same way in the per-measure reasoning.
    for (const m of Object.keys(facts) as Array<keyof AccidentFacts>)
      expect(r.ok && r.value.byMeasure[m]).toBe(grade);
  });

  it('the highest grade any measure reaches wins, and says which measure decided', () => {
    const r = gradeAccident({ deaths: 2, seriousInjuries: 12, directLossYuan: 6000 * M });
    expect(r.ok && r.value).toEqual({
      grade: 'serious',
      decidedBy: [{ measure: 'directLossYuan', value: 6000 * M, threshold: 5000 * M }],
      byMeasure: { deaths: 'general', seriousInjuries: 'larger', directLossYuan: 'serious' },
    });
  });

  it('names every measure that reached the winning grade', () => {
    const r = gradeAccident({ deaths: 3, seriousInjuries: 10, directLossYuan: 0 });
    expect(r.ok && r.value.decidedBy.map((d) => d.measure)).toEqual(['deaths', 'seriousInjuries']);
  });

  it('takes thresholds as configuration', () => {
    const strict = [{ grade: 'larger' as const, min: { deaths: 1, seriousInjuries: 1, directLossYuan: 1 } }];
    expect(gradeAccident({ ...none, deaths: 1 }, strict)).toMatchObject({
      ok: true,
      value: { grade: 'larger' },
    });
  });

  it.each([
    [{ deaths: -1 }, 'deaths'],
    [{ deaths: 1.5 }, 'deaths'],
    [{ seriousInjuries: Number.NaN }, 'seriousInjuries'],
    [{ directLossYuan: -5 }, 'directLossYuan'],
  ] as Array<[Partial<AccidentFacts>, string]>)('rejects %j', (facts, field) => {
    expect(gradeAccident({ ...none, ...facts })).toMatchObject({
      ok: false,
      code: 'ACCIDENT_FACT_INVALID',
      field,
    });
  });

  it('property: more casualties or loss never lowers the grade', () => {
    const rank: Record<AccidentGrade, number> = { general: 0, larger: 1, serious: 2, especially_serious: 3 };
    const facts = fc.record({
      deaths: fc.integer({ min: 0, max: 40 }),
      seriousInjuries: fc.integer({ min: 0, max: 120 }),
      directLossYuan: fc.integer({ min: 0, max: 150_000_000 }),
    });
    fc.assert(
      fc.property(facts, facts, (a, b) => {
        const more = {
          deaths: Math.max(a.deaths, b.deaths),
          seriousInjuries: Math.max(a.seriousInjuries, b.seriousInjuries),
          directLossYuan: Math.max(a.directLossYuan, b.directLossYuan),
        };
        const ga = gradeAccident(a);
        const gm = gradeAccident(more);
        if (!ga.ok || !gm.ok) throw new Error('valid facts refused');
        expect(rank[gm.value.grade]).toBeGreaterThanOrEqual(rank[ga.value.grade]);
      }),
    );
  });
});
