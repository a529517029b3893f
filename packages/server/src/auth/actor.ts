import { isRegulator as isRegulatorRole } from '@redline/domain';
import type { Role } from '../db/schema.ts';

/** Who is calling, resolved once per request from the session cookie or an API token. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Jurisdiction as a division-code prefix; '' is the whole country. */
  regionCode: string;
  authorityId: string | null;
  enterpriseId: string | null;
  workerId: string | null;
  via: 'session' | 'token';
  /** Set for a program's account (users.system_name): audit entries name the system, not a person. */
  systemName?: string | null;
  /** A project account: sees, as a party, only the projects it is named on (project_members). */
  projectScoped?: boolean;
  /**
   * The expert of the register this account belongs to (experts.user_id, migration 0995): it sees
   * only the approvals whose panel it sits on and signs only its own opinion there.
   */
  expertId?: string | null;
}

/** Whether the caller is a regulator (the role groups are the domain's, shared with the web app). */
export const isRegulator = (a: Actor) => isRegulatorRole(a.role);

/** The user columns an Actor is made of (toActor), for selecting a user to act as. */
export const ACTOR_COLUMNS = [
  'id',
  'username',
  'display_name',
  'role',
  'region_code',
  'authority_id',
  'enterprise_id',
  'worker_id',
  'project_scoped',
] as const;

/** The user columns an actor is made of. */
export interface ActorRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  region_code: string;
  authority_id: string | null;
  enterprise_id: string | null;
  worker_id: string | null;
  system_name?: string | null;
  project_scoped?: boolean;
  expert_id?: string | null;
}

export const toActor = (r: ActorRow, via: Actor['via'] = 'session'): Actor => ({
  userId: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  regionCode: r.region_code,
  authorityId: r.authority_id,
  enterpriseId: r.enterprise_id,
  workerId: r.worker_id,
  via,
  systemName: r.system_name ?? null,
  projectScoped: r.project_scoped ?? false,
  expertId: r.expert_id ?? null,
});
