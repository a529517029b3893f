import { step, type Explanation } from './explanation.ts';
import { tidy } from './numbers.ts';
import { err, ok, type Result } from './result.ts';

/**
 * Risk assessment by LEC (D = L × E × C) and by the LS matrix (R = L × S), graded into the four
 * colours: red major 重大, orange larger 较大, yellow general 一般, blue low 低. Allowed values and
 * band limits differ between sources and regions, so both come in as configuration.
 */
export type RiskColour = 'red' | 'orange' | 'yellow' | 'blue';
export type RiskLevel = 'major' | 'larger' | 'general' | 'low';

export const RISK_LEVEL_BY_COLOUR: Record<RiskColour, RiskLevel> = {
  red: 'major',
  orange: 'larger',
  yellow: 'general',
  blue: 'low',
};

/** A band starts at `from` (inclusive or not); bands are listed from the most severe down. */
export interface RiskBand {
  colour: RiskColour;
  from: number;
  includeFrom: boolean;
}

export interface RiskScaleConfig {
  /** Allowed values per factor, e.g. { L: [...], E: [...], C: [...] }. */
  factors: Record<string, readonly number[]>;
  bands: readonly RiskBand[];
}

/** LEC bands: > 320 red, 160–320 orange, 70–160 yellow, < 70 blue (a boundary belongs to the band above it, except 320). */
export const DEFAULT_LEC_BANDS: readonly RiskBand[] = [
  { colour: 'red', from: 320, includeFrom: false },
  { colour: 'orange', from: 160, includeFrom: true },
  { colour: 'yellow', from: 70, includeFrom: true },
  { colour: 'blue', from: 0, includeFrom: true },
];

export const DEFAULT_LEC_CONFIG: RiskScaleConfig = {
  factors: {
    L: [10, 6, 3, 1, 0.5, 0.2, 0.1],
    E: [10, 6, 3, 2, 1, 0.5],
    C: [100, 40, 15, 7, 3, 1],
  },
  bands: DEFAULT_LEC_BANDS,
};

/** LS bands (one common source): 1–3 blue, 4–9 yellow, 10–16 orange, 20–25 red. */
export const DEFAULT_LS_BANDS: readonly RiskBand[] = [
  { colour: 'red', from: 20, includeFrom: true },
  { colour: 'orange', from: 10, includeFrom: true },
  { colour: 'yellow', from: 4, includeFrom: true },
  { colour: 'blue', from: 0, includeFrom: true },
];

export const DEFAULT_LS_CONFIG: RiskScaleConfig = {
  factors: { L: [1, 2, 3, 4, 5], S: [1, 2, 3, 4, 5] },
  bands: DEFAULT_LS_BANDS,
};

export interface RiskAssessment {
  method: 'LEC' | 'LS';
  value: number;
  colour: RiskColour;
  level: RiskLevel;
  explanation: Explanation[];
}

export function assessLec(
  input: { L: number; E: number; C: number },
  config: RiskScaleConfig = DEFAULT_LEC_CONFIG,
): Result<RiskAssessment> {
  return assess('LEC', input, config);
}

export function assessLs(
  input: { L: number; S: number },
  config: RiskScaleConfig = DEFAULT_LS_CONFIG,
): Result<RiskAssessment> {
  return assess('LS', input, config);
}

function assess(
  method: 'LEC' | 'LS',
  input: Record<string, number>,
  config: RiskScaleConfig,
): Result<RiskAssessment> {
  const names = Object.keys(config.factors);
  for (const name of names) {
    const allowed = config.factors[name];
    const v = input[name];
    if (typeof v !== 'number' || !allowed.includes(v)) {
      return err(
        `${method}_${name}_INVALID`,
        `${name} 取值应为 ${allowed.join('、')} 之一 / ${name} must be one of ${allowed.join(', ')}`,
        name,
      );
    }
  }
  // Tidy the product so 0.1 × 10 × 70 style float noise cannot move a value across a band limit.
  const value = tidy(names.reduce((p, n) => p * input[n], 1));
  const band = classify(value, config.bands);
  if (!band.ok) return band;
  const factors = Object.fromEntries(names.map((n) => [n, input[n]]));
  const explanation = [
    step(`${method}_PRODUCT`, { ...factors, value }),
    step('RISK_BAND', {
      colour: band.value.colour,
      from: band.value.from,
      includeFrom: String(band.value.includeFrom),
      value,
    }),
  ];
  const { colour } = band.value;
  return ok({ method, value, colour, level: RISK_LEVEL_BY_COLOUR[colour], explanation });
}

/** The first band, from the top, that the value reaches; an error when the bands leave it uncovered. */
export function classify(value: number, bands: readonly RiskBand[]): Result<RiskBand> {
  const band = bands.find((b) => value > b.from || (b.includeFrom && value === b.from));
  return band
    ? ok(band)
    : err(
        'RISK_BANDS_INCOMPLETE',
        `风险分级配置未覆盖数值 ${value} / no band covers the value ${value}`,
        'bands',
      );
}

/** Configuration check for an administrator's edit: bands strictly descending, lowest reaching 0. */
export function validateRiskBands(bands: readonly RiskBand[]): Result<readonly RiskBand[]> {
  if (bands.length === 0)
    return err('RISK_BANDS_EMPTY', '至少需要一个风险分级 / at least one band is needed', 'bands');
  for (let i = 1; i < bands.length; i++) {
    if (!(bands[i].from < bands[i - 1].from)) {
      return err(
        'RISK_BANDS_ORDER',
        '风险分级须按下限从高到低排列 / bands must be listed with falling lower limits',
        `bands.${i}`,
      );
    }
  }
  const last = bands[bands.length - 1];
  if (last.from > 0 || (last.from === 0 && !last.includeFrom)) {
    return err(
      'RISK_BANDS_INCOMPLETE',
      '最低一级须从 0 起（含 0）/ the lowest band must start at 0 inclusive',
      `bands.${bands.length - 1}`,
    );
  }
  return ok(bands);
}

/** Colours from the least to the most severe; the rank orders them. */
export const RISK_COLOURS_BY_SEVERITY: readonly RiskColour[] = ['blue', 'yellow', 'orange', 'red'];
export const riskColourRank = (c: RiskColour): number => RISK_COLOURS_BY_SEVERITY.indexOf(c);

/**
 * A site's colour: the most severe colour among its current risk points' latest assessments; no
 * assessed point → no colour (null), never a guess.
 */
export function highestColour(colours: ReadonlyArray<RiskColour | null | undefined>): RiskColour | null {
  let best: RiskColour | null = null;
  for (const c of colours) if (c && (best === null || riskColourRank(c) > riskColourRank(best))) best = c;
  return best;
}

export type RiskMethod = 'LEC' | 'LS';

/** One version of the bands of a method for a scope: a region code prefix ('' = country), optionally one industry. */
export interface RiskBandSetCandidate {
  id: string;
  method: RiskMethod;
  regionPrefix: string;
  industryCode: string | null;
  version: number;
  effectiveFrom: string; // YYYY-MM-DD
}

/**
 * The band set an assessment uses: among the sets of the method in force on `today` whose region
 * prefix contains the site and whose industry is the site's or any, the most specific — the longest
 * region prefix, then an industry's own over "every industry" — and, of those, the latest in force
 * (effective date, then version). Null when none applies (the shipped national defaults always do).
 */
export function pickBandSet<T extends RiskBandSetCandidate>(
  sets: readonly T[],
  at: { method: RiskMethod; regionCode: string; industryCode: string | null; today: string },
): T | null {
  let best: T | null = null;
  const better = (a: T, b: T) =>
    a.regionPrefix.length - b.regionPrefix.length ||
    Number(a.industryCode !== null) - Number(b.industryCode !== null) ||
    a.effectiveFrom.localeCompare(b.effectiveFrom) ||
    a.version - b.version;
  for (const s of sets) {
    if (s.method !== at.method || s.effectiveFrom > at.today) continue;
    if (!at.regionCode.startsWith(s.regionPrefix)) continue;
    if (s.industryCode !== null && s.industryCode !== at.industryCode) continue;
    if (!best || better(s, best) > 0) best = s;
  }
  return best;
}

/** Assess by either method with a band set's scale: the one entry point for stored assessments. */
export function assessRisk(
  method: RiskMethod,
  factors: Record<string, number>,
  config: RiskScaleConfig,
): Result<RiskAssessment> {
  const extra = Object.keys(factors).find((k) => !(k in config.factors));
  if (extra !== undefined)
    return err(
      `${method}_FACTOR_UNKNOWN`,
      `${method} 的因素为 ${Object.keys(config.factors).join('、')}，没有 ${extra} / ${method} takes ${Object.keys(config.factors).join(', ')}, not ${extra}`,
      extra,
    );
  return assess(method, factors, config);
}

/** Configuration check of a factor scale: each factor a non-empty list of distinct positive numbers. */
export function validateRiskFactors(
  method: RiskMethod,
  factors: Record<string, readonly number[]>,
): Result<Record<string, readonly number[]>> {
  const want = method === 'LEC' ? ['L', 'E', 'C'] : ['L', 'S'];
  const have = Object.keys(factors).sort();
  if (have.join() !== [...want].sort().join())
    return err(
      'RISK_FACTORS_NAMES',
      `${method} 的因素应为 ${want.join('、')} / ${method} factors must be ${want.join(', ')}`,
      'factors',
    );
  for (const name of want) {
    const vs = factors[name];
    if (!vs.length || vs.some((v) => !(Number.isFinite(v) && v > 0)) || new Set(vs).size !== vs.length)
      return err(
        'RISK_FACTORS_VALUES',
        `因素 ${name} 须为互不相同的正数 / factor ${name} needs distinct positive values`,
        `factors.${name}`,
      );
  }
  return ok(factors);
}

/** Area of a risk-map zone (shoelace), in the image's relative units (0..1 each way): 0 for a degenerate one. */
export function polygonArea(p: ReadonlyArray<readonly number[]>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const [x1, y1] = p[i];
    const [x2, y2] = p[(i + 1) % p.length];
    s += x1 * y2 - x2 * y1;
  }
  return Math.abs(s) / 2;
}
