import type { ChecklistItem } from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import { validation } from '../../errors.ts';

/** Who edits a library, and what an item must look like to go into a version: pure rules. */

export const EDITORS: readonly Actor['role'][] = ['admin', 'leader'];

/** Administrators and leaders whose jurisdiction contains the library's. */
export const canEditLibrary = (actor: Actor, lib: { region_code: string }) =>
  EDITORS.includes(actor.role) && lib.region_code.startsWith(actor.regionCode);

/** An item of a scored version has scoring (and only then); a deduction's minPoints is at most its points. */
export function checkItemFits(version: { scored: boolean }, item: ChecklistItem) {
  if (version.scored && !item.scoring)
    throw validation(
      'item.scoring',
      `This library is scored: item ${item.code} needs scoring (kind, fullScore, deductions)`,
    );
  if (!version.scored && item.scoring)
    throw validation('item.scoring', 'This library is not scored: remove scoring from the item');
  for (const [i, d] of (item.scoring?.deductions ?? []).entries()) {
    if (d.minPoints !== undefined && d.minPoints > d.points)
      throw validation(
        `item.scoring.deductions.${i}.minPoints`,
        `minPoints ${d.minPoints} is more than points ${d.points}`,
      );
  }
}

/** Search terms: whitespace-separated words, each of which must appear (Chinese or English). */
export function searchTerms(q: string | undefined) {
  return (q ?? '')
    .toLowerCase()
    .split(/[\s,，、;；]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, 8);
}
