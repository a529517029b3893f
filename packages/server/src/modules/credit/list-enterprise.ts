import type { Static } from '@sinclair/typebox';
import type { CreditRecordBody } from '@redline/contracts';
import { compareDates, creditListingDates, isIsoDate } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { insertCreditEvent, insertCreditRecord, visibleEnterprise } from './repo.ts';

/**
 * Lists an enterprise on the serious untrustworthy list (MEM Order 11): the actor's authority
 * decides; planned end 3 years after the start, credit repair from 12 months (domain credit.ts).
 * The triggers of migration 0510 mark the enterprise and its projects for regrading.
 */
export async function listEnterprise(
  db: Db,
  deps: Pick<Deps, 'now' | 'today'>,
  actor: Actor,
  body: Static<typeof CreditRecordBody>,
): Promise<string> {
  if (!isIsoDate(body.startsOn)) throw validation('startsOn', 'startsOn must be a real date YYYY-MM-DD');
  if (compareDates(body.startsOn, deps.today()) > 0)
    throw validation('startsOn', `startsOn cannot be in the future (today is ${deps.today()})`);
  if (!actor.authorityId)
    throw new AppError(
      'AUTHORITY_REQUIRED',
      'Listing is a decision of an authority: your account belongs to none',
    );
  return inTransaction(db, async (trx) => {
    const enterprise = await visibleEnterprise(trx, actor, body.enterpriseId);
    if (!enterprise) throw notFound('Enterprise');
    const dates = creditListingDates(body.startsOn);
    const now = deps.now();
    const id = await insertCreditRecord(trx, {
      enterprise_id: enterprise.id,
      region_code: enterprise.region_code,
      list_kind: 'serious_untrustworthy',
      condition_code: body.conditionCode,
      condition_text: body.conditionText.trim(),
      authority_id: actor.authorityId!,
      decision_no: body.decisionNo?.trim() ?? '',
      starts_on: dates.startsOn,
      planned_end_on: dates.plannedEndOn,
      repair_from: dates.repairFrom,
      created_by: actor.userId,
      created_at: now,
    });
    await insertCreditEvent(trx, {
      record_id: id,
      action: 'listed',
      at: now,
      by_user: actor.userId,
      note: body.conditionText.trim(),
    });
    await appendAudit(trx, {
      actor,
      action: 'credit.list',
      subjectType: 'enterprise',
      subjectId: enterprise.id,
      regionCode: enterprise.region_code,
      after: { recordId: id, listKind: 'serious_untrustworthy', conditionCode: body.conditionCode, ...dates },
    });
    return id;
  });
}
