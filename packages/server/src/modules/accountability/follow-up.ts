import { accountabilityStep } from '@redline/domain';
import type { Kysely } from 'kysely';
import type { FollowUpInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { can } from '../../auth/policy.ts';
import { AppError, conflict, forbidden, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { findAction, insertFollowUp, setActionStatus } from './repo.ts';

/**
 * A follow-up entry on an action (what was checked or done since); with `close` it closes the
 * action (leaders and administrators). open → followed_up → closed, by the domain's accountabilityStep.
 */
export async function followUp(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  id: string,
  input: FollowUpInput,
): Promise<void> {
  const x = await findAction(trx, actor, id, true);
  if (!x) throw notFound('Accountability action');
  const step = input.close ? 'close' : 'follow_up';
  if (!can(actor, step, 'accountability'))
    throw forbidden(
      `Your role (${actor.role}) may not ${step === 'close' ? 'close' : 'follow up'} accountability actions`,
    );
  const r = accountabilityStep(x.status, step);
  if (!r.ok) throw conflict(r.message);
  const note = input.note.trim();
  if (note.length < 2) throw new AppError('VALIDATION', 'Say what was followed up', 'note');
  const now = deps.now();
  const after = r.status as 'followed_up' | 'closed';
  await insertFollowUp(trx, {
    action_id: x.id,
    note,
    status_after: after,
    created_by: actor.userId,
    created_at: now,
  });
  await setActionStatus(trx, x.id, after, now, actor.userId);
  await appendAudit(trx, {
    actor,
    action: step === 'close' ? 'accountability.closed' : 'accountability.followed_up',
    subjectType: 'accountability_action',
    subjectId: x.id,
    regionCode: x.region_code,
    before: { status: x.status },
    after: { status: after },
    details: { note },
    at: now,
  });
}
