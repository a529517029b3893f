import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type {
  AccidentVersionsTable,
  AccidentsTable,
  AccidentGradeColumn,
} from '../../db/schema-accidents.ts';
import type { Actor } from '../../auth/actor.ts';
import { inRegion, inScope } from '../../auth/scope.ts';
import { notFound } from '../../errors.ts';
import { key, keysetPage, searchAny } from '../../db/paging.ts';

/**
 * The accidents repository: the only place in this module that reads or writes accidents and their
 * versions. Every read is scoped by `inScope(actor, 'accident', alias)`.
 */
export type AccidentRow = Selectable<AccidentsTable>;
export type AccidentVersionRow = Selectable<AccidentVersionsTable>;

export async function insertAccident(trx: Kysely<DB>, values: Insertable<AccidentsTable>): Promise<string> {
  const r = await trx.insertInto('accidents').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertAccidentVersion(trx: Kysely<DB>, values: Insertable<AccidentVersionsTable>) {
  await trx.insertInto('accident_versions').values(values).execute();
}

export async function updateAccident(trx: Kysely<DB>, id: string, set: Updateable<AccidentsTable>) {
  await trx.updateTable('accidents').set(set).where('id', '=', id).execute();
}

/** Records when a level was reported to (reported_<level>_at). */
export async function setReportedAt(
  trx: Kysely<DB>,
  id: string,
  level: 'county' | 'city' | 'province' | 'national',
  at: string,
  now: Date,
) {
  const set: Updateable<AccidentsTable> = { updated_at: now };
  set[`reported_${level}_at`] = at;
  await trx.updateTable('accidents').set(set).where('id', '=', id).execute();
}

/** One accident the actor may see (locked when `forUpdate`), or 404 like a missing one. */
export async function loadAccident(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  forUpdate = false,
): Promise<AccidentRow> {
  let q = db
    .selectFrom('accidents as a')
    .selectAll('a')
    .where('a.id', '=', id)
    .where(inScope(actor, 'accident', 'a'));
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Accident');
  return row;
}

/** An accident with the names its detail and the list show. */
const withNames = (db: Kysely<DB>) =>
  db
    .selectFrom('accidents as a')
    .leftJoin('enterprises as e', 'e.id', 'a.enterprise_id')
    .leftJoin('projects as p', 'p.id', 'a.project_id')
    .leftJoin('regions as g', 'g.code', 'a.region_code')
    .leftJoin('accident_types as t', 't.code', 'a.type_code')
    .leftJoin('equipment_categories as q', 'q.code', 'a.equipment_category_code');
type NamedBase = ReturnType<typeof withNames>;
const namedColumns = (qb: NamedBase) =>
  qb
    .selectAll('a')
    .select([
      'e.name as enterprise_name',
      'p.name as project_name',
      'g.name_zh as region_name',
      't.name_zh as type_name',
      'q.name_zh as equipment_category_name',
    ]);
export type NamedAccidentRow = Awaited<
  ReturnType<ReturnType<typeof namedColumns>['executeTakeFirstOrThrow']>
>;

export async function accidentWithNames(db: Kysely<DB>, actor: Actor, id: string): Promise<NamedAccidentRow> {
  const row = await namedColumns(withNames(db))
    .where('a.id', '=', id)
    .where(inScope(actor, 'accident', 'a'))
    .executeTakeFirst();
  if (!row) throw notFound('Accident');
  return row;
}

export async function versionsOf(db: Kysely<DB>, accidentId: string): Promise<AccidentVersionRow[]> {
  return db
    .selectFrom('accident_versions')
    .selectAll()
    .where('accident_id', '=', accidentId)
    .orderBy('version')
    .execute();
}

export interface AccidentListQuery {
  from?: string;
  to?: string;
  regionCode?: string;
  grade?: AccidentGradeColumn;
  typeCode?: string;
  enterpriseId?: string;
  q?: string;
  cursor?: string;
  pageSize?: number;
}

/** Accidents of the actor's jurisdiction, newest first, a page by key (occurred_at, id). */
export async function listAccidents(db: Kysely<DB>, actor: Actor, q: AccidentListQuery) {
  let base = withNames(db).where(inScope(actor, 'accident', 'a'));
  if (q.from) base = base.where('a.occurred_on', '>=', q.from);
  if (q.to) base = base.where('a.occurred_on', '<=', q.to);
  if (q.regionCode) base = base.where(inRegion(q.regionCode, 'a'));
  if (q.grade) base = base.where('a.grade', '=', q.grade);
  if (q.typeCode) base = base.where('a.type_code', '=', q.typeCode);
  if (q.enterpriseId) base = base.where('a.enterprise_id', '=', q.enterpriseId);
  if (q.q) base = base.where(searchAny(q.q, ['a.address', 'a.course']));
  return keysetPage(db, base, namedColumns, {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName: 'occurredAt',
    sort: key('a.occurred_at', 'timestamptz'),
    order: 'desc',
    idColumn: 'a.id',
  });
}

/** Ways to group accident figures. */
export const ACCIDENT_GROUPS = ['region', 'industry', 'type', 'grade', 'equipment', 'month'] as const;
export type AccidentGroup = (typeof ACCIDENT_GROUPS)[number];

const LEVELS = [2, 4, 6, 9, 12];
/** The length of the next division level below a prefix ('' → provinces, '44' → cities …). */
export const childLength = (prefix: string) => LEVELS.find((l) => l > prefix.length) ?? 12;

function groupKey(
  g: AccidentGroup,
  regionPrefix: string,
): { key: RawBuilder<string>; name: RawBuilder<string> } {
  switch (g) {
    case 'region':
      return {
        key: sql<string>`substr(a.region_code, 1, ${childLength(regionPrefix)})`,
        name: sql<string>`coalesce((SELECT r.name_zh FROM regions r WHERE r.code = k.key), k.key)`,
      };
    case 'industry':
      return {
        key: sql<string>`coalesce(a.industry, '')`,
        name: sql<string>`coalesce((SELECT i.name_zh FROM ref_items i WHERE i.kind = 'industry' AND i.code = k.key), nullif(k.key, ''), '（未填行业）')`,
      };
    case 'type':
      return {
        key: sql<string>`a.type_code`,
        name: sql<string>`coalesce((SELECT t.name_zh FROM accident_types t WHERE t.code = k.key), k.key)`,
      };
    case 'grade':
      return {
        key: sql<string>`a.grade`,
        name: sql<string>`CASE k.key WHEN 'especially_serious' THEN '特别重大' WHEN 'serious' THEN '重大' WHEN 'larger' THEN '较大' ELSE '一般' END`,
      };
    case 'equipment':
      return {
        key: sql<string>`coalesce(a.equipment_category_code, '')`,
        name: sql<string>`coalesce((SELECT c.name_zh FROM equipment_categories c WHERE c.code = k.key), '（不涉及特种设备）')`,
      };
    case 'month':
      return { key: sql<string>`to_char(a.occurred_on, 'YYYY-MM')`, name: sql<string>`k.key` };
  }
}

export interface AccidentCounts {
  accidents: number;
  deaths: number;
  seriousInjuries: number;
  minorInjuries: number;
  missing: number;
  /** Exact, as numeric text (yuan with two decimals). */
  directLossYuan: string;
}
export type AccidentGroupCounts = AccidentCounts & { key: string; name: string };

export interface FiguresQuery {
  /** Inclusive dates (YYYY-MM-DD) of occurrence in TIME_ZONE. */
  from: string;
  to: string;
  groupBy?: AccidentGroup;
  regionCode?: string;
  /** Filters, so a figure can be "elevator accidents" (equipmentCategoryCode '3000') or one type. */
  typeCode?: string;
  equipmentCategoryCode?: string;
  industry?: string;
  grade?: AccidentGradeColumn;
}

const COUNTS = sql`
  count(*)::int AS accidents,
  coalesce(sum(a.deaths), 0)::int AS deaths,
  coalesce(sum(a.serious_injuries), 0)::int AS serious_injuries,
  coalesce(sum(a.minor_injuries), 0)::int AS minor_injuries,
  coalesce(sum(a.missing), 0)::int AS missing,
  coalesce(sum(a.direct_loss_yuan), 0)::numeric(18, 2)::text AS direct_loss_yuan`;

interface CountsRow {
  accidents: number;
  deaths: number;
  serious_injuries: number;
  minor_injuries: number;
  missing: number;
  direct_loss_yuan: string;
}
const counts = (r: CountsRow): AccidentCounts => ({
  accidents: r.accidents,
  deaths: r.deaths,
  seriousInjuries: r.serious_injuries,
  minorInjuries: r.minor_injuries,
  missing: r.missing,
  directLossYuan: r.direct_loss_yuan,
});

/**
 * Accident counts and casualties of a period in the actor's jurisdiction, in total and (optionally)
 * grouped. The figures are the accidents' current (latest version's) figures. Accidents are few (a
 * county has tens a year), so they are summed from the rows, over the (region_code, occurred_on) index.
 * The dashboards and the periodic reports may call this.
 */
export async function accidentFigures(
  db: Kysely<DB>,
  actor: Actor,
  q: FiguresQuery,
): Promise<{ total: AccidentCounts; groups: AccidentGroupCounts[] }> {
  const where: RawBuilder<unknown>[] = [
    inScope(actor, 'accident', 'a'),
    sql`a.occurred_on >= ${q.from}::date`,
    sql`a.occurred_on <= ${q.to}::date`,
  ];
  if (q.regionCode) where.push(inRegion(q.regionCode, 'a'));
  if (q.typeCode) where.push(sql`a.type_code = ${q.typeCode}`);
  if (q.equipmentCategoryCode) where.push(sql`a.equipment_category_code = ${q.equipmentCategoryCode}`);
  if (q.industry) where.push(sql`a.industry = ${q.industry}`);
  if (q.grade) where.push(sql`a.grade = ${q.grade}`);
  const cond = sql.join(where, sql` AND `);
  const total = await sql<CountsRow>`SELECT ${COUNTS} FROM accidents a WHERE ${cond}`.execute(db);
  if (!q.groupBy) return { total: counts(total.rows[0]), groups: [] };
  const g = groupKey(q.groupBy, q.regionCode ?? actor.regionCode);
  const rows = await sql<CountsRow & { key: string; name: string }>`
    WITH k AS (SELECT ${g.key} AS key, ${COUNTS} FROM accidents a WHERE ${cond} GROUP BY 1)
    SELECT k.*, ${g.name} AS name FROM k ORDER BY k.key`.execute(db);
  return {
    total: counts(total.rows[0]),
    groups: rows.rows.map((r) => ({ key: r.key, name: r.name, ...counts(r) })),
  };
}

/** Whether an enterprise / project exists in the actor's view (a foreign one answers like a missing one). */
export async function enterpriseVisible(db: Kysely<DB>, actor: Actor, id: string) {
  return db
    .selectFrom('enterprises as e')
    .select(['e.id', 'e.region_code', 'e.industry_code'])
    .where('e.id', '=', id)
    .where(inScope(actor, 'enterprise', 'e'))
    .executeTakeFirst();
}

export async function projectVisible(db: Kysely<DB>, actor: Actor, id: string) {
  return db
    .selectFrom('projects as p')
    .select(['p.id', 'p.region_code'])
    .where('p.id', '=', id)
    .where(inScope(actor, 'project', 'p'))
    .executeTakeFirst();
}

export async function regionExists(db: Kysely<DB>, code: string) {
  return (
    (await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst()) !== undefined
  );
}

export async function accidentTypes(db: Kysely<DB>) {
  return db.selectFrom('accident_types').selectAll().orderBy('sort').execute();
}
