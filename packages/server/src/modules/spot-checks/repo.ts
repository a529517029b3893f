import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { ACTOR_COLUMNS, type Actor } from '../../auth/actor.ts';
import { inRegion, inScope } from '../../auth/scope.ts';
import { key, keysetPage } from '../../db/paging.ts';
import type {
  SpotCheckPlansTable,
  SpotCheckPoolFilter,
  SpotCheckTasksTable,
} from '../../db/schema-spot-checks.ts';

/** Queries of spot-check plans, their pools (from the registry) and tasks. */
type Q = Kysely<DB>;
export type PlanRow = Selectable<SpotCheckPlansTable> & {
  authority_name: string;
  region_name: string | null;
};
export type TaskRow = Selectable<SpotCheckTasksTable> & {
  plan_title: string;
  plan_kind: 'routine' | 'cross';
  region_name: string | null;
  inspection_status: string | null;
  inspection_number: string | null;
};

const planRows = (db: Q) =>
  db
    .selectFrom('spot_check_plans as p')
    .innerJoin('authorities as a', 'a.id', 'p.authority_id')
    .leftJoin('regions as g', 'g.code', 'p.region_code')
    .selectAll('p')
    .select(['a.name as authority_name', 'g.name_zh as region_name']);

export async function getPlan(db: Q, actor: Actor, id: string): Promise<PlanRow | undefined> {
  return planRows(db)
    .where('p.id', '=', id)
    .where(inScope(actor, 'spot_check_plan', 'p'))
    .executeTakeFirst();
}

/** Locks a plan of the actor's scope for a change. */
export async function lockPlan(trx: Q, actor: Actor, id: string) {
  return trx
    .selectFrom('spot_check_plans as p')
    .selectAll('p')
    .where('p.id', '=', id)
    .where(inScope(actor, 'spot_check_plan', 'p'))
    .forUpdate()
    .executeTakeFirst();
}

export async function planPage(db: Q, actor: Actor, q: { cursor?: string; pageSize?: number }) {
  const base = db.selectFrom('spot_check_plans as p').where(inScope(actor, 'spot_check_plan', 'p'));
  return keysetPage(
    db,
    base,
    (qb) =>
      qb
        .innerJoin('authorities as a', 'a.id', 'p.authority_id')
        .leftJoin('regions as g', 'g.code', 'p.region_code')
        .selectAll('p')
        .select(['a.name as authority_name', 'g.name_zh as region_name']),
    {
      cursor: q.cursor,
      pageSize: q.pageSize,
      sortName: 'created',
      sort: key('p.created_at', 'timestamptz'),
      order: 'desc',
      idColumn: 'p.id',
    },
  );
}

export async function insertPlan(trx: Q, values: Insertable<SpotCheckPlansTable>): Promise<string> {
  const r = await trx.insertInto('spot_check_plans').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updatePlan(trx: Q, id: string, values: Updateable<SpotCheckPlansTable>) {
  await trx
    .updateTable('spot_check_plans')
    .set({ ...values, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

// ---- tasks -------------------------------------------------------------------------------------

const taskRows = (db: Q) =>
  db
    .selectFrom('spot_check_tasks as t')
    .innerJoin('spot_check_plans as p', 'p.id', 't.plan_id')
    .leftJoin('regions as g', 'g.code', 't.region_code')
    .leftJoin('inspections as i', 'i.id', 't.inspection_id')
    .selectAll('t')
    .select([
      'p.title as plan_title',
      'p.kind as plan_kind',
      'g.name_zh as region_name',
      'i.status as inspection_status',
      'i.number as inspection_number',
    ]);

export async function insertTasks(trx: Q, rows: Array<Insertable<SpotCheckTasksTable>>) {
  if (rows.length) await trx.insertInto('spot_check_tasks').values(rows).execute();
}

/** The tasks of a plan (the plan itself is checked by the caller), by target name. */
export async function tasksOfPlan(db: Q, planId: string): Promise<TaskRow[]> {
  return taskRows(db).where('t.plan_id', '=', planId).orderBy('t.target_name').orderBy('t.id').execute();
}

/** The caller's own tasks (drawn for them), open ones first by due date; at most 200. */
export async function tasksOf(db: Q, userId: string): Promise<TaskRow[]> {
  return taskRows(db)
    .where(sql<boolean>`t.inspector_ids @> ARRAY[${userId}]::uuid[]`)
    .orderBy(sql`(i.status = 'finished')`)
    .orderBy('t.due_on')
    .orderBy('t.id')
    .limit(200)
    .execute();
}

export async function getTask(db: Q, actor: Actor, id: string): Promise<TaskRow | undefined> {
  return taskRows(db)
    .where('t.id', '=', id)
    .where(inScope(actor, 'spot_check_task', 't'))
    .executeTakeFirst();
}

export async function lockTask(trx: Q, id: string) {
  return trx.selectFrom('spot_check_tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setTaskInspection(trx: Q, id: string, inspectionId: string) {
  await trx
    .updateTable('spot_check_tasks')
    .set({ inspection_id: inspectionId })
    .where('id', '=', id)
    .execute();
}

/** Names of users (the inspectors shown on tasks and plans). */
export async function userNames(db: Q, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The plan's inspectors with their jurisdiction and certificate number (for the authorised plan view). */
export async function inspectorsOf(db: Q, ids: string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('users as u')
    .leftJoin('regions as g', 'g.code', 'u.region_code')
    .select(['u.id', 'u.display_name', 'u.region_code', 'g.name_zh as region_name', 'u.licence_no'])
    .where('u.id', 'in', ids)
    .orderBy('u.region_code')
    .orderBy('u.display_name')
    .execute();
}

// ---- the pool's ingredients ----------------------------------------------------------------------

export interface CandidateUser {
  id: string;
  display_name: string;
  role: string;
  region_code: string;
  authority_id: string | null;
  authority_name: string | null;
  region_name: string | null;
  enterprise_id: string | null;
  licence_no: string | null;
  active: boolean;
}

const userColumns = (db: Q) =>
  db
    .selectFrom('users as u')
    .leftJoin('authorities as a', 'a.id', 'u.authority_id')
    .leftJoin('regions as g', 'g.code', 'u.region_code')
    .select([
      'u.id',
      'u.display_name',
      'u.role',
      'u.region_code',
      'u.authority_id',
      'a.name as authority_name',
      'g.name_zh as region_name',
      'u.enterprise_id',
      'u.licence_no',
      'u.active',
    ]);

export async function usersByIds(db: Q, ids: string[]): Promise<CandidateUser[]> {
  if (!ids.length) return [];
  return userColumns(db).where('u.id', 'in', ids).execute();
}

/**
 * Certified officers (inspectors and leaders with a law-enforcement certificate number) a plan of
 * the actor may draw: those of the actor's jurisdiction, and for a cross-inspection also those of
 * the same province outside it.
 */
export async function inspectorCandidates(db: Q, actor: Actor, kind: 'routine' | 'cross') {
  let q = userColumns(db)
    .where('u.active', '=', true)
    .where('u.role', 'in', ['inspector', 'leader'])
    .where('u.licence_no', 'is not', null)
    .where('u.licence_no', '<>', '')
    .where('u.region_code', '<>', '');
  q =
    kind === 'cross' && actor.regionCode.length >= 2
      ? q.where(inRegion(actor.regionCode.slice(0, 2), 'u'))
      : q.where(inRegion(actor.regionCode, 'u'));
  return q.orderBy('u.region_code').orderBy('u.display_name').orderBy('u.id').limit(500).execute();
}

/** Published checklist modules by id, with their library's name (those that exist and are published). */
export async function publishedModules(db: Q, ids: string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('checklist_modules as m')
    .innerJoin('checklist_versions as v', 'v.id', 'm.version_id')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select(['m.id', 'm.name_zh', 'v.name_zh as library_name', 'v.status', 'l.region_code'])
    .where('m.id', 'in', ids)
    .execute();
}

/** The item ids of these modules (an inspection started from a task inspects them). */
export async function itemIdsOfModules(db: Q, moduleIds: string[]): Promise<string[]> {
  if (!moduleIds.length) return [];
  const rows = await db
    .selectFrom('checklist_items')
    .select('id')
    .where('module_id', 'in', moduleIds)
    .orderBy('module_id')
    .orderBy('sort')
    .execute();
  return rows.map((r) => r.id);
}

export const POOL_LIMIT = 3000;

/**
 * The registry's targets matching a plan's filters inside the actor's scope, with what the draw
 * needs: region, the enterprises involved (for recusal), and the risk facts of their sites (a red
 * risk colour, a key risk source). At most POOL_LIMIT + 1 of each kind are read.
 */
export async function poolTargets(db: Q, actor: Actor, f: SpotCheckPoolFilter) {
  const out: Array<{
    kind: 'enterprise' | 'project';
    id: string;
    name: string;
    region_code: string;
    enterprise_ids: string[];
    red: boolean;
    key_source: boolean;
  }> = [];
  if (f.targetKinds.includes('enterprise')) {
    let q = db
      .selectFrom('enterprises as e')
      .select([
        'e.id',
        'e.name',
        'e.region_code',
        sql<boolean>`EXISTS (SELECT 1 FROM sites s WHERE s.enterprise_id = e.id AND s.risk_colour = 'red')`.as(
          'red',
        ),
        sql<boolean>`EXISTS (SELECT 1 FROM sites s WHERE s.enterprise_id = e.id AND s.key_risk_source)`.as(
          'key_source',
        ),
      ])
      .where(inScope(actor, 'enterprise', 'e'));
    if (f.regionCode) q = q.where(inRegion(f.regionCode, 'e'));
    if (f.industries.length) q = q.where('e.industry_code', 'in', f.industries);
    if (f.enterpriseIds.length) q = q.where('e.id', 'in', f.enterpriseIds);
    const rows = await q
      .orderBy('e.id')
      .limit(POOL_LIMIT + 1)
      .execute();
    for (const r of rows)
      out.push({
        kind: 'enterprise',
        id: r.id,
        name: r.name,
        region_code: r.region_code,
        enterprise_ids: [r.id],
        red: !!r.red,
        key_source: !!r.key_source,
      });
  }
  if (f.targetKinds.includes('project')) {
    let q = db
      .selectFrom('projects as p')
      .select([
        'p.id',
        'p.name',
        'p.region_code',
        sql<
          string[]
        >`coalesce((SELECT array_agg(DISTINCT pp.enterprise_id::text) FROM project_parties pp WHERE pp.project_id = p.id AND pp.enterprise_id IS NOT NULL), '{}')`.as(
          'enterprise_ids',
        ),
        sql<boolean>`EXISTS (SELECT 1 FROM sites s WHERE s.project_id = p.id AND s.risk_colour = 'red')`.as(
          'red',
        ),
        sql<boolean>`EXISTS (SELECT 1 FROM sites s WHERE s.project_id = p.id AND s.key_risk_source)`.as(
          'key_source',
        ),
      ])
      .where(inScope(actor, 'project', 'p'))
      .where('p.status', 'in', ['approved', 'under_construction', 'suspended']);
    if (f.regionCode) q = q.where(inRegion(f.regionCode, 'p'));
    if (f.projectTypes.length) q = q.where('p.type', 'in', f.projectTypes);
    if (f.projectIds.length) q = q.where('p.id', 'in', f.projectIds);
    const rows = await q
      .orderBy('p.id')
      .limit(POOL_LIMIT + 1)
      .execute();
    for (const r of rows)
      out.push({
        kind: 'project',
        id: r.id,
        name: r.name,
        region_code: r.region_code,
        enterprise_ids: r.enterprise_ids ?? [],
        red: !!r.red,
        key_source: !!r.key_source,
      });
  }
  return out;
}

/** Declared conflicts (not withdrawn) of these inspectors, as "enterprise:<id>" / "project:<id>". */
export async function conflictsOf(db: Q, userIds: string[]) {
  const map = new Map<string, string[]>();
  if (!userIds.length) return map;
  const rows = await db
    .selectFrom('inspector_conflicts')
    .select(['user_id', 'target_kind', 'enterprise_id', 'project_id'])
    .where('user_id', 'in', userIds)
    .where('withdrawn_at', 'is', null)
    .execute();
  for (const r of rows) {
    const k = r.target_kind === 'enterprise' ? `enterprise:${r.enterprise_id}` : `project:${r.project_id}`;
    map.set(r.user_id, [...(map.get(r.user_id) ?? []), k]);
  }
  return map;
}

/** A user as an actor (the plan's author, in whose name a cross-inspection is set up). */
export async function actorRowOf(db: Q, userId: string) {
  return db
    .selectFrom('users')
    .select([...ACTOR_COLUMNS, 'active'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export async function planForTask(db: Q, planId: string) {
  return db
    .selectFrom('spot_check_plans')
    .select(['id', 'title', 'kind', 'created_by', 'module_ids', 'region_code'])
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
}

/** Due dates and inspection states of the tasks of these plans (the list's done / due / overdue). */
export async function taskStatesOf(db: Q, planIds: string[]) {
  if (!planIds.length) return [];
  return db
    .selectFrom('spot_check_tasks as t')
    .leftJoin('inspections as i', 'i.id', 't.inspection_id')
    .select(['t.plan_id', 't.due_on', 'i.status as inspection_status'])
    .where('t.plan_id', 'in', planIds)
    .execute();
}
