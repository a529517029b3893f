import type { Kysely } from 'kysely';
import { casualtyUpdateWindow, compareDates } from '@redline/domain';
import type { Static } from '@sinclair/typebox';
import type { AccidentUpdateBody } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { insertAccidentVersion, loadAccident, updateAccident } from './repo.ts';
import { gradeOf } from './report-accident.ts';

/**
 * A casualty / loss update (Order No. 493 art. 13): a new version with the grade computed again, the
 * accident's current figures replaced, audited. After the window (30 days from the day of the
 * accident, 7 for road traffic and fire — the domain's casualtyUpdateWindow) the update is REFUSED
 * with 409 ACCIDENT_UPDATE_WINDOW_CLOSED rather than stored and flagged: the figures of a closed
 * window are the ones the statistics count, and a period already reported must not change under
 * its reports. (A later change belongs to the investigation report, which this module does not hold.)
 */
export async function updateCasualties(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  body: Static<typeof AccidentUpdateBody>,
  clock: { now: () => Date; today: () => string },
): Promise<void> {
  const grading = gradeOf(body);
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const a = await loadAccident(trx, actor, id, true);
    const window = casualtyUpdateWindow(a.occurred_on, {
      typeCode: a.type_code,
      roadTraffic: a.road_traffic,
    });
    if (compareDates(clock.today(), window.lastDay) > 0)
      throw new AppError(
        'ACCIDENT_UPDATE_WINDOW_CLOSED',
        `伤亡人数变化须自事故发生之日起 ${window.days} 日内补报（至 ${window.lastDay}），已过期限 / Casualty changes are accepted within ${window.days} days of the accident (until ${window.lastDay}); the window has closed`,
        undefined,
        window,
      );
    const version = a.version + 1;
    const values = {
      deaths: body.deaths,
      serious_injuries: body.seriousInjuries,
      minor_injuries: body.minorInjuries,
      missing: body.missing,
      direct_loss_yuan: body.directLossYuan,
      grade: grading.grade,
    };
    await insertAccidentVersion(trx, {
      accident_id: id,
      version,
      ...values,
      note: body.note,
      recorded_by: actor.userId,
      recorded_at: now,
    });
    await updateAccident(trx, id, { ...values, version, updated_at: now });
    await appendAudit(trx, {
      actor,
      action: 'accident.update',
      subjectType: 'accident',
      subjectId: id,
      regionCode: a.region_code,
      before: {
        version: a.version,
        deaths: a.deaths,
        seriousInjuries: a.serious_injuries,
        minorInjuries: a.minor_injuries,
        missing: a.missing,
        directLossYuan: a.direct_loss_yuan,
        grade: a.grade,
      },
      after: { version, ...body, grade: grading.grade },
      at: now,
    });
  });
}
