import { ROLES, isOfficer } from '@redline/domain';
import type { Me, Role } from '@redline/contracts';

/** The domain's list (no TypeBox in it, so the browser bundle stays small). */
export const ROLE_LIST: readonly Role[] = ROLES;

export const REGISTRY_KINDS = [
  'enterprises',
  'projects',
  'sites',
  'workers',
  'certificates',
  'equipment',
] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];
export const isRegistryKind = (s: string | undefined): s is RegistryKind =>
  !!s && (REGISTRY_KINDS as readonly string[]).includes(s);

const ENTERPRISE_WRITABLE: readonly RegistryKind[] = ['sites', 'workers', 'certificates', 'equipment'];

/** Officers (not the duty officer) write the registry and see full ID numbers. */
export const isRegulator = (me: Me | null | undefined) => !!me && isOfficer(me.role);

/** Which registry kinds a role sees in the menu (the server still decides which rows). */
export function visibleKinds(me: Me): RegistryKind[] {
  if (me.role === 'worker') return ['workers', 'certificates'];
  return [...REGISTRY_KINDS];
}

/** Whether the role may create, edit and import records of this kind (the server checks ownership too). */
export function canWrite(me: Me | null | undefined, kind: RegistryKind): boolean {
  if (!me) return false;
  if (isOfficer(me.role)) return true;
  return me.role === 'enterprise_manager' && ENTERPRISE_WRITABLE.includes(kind);
}

export const canSeeFullIdNumber = (me: Me | null | undefined) => isRegulator(me);
export const isAdmin = (me: Me | null | undefined) => me?.role === 'admin';
