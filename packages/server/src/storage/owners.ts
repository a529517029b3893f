import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * Who may see a file is decided by the record it belongs to: each feature that owns files
 * registers how to ask "may this actor see owner record X?" (through its own scoped query).
 * A file without an owner falls back to the 'file' scope (region / enterprise of the row).
 */
export type OwnerVisible = (db: Kysely<DB>, actor: Actor, ownerId: string) => Promise<boolean>;

const owners = new Map<string, OwnerVisible>();

export function registerFileOwner(kind: string, visible: OwnerVisible) {
  owners.set(kind, visible);
}

export function fileOwner(kind: string): OwnerVisible | undefined {
  return owners.get(kind);
}
