import type { Role } from '@redline/domain';
import { registerPolicy, type Action } from './policy.ts';
import { registerGrant, registerScope, type Grant, type ScopeRule } from './scope.ts';
import { registerFileOwner, type OwnerVisible } from '../storage/owners.ts';

/**
 * A module's access rules, all in its `access.ts`: which rows of each kind an enterprise manager or
 * a worker sees (regulators always see their region), what each role may do with each kind, the
 * rows a cross-inspection member is granted, and who may see files a record of the kind owns.
 * modules/index.ts lists every module's rules once; the composition root installs them before the
 * first request (and the demo before it seeds) — nothing registers itself by being imported.
 */
export interface ModuleAccess {
  scopes?: Readonly<Record<string, ScopeRule>>;
  policies?: Readonly<Record<string, Partial<Record<Action, readonly Role[]>>>>;
  grants?: ReadonlyArray<{ kind: string; grant: Grant }>;
  fileOwners?: Readonly<Record<string, OwnerVisible>>;
}

/** Names the object as a module's access rules (and checks its shape where it is written). */
export const defineAccess = (access: ModuleAccess): ModuleAccess => access;

const installed = new Set<ModuleAccess>();

/** Installs the rules of every module; installing the same list again changes nothing. */
export function installAccess(modules: readonly ModuleAccess[]): void {
  for (const m of modules) {
    if (installed.has(m)) continue;
    installed.add(m);
    for (const [kind, rule] of Object.entries(m.scopes ?? {})) registerScope(kind, rule);
    for (const [kind, rules] of Object.entries(m.policies ?? {})) registerPolicy(kind, rules);
    for (const { kind, grant } of m.grants ?? []) registerGrant(kind, grant);
    for (const [kind, visible] of Object.entries(m.fileOwners ?? {})) registerFileOwner(kind, visible);
  }
}
