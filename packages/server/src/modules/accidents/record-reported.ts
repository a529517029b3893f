import type { Kysely } from 'kysely';
import type { ReportingLevel } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction } from '../../db/transaction.ts';
import { conflict } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { loadAccident, setReportedAt } from './repo.ts';
import { checkInstant } from './report-accident.ts';

/**
 * Records when a level was reported to (Order No. 493 art. 9–10): not before the accident, not in
 * the future, and once — a recorded time is evidence of meeting or missing the deadline, so it is
 * not overwritten (409).
 */
export async function recordReported(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  level: ReportingLevel,
  at: string,
  clock: { now: () => Date },
): Promise<void> {
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const a = await loadAccident(trx, actor, id, true);
    checkInstant(at, 'at', now, new Date(a.occurred_at));
    if (a[`reported_${level}_at`] !== null)
      throw conflict(`The report to the ${level} level is already recorded`, 'level');
    await setReportedAt(trx, id, level, at, now);
    await appendAudit(trx, {
      actor,
      action: 'accident.reported',
      subjectType: 'accident',
      subjectId: id,
      regionCode: a.region_code,
      details: { level, at },
      at: now,
    });
  });
}
