/** Who acts. Regulators work for an authority (`authorityId`); enterprise managers for their unit. */
export const ROLES = [
  'admin',
  'leader',
  'inspector',
  'duty_officer',
  'enterprise_manager',
  'worker',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that exercise supervisory power: confirm, order, review, decide. */
export const REGULATOR_ROLES: readonly Role[] = ['admin', 'leader', 'inspector', 'duty_officer'];

export interface Actor {
  id: string;
  role: Role;
  /** The authority a regulator acts for; needed to list a major hazard or close one out. */
  authorityId?: string | null;
}

export const isRegulator = (role: Role): boolean => REGULATOR_ROLES.includes(role);
