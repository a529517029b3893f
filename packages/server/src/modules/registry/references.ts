import { sql } from 'kysely';
import { validateDivisionCode } from '@redline/domain';
import type { Actor } from '../../auth/actor.ts';
import { inScope, regionWithin } from '../../auth/scope.ts';
import { validation } from '../../errors.ts';
import type { Tx } from './kind.ts';

/**
 * Checks that the records an input points at exist and are visible to the actor; a reference the
 * actor can't see is reported exactly like one that doesn't exist.
 */
export async function assertVisible(
  tx: Tx,
  actor: Actor,
  table: 'enterprises' | 'projects' | 'sites' | 'workers',
  kind: string,
  id: string,
  field: string,
  what: string,
) {
  const row = await tx
    .selectFrom(`${table} as t` as 'enterprises as t')
    .select(['t.id', 't.region_code'])
    .where('t.id', '=', id)
    .where(inScope(actor, kind, 't'))
    .executeTakeFirst();
  if (!row) throw validation(field, `No ${what} with id ${id} in your jurisdiction`);
  return row;
}

/** A new record's region must be a known division code inside the actor's jurisdiction. */
export async function assertRegion(tx: Tx, actor: Actor, code: string, field = 'regionCode') {
  const checked = validateDivisionCode(code);
  if (!checked.ok) throw validation(field, checked.message);
  if (!regionWithin(actor, code))
    throw validation(field, `Region ${code} is outside your jurisdiction (${actor.regionCode || 'all'})`);
  const known = await tx.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
  if (!known)
    throw validation(field, `Unknown region code ${code}; use a division code from the region list`);
}

export async function assertRefItem(tx: Tx, kind: string, code: string, field: string) {
  const row = await tx
    .selectFrom('ref_items')
    .select('code')
    .where('kind', '=', kind)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) {
    const known = await tx
      .selectFrom('ref_items')
      .select('code')
      .where('kind', '=', kind)
      .orderBy('sort')
      .execute();
    throw validation(
      field,
      `Unknown ${kind.replace(/_/g, ' ')} "${code}"; expected one of ${known.map((k) => k.code).join(', ')}`,
    );
  }
}

export const now = () => sql<Date>`now()`;
