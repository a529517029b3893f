import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { statusSql } from '../equipment-inspections/repo.ts';

/**
 * The facts of one target over the model's window, each read by the target's own index
 * (hazards_enterprise / hazards_project, alarms_enterprise / alarms_project, inspections_enterprise /
 * inspections_project, model_awards_*, credit_records_in_force, sites_*_grading): a few of the
 * target's rows, never a scan of a jurisdiction. Counts are exact; the use case keeps the first
 * records of each fact as links.
 */
export type TargetKind = 'enterprise' | 'project';

const targetColumn = (kind: TargetKind) => (kind === 'enterprise' ? 'enterprise_id' : 'project_id');

export interface HazardFactRow {
  id: string;
  title: string;
  grade: 'general' | 'major';
  status: string;
  state: unknown;
  site_id: string | null;
  checklist_item_code: string | null;
  found_at: Date;
}

/** Hazards found in the window (rejected ones — "not a hazard" — excluded), oldest first. */
export async function hazardsFound(db: Kysely<DB>, kind: TargetKind, id: string, from: Date) {
  return (await db
    .selectFrom('hazards')
    .select(['id', 'title', 'grade', 'status', 'state', 'site_id', 'checklist_item_code', 'found_at'])
    .where(targetColumn(kind), '=', id)
    .where('found_at', '>=', from)
    .where('status', '<>', 'rejected')
    .orderBy('found_at')
    .orderBy('id')
    .execute()) as HazardFactRow[];
}

/** Hazards whose rectification is owed and past its deadline now, whenever found. */
export async function hazardsOverdue(db: Kysely<DB>, kind: TargetKind, id: string, now: Date) {
  return db
    .selectFrom('hazards')
    .select(['id', 'title'])
    .where(targetColumn(kind), '=', id)
    .where('status', 'in', ['rectification_ordered', 'rectifying'])
    .where('deadline', '<', now)
    .orderBy('deadline')
    .orderBy('id')
    .execute();
}

const SPECIAL_OPERATION_TYPES = ['uncertified_special_operation', 'unattributed_special_operation'];

/** Alarms verified as real (other than special operations, counted on their own) in the window. */
export async function alarmsReal(db: Kysely<DB>, kind: TargetKind, id: string, from: Date) {
  return db
    .selectFrom('alarms')
    .select(['id', 'number', 'type'])
    .where(targetColumn(kind), '=', id)
    .where('verdict', '=', 'real')
    .where('created_at', '>=', from)
    .where('type', 'not in', SPECIAL_OPERATION_TYPES)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Special operations without a certificate (or nobody to name) seen in the window, false alarms excluded. */
export async function uncertifiedOperations(db: Kysely<DB>, kind: TargetKind, id: string, from: Date) {
  return db
    .selectFrom('alarms')
    .select(['id', 'number', 'type'])
    .where(targetColumn(kind), '=', id)
    .where('type', 'in', SPECIAL_OPERATION_TYPES)
    .where('created_at', '>=', from)
    .where((eb) => eb.or([eb('verdict', 'is', null), eb('verdict', '=', 'real')]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Finished inspections of the window with their JGJ 59 grade (null when not scored by JGJ 59). */
export async function inspectionGrades(db: Kysely<DB>, kind: TargetKind, id: string, from: Date) {
  return db
    .selectFrom('inspections as i')
    .select([
      'i.id',
      'i.number',
      sql<string | null>`(SELECT s->'summary'->>'grade' FROM jsonb_array_elements(
          CASE WHEN jsonb_typeof(i.score) = 'array' THEN i.score ELSE '[]'::jsonb END) s
        WHERE jsonb_typeof(s->'summary') = 'object' LIMIT 1)`.as('jgj59_grade'),
    ])
    .where(sql.ref(`i.${targetColumn(kind)}`), '=', id)
    .where('i.status', '=', 'finished')
    .where('i.finished_at', '>=', from)
    .orderBy('i.finished_at')
    .orderBy('i.id')
    .execute();
}

/** Model-project awards in the window. */
export async function awardsOf(db: Kysely<DB>, kind: TargetKind, id: string, fromDay: string) {
  return db
    .selectFrom('model_awards')
    .select(['id', 'title', 'awarded_on', 'fee_uplift_percent'])
    .where(targetColumn(kind), '=', id)
    .where('awarded_on', '>=', fromDay)
    .orderBy('awarded_on')
    .orderBy('id')
    .execute();
}

/** Every award of a target (the grade page lists them, whatever the window). */
export async function allAwardsOf(db: Kysely<DB>, kind: TargetKind, id: string) {
  return db
    .selectFrom('model_awards')
    .select(['id', 'title', 'awarded_on', 'fee_uplift_percent'])
    .where(targetColumn(kind), '=', id)
    .orderBy('awarded_on', 'desc')
    .orderBy('id')
    .execute();
}

/**
 * The enterprises whose credit counts for a target: the enterprise itself, or a project's general
 * contractor (the fact), and every party (the joint-punishment flags shown).
 */
export async function creditEnterprises(db: Kysely<DB>, kind: TargetKind, id: string) {
  if (kind === 'enterprise') return { graded: [id], parties: [id] };
  const rows = await db
    .selectFrom('project_parties')
    .select(['enterprise_id', 'role'])
    .where('project_id', '=', id)
    .where('enterprise_id', 'is not', null)
    .execute();
  return {
    graded: rows.filter((r) => r.role === 'general_contractor').map((r) => r.enterprise_id!),
    parties: [...new Set(rows.map((r) => r.enterprise_id!))],
  };
}

/** In-force listings of these enterprises on `today` (the partial index credit_records_in_force). */
export async function creditInForceOf(db: Kysely<DB>, enterpriseIds: string[], today: string) {
  if (enterpriseIds.length === 0) return [];
  return db
    .selectFrom('credit_records as c')
    .innerJoin('enterprises as e', 'e.id', 'c.enterprise_id')
    .select(['c.id', 'c.enterprise_id', 'e.name as enterprise_name', 'c.planned_end_on', 'c.condition_code'])
    .where('c.enterprise_id', 'in', enterpriseIds)
    .where('c.removed_at', 'is', null)
    .where('c.starts_on', '<=', today)
    .where('c.planned_end_on', '>', today)
    .orderBy('c.starts_on')
    .orderBy('c.id')
    .execute();
}

const COLOUR_RANK = sql<number>`CASE risk_colour WHEN 'red' THEN 4 WHEN 'orange' THEN 3 WHEN 'yellow' THEN 2 WHEN 'blue' THEN 1 ELSE 0 END`;

/** The target's site with the highest risk colour (sites.risk_colour, computed by the risk module). */
export async function highestRiskSite(db: Kysely<DB>, kind: TargetKind, id: string) {
  return db
    .selectFrom('sites')
    .select(['id', 'name', 'risk_colour'])
    .where(targetColumn(kind), '=', id)
    .where('risk_colour', 'is not', null)
    .orderBy(COLOUR_RANK, 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Accidents of the target that occurred in the window (accidents_enterprise / accidents_project), oldest first. */
export async function accidentsOf(db: Kysely<DB>, kind: TargetKind, id: string, from: Date) {
  return db
    .selectFrom('accidents')
    .select(['id', 'occurred_on', 'grade', 'deaths', 'serious_injuries', 'type_code'])
    .where(targetColumn(kind), '=', id)
    .where('occurred_at', '>=', from)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

/**
 * The target's special equipment that must not be used today: overdue for its periodic inspection or
 * failed at its last one — the equipment-inspections module's own status (`statusSql`, the same as its
 * overdue list), not a definition of this module. By the use unit (an enterprise) or the project.
 */
export async function equipmentOverdue(db: Kysely<DB>, kind: TargetKind, id: string, today: string) {
  return db
    .selectFrom('equipment as q')
    .innerJoin('equipment_categories as ec', 'ec.code', 'q.category_code')
    .select([
      'q.id',
      'q.registration_code',
      'q.type_name',
      'q.next_inspection_on',
      'ec.name_zh as category_name',
    ])
    .select(statusSql(today).as('status'))
    .where(kind === 'enterprise' ? 'q.user_enterprise_id' : 'q.project_id', '=', id)
    .where(sql<boolean>`${statusSql(today)} IN ('overdue', 'failed')`)
    .orderBy('q.next_inspection_on')
    .orderBy('q.id')
    .execute();
}
