import type { Kysely } from 'kysely';
import type { PartyRole } from '../../db/schema.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { MemberPositionColumn } from '../../db/schema-projects.ts';
import { memberRowsOf, partiesOfEnterprise, userForMembership } from './repo.ts';

/** Which party wins when an enterprise holds two roles on one project (an owner building itself). */
const PARTY_ORDER: readonly PartyRole[] = ['owner', 'general_contractor', 'supervision', 'survey', 'design'];

export interface ProjectMembership {
  projectId: string;
  userId: string;
  /** The party the user acts for on the project. */
  partyRole: PartyRole;
  enterpriseId: string | null;
  /** Their positions (project manager, safety officer, …); empty when bound only through the enterprise. */
  positions: MemberPositionColumn[];
  /** True when the user is named on the project (project_members), not only through their enterprise. */
  named: boolean;
}

/**
 * How a user is bound to a project, or null when they are not: named as a member (project_members,
 * active), or an enterprise manager (not a project account) whose enterprise is one of the
 * project's five parties. Regulators
 * are never members. For other modules (approvals, task E) — it reads no scope: call it for a
 * project the caller already may see.
 */
export async function projectMembership(
  db: Kysely<DB>,
  userId: string,
  projectId: string,
): Promise<ProjectMembership | null> {
  const user = await userForMembership(db, userId);
  if (!user || !user.active || user.role !== 'enterprise_manager') return null;
  const rows = await memberRowsOf(db, userId, projectId);
  if (rows.length > 0) {
    const party = [...rows].sort(
      (a, b) => PARTY_ORDER.indexOf(a.party_role) - PARTY_ORDER.indexOf(b.party_role),
    )[0];
    return {
      projectId,
      userId,
      partyRole: party.party_role,
      enterpriseId: party.enterprise_id ?? user.enterprise_id,
      positions: rows.filter((r) => r.party_role === party.party_role).map((r) => r.position),
      named: true,
    };
  }
  // A project account is bound by name only (migration 0990); its enterprise's other projects are not its.
  if (!user.enterprise_id || user.project_scoped) return null;
  const roles = await partiesOfEnterprise(db, projectId, user.enterprise_id);
  const role = PARTY_ORDER.find((r) => roles.includes(r));
  return role
    ? { projectId, userId, partyRole: role, enterpriseId: user.enterprise_id, positions: [], named: false }
    : null;
}

/** The party the caller acts for on a project (null for regulators, workers and strangers). */
export async function actorParty(
  db: Kysely<DB>,
  actor: Actor,
  projectId: string | null,
): Promise<PartyRole | null> {
  if (!projectId || actor.role !== 'enterprise_manager') return null;
  return (await projectMembership(db, actor.userId, projectId))?.partyRole ?? null;
}

/** Whether the project has a supervision party (监理单位): then evidence waits for its confirmation. */
export { partyManagerIds, projectHasSupervision } from './supervision-repo.ts';
