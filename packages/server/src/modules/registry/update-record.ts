import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { KindSchemas, PatchOf, RegistryKind, ViewOf } from './kind.ts';
import { auditRegistryWrite } from './audit.ts';

/** Edits one record the actor may see, with its audit entry (before and after), in one transaction. */
export async function updateRecord<S extends KindSchemas>(
  deps: Deps,
  actor: Actor,
  kind: RegistryKind<S>,
  id: string,
  patch: PatchOf<S>,
): Promise<ViewOf<S>> {
  await inTransaction(deps.database.db, async (tx) => {
    const before = await kind.get(deps, actor, id, tx);
    await kind.update(deps, actor, id, patch, tx);
    await auditRegistryWrite(tx, deps, actor, kind, id, 'update', before);
  });
  return kind.get(deps, actor, id);
}
