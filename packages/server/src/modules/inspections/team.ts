import type { Actor } from '../../auth/actor.ts';
import { regionWithin } from '../../auth/scope.ts';
import { validation } from '../../errors.ts';

/** Who may be on an inspection team: shared by creating an inspection and adding a co-officer to one. */

const TEAM_ROLES = ['inspector', 'leader', 'admin'];

export interface TeamCandidate {
  id: string;
  display_name: string;
  role: string;
  region_code: string;
  enterprise_id: string | null;
  active: boolean;
}

/**
 * Whether the caller may learn who a proposed team member is: people of their own jurisdiction
 * (an enterprise manager: of their own enterprise), and the regulators the proposal offers for the
 * target (covering its region, or of its province, for cross-inspections).
 */
export function teamMayName(
  actor: Actor,
  targetRegion: string,
  u: { role: string; region_code: string; enterprise_id: string | null },
) {
  if (actor.role === 'enterprise_manager')
    return !!actor.enterpriseId && u.enterprise_id === actor.enterpriseId;
  if (regionWithin(actor, u.region_code)) return true;
  return (
    ['inspector', 'leader'].includes(u.role) &&
    u.region_code !== '' &&
    (targetRegion.startsWith(u.region_code) || u.region_code.startsWith(targetRegion.slice(0, 2)))
  );
}

/**
 * Checks one proposed member (`field` names the input) for an inspection of `kind` whose target
 * lies in `targetRegion`; returns true when they come from outside the target's jurisdiction
 * (allowed only on a cross-inspection).
 */
export function assertTeamMember(
  actor: Actor,
  kind: string,
  targetRegion: string,
  u: TeamCandidate | undefined,
  field: string,
): boolean {
  // Someone the caller may not see answers like no one: a reason would name them.
  if (!u || !u.active || !teamMayName(actor, targetRegion, u)) throw validation(field, 'No such active user');
  if (kind === 'self') {
    if (u.role !== 'enterprise_manager' || !u.enterprise_id || u.enterprise_id !== actor.enterpriseId)
      throw validation(field, `${u.display_name} is not a safety manager of your enterprise`);
    return false;
  }
  if (!TEAM_ROLES.includes(u.role) || u.region_code === '')
    throw validation(field, `${u.display_name} is not an inspector of an authority`);
  if (targetRegion.startsWith(u.region_code)) return false;
  if (kind !== 'cross')
    throw validation(
      field,
      `${u.display_name} works in another jurisdiction (${u.region_code}); a team with inspectors from elsewhere is a cross-inspection, set up by a leader of ${targetRegion}`,
    );
  return true;
}
