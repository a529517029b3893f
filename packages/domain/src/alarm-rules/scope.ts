import type { Role } from '../roles.ts';

/**
 * Where an alarm rule version applies. National defaults (region '') are shipped; an authority may
 * override a rule for its own jurisdiction only — at province (2-digit division code), city (4) or
 * district / county (6) level (GB/T 2260 prefixes nest, so a jurisdiction is a code prefix). An event
 * of a device is judged by the most specific version in force for the device's site region:
 * district > city > province > national.
 */
export const RULE_SCOPE_LEVELS = ['national', 'province', 'city', 'district'] as const;
export type RuleScopeLevel = (typeof RULE_SCOPE_LEVELS)[number];

const LEVEL_BY_LENGTH: Record<number, RuleScopeLevel> = {
  0: 'national',
  2: 'province',
  4: 'city',
  6: 'district',
};

/** The level of a rule scope (a region code), or null for codes no rule version may be scoped to (e.g. a town). */
export function ruleScopeLevel(regionCode: string): RuleScopeLevel | null {
  if (!/^\d*$/.test(regionCode)) return null;
  return LEVEL_BY_LENGTH[regionCode.length] ?? null;
}

/** Does a version scoped to `scope` apply at `regionCode` (the region itself or anything under it)? */
export const ruleScopeCovers = (scope: string, regionCode: string): boolean => regionCode.startsWith(scope);

/**
 * The scope a user's new rule version gets: their own jurisdiction, when it is a level rules are
 * made at and the role may set rules (administrators and leaders). A reason otherwise.
 */
export function ruleScopeFor(actor: {
  role: Role;
  regionCode: string;
}): { ok: true; scope: string; level: RuleScopeLevel } | { ok: false; message: string } {
  if (actor.role !== 'admin' && actor.role !== 'leader')
    return { ok: false, message: 'only an administrator or a leader of an authority sets alarm rules' };
  const level = ruleScopeLevel(actor.regionCode);
  if (!level)
    return {
      ok: false,
      message: `alarm rules are set nationally or for a province, city or district; your jurisdiction ${actor.regionCode} is none of these`,
    };
  return { ok: true, scope: actor.regionCode, level };
}

/**
 * Of the versions in force of one rule (one per scope), the one that applies at a region: the most
 * specific scope covering it, or undefined when none does (no national version and no override).
 */
export function effectiveRuleVersion<T extends { scope: string }>(
  versions: readonly T[],
  regionCode: string,
): T | undefined {
  let best: T | undefined;
  for (const v of versions)
    if (ruleScopeCovers(v.scope, regionCode) && (!best || v.scope.length > best.scope.length)) best = v;
  return best;
}
