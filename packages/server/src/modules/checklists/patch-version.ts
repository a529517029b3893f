import type { Kysely, Updateable } from 'kysely';
import type { ChecklistVersionPatch } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { ChecklistVersionsTable } from '../../db/schema-checklists.ts';
import type { Actor } from '../../auth/actor.ts';
import { wallClock } from '../../clock.ts';
import { updateVersion } from './repo/versions.ts';
import { versionFor } from './visible.ts';

/** Edits a draft's name, label, edition, description, effective date and summary table. */
export async function patchVersion(
  db: Kysely<DB>,
  actor: Actor,
  versionId: string,
  patch: ChecklistVersionPatch,
) {
  await versionFor(db, actor, versionId, { draft: true });
  const set: Updateable<ChecklistVersionsTable> = { updated_at: wallClock() };
  if (patch.name) Object.assign(set, { name_zh: patch.name.zh, name_en: patch.name.en });
  if (patch.label !== undefined) set.label = patch.label;
  if (patch.edition !== undefined) set.edition = patch.edition;
  if (patch.description) set.description = JSON.stringify(patch.description);
  if (patch.effectiveOn !== undefined) set.effective_on = patch.effectiveOn;
  if (patch.summary) set.summary = JSON.stringify(patch.summary);
  await updateVersion(db, versionId, set);
}
