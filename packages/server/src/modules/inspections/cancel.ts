import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { loadInspection, updateInspection } from './repo/inspections.ts';
import { requireMember } from './recording.ts';

/** Cancelling an inspection not yet signed: its creator or a member of its team, with the reason. */
type Q = Kysely<DB>;

export async function cancelInspection(
  trx: Q,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  inspectionId: string,
  reason: string,
) {
  const i = await loadInspection(trx, actor, inspectionId, true);
  if (i.created_by !== actor.userId) await requireMember(trx, actor, i);
  if (i.status !== 'draft' && i.status !== 'in_progress')
    throw new AppError('ILLEGAL_TRANSITION', `The inspection is ${i.status}: it can no longer be cancelled`);
  const now = deps.now();
  await updateInspection(trx, i.id, { status: 'cancelled', updated_at: now });
  await appendAudit(trx, {
    actor,
    action: 'inspection.cancel',
    subjectType: 'inspection',
    subjectId: i.id,
    regionCode: i.region_code,
    details: { reason },
    at: now,
  });
}
