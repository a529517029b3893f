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
}

export const REGULATOR_ROLES: readonly Role[] = ['admin', 'leader', 'inspector', 'duty_officer'];
export const isRegulator = (a: Actor) => REGULATOR_ROLES.includes(a.role);
