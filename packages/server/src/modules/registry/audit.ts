import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import type { KindSchemas, RegistryKind, Tx, ViewOf } from './kind.ts';
import { appendAudit } from '../../audit/chain.ts';

/** The region a view names (every registry view has one; checked rather than assumed). */
const regionOf = (view: unknown): string | undefined => {
  if (typeof view !== 'object' || view === null || !('regionCode' in view)) return undefined;
  return typeof view.regionCode === 'string' ? view.regionCode : undefined;
};

/**
 * Audit entries for the registry's generic create / update / import, in their transaction. The
 * digests cover the record's view (personal data there is already masked), before and after.
 */
export async function auditRegistryWrite<S extends KindSchemas>(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  kind: RegistryKind<S>,
  id: string,
  action: 'create' | 'update' | 'import',
  before?: ViewOf<S> | null,
) {
  const after = await kind.get(deps, actor, id, tx);
  const beforeRegion = regionOf(before);
  const afterRegion = regionOf(after);
  await appendAudit(tx, {
    actor,
    action: `${kind.kind}.${action}`,
    subjectType: kind.kind,
    subjectId: id,
    regionCode: afterRegion ?? beforeRegion ?? actor.regionCode,
    before: before ?? undefined,
    after,
    details: beforeRegion && afterRegion && beforeRegion !== afterRegion ? { movedFrom: beforeRegion } : {},
  });
}
