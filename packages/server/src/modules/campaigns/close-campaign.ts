import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { conflict, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { closeOpenGroups, findCampaign, updateCampaign } from './repo.ts';

/** Closing a campaign closes its groups still open; a closed campaign takes no new group. */
export async function closeCampaign(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  id: string,
  note: string | undefined,
): Promise<void> {
  const c = await findCampaign(trx, actor, id, true);
  if (!c) throw notFound('Campaign');
  if (c.closed_at) throw conflict('The campaign is already closed');
  const now = deps.now();
  await updateCampaign(trx, id, {
    closed_at: now,
    closed_by: actor.userId,
    closing_note: note?.trim() || null,
    updated_at: now,
  });
  const groups = await closeOpenGroups(trx, id, now, actor.userId);
  await appendAudit(trx, {
    actor,
    action: 'campaign.closed',
    subjectType: 'campaign',
    subjectId: id,
    regionCode: c.region_code,
    details: { note: note?.trim() ?? '', groupsClosed: groups.length },
    at: now,
  });
}
