import type { Kysely } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { InspectionPatch } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { loadInspection, updateInspection } from './repo/inspections.ts';
import { requireMember } from './recording.ts';

/** Editing the title, topic, place, principal or planned date of an open inspection (creator or team). */
export async function editInspection(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  inspectionId: string,
  b: Static<typeof InspectionPatch>,
  ifMatch?: number,
) {
  const i = await loadInspection(trx, actor, inspectionId, true);
  if (ifMatch !== undefined && ifMatch !== i.version)
    throw new AppError(
      'INSPECTION_CHANGED',
      `The inspection was changed since you saw it (version ${ifMatch}, now ${i.version}); look at it again and redo your edit`,
      'If-Match',
      { version: i.version },
    );
  if (i.created_by !== actor.userId) await requireMember(trx, actor, i);
  if (i.status !== 'draft' && i.status !== 'in_progress')
    throw new AppError('ILLEGAL_TRANSITION', `The inspection is ${i.status}: it can no longer be edited`);
  await updateInspection(trx, i.id, {
    ...(b.title !== undefined && { title: b.title.trim() }),
    ...(b.topic !== undefined && { topic: b.topic.trim() }),
    ...(b.place !== undefined && { place: b.place.trim() }),
    ...(b.principalName !== undefined && { principal_name: b.principalName.trim() }),
    ...(b.plannedOn !== undefined && { planned_on: b.plannedOn }),
    updated_at: deps.now(),
  });
}
