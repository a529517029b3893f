import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { InspectionQuery } from '@redline/contracts';
import type { DB } from '../../../db/schema.ts';
import type {
  InspectionFindingsTable,
  InspectionMembersTable,
  InspectionsTable,
} from '../../../db/schema-inspections.ts';
import type { Actor } from '../../../auth/actor.ts';
import { escapeLike, inRegion, inScope } from '../../../auth/scope.ts';
import { key, keysetPage, nullsLast } from '../../../db/paging.ts';
import { notFound } from '../../../errors.ts';
import { checklistItemOf } from './checklists.ts';

/** Inspections, their team and their hazards: the rows, read within the caller's scope. */
type Q = Kysely<DB>;
export type InspectionRow = Selectable<InspectionsTable>;

/** The inspection if the actor may see it (jurisdiction, enterprise, or cross-inspection membership); else 404. */
export async function loadInspection(
  db: Q,
  actor: Actor,
  id: string,
  forUpdate = false,
): Promise<InspectionRow> {
  let q = db
    .selectFrom('inspections as i')
    .selectAll('i')
    .where('i.id', '=', id)
    .where(inScope(actor, 'inspection', 'i'));
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Inspection');
  return row;
}

export async function isMember(db: Q, inspectionId: string, userId: string): Promise<boolean> {
  return !!(await db
    .selectFrom('inspection_members')
    .select('user_id')
    .where('inspection_id', '=', inspectionId)
    .where('user_id', '=', userId)
    .executeTakeFirst());
}

export async function updateInspection(db: Q, id: string, set: Updateable<InspectionsTable>): Promise<void> {
  await db.updateTable('inspections').set(set).where('id', '=', id).execute();
}

export async function insertInspection(db: Q, values: Insertable<InspectionsTable>): Promise<string> {
  const row = await db.insertInto('inspections').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertMembers(db: Q, rows: Insertable<InspectionMembersTable>[]): Promise<void> {
  await db.insertInto('inspection_members').values(rows).execute();
}

/** The findings of a new inspection, 500 rows per statement (bind-parameter limits). */
export async function insertFindings(db: Q, rows: Insertable<InspectionFindingsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('inspection_findings')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/**
 * The highest inspection number with this prefix, read under a transaction-scoped advisory lock on
 * the prefix so that concurrent creations serialise per county and year.
 */
export async function lastNumberLocked(trx: Q, prefix: string): Promise<string | undefined> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${prefix}))`.execute(trx);
  const last = await trx
    .selectFrom('inspections')
    .select('number')
    .where('number', 'like', `${prefix}%`)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.number;
}

export async function hazardsOfInspection(db: Q, inspectionId: string) {
  return db
    .selectFrom('hazards')
    .selectAll()
    .where('inspection_id', '=', inspectionId)
    .orderBy('created_at')
    .execute();
}

/** Everything the full view of one inspection shows, besides the inspection row and its score. */
export async function inspectionViewRows(db: Q, i: InspectionRow) {
  const id = i.id;
  const regions = await db
    .selectFrom('regions')
    .select(['code', 'name_zh'])
    .where('code', 'in', [i.region_code, i.home_region_code || i.region_code])
    .execute();
  const members = await db
    .selectFrom('inspection_members as m')
    .leftJoin('regions as r', 'r.code', 'm.home_region_code')
    .leftJoin('authorities as a', 'a.id', 'm.authority_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.user_id',
      'm.role',
      'm.display_name',
      'm.licence_no',
      'm.home_region_code',
      'm.authority_id',
      'm.confirmed_at',
      'u.licence_no as current_licence_no',
      'u.active',
      'r.name_zh as region_name',
      'a.name as authority_name',
    ])
    .where('m.inspection_id', '=', id)
    .orderBy(sql`m.role = 'leader'`, 'desc')
    .orderBy('m.display_name')
    .execute();
  const signatures = await db
    .selectFrom('inspection_signatures')
    .selectAll()
    .where('inspection_id', '=', id)
    .orderBy('signed_at')
    .execute();
  const findingRows = await db
    .selectFrom('inspection_findings as f')
    .innerJoin('checklist_items as ci', 'ci.id', 'f.item_id')
    .innerJoin('checklist_modules as m', 'm.id', 'ci.module_id')
    .innerJoin('checklist_versions as v', 'v.id', 'f.version_id')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .leftJoin('hazards as h', 'h.finding_id', 'f.id')
    .selectAll('f')
    .select([
      'ci.body',
      'm.name_zh as module_name_zh',
      'm.name_en as module_name_en',
      'm.table_code',
      'l.code as library_code',
      'h.id as hazard_id',
    ])
    .where('f.inspection_id', '=', id)
    .orderBy('f.sort')
    .execute();
  const findings = findingRows.map((f) => ({ ...f, item: checklistItemOf(f.body) }));
  const photoIds = [...new Set(findings.flatMap((f) => f.photo_file_ids))];
  const photos = photoIds.length
    ? await db.selectFrom('files').selectAll().where('id', 'in', photoIds).execute()
    : [];
  const versions = await db
    .selectFrom('checklist_versions as v')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select([
      'v.id',
      'v.version',
      'v.status',
      'v.scored',
      'v.name_zh',
      'v.name_en',
      'l.id as library_id',
      'l.code',
    ])
    .where('v.id', 'in', (eb) =>
      eb.selectFrom('inspection_findings').select('version_id').where('inspection_id', '=', id),
    )
    .orderBy('l.code')
    .execute();
  const hazards = await hazardsOfInspection(db, id);
  const authority = i.authority_id
    ? await db.selectFrom('authorities').select('name').where('id', '=', i.authority_id).executeTakeFirst()
    : undefined;
  const group = i.group_id
    ? await db.selectFrom('inspection_groups').select('name').where('id', '=', i.group_id).executeTakeFirst()
    : undefined;
  return { regions, members, signatures, findings, photos, versions, hazards, authority, group };
}
export type InspectionViewRows = Awaited<ReturnType<typeof inspectionViewRows>>;

const SORTS = {
  createdAt: key('i.created_at', 'timestamptz'),
  plannedOn: nullsLast('i.planned_on', 'date'),
  number: key('i.number', 'text'),
  status: key('i.status', 'text'),
} as const;

/** One page of inspections by jurisdiction, kind, status, inspector, target, date; with counts and teams. */
export async function listInspectionRows(db: Q, actor: Actor, q: InspectionQuery, pageSize: number) {
  let base = db.selectFrom('inspections as i').where(inScope(actor, 'inspection', 'i'));
  if (q.kind) base = base.where('i.kind', '=', q.kind);
  if (q.status) base = base.where('i.status', '=', q.status);
  if (q.regionCode) base = base.where(inRegion(q.regionCode, 'i'));
  if (q.targetKind) base = base.where('i.target_kind', '=', q.targetKind);
  if (q.targetId) {
    const id = q.targetId;
    base = base.where((eb) =>
      eb.or([
        eb('i.enterprise_id', '=', id),
        eb('i.project_id', '=', id),
        eb('i.site_id', '=', id),
        eb('i.equipment_id', '=', id),
      ]),
    );
  }
  if (q.inspectorId || q.mine) {
    const uid = q.mine ? actor.userId : q.inspectorId!;
    base = base.where('i.id', 'in', (eb) =>
      eb.selectFrom('inspection_members').select('inspection_id').where('user_id', '=', uid),
    );
  }
  if (q.from)
    base = base.where(
      sql<boolean>`coalesce(i.planned_on, (i.created_at AT TIME ZONE 'UTC')::date) >= ${q.from}::date`,
    );
  if (q.to)
    base = base.where(
      sql<boolean>`coalesce(i.planned_on, (i.created_at AT TIME ZONE 'UTC')::date) <= ${q.to}::date`,
    );
  if (q.q) {
    const like = `%${escapeLike(q.q.trim())}%`;
    base = base.where((eb) =>
      eb.or([
        eb('i.number', 'ilike', like),
        eb('i.title', 'ilike', like),
        eb(sql.raw(`i.target->>'name'`), 'ilike', like),
      ]),
    );
  }
  const sort = q.sort ?? 'createdAt';
  const page = await keysetPage(
    db,
    base,
    (b) =>
      b
        .leftJoin('regions as r', 'r.code', 'i.region_code')
        .selectAll('i')
        .select(['r.name_zh as region_name'])
        .select((eb) => [
          eb
            .selectFrom('inspection_findings as f')
            .whereRef('f.inspection_id', '=', 'i.id')
            .select(eb.fn.countAll<number>().as('n'))
            .as('total_items'),
          eb
            .selectFrom('inspection_findings as f')
            .whereRef('f.inspection_id', '=', 'i.id')
            .where('f.result', '<>', 'pending')
            .select(eb.fn.countAll<number>().as('n'))
            .as('done_items'),
          eb
            .selectFrom('inspection_findings as f')
            .whereRef('f.inspection_id', '=', 'i.id')
            .where('f.result', '=', 'fail')
            .select(eb.fn.countAll<number>().as('n'))
            .as('failed_items'),
          eb
            .selectFrom('hazards as h')
            .whereRef('h.inspection_id', '=', 'i.id')
            .select(eb.fn.countAll<number>().as('n'))
            .as('hazard_count'),
        ]),
    {
      cursor: q.cursor,
      pageSize,
      sortName: sort,
      sort: SORTS[sort],
      order: q.order ?? 'desc',
      idColumn: 'i.id',
    },
  );
  const rows = page.items;
  const members = rows.length
    ? await db
        .selectFrom('inspection_members')
        .select(['inspection_id', 'user_id', 'display_name', 'role'])
        .where(
          'inspection_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  return { page, rows, members };
}

/** Who created the inspection with this id, whatever its scope (a client-generated id sent again, issue 19). */
export async function inspectionCreator(db: Q, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('inspections').select('created_by').where('id', '=', id).executeTakeFirst();
  return row?.created_by;
}
