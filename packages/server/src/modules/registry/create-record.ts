import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { InputOf, KindSchemas, RegistryKind, ViewOf } from './kind.ts';
import { auditRegistryWrite } from './audit.ts';

/** Registers one record of a kind with its audit entry, in one transaction; returns its view. */
export async function createRecord<S extends KindSchemas>(
  deps: Deps,
  actor: Actor,
  kind: RegistryKind<S>,
  input: InputOf<S>,
): Promise<ViewOf<S>> {
  const id = await inTransaction(deps.database.db, async (tx) => {
    const created = await kind.create(deps, actor, input, tx);
    await auditRegistryWrite(tx, deps, actor, kind, created, 'create');
    return created;
  });
  return kind.get(deps, actor, id);
}
