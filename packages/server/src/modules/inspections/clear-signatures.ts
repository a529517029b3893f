import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { loadInspection, updateInspection } from './repo/inspections.ts';
import { deleteSignatures } from './repo/signatures.ts';
import { requireMember } from './recording.ts';

/** Clears all signatures so findings can be corrected; both sides then sign again. */
export async function clearSignatures(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  inspectionId: string,
) {
  const i = await loadInspection(trx, actor, inspectionId, true);
  await requireMember(trx, actor, i);
  if (i.status !== 'in_progress' && i.status !== 'signed')
    throw new AppError('ILLEGAL_TRANSITION', `The inspection is ${i.status}: its signatures stay`);
  const now = deps.now();
  const cleared = await deleteSignatures(trx, i.id);
  await updateInspection(trx, i.id, { status: 'in_progress', ended_at: null, updated_at: now });
  await appendAudit(trx, {
    actor,
    action: 'inspection.signatures_cleared',
    subjectType: 'inspection',
    subjectId: i.id,
    regionCode: i.region_code,
    details: { cleared },
    at: now,
  });
}
