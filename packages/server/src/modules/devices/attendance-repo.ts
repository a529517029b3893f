import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { SiteAttendanceTable } from '../../db/schema-devices.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import { notFound } from '../../errors.ts';
import { key, keysetPage } from '../../db/paging.ts';

/** Queries of site attendance (check-ins by hand and from gates) and of who is on duty. */

/** An open check-in older than this is a forgotten check-out, not a worker on duty. */
export const SHIFT_HOURS = 16;

/** The site, if the actor may see it. */
export async function attendanceSite(db: Db, actor: Actor, siteId: string) {
  const site = await db
    .selectFrom('sites as s')
    .select(['s.id', 's.region_code', 's.enterprise_id'])
    .where('s.id', '=', siteId)
    .where(inScope(actor, 'site', 's'))
    .executeTakeFirst();
  if (!site) throw notFound('Site');
  return site;
}

export async function workerInScope(trx: Db, actor: Actor, workerId: string) {
  return trx
    .selectFrom('workers as w')
    .select(['w.id', 'w.name'])
    .where('w.id', '=', workerId)
    .where(inScope(actor, 'worker', 'w'))
    .executeTakeFirst();
}

export async function workerExists(trx: Db, workerId: string): Promise<boolean> {
  const w = await trx.selectFrom('workers').select('id').where('id', '=', workerId).executeTakeFirst();
  return !!w;
}

/** A worker checks in somewhere: any check-in of theirs still open ends then (never before it began). */
export async function closeOpenCheckIns(trx: Db, workerId: string, at: Date) {
  await trx
    .updateTable('site_attendance')
    .set({ check_out_at: sql`greatest(check_in_at, ${at}::timestamptz)` })
    .where('worker_id', '=', workerId)
    .where('check_out_at', 'is', null)
    .execute();
}

export async function insertCheckIn(trx: Db, values: Insertable<SiteAttendanceTable>): Promise<string> {
  const row = await trx
    .insertInto('site_attendance')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A check-in from a gate event (nobody reads its id). */
export async function insertGateCheckIn(trx: Db, values: Insertable<SiteAttendanceTable>) {
  await trx.insertInto('site_attendance').values(values).execute();
}

/** Closes the worker's open check-in at the site begun at or before `at`; its id, or undefined. */
export async function checkOut(trx: Db, workerId: string, siteId: string, at: Date) {
  const row = await trx
    .updateTable('site_attendance')
    .set({ check_out_at: at })
    .where('worker_id', '=', workerId)
    .where('site_id', '=', siteId)
    .where('check_out_at', 'is', null)
    .where('check_in_at', '<=', at)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Check-ins at a site, newest first; `onDuty` keeps the open ones begun after `since` and not after `now`. */
export async function listAttendance(
  db: Db,
  siteId: string,
  q: { onDuty?: boolean; cursor?: string; pageSize?: number },
  since: Date,
  now: Date,
) {
  let qb = db
    .selectFrom('site_attendance as a')
    .innerJoin('workers as w', 'w.id', 'a.worker_id')
    .where('a.site_id', '=', siteId);
  if (q.onDuty)
    qb = qb
      .where('a.check_out_at', 'is', null)
      .where('a.check_in_at', '>', since)
      .where('a.check_in_at', '<=', now);
  return keysetPage(db, qb, (b) => b.selectAll('a').select(['w.name as worker_name', 'w.trade']), {
    cursor: q.cursor,
    pageSize: q.pageSize ?? 50,
    sortName: 'checkInAt',
    sort: key('a.check_in_at', 'timestamptz'),
    order: 'desc',
    idColumn: 'a.id',
  });
}

export type AttendanceRow = Awaited<ReturnType<typeof listAttendance>>['items'][number];

/**
 * Workers checked in at the site at `at`, with their employer: a check-in up to `toleranceSeconds`
 * after `at` and a check-out up to `toleranceSeconds` before it still count (device clocks and a
 * check-in in the same second as the event); an open check-in older than the shift limit is ignored.
 */
export async function onDutyRows(
  trx: Db,
  siteId: string,
  at: Date,
  shiftHours: number,
  toleranceSeconds = 0,
) {
  const tol = sql<Date>`make_interval(secs => ${toleranceSeconds})`;
  return trx
    .selectFrom('site_attendance as a')
    .innerJoin('workers as w', 'w.id', 'a.worker_id')
    .innerJoin('enterprises as e', 'e.id', 'w.employer_id')
    .select(['w.id', 'w.name', 'w.trade', 'a.check_in_at', 'e.id as employer_id', 'e.name as employer_name'])
    .where('a.site_id', '=', siteId)
    .where('a.check_in_at', '<=', sql<Date>`${at}::timestamptz + ${tol}`)
    .where((eb) =>
      eb.or([
        eb('a.check_out_at', 'is', null),
        eb('a.check_out_at', '>', sql<Date>`${at}::timestamptz - ${tol}`),
      ]),
    )
    .where('a.check_in_at', '>', sql<Date>`${at}::timestamptz - make_interval(secs => ${shiftHours * 3600})`)
    .orderBy('a.check_in_at')
    .orderBy('w.id')
    .execute();
}

/** The certificates of these workers, latest expiry first. */
export async function certificatesOf(trx: Db, workerIds: string[]) {
  return trx
    .selectFrom('certificates as c')
    .innerJoin('certificate_categories as cc', 'cc.code', 'c.category_code')
    .select([
      'c.id',
      'c.worker_id',
      'c.number',
      'c.category_code',
      'cc.name_zh',
      'cc.is_welding',
      'c.issued_on',
      'c.expires_on',
      'c.next_review_on',
      'c.last_reviewed_on',
      'cc.review_window_days',
    ])
    .where('c.worker_id', 'in', workerIds)
    .orderBy('c.expires_on', 'desc')
    .execute();
}
