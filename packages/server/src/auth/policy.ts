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

/** kind → action → roles; each module adds its kinds from its access.ts (installed from modules/index.ts). */
const table: Record<string, Partial<Record<Action, readonly Actor['role'][]>>> = {};

export function can(actor: Actor, action: Action, kind: string): boolean {
  return table[kind]?.[action]?.includes(actor.role) ?? false;
}

export function authorize(actor: Actor, action: Action, kind: string): void {
  if (!can(actor, action, kind))
    throw forbidden(`Your role (${actor.role}) may not ${action.replace(/_/g, ' ')} ${kind} records`);
}

/** Whether a rule exists for an action on a kind (one nobody installed would deny everyone, silently). */
export const hasPolicyRule = (kind: string, action: Action) => table[kind]?.[action] !== undefined;

/** Lets later features add their kinds to the same table. */
export function registerPolicy(kind: string, rules: Partial<Record<Action, readonly Actor['role'][]>>) {
  table[kind] = { ...table[kind], ...rules } as never;
}
