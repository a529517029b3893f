import { sql, type Kysely } from 'kysely';
import { OPEN_ALARM_STATUSES } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import { certificateStatusSql } from '../registry/repo/certificate-status.ts';

/**
 * The workbench's own queries: small counts and the first few rows of what waits for the caller,
 * each scoped with `inScope` like the list it links to and each on an index (named beside it).
 * The hazard, alarm, equipment and notification figures reuse those modules' list queries
 * (build-workbench.ts); only what no list answers in one call is here.
 */
type Q = Kysely<DB>;
export const FIRST = 5;
/** Counts stop here (like the lists' capped totals): a workbench needs "many", not an exact 12,345. */
export const COUNT_CAP = 1000;

/** count(*) over at most COUNT_CAP + 1 rows of a subquery. */
async function cappedCount(db: Q, inner: { as: (n: string) => never }): Promise<number> {
  const r = await db
    .selectFrom(inner.as('x'))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return r.n;
}

/**
 * The spot-check tasks drawn for this officer and not yet finished (inspections: not started, or
 * started and not finished), soonest due first. Index: spot_check_tasks GIN on inspector_ids.
 */
export async function openTasksOf(db: Q, userId: string) {
  const base = db
    .selectFrom('spot_check_tasks as t')
    .leftJoin('inspections as i', 'i.id', 't.inspection_id')
    .where(sql<boolean>`t.inspector_ids @> ARRAY[${userId}]::uuid[]`)
    .where((eb) =>
      eb.or([eb('t.inspection_id', 'is', null), eb('i.status', 'not in', ['finished', 'cancelled'])]),
    );
  const [rows, n] = await Promise.all([
    base
      .select(['t.id', 't.target_name', 't.due_on', 't.inspection_id', 'i.status as inspection_status'])
      .orderBy('t.due_on')
      .orderBy('t.id')
      .limit(FIRST)
      .execute(),
    cappedCount(db, base.select('t.id').limit(COUNT_CAP + 1) as never),
  ]);
  return { rows, count: n };
}

/**
 * Supervision and inspection groups this officer leads or belongs to that are not closed and whose
 * period includes today (or has no end), with the number of targets in their task books.
 */
export async function openGroupsOf(db: Q, userId: string, today: string) {
  const base = db
    .selectFrom('inspection_groups as g')
    .where((eb) =>
      eb.or([
        eb('g.leader_id', '=', userId),
        eb(sql<boolean>`g.member_ids @> ARRAY[${userId}]::uuid[]`, '=', true),
      ]),
    )
    .where('g.closed_at', 'is', null)
    .where((eb) => eb.or([eb('g.ends_on', 'is', null), eb('g.ends_on', '>=', today)]));
  const [rows, n] = await Promise.all([
    base
      .select([
        'g.id',
        'g.name',
        'g.kind',
        'g.campaign_id',
        'g.ends_on',
        sql<number>`coalesce(jsonb_array_length(g.task_book->'targets'), 0)::int`.as('targets'),
      ])
      .orderBy(sql`g.ends_on NULLS LAST`)
      .orderBy('g.id')
      .limit(FIRST)
      .execute(),
    cappedCount(db, base.select('g.id').limit(COUNT_CAP + 1) as never),
  ]);
  return { rows, count: n };
}

/**
 * Unfinished inspections this officer is on (draft or in progress), latest changed first.
 * Index: inspection_members (user_id); inspections by primary key.
 */
export async function draftsOf(db: Q, actor: Actor) {
  const base = db
    .selectFrom('inspections as i')
    .where(inScope(actor, 'inspection', 'i'))
    .where('i.status', 'in', ['draft', 'in_progress'])
    .where('i.id', 'in', (eb) =>
      eb.selectFrom('inspection_members').select('inspection_id').where('user_id', '=', actor.userId),
    );
  const [rows, n] = await Promise.all([
    base
      .select([
        'i.id',
        'i.number',
        'i.status',
        'i.title',
        'i.planned_on',
        'i.updated_at',
        sql<string>`coalesce(i.target->>'name', '')`.as('target_name'),
      ])
      .orderBy('i.updated_at', 'desc')
      .orderBy('i.id')
      .limit(FIRST)
      .execute(),
    cappedCount(db, base.select('i.id').limit(COUNT_CAP + 1) as never),
  ]);
  return { rows, count: n };
}

/** Open alarms in scope by severity (index: alarms (status) / region prefix). */
export async function openAlarmsBySeverity(db: Q, actor: Actor) {
  return db
    .selectFrom('alarms as a')
    .where(inScope(actor, 'alarm', 'a'))
    .where('a.status', 'in', [...OPEN_ALARM_STATUSES])
    .select(['a.severity', sql<number>`count(*)::int`.as('n')])
    .groupBy('a.severity')
    .execute();
}

/**
 * Verified (real) alarms still waiting for the next step: handed over to the law-enforcement
 * officers or dispatched as a hazard / inspection. Index: alarms (status).
 */
export async function verifiedAlarms(db: Q, actor: Actor) {
  const base = db
    .selectFrom('alarms as a')
    .innerJoin('sites as s', 's.id', 'a.site_id')
    .where(inScope(actor, 'alarm', 'a'))
    .where('a.status', '=', 'verified');
  const [rows, n] = await Promise.all([
    base
      .select(['a.id', 'a.number', 'a.type', 'a.severity', 'a.verified_at', 's.name as site_name'])
      .select(
        sql<boolean>`EXISTS (SELECT 1 FROM alarm_history h WHERE h.alarm_id = a.id AND h.action = 'hand_over')`.as(
          'handed_over',
        ),
      )
      .orderBy('a.verified_at')
      .orderBy('a.id')
      .limit(FIRST)
      .execute(),
    cappedCount(db, base.select('a.id').limit(COUNT_CAP + 1) as never),
  ]);
  return { rows, count: n };
}

/** Active devices that are offline, longest silent first. Index: devices (region_code), small table. */
export async function offlineDevices(db: Q, actor: Actor) {
  const base = db
    .selectFrom('devices as d')
    .innerJoin('sites as s', 's.id', 'd.site_id')
    .where(inScope(actor, 'device', 'd'))
    .where('d.active', '=', true)
    .where('d.online', '=', false)
    .where('d.last_seen_at', 'is not', null);
  const [rows, n] = await Promise.all([
    base
      .select(['d.id', 'd.code', 'd.name', 'd.last_seen_at', 's.name as site_name'])
      .orderBy('d.last_seen_at')
      .orderBy('d.id')
      .limit(FIRST)
      .execute(),
    cappedCount(db, base.select('d.id').limit(COUNT_CAP + 1) as never),
  ]);
  return { rows, count: n };
}

/**
 * Certificates in scope by their computed status (the registry's SQL of the domain rule): the
 * enterprise manager's workers' certificates coming due or expired, or a worker's own.
 */
export async function certificatesOf(db: Q, actor: Actor, today: string, onlyDue: boolean) {
  const status = certificateStatusSql(today);
  let base = db
    .selectFrom('certificates as c')
    .innerJoin('certificate_categories as cc', 'cc.code', 'c.category_code')
    .innerJoin('workers as w', 'w.id', 'c.worker_id')
    .where(inScope(actor, 'certificate', 'c'));
  if (onlyDue) base = base.where(sql<boolean>`${status} <> 'valid'`);
  const [rows, n] = await Promise.all([
    base
      .select([
        'c.id',
        'c.number',
        'c.expires_on',
        'c.next_review_on',
        'cc.name_zh as category_name',
        'w.name as worker_name',
        status.as('status'),
      ])
      .orderBy('c.expires_on')
      .orderBy('c.id')
      .limit(FIRST)
      .execute(),
    cappedCount(db, base.select('c.id').limit(COUNT_CAP + 1) as never),
  ]);
  return { rows, count: n };
}

/**
 * A worker's site: where they last checked in (site attendance), else their project's first site.
 */
export async function siteOfWorker(db: Q, workerId: string) {
  const attended = await db
    .selectFrom('site_attendance as a')
    .innerJoin('sites as s', 's.id', 'a.site_id')
    .where('a.worker_id', '=', workerId)
    .select(['s.id', 's.name', 's.address', 'a.check_in_at', 'a.check_out_at'])
    .orderBy('a.check_in_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (attended) return { ...attended, via: 'attendance' as const };
  const viaProject = await db
    .selectFrom('workers as w')
    .innerJoin('sites as s', 's.project_id', 'w.project_id')
    .where('w.id', '=', workerId)
    .select(['s.id', 's.name', 's.address'])
    .orderBy('s.name')
    .limit(1)
    .executeTakeFirst();
  return viaProject
    ? { ...viaProject, check_in_at: null, check_out_at: null, via: 'project' as const }
    : null;
}
