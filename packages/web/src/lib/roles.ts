import type { Me, Role } from '@redline/contracts';

/** Kept here rather than imported so that TypeBox stays out of the browser bundle. */
export const ROLE_LIST: readonly Role[] = [
  'admin',
  'leader',
  'inspector',
  'duty_officer',
  'enterprise_manager',
  'worker',
];

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

const REGULATORS: readonly Role[] = ['admin', 'leader', 'inspector'];
const ENTERPRISE_WRITABLE: readonly RegistryKind[] = ['sites', 'workers', 'certificates', 'equipment'];

export const isRegulator = (me: Me | null | undefined) => !!me && REGULATORS.includes(me.role);

/** Which registry kinds a role sees in the menu (the server still decides which rows). */
export function visibleKinds(me: Me): RegistryKind[] {
  if (me.role === 'worker') return ['workers', 'certificates'];
  return [...REGISTRY_KINDS];
}

/** Whether the role may create, edit and import records of this kind (the server checks ownership too). */
export function canWrite(me: Me | null | undefined, kind: RegistryKind): boolean {
  if (!me) return false;
  if (REGULATORS.includes(me.role)) return true;
  return me.role === 'enterprise_manager' && ENTERPRISE_WRITABLE.includes(kind);
}

export const canSeeFullIdNumber = (me: Me | null | undefined) => isRegulator(me);
export const isAdmin = (me: Me | null | undefined) => me?.role === 'admin';
