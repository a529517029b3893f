import { OFFICER_ROLES } from '@redline/domain';
import type { Actor } from './actor.ts';
import { forbidden } from '../errors.ts';

/**
 * What each role may do, by action and record kind — one table, checked by every route.
 * Scope (which rows) is separate: see scope.ts.
 */
export type Action =
  | 'read'
  | 'create'
  | 'update'
  | 'import'
  | 'export'
  | 'reveal_personal_data'
  | 'manage_users'
  | (string & {});

const REGISTRY_WRITERS = OFFICER_ROLES;

const table: Record<string, Partial<Record<Action, readonly Actor['role'][]>>> = {
  enterprise: {
    read: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'],
    create: REGISTRY_WRITERS,
    update: [...REGISTRY_WRITERS, 'enterprise_manager'],
    import: REGISTRY_WRITERS,
    export: ['admin', 'leader', 'inspector', 'duty_officer'],
  },
  project: {
    read: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'],
    create: REGISTRY_WRITERS,
    update: REGISTRY_WRITERS,
    import: REGISTRY_WRITERS,
    export: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'],
  },
  site: {
    read: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'],
    create: [...REGISTRY_WRITERS, 'enterprise_manager'],
    update: [...REGISTRY_WRITERS, 'enterprise_manager'],
    import: [...REGISTRY_WRITERS, 'enterprise_manager'],
    export: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'],
  },
  worker: {
    read: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager', 'worker'],
    create: [...REGISTRY_WRITERS, 'enterprise_manager'],
    update: [...REGISTRY_WRITERS, 'enterprise_manager'],
    import: [...REGISTRY_WRITERS, 'enterprise_manager'],
    export: ['admin', 'leader', 'inspector', 'enterprise_manager'],
    reveal_personal_data: [...OFFICER_ROLES],
  },
  certificate: {
    read: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager', 'worker'],
    create: [...REGISTRY_WRITERS, 'enterprise_manager'],
    update: [...REGISTRY_WRITERS, 'enterprise_manager'],
    import: [...REGISTRY_WRITERS, 'enterprise_manager'],
    export: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'],
  },
  equipment: {
    read: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'],
    create: [...REGISTRY_WRITERS, 'enterprise_manager'],
    update: [...REGISTRY_WRITERS, 'enterprise_manager'],
    import: [...REGISTRY_WRITERS, 'enterprise_manager'],
    export: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'],
  },
  user: { manage_users: ['admin'] },
};

export function can(actor: Actor, action: Action, kind: string): boolean {
  return table[kind]?.[action]?.includes(actor.role) ?? false;
}

export function authorize(actor: Actor, action: Action, kind: string): void {
  if (!can(actor, action, kind))
    throw forbidden(`Your role (${actor.role}) may not ${action.replace(/_/g, ' ')} ${kind} records`);
}

/** Lets later features add their kinds to the same table. */
export function registerPolicy(kind: string, rules: Partial<Record<Action, readonly Actor['role'][]>>) {
  table[kind] = { ...table[kind], ...rules } as never;
}
