import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import type { InspectorConflictsTable } from '../../db/schema-spot-checks.ts';

/** Queries of inspectors' declared conflicts of interest. */
type Q = Kysely<DB>;

const conflictRows = (db: Q) =>
  db
    .selectFrom('inspector_conflicts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
    .leftJoin('projects as p', 'p.id', 'c.project_id')
    .select([
      'c.id',
      'c.user_id',
      'u.display_name as user_name',
      'c.target_kind',
      'c.enterprise_id',
      'c.project_id',
      sql<string>`coalesce(e.name, p.name, '')`.as('target_name'),
      'c.reason',
      'c.declared_at',
      'c.region_code',
    ])
    .where('c.withdrawn_at', 'is', null);
export type ConflictRow = Awaited<ReturnType<ReturnType<typeof conflictRows>['executeTakeFirstOrThrow']>>;

/** Conflicts the actor sees: of inspectors in their jurisdiction; an inspector sees their own. */
export async function listConflicts(db: Q, actor: Actor): Promise<ConflictRow[]> {
  let q = conflictRows(db).where(inScope(actor, 'inspector_conflict', 'c'));
  if (actor.role === 'inspector') q = q.where('c.user_id', '=', actor.userId);
  return q.orderBy('c.declared_at', 'desc').orderBy('c.id').limit(500).execute();
}

export async function getConflict(db: Q, actor: Actor, id: string) {
  let q = conflictRows(db)
    .where('c.id', '=', id)
    .where(inScope(actor, 'inspector_conflict', 'c'));
  if (actor.role === 'inspector') q = q.where('c.user_id', '=', actor.userId);
  return q.executeTakeFirst();
}

export async function insertConflict(trx: Q, values: Insertable<InspectorConflictsTable>) {
  const r = await trx
    .insertInto('inspector_conflicts')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function withdrawConflict(trx: Q, id: string, at: Date) {
  await trx.updateTable('inspector_conflicts').set({ withdrawn_at: at }).where('id', '=', id).execute();
}

/** An enterprise or project the actor may see (a conflict names one), with its name. */
export async function visibleTarget(db: Q, actor: Actor, kind: 'enterprise' | 'project', id: string) {
  return kind === 'enterprise'
    ? db
        .selectFrom('enterprises as e')
        .select(['e.id', 'e.name'])
        .where('e.id', '=', id)
        .where(inScope(actor, 'enterprise', 'e'))
        .executeTakeFirst()
    : db
        .selectFrom('projects as p')
        .select(['p.id', 'p.name'])
        .where('p.id', '=', id)
        .where(inScope(actor, 'project', 'p'))
        .executeTakeFirst();
}
