import type { Static } from '@sinclair/typebox';
import type { AttendanceInput } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import {
  attendanceSite,
  checkOut,
  closeOpenCheckIns,
  insertCheckIn,
  workerInScope,
} from './attendance-repo.ts';

/** A check-in or check-out by hand (or from a roster import); gates send attendance events instead. */
export async function recordAttendance(
  trx: Db,
  actor: Actor,
  siteId: string,
  input: Static<typeof AttendanceInput>,
  now: Date,
) {
  const site = await attendanceSite(trx, actor, siteId);
  const worker = await workerInScope(trx, actor, input.workerId);
  if (!worker) throw validation('workerId', 'No such worker in your jurisdiction');
  const at = input.at ? new Date(input.at) : now;
  if (at.getTime() > now.getTime() + 5 * 60_000)
    throw validation('at', 'A check-in or check-out cannot be in the future');
  let id: string;
  if (input.direction === 'in') {
    await closeOpenCheckIns(trx, worker.id, at);
    id = await insertCheckIn(trx, {
      site_id: site.id,
      worker_id: worker.id,
      region_code: site.region_code,
      enterprise_id: site.enterprise_id,
      check_in_at: at,
      source: 'manual',
      created_by: actor.userId,
    });
  } else {
    const out = await checkOut(trx, worker.id, site.id, at);
    if (!out) throw new AppError('CONFLICT', `${worker.name} is not checked in at this site`, 'workerId');
    id = out;
  }
  await appendAudit(trx, {
    actor,
    action: `attendance.${input.direction === 'in' ? 'check_in' : 'check_out'}`,
    subjectType: 'site_attendance',
    subjectId: id,
    regionCode: site.region_code,
    details: { siteId: site.id, workerId: worker.id, at: at.toISOString() },
  });
  return id;
}
