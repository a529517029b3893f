import type { Static } from '@sinclair/typebox';
import type { CreditRemovalBody } from '@redline/contracts';
import { checkEarlyRemoval, compareDates, isIsoDate } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { insertCreditEvent, loadCreditRecord, markRemoved } from './repo.ts';

/**
 * Early removal after credit repair: allowed from 12 months after the start (MEM Order 11); before
 * that a 409 CREDIT_REPAIR_TOO_EARLY names the first allowed date. Audited, kept in the history.
 */
export async function removeListing(
  db: Db,
  deps: Pick<Deps, 'now' | 'today'>,
  actor: Actor,
  id: string,
  body: Static<typeof CreditRemovalBody>,
): Promise<void> {
  const today = deps.today();
  if (!isIsoDate(body.removedOn)) throw validation('removedOn', 'removedOn must be a real date YYYY-MM-DD');
  if (compareDates(body.removedOn, today) > 0)
    throw validation('removedOn', `removedOn cannot be in the future (today is ${today})`);
  await inTransaction(db, async (trx) => {
    const r = await loadCreditRecord(trx, actor, id, true);
    if (!r) throw notFound('Credit record');
    const check = checkEarlyRemoval(
      { startsOn: r.starts_on, plannedEndOn: r.planned_end_on, removed: r.removed_at !== null },
      body.removedOn,
    );
    if (!check.ok) throw AppError.refusal(check.code, check.message, 409, check.field);
    const now = deps.now();
    await markRemoved(trx, id, {
      removed_at: now,
      removed_on: body.removedOn,
      removal_reason: body.reason.trim(),
      removed_by: actor.userId,
    });
    await insertCreditEvent(trx, {
      record_id: id,
      action: 'removed',
      at: now,
      by_user: actor.userId,
      note: body.reason.trim(),
    });
    await appendAudit(trx, {
      actor,
      action: 'credit.remove',
      subjectType: 'enterprise',
      subjectId: r.enterprise_id,
      regionCode: r.region_code,
      before: { recordId: id, plannedEndOn: r.planned_end_on },
      after: { removedOn: body.removedOn },
      details: { reason: body.reason.trim() },
    });
  });
}
