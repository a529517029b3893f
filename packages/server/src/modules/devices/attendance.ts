import { sql } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { AttendanceInput, AttendanceQuery } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import { AppError, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { iso, pageOf } from '../../db/paging.ts';

/** An open check-in older than this is a forgotten check-out, not a worker on duty. */
export const SHIFT_HOURS = 16;

async function visibleSite(db: Db, actor: Actor, siteId: string) {
  const site = await db
    .selectFrom('sites as s')
    .select(['s.id', 's.region_code', 's.enterprise_id'])
    .where('s.id', '=', siteId)
    .where(inScope(actor, 'site', 's'))
    .executeTakeFirst();
  if (!site) throw notFound('Site');
  return site;
}

/** A check-in or check-out by hand (or from a roster import); gates send attendance events instead. */
export async function recordAttendance(
  trx: Db,
  actor: Actor,
  siteId: string,
  input: Static<typeof AttendanceInput>,
  now: Date,
) {
  const site = await visibleSite(trx, actor, siteId);
  const worker = await trx
    .selectFrom('workers as w')
    .select(['w.id', 'w.name'])
    .where('w.id', '=', input.workerId)
    .where(inScope(actor, 'worker', 'w'))
    .executeTakeFirst();
  if (!worker) throw validation('workerId', 'No such worker in your jurisdiction');
  const at = input.at ? new Date(input.at) : now;
  if (at.getTime() > now.getTime() + 5 * 60_000)
    throw validation('at', 'A check-in or check-out cannot be in the future');
  let id: string;
  if (input.direction === 'in') {
    await trx
      .updateTable('site_attendance')
      .set({ check_out_at: sql`greatest(check_in_at, ${at}::timestamptz)` })
      .where('worker_id', '=', worker.id)
      .where('check_out_at', 'is', null)
      .execute();
    const row = await trx
      .insertInto('site_attendance')
      .values({
        site_id: site.id,
        worker_id: worker.id,
        region_code: site.region_code,
        enterprise_id: site.enterprise_id,
        check_in_at: at,
        source: 'manual',
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  } else {
    const row = await trx
      .updateTable('site_attendance')
      .set({ check_out_at: at })
      .where('worker_id', '=', worker.id)
      .where('site_id', '=', site.id)
      .where('check_out_at', 'is', null)
      .where('check_in_at', '<=', at)
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new AppError('CONFLICT', `${worker.name} is not checked in at this site`, 409, 'workerId');
    id = row.id;
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

export async function listAttendance(
  db: Db,
  actor: Actor,
  siteId: string,
  q: Static<typeof AttendanceQuery>,
  now: Date,
) {
  await visibleSite(db, actor, siteId);
  const since = new Date(now.getTime() - SHIFT_HOURS * 3_600_000);
  let qb = db
    .selectFrom('site_attendance as a')
    .innerJoin('workers as w', 'w.id', 'a.worker_id')
    .where('a.site_id', '=', siteId);
  if (q.onDuty)
    qb = qb
      .where('a.check_out_at', 'is', null)
      .where('a.check_in_at', '>', since)
      .where('a.check_in_at', '<=', now);
  const page = await pageOf(qb, (b) => b.selectAll('a').select(['w.name as worker_name', 'w.trade']), {
    page: q.page,
    pageSize: q.pageSize ?? 50,
    sortColumn: 'a.check_in_at',
    order: 'desc',
    idColumn: 'a.id',
  });
  return {
    ...page,
    items: page.items.map((r) => ({
      id: r.id,
      siteId: r.site_id,
      workerId: r.worker_id,
      workerName: r.worker_name,
      trade: r.trade,
      checkInAt: iso(r.check_in_at),
      checkOutAt: r.check_out_at ? iso(r.check_out_at) : null,
      source: r.source,
      onDuty: !r.check_out_at && new Date(r.check_in_at) > since,
    })),
  };
}
