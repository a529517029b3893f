import type { Actor } from '../../auth/actor.ts';
import { regionWithin } from '../../auth/scope.ts';
import { validation } from '../../errors.ts';
import type { CandidateUser } from './repo.ts';

/**
 * Who may be in a plan's inspector pool: active inspectors and leaders carrying a law-enforcement
 * certificate number (Administrative Penalty Law 2021 art. 42, 55; DOMAIN §8) — of the author's
 * jurisdiction, and for a cross-inspection also of the same province (they visit from elsewhere).
 * Someone the author may not name answers like no one (foreign = missing).
 */
export function mayPool(actor: Actor, kind: 'routine' | 'cross', u: CandidateUser | undefined): boolean {
  if (!u || !u.active || u.region_code === '') return false;
  if (regionWithin(actor, u.region_code)) return true;
  return (
    kind === 'cross' && actor.regionCode.length >= 2 && u.region_code.startsWith(actor.regionCode.slice(0, 2))
  );
}

export function checkPoolInspector(
  actor: Actor,
  kind: 'routine' | 'cross',
  u: CandidateUser | undefined,
  field: string,
): asserts u is CandidateUser {
  if (!mayPool(actor, kind, u)) throw validation(field, 'No such active user');
  if (!['inspector', 'leader'].includes(u!.role))
    throw validation(field, `${u!.display_name} is not a law-enforcement officer (inspector or leader)`);
  if (!u!.licence_no?.trim())
    throw validation(
      field,
      `${u!.display_name} has no law-enforcement certificate number (执法证号) on their account; only certified officers are drawn`,
    );
}
