import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import type { DB, EquipmentTable } from '../../db/schema.ts';
import type { EquipmentInspectionsTable } from '../../db/schema-accidents.ts';
import type { Actor } from '../../auth/actor.ts';
import { inRegion, inScope } from '../../auth/scope.ts';
import { keysetPage, nullsLast, key } from '../../db/paging.ts';

/**
 * Queries of special-equipment due-date work: the due / overdue / unregistered lists, one piece of
 * equipment (locked to record a result), the inspection history, the reminders job's candidates and
 * the overdue flags of an enterprise or site. Status in SQL mirrors the domain's
 * equipmentInspectionStatus exactly (and the registry's list filter): failed when the last result
 * was a fail; overdue when today is past the next-inspection date; due soon from warn_days (the
 * category's reference data, 30) before that date up to and including it.
 */
export type EquipmentInspectionRow = Selectable<EquipmentInspectionsTable>;

export function statusSql(today: string, q = 'q', ec = 'ec'): RawBuilder<string> {
  const r = (c: string) => sql.ref(c);
  return sql<string>`CASE
    WHEN ${r(`${q}.last_inspection_result`)} = 'fail' THEN 'failed'
    WHEN ${r(`${q}.next_inspection_on`)} IS NULL THEN 'unknown'
    WHEN ${today}::date > ${r(`${q}.next_inspection_on`)} THEN 'overdue'
    WHEN ${today}::date >= ${r(`${q}.next_inspection_on`)} - ${r(`${ec}.warn_days`)} THEN 'due_soon'
    ELSE 'in_date' END`;
}

const base = (db: Kysely<DB>, actor: Actor) =>
  db
    .selectFrom('equipment as q')
    .innerJoin('equipment_categories as ec', 'ec.code', 'q.category_code')
    .leftJoin('enterprises as e', 'e.id', 'q.user_enterprise_id')
    .leftJoin('sites as s', 's.id', 'q.site_id')
    .where(inScope(actor, 'equipment', 'q'));
const columns = (qb: ReturnType<typeof base>) =>
  qb
    .selectAll('q')
    .select([
      'ec.name_zh as category_name',
      'ec.warn_days',
      'ec.interval_months',
      'e.name as enterprise_name',
      's.name as site_name',
    ]);
export type DueRow = Awaited<ReturnType<ReturnType<typeof columns>['executeTakeFirstOrThrow']>>;

export interface DueQuery {
  list: 'due' | 'overdue' | 'unregistered';
  regionCode?: string;
  enterpriseId?: string;
  categoryCode?: string;
  cursor?: string;
  pageSize?: number;
}

/**
 * due: due within the warning window (today ≤ next date, today ≥ next − warn_days), soonest first;
 * overdue: must not be used — past the next date with no newer pass, or the last result a fail,
 * longest overdue first; unregistered: no use registration date.
 */
export async function dueList(db: Kysely<DB>, actor: Actor, q: DueQuery, today: string) {
  let qb = base(db, actor);
  if (q.regionCode) qb = qb.where(inRegion(q.regionCode, 'q'));
  if (q.enterpriseId) qb = qb.where('q.user_enterprise_id', '=', q.enterpriseId);
  if (q.categoryCode) qb = qb.where('q.category_code', '=', q.categoryCode);
  const status = statusSql(today);
  if (q.list === 'due') qb = qb.where(sql<boolean>`${status} = 'due_soon'`);
  else if (q.list === 'overdue') qb = qb.where(sql<boolean>`${status} IN ('overdue', 'failed')`);
  else qb = qb.where('q.registered_on', 'is', null);
  return keysetPage(db, qb, columns, {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName: `nextInspectionOn-${q.list}`,
    sort:
      q.list === 'unregistered'
        ? key('q.created_at', 'timestamptz')
        : nullsLast('q.next_inspection_on', 'date'),
    order: 'asc',
    idColumn: 'q.id',
  });
}

/** One piece of equipment the actor may see (locked when `forUpdate`). */
export async function loadEquipment(db: Kysely<DB>, actor: Actor, id: string, forUpdate = false) {
  let qb = columns(base(db, actor)).where('q.id', '=', id);
  if (forUpdate) qb = qb.forUpdate(['q']);
  return qb.executeTakeFirst();
}

export async function insertInspection(trx: Kysely<DB>, v: Insertable<EquipmentInspectionsTable>) {
  const r = await trx.insertInto('equipment_inspections').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function setEquipmentInspection(trx: Kysely<DB>, id: string, set: Updateable<EquipmentTable>) {
  await trx
    .updateTable('equipment')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function inspectionsOf(db: Kysely<DB>, equipmentId: string): Promise<EquipmentInspectionRow[]> {
  return db
    .selectFrom('equipment_inspections')
    .selectAll()
    .where('equipment_id', '=', equipmentId)
    .orderBy('inspected_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .limit(100)
    .execute();
}

/** Equipment whose reminder of this kind for its current due date has not been sent; at most `limit`. */
export async function reminderCandidates(trx: Kysely<DB>, today: string, limit: number) {
  return trx
    .selectFrom('equipment as q')
    .innerJoin('equipment_categories as ec', 'ec.code', 'q.category_code')
    .select([
      'q.id',
      'q.registration_code',
      'q.type_name',
      'q.location',
      'q.region_code',
      'q.user_enterprise_id',
      'q.project_id',
      'q.next_inspection_on',
      'ec.name_zh as category_name',
      statusSql(today).as('status'),
    ])
    .where('q.next_inspection_on', 'is not', null)
    .where(sql<boolean>`coalesce(q.last_inspection_result, '') <> 'fail'`)
    .where(sql<boolean>`${today}::date >= q.next_inspection_on - ec.warn_days`)
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM equipment_reminders m WHERE m.equipment_id = q.id
        AND m.due_on = q.next_inspection_on
        AND m.kind = CASE WHEN ${today}::date > q.next_inspection_on THEN 'overdue' ELSE 'due_soon' END)`,
    )
    .orderBy('q.next_inspection_on')
    .orderBy('q.id')
    .limit(limit)
    .execute();
}

/** Claims a reminder (the key makes the job idempotent); false when it was already sent. */
export async function claimReminder(
  trx: Kysely<DB>,
  equipmentId: string,
  dueOn: string,
  kind: 'due_soon' | 'overdue',
  at: Date,
): Promise<boolean> {
  const r = await trx
    .insertInto('equipment_reminders')
    .values({ equipment_id: equipmentId, due_on: dueOn, kind, sent_at: at })
    .onConflict((oc) => oc.columns(['equipment_id', 'due_on', 'kind']).doNothing())
    .returning('equipment_id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function countNotified(
  trx: Kysely<DB>,
  equipmentId: string,
  dueOn: string,
  kind: string,
  n: number,
) {
  await trx
    .updateTable('equipment_reminders')
    .set({ notified: n })
    .where('equipment_id', '=', equipmentId)
    .where('due_on', '=', dueOn)
    .where('kind', '=', kind as 'due_soon' | 'overdue')
    .execute();
}

/** Overdue / failed / due-soon / unregistered counts of an enterprise's or a site's equipment. */
export async function equipmentFlags(
  db: Kysely<DB>,
  actor: Actor,
  f: { enterpriseId?: string; siteId?: string; regionCode?: string },
  today: string,
) {
  let qb = base(db, actor);
  if (f.enterpriseId) qb = qb.where('q.user_enterprise_id', '=', f.enterpriseId);
  if (f.siteId) qb = qb.where('q.site_id', '=', f.siteId);
  if (f.regionCode) qb = qb.where(inRegion(f.regionCode, 'q'));
  const status = statusSql(today);
  return qb
    .select([
      sql<number>`count(*) FILTER (WHERE ${status} = 'overdue')::int`.as('overdue'),
      sql<number>`count(*) FILTER (WHERE ${status} = 'failed')::int`.as('failed'),
      sql<number>`count(*) FILTER (WHERE ${status} = 'due_soon')::int`.as('dueSoon'),
      sql<number>`count(*) FILTER (WHERE q.registered_on IS NULL)::int`.as('unregistered'),
    ])
    .executeTakeFirstOrThrow();
}
