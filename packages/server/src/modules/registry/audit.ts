import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import type { RegistryKind, Tx } from './kind.ts';
import { appendAudit } from '../../audit/chain.ts';

/**
 * Audit entries for the registry's generic create / update / import, in their transaction. The
 * digests cover the record's view (personal data there is already masked), before and after.
 */
export async function auditRegistryWrite(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  kind: RegistryKind,
  id: string,
  action: 'create' | 'update' | 'import',
  before?: { regionCode?: string } | null,
) {
  const after = (await kind.get(deps, actor, id, tx)) as { regionCode?: string };
  await appendAudit(tx, {
    actor,
    action: `${kind.kind}.${action}`,
    subjectType: kind.kind,
    subjectId: id,
    regionCode: after.regionCode ?? before?.regionCode ?? actor.regionCode,
    before: before ?? undefined,
    after,
    details:
      before?.regionCode && after.regionCode && before.regionCode !== after.regionCode
        ? { movedFrom: before.regionCode }
        : {},
  });
}
