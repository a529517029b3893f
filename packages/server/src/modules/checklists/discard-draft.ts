import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { deleteVersion } from './repo/versions.ts';
import { versionFor } from './visible.ts';

/** Discards a draft (only a draft: published and past versions stay for the inspections that used them). */
export async function discardDraft(db: Kysely<DB>, actor: Actor, versionId: string) {
  const { version } = await versionFor(db, actor, versionId, { draft: true });
  await deleteVersion(db, version.id);
}
