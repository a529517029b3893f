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

/**
 * The role groups, defined once for server and web. Regulators exercise supervisory power (confirm,
 * order, review, decide); officers are the regulators who inspect and write the registry — the
 * duty officer of an operations centre watches alarms and hands enforcement to an officer.
 */
export const REGULATOR_ROLES: readonly Role[] = ['admin', 'leader', 'inspector', 'duty_officer'];
export const OFFICER_ROLES: readonly Role[] = ['admin', 'leader', 'inspector'];

export interface Actor {
  id: string;
  role: Role;
  /** The authority a regulator acts for; needed to list a major hazard or close one out. */
  authorityId?: string | null;
  /**
   * The party the actor acts for on the record's project (owner, general_contractor, supervision,
   * survey, design), when the record belongs to a project the actor's enterprise is party to.
   */
  party?: string | null;
}

export const isRegulator = (role: Role): boolean => REGULATOR_ROLES.includes(role);
export const isOfficer = (role: Role): boolean => OFFICER_ROLES.includes(role);
