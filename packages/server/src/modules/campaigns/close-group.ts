import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { conflict, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { findCampaignGroup, updateGroup } from './repo.ts';

/** Closing a group: its work is done; no edit, no new inspection for it, its figures stay readable. */
export async function closeCampaignGroup(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  groupId: string,
  note: string | undefined,
): Promise<void> {
  const g = await findCampaignGroup(trx, actor, groupId, true);
  if (!g) throw notFound('Campaign group');
  if (g.closed_at) throw conflict('The group is already closed');
  const now = deps.now();
  await updateGroup(trx, g.id, { closed_at: now, closed_by: actor.userId, updated_at: now });
  await appendAudit(trx, {
    actor,
    action: 'campaign_group.closed',
    subjectType: 'inspection_group',
    subjectId: g.id,
    regionCode: g.region_code,
    details: { note: note?.trim() ?? '' },
    at: now,
  });
}
