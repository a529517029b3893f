import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { EquipmentQuery, PageOf } from '@redline/contracts';
import type { DB, EquipmentTable } from '../../../db/schema.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inScope, inRegion } from '../../../auth/scope.ts';
import { key, keysetPage, nullsLast, searchAny, type SortKey } from '../../../db/paging.ts';

const SORT: Record<string, SortKey> = {
  nextInspectionOn: nullsLast('q.next_inspection_on', 'date'),
  registrationCode: key('q.registration_code', 'text'),
  categoryCode: key('q.category_code', 'text'),
  createdAt: key('q.created_at', 'timestamptz'),
};

const base = (db: Kysely<DB>, actor: Actor) =>
  db
    .selectFrom('equipment as q')
    .innerJoin('equipment_categories as ec', 'ec.code', 'q.category_code')
    .leftJoin('enterprises as e', 'e.id', 'q.user_enterprise_id')
    .leftJoin('regions as r', 'r.code', 'q.region_code')
    .where(inScope(actor, 'equipment', 'q'));
const columns = (qb: ReturnType<typeof base>) =>
  qb
    .selectAll('q')
    .select([
      'ec.name_zh as category_name',
      'ec.warn_days',
      'e.name as enterprise_name',
      'r.name_zh as region_name',
    ]);

export type EquipmentRow = Awaited<ReturnType<ReturnType<typeof columns>['executeTakeFirstOrThrow']>>;

/** Inspection status in SQL for filters; mirrors the domain's equipmentInspectionStatus. */
function statusSql(today: string) {
  return sql<string>`CASE
    WHEN q.last_inspection_result = 'fail' THEN 'failed'
    WHEN q.next_inspection_on IS NULL THEN 'unknown'
    WHEN ${today}::date > q.next_inspection_on THEN 'overdue'
    WHEN ${today}::date >= q.next_inspection_on - ec.warn_days THEN 'due_soon'
    ELSE 'in_date' END`;
}

export async function listEquipment(
  db: Kysely<DB>,
  actor: Actor,
  q: Static<typeof EquipmentQuery>,
  today: string,
  limit?: number,
): Promise<PageOf<EquipmentRow>> {
  let qb = base(db, actor);
  if (q.regionCode) qb = qb.where(inRegion(q.regionCode, 'q'));
  if (q.categoryCode) qb = qb.where('q.category_code', '=', q.categoryCode);
  if (q.userEnterpriseId) qb = qb.where('q.user_enterprise_id', '=', q.userEnterpriseId);
  if (q.projectId) qb = qb.where('q.project_id', '=', q.projectId);
  if (q.siteId) qb = qb.where('q.site_id', '=', q.siteId);
  if (q.status) qb = qb.where(sql<boolean>`${statusSql(today)} = ${q.status}`);
  if (q.q) qb = qb.where(searchAny(q.q, ['q.registration_code', 'q.type_name', 'q.location', 'e.name']));
  const sort = q.sort ?? 'nextInspectionOn';
  return keysetPage(db, qb, columns, {
    cursor: q.cursor,
    pageSize: limit ?? q.pageSize,
    sortName: sort,
    sort: SORT[sort]!,
    order: q.order ?? 'asc',
    idColumn: 'q.id',
  });
}

export function findEquipmentRow(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
): Promise<EquipmentRow | undefined> {
  return columns(base(db, actor).where('q.id', '=', id)).executeTakeFirst();
}

export async function equipmentCategoryExists(db: Kysely<DB>, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('equipment_categories')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  return !!row;
}

/** The inspection interval of a category (it must exist). */
export async function inspectionIntervalMonths(db: Kysely<DB>, code: string): Promise<number> {
  const cat = await db
    .selectFrom('equipment_categories')
    .select('interval_months')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return cat.interval_months;
}

/** The id of the equipment registered under this code, anywhere. */
export async function equipmentWithRegistrationCode(
  db: Kysely<DB>,
  code: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('equipment')
    .select('id')
    .where('registration_code', '=', code)
    .executeTakeFirst();
  return row?.id;
}

export async function insertEquipment(db: Kysely<DB>, values: Insertable<EquipmentTable>): Promise<string> {
  const { id } = await db.insertInto('equipment').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateEquipment(
  db: Kysely<DB>,
  id: string,
  set: Updateable<EquipmentTable>,
): Promise<void> {
  await db
    .updateTable('equipment')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
