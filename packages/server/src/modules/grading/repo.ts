import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { GradeListQuery, PageOf } from '@redline/contracts';
import { gradingModelProblem, type GradingModel } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import { key, keysetPage } from '../../db/paging.ts';
import type { TargetKind } from './facts-repo.ts';

/** The grading repository: models, computations, the latest grade per target, overrides, the dirty queue. */

export interface ModelRow {
  model: GradingModel;
  rationale: string;
}

/** The model in force (national scope); a stored model that fails the domain's check is an error. */
export async function activeModel(db: Kysely<DB>): Promise<ModelRow> {
  const row = await db
    .selectFrom('grading_models')
    .select(['model', 'rationale'])
    .where('active', '=', true)
    .where('region_code', '=', '')
    .executeTakeFirstOrThrow();
  const model = row.model as GradingModel;
  const problem = gradingModelProblem(model);
  if (problem) throw new Error(`grading model in force is invalid: ${problem}`);
  return { model, rationale: row.rationale };
}

export async function modelByVersion(db: Kysely<DB>, version: number): Promise<GradingModel | undefined> {
  const row = await db
    .selectFrom('grading_models')
    .select('model')
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.model as GradingModel | undefined;
}

export interface TargetRow {
  kind: TargetKind;
  id: string;
  name: string;
  region_code: string;
}

/** A target the actor may see (undefined otherwise, like a missing one). */
export async function visibleTarget(
  db: Kysely<DB>,
  actor: Actor,
  kind: TargetKind,
  id: string,
): Promise<TargetRow | undefined> {
  const row =
    kind === 'enterprise'
      ? await db
          .selectFrom('enterprises as t')
          .select(['t.id', 't.name', 't.region_code'])
          .where('t.id', '=', id)
          .where(inScope(actor, 'enterprise', 't'))
          .executeTakeFirst()
      : await db
          .selectFrom('projects as t')
          .select(['t.id', 't.name', 't.region_code'])
          .where('t.id', '=', id)
          .where(inScope(actor, 'project', 't'))
          .executeTakeFirst();
  return row ? { kind, ...row } : undefined;
}

/** A target by id, unscoped (jobs, CLI, demo). */
export async function targetById(
  db: Kysely<DB>,
  kind: TargetKind,
  id: string,
): Promise<TargetRow | undefined> {
  const row = await db
    .selectFrom(kind === 'enterprise' ? 'enterprises' : 'projects')
    .select(['id', 'name', 'region_code'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { kind, ...row } : undefined;
}

export interface ComputationInsert {
  target_kind: TargetKind;
  target_id: string;
  region_code: string;
  model_version: number;
  grade: 'A' | 'B' | 'C';
  total: number;
  thresholds: string;
  facts: string;
  explanation: string;
  window_from: Date;
  window_to: Date;
  reason: string;
  computed_at: Date;
}

/** Stores a computation and makes it the target's latest. */
export async function storeComputation(db: Kysely<DB>, c: ComputationInsert): Promise<string> {
  const { id } = await db
    .insertInto('grade_computations')
    .values(c)
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('target_grades')
    .values({
      target_kind: c.target_kind,
      target_id: c.target_id,
      region_code: c.region_code,
      computation_id: id,
      computed_grade: c.grade,
      total: c.total,
      model_version: c.model_version,
      computed_at: c.computed_at,
    })
    .onConflict((oc) =>
      oc.columns(['target_kind', 'target_id']).doUpdateSet({
        region_code: c.region_code,
        computation_id: id,
        computed_grade: c.grade,
        total: c.total,
        model_version: c.model_version,
        computed_at: c.computed_at,
      }),
    )
    .execute();
  return id;
}

export async function latestComputation(db: Kysely<DB>, kind: TargetKind, id: string) {
  return db
    .selectFrom('target_grades as g')
    .innerJoin('grade_computations as c', 'c.id', 'g.computation_id')
    .selectAll('c')
    .select(sql<number>`c.total::float8`.as('total_number'))
    .where('g.target_kind', '=', kind)
    .where('g.target_id', '=', id)
    .executeTakeFirst();
}
export type ComputationRow = NonNullable<Awaited<ReturnType<typeof latestComputation>>>;

/** The latest 50 computations of a target, newest first. */
export async function computationHistory(db: Kysely<DB>, kind: TargetKind, id: string) {
  return db
    .selectFrom('grade_computations')
    .select(['id', 'grade', sql<number>`total::float8`.as('total'), 'model_version', 'reason', 'computed_at'])
    .where('target_kind', '=', kind)
    .where('target_id', '=', id)
    .orderBy('computed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
}

export async function overridesOf(db: Kysely<DB>, kind: TargetKind, id: string) {
  return db
    .selectFrom('grade_overrides as o')
    .leftJoin('users as u', 'u.id', 'o.created_by')
    .select([
      'o.id',
      'o.grade',
      'o.reason',
      'o.expires_at',
      'o.created_at',
      'o.revoked_at',
      'u.display_name as created_by_name',
    ])
    .where('o.target_kind', '=', kind)
    .where('o.target_id', '=', id)
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(50)
    .execute();
}
export type OverrideRow = Awaited<ReturnType<typeof overridesOf>>[number];

export async function insertOverride(
  db: Kysely<DB>,
  o: {
    target_kind: TargetKind;
    target_id: string;
    region_code: string;
    grade: 'A' | 'B' | 'C';
    reason: string;
    expires_at: Date | string;
    created_by: string;
    created_at: Date;
  },
): Promise<string> {
  const row = await db.insertInto('grade_overrides').values(o).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Revokes the overrides in force of a target; returns the ids revoked. */
export async function revokeOverrides(db: Kysely<DB>, kind: TargetKind, id: string, by: string, at: Date) {
  const rows = await db
    .updateTable('grade_overrides')
    .set({ revoked_at: at, revoked_by: by })
    .where('target_kind', '=', kind)
    .where('target_id', '=', id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .returning(['id', 'grade'])
    .execute();
  return rows;
}

export async function insertAward(
  db: Kysely<DB>,
  a: {
    target_kind: TargetKind;
    enterprise_id: string | null;
    project_id: string | null;
    region_code: string;
    title: string;
    awarded_on: string;
    authority_id: string | null;
    fee_uplift_percent: number | null;
    created_by: string;
  },
): Promise<string> {
  const row = await db.insertInto('model_awards').values(a).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

// --- lists -------------------------------------------------------------------------------------

const jointPunishmentOf = (kind: RawBuilder<unknown>, idRef: string) => sql<boolean>`EXISTS (
  SELECT 1 FROM credit_records c
   WHERE c.removed_at IS NULL AND c.starts_on <= current_date AND c.planned_end_on > current_date
     AND (
       (${kind} = 'enterprise' AND c.enterprise_id = ${sql.ref(idRef)})
       OR (${kind} = 'project' AND c.enterprise_id IN (
         SELECT pp.enterprise_id FROM project_parties pp WHERE pp.project_id = ${sql.ref(idRef)}))
     ))`;

/** The graded targets of the actor's jurisdiction, newest computation first, by key. */
export async function listGrades(
  db: Kysely<DB>,
  actor: Actor,
  q: Static<typeof GradeListQuery>,
): Promise<
  PageOf<{
    target_kind: TargetKind;
    target_id: string;
    region_code: string;
    grade: 'A' | 'B' | 'C';
    computed_grade: 'A' | 'B' | 'C';
    overridden: boolean;
    total: number;
    model_version: number;
    computed_at: Date;
    name: string | null;
    joint: boolean;
  }>
> {
  let base = db.selectFrom('current_grades as g').where(inScope(actor, 'grade', 'g'));
  if (q.kind) base = base.where('g.target_kind', '=', q.kind);
  if (q.grade) base = base.where('g.grade', '=', q.grade);
  if (q.q?.trim()) {
    const pattern = `%${q.q.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    base = base.where(
      sql<SqlBool>`(CASE g.target_kind
        WHEN 'enterprise' THEN (SELECT e.name FROM enterprises e WHERE e.id = g.target_id)
        ELSE (SELECT p.name FROM projects p WHERE p.id = g.target_id) END) ILIKE ${pattern}`,
    );
  }
  return keysetPage(
    db,
    base,
    (qb) =>
      qb
        .leftJoin('enterprises as e', (j) =>
          j.onRef('e.id', '=', 'g.target_id').on('g.target_kind', '=', 'enterprise'),
        )
        .leftJoin('projects as p', (j) =>
          j.onRef('p.id', '=', 'g.target_id').on('g.target_kind', '=', 'project'),
        )
        .select([
          'g.target_kind',
          'g.target_id',
          'g.region_code',
          'g.grade',
          'g.computed_grade',
          'g.overridden',
          sql<number>`g.total::float8`.as('total'),
          'g.model_version',
          'g.computed_at',
          sql<string | null>`coalesce(e.name, p.name)`.as('name'),
          jointPunishmentOf(sql.ref('g.target_kind'), 'g.target_id').as('joint'),
        ]),
    {
      cursor: q.cursor,
      pageSize: q.pageSize,
      sortName: 'computedAt',
      sort: key('g.computed_at', 'timestamptz'),
      order: q.order ?? 'desc',
      idColumn: 'g.target_id',
    },
  );
}

/** Grade and joint-punishment flag of up to 200 targets the actor may see (the registry lists' badges). */
export async function gradeBadges(db: Kysely<DB>, actor: Actor, kind: TargetKind, ids: string[]) {
  if (ids.length === 0) return [];
  const base =
    kind === 'enterprise'
      ? db
          .selectFrom('enterprises as t')
          .where('t.id', 'in', ids)
          .where(inScope(actor, 'enterprise', 't'))
      : db
          .selectFrom('projects as t')
          .where('t.id', 'in', ids)
          .where(inScope(actor, 'project', 't'));
  return (base as unknown as ReturnType<typeof _enterprisesBase>)
    .leftJoin('current_grades as g', (j) =>
      j.onRef('g.target_id', '=', 't.id').on('g.target_kind', '=', kind),
    )
    .select([
      't.id',
      'g.grade',
      sql<boolean>`coalesce(g.overridden, false)`.as('overridden'),
      jointPunishmentOf(sql.lit(kind), 't.id').as('joint'),
    ])
    .execute();
}
// Only its type is used: enterprises and projects share the columns the badges read.
const _enterprisesBase = (db: Kysely<DB>) => db.selectFrom('enterprises as t');

// --- the dirty queue -----------------------------------------------------------------------------

/** Takes up to `limit` marked targets (skipping rows another instance holds) and removes them. */
export async function takeDirty(db: Kysely<DB>, limit: number) {
  const { rows } = await sql<{ target_kind: TargetKind; target_id: string; reason: string }>`
    DELETE FROM grading_dirty d
     WHERE (d.target_kind, d.target_id) IN (
       SELECT target_kind, target_id FROM grading_dirty ORDER BY marked_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING d.target_kind, d.target_id, d.reason`.execute(db);
  return rows;
}

/** Marks every enterprise and project for recomputation (the nightly run). */
export async function markAllDirty(db: Kysely<DB>, reason: string): Promise<number> {
  const { numAffectedRows } = await sql`
    INSERT INTO grading_dirty (target_kind, target_id, reason)
    SELECT 'enterprise', id, ${reason} FROM enterprises
    UNION ALL
    SELECT 'project', id, ${reason} FROM projects
    ON CONFLICT (target_kind, target_id) DO UPDATE SET reason = EXCLUDED.reason`.execute(db);
  return Number(numAffectedRows ?? 0);
}

export async function dirtyCount(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('grading_dirty')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function metaValue(db: Kysely<DB>, k: string): Promise<unknown> {
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', k).executeTakeFirst();
  return row?.value;
}

export async function setMeta(db: Kysely<DB>, k: string, value: unknown, at: Date) {
  await db
    .insertInto('app_meta')
    .values({ key: k, value: JSON.stringify(value), updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: at }))
    .execute();
}

/** Every enterprise and project id (the CLI's full recompute), in id order. */
export async function allTargets(db: Kysely<DB>): Promise<Array<{ kind: TargetKind; id: string }>> {
  const e = await db.selectFrom('enterprises').select('id').orderBy('id').execute();
  const p = await db.selectFrom('projects').select('id').orderBy('id').execute();
  return [
    ...e.map((r) => ({ kind: 'enterprise' as const, id: r.id })),
    ...p.map((r) => ({ kind: 'project' as const, id: r.id })),
  ];
}

/** Targets per grade in force (the CLI's summary). */
export async function countGrades(db: Kysely<DB>): Promise<Record<'A' | 'B' | 'C', number>> {
  const rows = await db
    .selectFrom('current_grades')
    .select(['grade', sql<number>`count(*)::int`.as('n')])
    .groupBy('grade')
    .execute();
  const out = { A: 0, B: 0, C: 0 };
  for (const r of rows) out[r.grade] = r.n;
  return out;
}
