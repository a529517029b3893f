import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * What the public notices read (no login): committed plans of an authority, their item lists, and
 * the tasks whose inspection is finished with its result. Only public columns are selected here —
 * names of authorities, enterprises, projects and regions, the officers' names, dates and counts.
 */
type Q = Kysely<DB>;

export async function publicAuthorities(db: Q) {
  return db
    .selectFrom('spot_check_plans as p')
    .innerJoin('authorities as a', 'a.id', 'p.authority_id')
    .leftJoin('regions as g', 'g.code', 'a.region_code')
    .select([
      'a.id',
      'a.name',
      'a.region_code',
      'g.name_zh as region_name',
      sql<number>`count(*)::int`.as('plans'),
    ])
    .where('p.status', '<>', 'draft')
    .groupBy(['a.id', 'a.name', 'a.region_code', 'g.name_zh'])
    .orderBy('a.region_code')
    .orderBy('a.name')
    .limit(500)
    .execute();
}

export async function publicAuthority(db: Q, id: string) {
  return db
    .selectFrom('authorities as a')
    .leftJoin('regions as g', 'g.code', 'a.region_code')
    .select(['a.id', 'a.name', 'a.region_code', 'g.name_zh as region_name'])
    .where('a.id', '=', id)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('spot_check_plans as p')
          .select('p.id')
          .whereRef('p.authority_id', '=', 'a.id')
          .where('p.status', '<>', 'draft'),
      ),
    )
    .executeTakeFirst();
}

/** The committed plans of an authority, newest first (at most 100). */
export async function publicPlans(db: Q, authorityId: string) {
  return db
    .selectFrom('spot_check_plans as p')
    .select([
      'p.id',
      'p.title',
      'p.kind',
      'p.status',
      'p.period_start',
      'p.period_end',
      'p.items',
      'p.commitment',
      'p.committed_at',
      'p.drawn_at',
      'p.revealed_at',
      sql<number>`jsonb_array_length(p.pool -> 'targets')`.as('targets'),
      sql<number | null>`(SELECT count(*)::int FROM spot_check_tasks t WHERE t.plan_id = p.id)`.as('drawn'),
    ])
    .where('p.authority_id', '=', authorityId)
    .where('p.status', '<>', 'draft')
    .orderBy('p.committed_at', 'desc')
    .orderBy('p.id')
    .limit(100)
    .execute();
}

/** Tasks of an authority's plans whose inspection is finished: target, officers' names, date, hazards found / closed. */
export async function publicFinishedTasks(db: Q, authorityId: string, timeZone: string) {
  return db
    .selectFrom('spot_check_tasks as t')
    .innerJoin('spot_check_plans as p', 'p.id', 't.plan_id')
    .innerJoin('inspections as i', 'i.id', 't.inspection_id')
    .leftJoin('regions as g', 'g.code', 't.region_code')
    .select([
      't.plan_id',
      't.target_name',
      'g.name_zh as region_name',
      sql<string>`to_char(i.finished_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD')`.as('inspected_on'),
      sql<
        string[]
      >`coalesce((SELECT array_agg(m.display_name ORDER BY m.role, m.display_name) FROM inspection_members m WHERE m.inspection_id = i.id), '{}')`.as(
        'officers',
      ),
      sql<number>`(SELECT count(*)::int FROM hazards h WHERE h.inspection_id = i.id AND h.status <> 'rejected')`.as(
        'problems',
      ),
      sql<number>`(SELECT count(*)::int FROM hazards h WHERE h.inspection_id = i.id AND h.status = 'closed')`.as(
        'rectified',
      ),
    ])
    .where('p.authority_id', '=', authorityId)
    .where('p.status', '<>', 'draft')
    .where('i.status', '=', 'finished')
    .orderBy('i.finished_at', 'desc')
    .orderBy('t.id')
    .limit(500)
    .execute();
}

/** A committed plan as the published file needs it. */
export async function publishedPlanRow(db: Q, id: string) {
  return db
    .selectFrom('spot_check_plans as p')
    .innerJoin('authorities as a', 'a.id', 'p.authority_id')
    .select([
      'p.id',
      'p.title',
      'p.kind',
      'p.status',
      'p.region_code',
      'p.period_start',
      'p.period_end',
      'p.commitment',
      'p.committed_at',
      'p.pool',
      'p.rules',
      'p.seed',
      'p.result',
      'a.name as authority_name',
    ])
    .where('p.id', '=', id)
    .where('p.status', '<>', 'draft')
    .executeTakeFirst();
}
