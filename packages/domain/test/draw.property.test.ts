import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_PER_YEAR,
  HIGH_RISK_REASONS,
  canonicalJson,
  commitmentOf,
  randomDrawCount,
  recusalReason,
  runDraw,
  verifyPublishedDraw,
  type DrawInspector,
  type DrawPool,
  type DrawRules,
  type DrawTarget,
  type PublishedDraw,
} from '../src/index.ts';

/** The double-random draw: determinism, recusal, coverage, input sensitivity, verification. */

const COUNTIES = ['310116', '310117', '310120', '310112'];
const hex = (n: number) => n.toString(16).padStart(8, '0');
const uuid = (prefix: string, n: number) => `${prefix}${hex(n)}-0000-4000-8000-000000000000`.slice(0, 36);

const targetArb = (i: number) =>
  fc
    .record({
      kind: fc.constantFrom('enterprise' as const, 'project' as const),
      county: fc.constantFrom(...COUNTIES),
      town: fc.integer({ min: 100, max: 105 }),
      grade: fc.constantFrom('A' as const, 'B' as const, 'C' as const, null),
      highRisk: fc.subarray([...HIGH_RISK_REASONS], { maxLength: 2 }),
      ent: fc.integer({ min: 0, max: 12 }),
    })
    .map((r): DrawTarget => ({
      kind: r.kind,
      id: uuid(r.kind === 'enterprise' ? 'e' : 'p', i),
      name: `目标${i}`,
      regionCode: `${r.county}${r.town}`,
      grade: r.grade,
      highRisk: r.highRisk,
      enterpriseIds: [uuid('e', r.ent)],
    }));

const inspectorArb = (i: number) =>
  fc
    .record({
      county: fc.constantFrom(...COUNTIES),
      expert: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
      conflicts: fc.subarray(
        Array.from({ length: 13 }, (_, k) => `enterprise:${uuid('e', k)}`),
        { maxLength: 2 },
      ),
    })
    .map((r): DrawInspector => ({
      id: uuid('a', i),
      name: `检查员${i}`,
      regionCode: r.county,
      enterpriseId: r.expert === null ? null : uuid('e', r.expert),
      conflicts: r.conflicts,
    }));

const poolArb = fc
  .tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 14 }))
  .chain(([nt, ni]) =>
    fc.record({
      targets: fc.tuple(...Array.from({ length: nt }, (_, i) => targetArb(i))),
      inspectors: fc.tuple(...Array.from({ length: ni }, (_, i) => inspectorArb(i))),
    }),
  )
  .map((p): DrawPool => ({ targets: [...p.targets], inspectors: [...p.inspectors] }));

const rulesArb = fc.record({
  kind: fc.constantFrom('routine' as const, 'cross' as const),
  periodMonths: fc.integer({ min: 1, max: 12 }),
  perYear: fc.record({
    A: fc.integer({ min: 0, max: 12 }),
    B: fc.integer({ min: 0, max: 12 }),
    C: fc.integer({ min: 0, max: 12 }),
  }),
  inspectorsPerTarget: fc.integer({ min: 2, max: 3 }),
  fullCoverage: fc.subarray([...HIGH_RISK_REASONS]),
}) as fc.Arbitrary<DrawRules>;

const seedArb = fc.string({ minLength: 8, maxLength: 40 });

const shuffle = <T>(xs: T[], k: number) => {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (i * 7 + k) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe('double-random draw', () => {
  it('is deterministic and independent of the order of the published lists', () => {
    fc.assert(
      fc.property(poolArb, rulesArb, seedArb, fc.nat(50), (pool, rules, seed, k) => {
        const a = runDraw(pool, rules, seed);
        const b = runDraw(pool, rules, seed);
        expect(canonicalJson(b)).toBe(canonicalJson(a));
        const reordered: DrawPool = {
          targets: shuffle(pool.targets, k).map((t) => ({ ...t, highRisk: [...t.highRisk].reverse() })),
          inspectors: shuffle(pool.inspectors, k + 3).map((i) => ({
            ...i,
            conflicts: [...i.conflicts].reverse(),
          })),
        };
        const c = runDraw(reordered, { ...rules, fullCoverage: [...rules.fullCoverage].reverse() }, seed);
        expect(canonicalJson(c)).toBe(canonicalJson(a));
      }),
      { numRuns: 300 },
    );
  });

  it('recuses: ≥ 2 distinct eligible inspectors, never own employer, conflict or (cross) own jurisdiction', () => {
    fc.assert(
      fc.property(poolArb, rulesArb, seedArb, (pool, rules, seed) => {
        const out = runDraw(pool, rules, seed);
        const byId = new Map(pool.inspectors.map((i) => [i.id, i]));
        const targetOf = new Map(pool.targets.map((t) => [`${t.kind}:${t.id}`, t]));
        for (const task of out.tasks) {
          const t = targetOf.get(`${task.targetKind}:${task.targetId}`)!;
          expect(task.inspectorIds.length).toBe(rules.inspectorsPerTarget);
          expect(new Set(task.inspectorIds).size).toBe(task.inspectorIds.length);
          expect(task.inspectorIds.length).toBeGreaterThanOrEqual(2);
          for (const id of task.inspectorIds) {
            const i = byId.get(id)!;
            expect(i.enterpriseId === null || !t.enterpriseIds.includes(i.enterpriseId)).toBe(true);
            expect(i.conflicts.some((c) => t.enterpriseIds.map((e) => `enterprise:${e}`).includes(c))).toBe(
              false,
            );
            if (rules.kind === 'cross') expect(t.regionCode.startsWith(i.regionCode)).toBe(false);
            else expect(t.regionCode.startsWith(i.regionCode)).toBe(true);
          }
        }
        // a drawn target is either staffed or listed as unstaffed with too few eligible inspectors
        for (const u of out.unstaffed) {
          const t = targetOf.get(`${u.targetKind}:${u.targetId}`)!;
          const eligible = pool.inspectors.filter((i) => recusalReason(i, t, rules.kind) === null).length;
          expect(eligible).toBe(u.eligible);
          expect(eligible).toBeLessThan(rules.inspectorsPerTarget);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('covers listed high-risk targets in full and draws the others by grade frequency', () => {
    fc.assert(
      fc.property(poolArb, rulesArb, seedArb, (pool, rules, seed) => {
        const out = runDraw(pool, rules, seed);
        const drawn = new Set([...out.tasks, ...out.unstaffed].map((t) => `${t.targetKind}:${t.targetId}`));
        let random = 0;
        for (const t of pool.targets) {
          const full = t.highRisk.some((r) => rules.fullCoverage.includes(r));
          if (full) expect(drawn.has(`${t.kind}:${t.id}`)).toBe(true);
        }
        for (const g of ['A', 'B', 'C'] as const) {
          const rest = pool.targets.filter(
            (t) => (t.grade ?? 'B') === g && !t.highRisk.some((r) => rules.fullCoverage.includes(r)),
          );
          expect(out.groups[g].random).toBe(
            randomDrawCount(rest.length, rules.periodMonths, rules.perYear[g]),
          );
          random += out.groups[g].random;
        }
        expect(drawn.size).toBe(
          random + pool.targets.filter((t) => t.highRisk.some((r) => rules.fullCoverage.includes(r))).length,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('balances the workload: loads differ by at most one when nobody is recused', () => {
    const inspectors: DrawInspector[] = Array.from({ length: 7 }, (_, i) => ({
      id: uuid('a', i),
      name: `检查员${i}`,
      regionCode: '310116',
      enterpriseId: null,
      conflicts: [],
    }));
    const targets: DrawTarget[] = Array.from({ length: 30 }, (_, i) => ({
      kind: 'enterprise',
      id: uuid('e', i),
      name: `企业${i}`,
      regionCode: '310116101',
      grade: 'C',
      highRisk: [],
      enterpriseIds: [uuid('e', i)],
    }));
    const out = runDraw(
      { targets, inspectors },
      {
        kind: 'routine',
        periodMonths: 1,
        perYear: { ...DEFAULT_PER_YEAR },
        inspectorsPerTarget: 2,
        fullCoverage: [],
      },
      's3cret-seed',
    );
    expect(out.tasks.length).toBe(30); // C monthly: all of them in a one-month plan
    const loads = inspectors.map((i) => out.tasks.filter((t) => t.inspectorIds.includes(i.id)).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });

  it('changes when any input changes: the seed, a target, an inspector, a rule', () => {
    const base = (k: number): DrawPool => ({
      targets: Array.from({ length: 40 }, (_, i) => ({
        kind: 'enterprise' as const,
        id: uuid('e', i),
        name: `企业${i}`,
        regionCode: '310116101',
        grade: (['A', 'B', 'C', null] as const)[i % 4]!,
        highRisk: [],
        enterpriseIds: [uuid('e', i)],
      })),
      inspectors: Array.from({ length: 8 + k }, (_, i) => ({
        id: uuid('a', i),
        name: `检查员${i}`,
        regionCode: '310116',
        enterpriseId: null,
        conflicts: [],
      })),
    });
    const rules: DrawRules = {
      kind: 'routine',
      periodMonths: 3,
      perYear: { A: 2, B: 2, C: 2 },
      inspectorsPerTarget: 2,
      fullCoverage: [],
    };
    const ref = runDraw(base(0), rules, 'seed-one');
    const fingerprint = (o: ReturnType<typeof runDraw>) => canonicalJson(o.tasks);
    const variants = [
      runDraw(base(0), rules, 'seed-two'),
      runDraw({ ...base(0), targets: base(0).targets.slice(1) }, rules, 'seed-one'),
      runDraw(
        { ...base(0), targets: base(0).targets.map((t, i) => (i === 5 ? { ...t, name: '改名' } : t)) },
        rules,
        'seed-one',
      ),
      runDraw(base(1), rules, 'seed-one'),
      runDraw(base(0), { ...rules, perYear: { A: 2, B: 2, C: 3 } }, 'seed-one'),
      runDraw(base(0), { ...rules, periodMonths: 4 }, 'seed-one'),
    ];
    for (const v of variants) {
      expect(v.digest).not.toBe(ref.digest);
      expect(fingerprint(v)).not.toBe(fingerprint(ref));
    }
    // and on random inputs the digest always moves with the seed
    fc.assert(
      fc.property(poolArb, rulesArb, seedArb, seedArb, (pool, r, s1, s2) => {
        fc.pre(s1 !== s2);
        expect(runDraw(pool, r, s1).digest).not.toBe(runDraw(pool, r, s2).digest);
      }),
      { numRuns: 100 },
    );
  });

  it('verifies a published file: revealed seed against the commitment, result against the recomputation', () => {
    fc.assert(
      fc.property(poolArb, rulesArb, seedArb, (pool, rules, seed) => {
        const out = runDraw(pool, rules, seed);
        const file: PublishedDraw = {
          format: 'redline.draw/1',
          plan: {
            id: uuid('f', 1),
            title: 't',
            authority: 'a',
            regionCode: '310116',
            kind: rules.kind,
            periodStart: '2026-12-01',
            periodEnd: '2026-12-31',
          },
          commitment: commitmentOf(seed),
          committedAt: '2026-12-01T00:00:00.000Z',
          pool,
          rules,
          seed,
          result: { digest: out.digest, tasks: out.tasks, unstaffed: out.unstaffed },
        };
        expect(verifyPublishedDraw(file).status).toBe('verified');
        expect(verifyPublishedDraw({ ...file, seed: seed + 'x' }).status).toBe('commitment_mismatch');
        expect(verifyPublishedDraw({ ...file, seed: null }).status).toBe('not_revealed');
        if (out.tasks.length) {
          const forged = structuredClone(file);
          forged.result!.tasks[0]!.inspectorIds.reverse();
          expect(verifyPublishedDraw(forged).status).toBe('mismatch');
        }
        if (pool.targets.length > 1) {
          // a pool changed after the commitment: recomputation no longer gives the published result
          const changed = { ...file, pool: { ...pool, targets: pool.targets.slice(1) } };
          expect(verifyPublishedDraw(changed).status).toBe('mismatch');
        }
      }),
      { numRuns: 150 },
    );
  });
});
