import type { TargetProfile } from './repo/targets.ts';

/**
 * Matching checklist items against what an inspection is of (its profile, repo/targets.ts).
 */
export type Applies = Partial<
  Record<'industries' | 'projectTypes' | 'equipmentCategories' | 'riskSourceKinds', string[]>
>;
export type Reason = { code: string; params: Record<string, string | number> };

/**
 * Does an item apply to the target? Each dimension the item restricts must match the target;
 * where the registry knows nothing of the target for that dimension (no sites or equipment
 * registered), the item is proposed and flagged for confirmation on site.
 */
export function applicability(
  applies: Applies | undefined,
  profile: TargetProfile,
): { proposed: boolean; reason: Reason } {
  const dims = (['industries', 'projectTypes', 'equipmentCategories', 'riskSourceKinds'] as const).filter(
    (d) => (applies?.[d] ?? []).length > 0,
  );
  if (!dims.length) return { proposed: true, reason: { code: 'APPLIES_ALL', params: {} } };
  const unknown: string[] = [];
  const matched: string[] = [];
  for (const d of dims) {
    const wanted = applies![d]!;
    const have = profile[d];
    if (!have.length) {
      unknown.push(d);
      continue;
    }
    const hit = wanted.filter((w) => have.includes(w));
    if (!hit.length)
      return {
        proposed: false,
        reason: {
          code: 'NO_MATCH',
          params: { dimension: d, wanted: wanted.join(','), have: have.join(',') },
        },
      };
    matched.push(`${d}:${hit.join(',')}`);
  }
  if (unknown.length)
    return {
      proposed: true,
      reason: {
        code: 'UNKNOWN_ON_SITE',
        params: {
          dimension: unknown.join(','),
          wanted: unknown.map((d) => applies![d as keyof Applies]!.join(',')).join(';'),
        },
      },
    };
  return { proposed: true, reason: { code: 'MATCHES', params: { matched: matched.join(';') } } };
}
