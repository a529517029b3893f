import { daysBetween } from './dates.ts';
import { sha256Hex } from './sha256.ts';

/**
 * Double random, one public (双随机、一公开; DOMAIN.md §9): draw the targets to inspect at random from
 * a published target pool, assign at least two inspectors to each at random from an inspector pool
 * with conflict-of-interest recusal, and let anyone recompute the draw.
 *
 * The draw is a pure function of (pool, rules, seed):
 * - every input is put in a canonical order first (targets by kind and id, inspectors by id, lists
 *   sorted), so the order of a published file does not matter;
 * - digest = SHA-256("redline.draw/1\n" + seed + "\n" + canonical JSON of { pool, rules }); the
 *   generator (sfc32) is seeded from the digest's first 16 bytes, so changing the pool, the rules or
 *   the seed changes every random choice;
 * - the authority publishes commitment = SHA-256(seed) with the frozen pool and rules before the
 *   draw, and reveals the seed afterwards; `verifyPublishedDraw` checks both.
 *
 * Which targets: every target with a high-risk reason the rules cover in full (red risk colour, a
 * key risk source, grade C, an entry on a credit list) is drawn (key inspection beside the random
 * checks, DOMAIN §9). The others are drawn at random per frequency group: a target of grade G is due
 * `perYear[G]` routine inspections a year (default C 12 = monthly, B 4 = quarterly, A 2 = twice a
 * year), so a plan of `periodMonths` months draws round(n × min(1, periodMonths × perYear / 12))
 * of the n targets of the group (half up; one task per target per plan). **An ungraded target is in
 * group B** (normal frequency) until it has a grade.
 *
 * Which inspectors: `inspectorsPerTarget` (≥ 2, Administrative Penalty Law 2021 art. 42) distinct
 * inspectors, never one whose employer is a party of the target or who declared a conflict with
 * it; for a routine plan only inspectors whose jurisdiction covers the target (what an inspection
 * team requires), for a cross-inspection never one whose jurisdiction covers it. Least-loaded
 * first, ties broken by the generator. A drawn target with too few eligible inspectors is listed as
 * unstaffed, never given fewer.
 */

export const DRAW_FORMAT = 'redline.draw/1';

export const DRAW_GRADES = ['A', 'B', 'C'] as const;
export type DrawGrade = (typeof DRAW_GRADES)[number];

export const HIGH_RISK_REASONS = ['red_risk', 'key_risk_source', 'grade_c', 'credit_list'] as const;
export type HighRiskReason = (typeof HIGH_RISK_REASONS)[number];

export const DRAW_KINDS = ['routine', 'cross'] as const;
export type DrawKind = (typeof DRAW_KINDS)[number];

export interface DrawTarget {
  kind: 'enterprise' | 'project';
  id: string;
  name: string;
  /** Division code of the target (a jurisdiction is a prefix of it). */
  regionCode: string;
  /** null = not graded yet (frequency group B). */
  grade: DrawGrade | null;
  highRisk: HighRiskReason[];
  /** The enterprise itself, or the enterprises that are parties of the project (for recusal). */
  enterpriseIds: string[];
}

export interface DrawInspector {
  id: string;
  name: string;
  /** The inspector's jurisdiction (division-code prefix). */
  regionCode: string;
  /** An inspector employed by an enterprise (an expert): never drawn for it. null for civil servants. */
  enterpriseId: string | null;
  /** Declared conflicts: "enterprise:<id>" or "project:<id>". */
  conflicts: string[];
}

export interface DrawPool {
  targets: DrawTarget[];
  inspectors: DrawInspector[];
}

export interface DrawRules {
  kind: DrawKind;
  /** Length of the plan's period in months (1–12). */
  periodMonths: number;
  /** Routine inspections due per year by grade. */
  perYear: Record<DrawGrade, number>;
  /** Inspectors per target, at least 2. */
  inspectorsPerTarget: number;
  /** High-risk reasons whose targets are all drawn. */
  fullCoverage: HighRiskReason[];
}

export const DEFAULT_PER_YEAR: Readonly<Record<DrawGrade, number>> = { A: 2, B: 4, C: 12 };
export const MIN_DRAW_INSPECTORS = 2;

export interface DrawTask {
  targetKind: DrawTarget['kind'];
  targetId: string;
  targetName: string;
  regionCode: string;
  grade: DrawGrade | null;
  basis: 'full_coverage' | 'random';
  reasons: HighRiskReason[];
  inspectorIds: string[];
}

export interface DrawUnstaffed {
  targetKind: DrawTarget['kind'];
  targetId: string;
  targetName: string;
  eligible: number;
}

export interface DrawOutcome {
  digest: string;
  tasks: DrawTask[];
  unstaffed: DrawUnstaffed[];
  groups: Record<DrawGrade, { pool: number; full: number; random: number }>;
  ungraded: number;
}

export type RecusalReason =
  'own_employer' | 'declared_conflict' | 'own_jurisdiction' | 'outside_jurisdiction';

// ---- canonical form ----------------------------------------------------------------------------

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortedSet = <T extends string>(xs: readonly T[]) => [...new Set(xs)].sort(cmp);

/** The pool in canonical order (what is hashed and what is drawn from). */
export function canonicalPool(pool: DrawPool): DrawPool {
  return {
    targets: pool.targets
      .map((t) => ({
        kind: t.kind,
        id: t.id,
        name: t.name,
        regionCode: t.regionCode,
        grade: t.grade ?? null,
        highRisk: sortedSet(t.highRisk),
        enterpriseIds: sortedSet(t.enterpriseIds),
      }))
      .sort((a, b) => cmp(a.kind, b.kind) || cmp(a.id, b.id)),
    inspectors: pool.inspectors
      .map((i) => ({
        id: i.id,
        name: i.name,
        regionCode: i.regionCode,
        enterpriseId: i.enterpriseId ?? null,
        conflicts: sortedSet(i.conflicts),
      }))
      .sort((a, b) => cmp(a.id, b.id)),
  };
}

export function canonicalRules(r: DrawRules): DrawRules {
  return {
    kind: r.kind,
    periodMonths: r.periodMonths,
    perYear: { A: r.perYear.A, B: r.perYear.B, C: r.perYear.C },
    inspectorsPerTarget: r.inspectorsPerTarget,
    fullCoverage: sortedSet(r.fullCoverage),
  };
}

/** Problems with a pool and rules (field path → message); empty when the draw can run. */
export function drawInputProblems(
  pool: DrawPool,
  rules: DrawRules,
): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  if (!pool || !Array.isArray(pool.targets) || !Array.isArray(pool.inspectors))
    return [{ field: 'pool', message: 'the pool needs lists of targets and inspectors' }];
  if (!rules || typeof rules !== 'object' || !rules.perYear || !Array.isArray(rules.fullCoverage))
    return [
      {
        field: 'rules',
        message: 'the rules need kind, periodMonths, perYear, inspectorsPerTarget and fullCoverage',
      },
    ];
  const int = (v: unknown, lo: number, hi: number) =>
    Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
  if (!DRAW_KINDS.includes(rules.kind))
    out.push({ field: 'rules.kind', message: 'kind is routine or cross' });
  if (!int(rules.periodMonths, 1, 12))
    out.push({ field: 'rules.periodMonths', message: 'the period is 1 to 12 whole months' });
  for (const g of DRAW_GRADES)
    if (!int(rules.perYear?.[g], 0, 52))
      out.push({ field: `rules.perYear.${g}`, message: 'inspections a year is a whole number from 0 to 52' });
  if (!int(rules.inspectorsPerTarget, MIN_DRAW_INSPECTORS, 6))
    out.push({
      field: 'rules.inspectorsPerTarget',
      message: 'at least 2 inspectors per target (Administrative Penalty Law 2021 art. 42), at most 6',
    });
  for (const r of rules.fullCoverage ?? [])
    if (!HIGH_RISK_REASONS.includes(r))
      out.push({ field: 'rules.fullCoverage', message: `unknown reason ${r}` });
  const seen = new Set<string>();
  for (const t of pool.targets) {
    const key = `${t.kind}:${t.id}`;
    if (seen.has(key)) out.push({ field: 'pool.targets', message: `target ${key} is listed twice` });
    seen.add(key);
  }
  const ids = new Set<string>();
  for (const i of pool.inspectors) {
    if (ids.has(i.id)) out.push({ field: 'pool.inspectors', message: `inspector ${i.id} is listed twice` });
    ids.add(i.id);
  }
  return out;
}

// ---- generator ---------------------------------------------------------------------------------

/** sfc32, seeded from 16 bytes (32 hex digits) of the digest. */
export function drawRng(digestHex: string) {
  let a = parseInt(digestHex.slice(0, 8), 16) >>> 0;
  let b = parseInt(digestHex.slice(8, 16), 16) >>> 0;
  let c = parseInt(digestHex.slice(16, 24), 16) >>> 0;
  let d = parseInt(digestHex.slice(24, 32), 16) >>> 0;
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 15; i++) next(); // warm up
  return {
    next,
    /** An integer in [0, n). */
    below: (n: number) => Math.floor((next() / 0x100000000) * n),
  };
}

// ---- the rules ---------------------------------------------------------------------------------

/** Why an inspector may not inspect a target, or null when they may. */
export function recusalReason(i: DrawInspector, t: DrawTarget, kind: DrawKind): RecusalReason | null {
  if (i.enterpriseId && t.enterpriseIds.includes(i.enterpriseId)) return 'own_employer';
  const conflicts = new Set(i.conflicts);
  if (conflicts.has(`${t.kind}:${t.id}`) || t.enterpriseIds.some((e) => conflicts.has(`enterprise:${e}`)))
    return 'declared_conflict';
  const covers = t.regionCode.startsWith(i.regionCode);
  if (kind === 'cross' && covers) return 'own_jurisdiction';
  if (kind === 'routine' && !covers) return 'outside_jurisdiction';
  return null;
}

/** How many of n targets of a frequency group a plan draws at random: round(n × min(1, months × perYear / 12)). */
export function randomDrawCount(n: number, periodMonths: number, perYear: number): number {
  return Math.min(n, Math.floor((n * periodMonths * perYear + 6) / 12));
}

export const commitmentOf = (seed: string) => sha256Hex(seed);

/** A plan period's length in whole months (days / 30.4375, rounded, at least 1): Dec 1–31 is 1, a quarter 3, a year 12. */
export function periodMonthsOf(start: string, end: string): number {
  return Math.max(1, Math.round((daysBetween(start, end) + 1) / 30.4375));
}

/** The frequency rule in words (shown with every plan). */
export const FREQUENCY_RULE_ZH =
  '高风险目标（红色风险、重点危险源、C 级、严重失信名单）全部检查；其余按等级分组随机抽取：每组抽取 round(数量 × min(1, 计划月数 × 年检查次数 ÷ 12)) 个；未定级按 B 级计。';

export function drawDigest(pool: DrawPool, rules: DrawRules, seed: string): string {
  return sha256Hex(
    `${DRAW_FORMAT}\n${seed}\n${canonicalJson({ pool: canonicalPool(pool), rules: canonicalRules(rules) })}`,
  );
}

/** The draw: deterministic in (pool, rules, seed), whatever the order of the pool's lists. */
export function runDraw(poolIn: DrawPool, rulesIn: DrawRules, seed: string): DrawOutcome {
  const pool = canonicalPool(poolIn);
  const rules = canonicalRules(rulesIn);
  const digest = drawDigest(pool, rules, seed);
  const rng = drawRng(digest);
  const groupOf = (t: DrawTarget): DrawGrade => t.grade ?? 'B';
  const groups = {
    A: { pool: 0, full: 0, random: 0 },
    B: { pool: 0, full: 0, random: 0 },
    C: { pool: 0, full: 0, random: 0 },
  };
  const full: Array<{ t: DrawTarget; reasons: HighRiskReason[] }> = [];
  const rest: Record<DrawGrade, DrawTarget[]> = { A: [], B: [], C: [] };
  for (const t of pool.targets) {
    groups[groupOf(t)].pool++;
    const reasons = t.highRisk.filter((r) => rules.fullCoverage.includes(r));
    if (reasons.length) {
      full.push({ t, reasons });
      groups[groupOf(t)].full++;
    } else rest[groupOf(t)].push(t);
  }
  const randomPicks: DrawTarget[] = [];
  for (const g of ['C', 'B', 'A'] as const) {
    const list = [...rest[g]];
    for (let i = list.length - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    const n = randomDrawCount(list.length, rules.periodMonths, rules.perYear[g]);
    groups[g].random = n;
    randomPicks.push(...list.slice(0, n));
  }
  const load = new Map(pool.inspectors.map((i) => [i.id, 0]));
  const tasks: DrawTask[] = [];
  const unstaffed: DrawUnstaffed[] = [];
  const assign = (t: DrawTarget, basis: DrawTask['basis'], reasons: HighRiskReason[]) => {
    const eligible = pool.inspectors.filter((i) => recusalReason(i, t, rules.kind) === null);
    const keyed = eligible.map((i) => ({ i, load: load.get(i.id)!, tie: rng.next() }));
    if (eligible.length < rules.inspectorsPerTarget) {
      unstaffed.push({ targetKind: t.kind, targetId: t.id, targetName: t.name, eligible: eligible.length });
      return;
    }
    keyed.sort((a, b) => a.load - b.load || a.tie - b.tie || cmp(a.i.id, b.i.id));
    const chosen = keyed.slice(0, rules.inspectorsPerTarget).map((k) => k.i.id);
    for (const id of chosen) load.set(id, load.get(id)! + 1);
    tasks.push({
      targetKind: t.kind,
      targetId: t.id,
      targetName: t.name,
      regionCode: t.regionCode,
      grade: t.grade,
      basis,
      reasons,
      inspectorIds: chosen,
    });
  };
  for (const { t, reasons } of full) assign(t, 'full_coverage', reasons);
  for (const t of randomPicks) assign(t, 'random', []);
  return { digest, tasks, unstaffed, groups, ungraded: pool.targets.filter((t) => t.grade === null).length };
}

// ---- the published file ------------------------------------------------------------------------

export interface PublishedDraw {
  format: typeof DRAW_FORMAT;
  plan: {
    id: string;
    title: string;
    authority: string;
    regionCode: string;
    kind: DrawKind;
    periodStart: string;
    periodEnd: string;
  };
  commitment: string;
  committedAt: string;
  pool: DrawPool;
  rules: DrawRules;
  /** The seed, once revealed. */
  seed: string | null;
  /** The draw as the authority ran it (once drawn). */
  result: { digest: string; tasks: DrawTask[]; unstaffed: DrawUnstaffed[] } | null;
}

export type DrawVerification =
  | { status: 'verified'; outcome: DrawOutcome }
  | { status: 'mismatch'; outcome: DrawOutcome; differences: string[] }
  | { status: 'commitment_mismatch'; expected: string; actual: string }
  | { status: 'not_revealed' | 'not_drawn' | 'invalid'; message: string };

/** The part of an outcome the published result is compared on. */
const comparable = (r: { digest: string; tasks: DrawTask[]; unstaffed: DrawUnstaffed[] }) => ({
  digest: r.digest,
  tasks: r.tasks,
  unstaffed: r.unstaffed,
});

/** Recomputes a published draw: the seed must match the commitment and the draw the published result. */
export function verifyPublishedDraw(file: PublishedDraw): DrawVerification {
  if (!file || file.format !== DRAW_FORMAT)
    return { status: 'invalid', message: `not a ${DRAW_FORMAT} file` };
  const problems = drawInputProblems(file.pool, file.rules);
  if (problems.length)
    return { status: 'invalid', message: problems.map((p) => `${p.field}: ${p.message}`).join('; ') };
  if (file.seed === null || file.seed === undefined)
    return { status: 'not_revealed', message: 'the seed has not been revealed yet' };
  const actual = commitmentOf(file.seed);
  if (actual !== file.commitment) return { status: 'commitment_mismatch', expected: file.commitment, actual };
  if (!file.result) return { status: 'not_drawn', message: 'the draw has not been run yet' };
  const outcome = runDraw(file.pool, file.rules, file.seed);
  const want = comparable(file.result);
  const got = comparable(outcome);
  if (canonicalJson(want) === canonicalJson(got)) return { status: 'verified', outcome };
  const differences: string[] = [];
  if (want.digest !== got.digest) differences.push(`digest ${want.digest} ≠ recomputed ${got.digest}`);
  const key = (t: DrawTask) => `${t.targetKind}:${t.targetId}`;
  const pub = new Map(want.tasks.map((t) => [key(t), t]));
  const rec = new Map(got.tasks.map((t) => [key(t), t]));
  for (const [k, t] of pub)
    if (!rec.has(k)) differences.push(`${t.targetName}: published, not drawn`);
    else if (canonicalJson(t) !== canonicalJson(rec.get(k)))
      differences.push(`${t.targetName}: different assignment`);
  for (const [k, t] of rec) if (!pub.has(k)) differences.push(`${t.targetName}: drawn, not published`);
  if (canonicalJson(want.unstaffed) !== canonicalJson(got.unstaffed))
    differences.push('unstaffed targets differ');
  if (!differences.length) differences.push('order of tasks differs');
  return { status: 'mismatch', outcome, differences };
}
