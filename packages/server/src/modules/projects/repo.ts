import { sql, type Kysely } from 'kysely';
import type { DB, PartyRole } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import { notFound } from '../../errors.ts';
import { key, keysetPage } from '../../db/paging.ts';
import type { MemberPositionColumn, ProjectStageColumn } from '../../db/schema-projects.ts';

/** Every query of the projects module (issue 17 part 1). Scope: the registry's 'project' kind. */

export async function loadProject(db: Kysely<DB>, actor: Actor, id: string, forUpdate = false) {
  let q = db
    .selectFrom('projects as p')
    .leftJoin('regions as r', 'r.code', 'p.region_code')
    .select([
      'p.id',
      'p.name',
      'p.type',
      'p.address',
      'p.region_code',
      'p.permit_no',
      'p.stage',
      'p.status',
      'p.start_on',
      'p.planned_completion_on',
      'r.name_zh as region_name',
    ])
    .where('p.id', '=', id)
    .where(inScope(actor, 'project', 'p'));
  if (forUpdate) q = q.forUpdate('p');
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Project');
  return row;
}
export type ProjectRow = Awaited<ReturnType<typeof loadProject>>;

/** The party roles an enterprise holds on a project (an owner may also be its own contractor). */
export async function partiesOfEnterprise(db: Kysely<DB>, projectId: string, enterpriseId: string) {
  const rows = await db
    .selectFrom('project_parties')
    .select('role')
    .where('project_id', '=', projectId)
    .where('enterprise_id', '=', enterpriseId)
    .execute();
  return rows.map((r) => r.role);
}

/** A user's active member rows on a project. */
export async function memberRowsOf(db: Kysely<DB>, userId: string, projectId: string) {
  return db
    .selectFrom('project_members')
    .select(['party_role', 'position', 'enterprise_id'])
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .where('active', '=', true)
    .execute();
}

export async function userForMembership(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'role', 'enterprise_id', 'username', 'active', 'project_scoped'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** The active accounts of an enterprise a project member may be linked to (as add-member.ts accepts). */
export async function linkableAccounts(db: Kysely<DB>, enterpriseId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'project_scoped'])
    .where('enterprise_id', '=', enterpriseId)
    .where('role', '=', 'enterprise_manager')
    .where('active', '=', true)
    .orderBy('project_scoped', 'desc')
    .orderBy('username')
    .limit(500)
    .execute();
}

export async function partiesOf(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom('project_parties')
    .select(['role', 'name', 'enterprise_id', 'contact'])
    .where('project_id', '=', projectId)
    .orderBy(sql`array_position(ARRAY['owner','general_contractor','supervision','survey','design'], role)`)
    .execute();
}

export async function stageEventsOf(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom('project_stage_events')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('seq')
    .execute();
}

export async function nextStageSeq(db: Kysely<DB>, projectId: string) {
  const r = await db
    .selectFrom('project_stage_events')
    .select(sql<number>`coalesce(max(seq), 0)::int`.as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(r.n) + 1;
}

export async function countSuspensions(db: Kysely<DB>, projectId: string) {
  const r = await db
    .selectFrom('project_stage_events')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('project_id', '=', projectId)
    .where('type', '=', 'suspend')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertStageEvent(
  db: Kysely<DB>,
  row: {
    project_id: string;
    seq: number;
    type: string;
    from_stage: ProjectStageColumn;
    to_stage: ProjectStageColumn;
    at: Date;
    actor_id: string;
    actor_name: string;
    actor_role: string;
    actor_party: string | null;
    materials: string;
    reason: string | null;
    permit_no: string | null;
    region_code: string;
  },
) {
  await db.insertInto('project_stage_events').values(row).execute();
}

export async function saveProjectStage(
  db: Kysely<DB>,
  id: string,
  set: {
    stage: ProjectStageColumn;
    status: 'approved' | 'under_construction' | 'suspended' | 'completed';
    permit_no: string;
    updated_at: Date;
  },
) {
  await db.updateTable('projects').set(set).where('id', '=', id).execute();
}

/** Files uploaded as materials of this project (owner kind 'project'), by id. */
export async function projectMaterialFiles(db: Kysely<DB>, projectId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('files')
    .select(['id', 'sha256', 'original_name'])
    .where('owner_kind', '=', 'project')
    .where('owner_id', '=', projectId)
    .where('id', 'in', ids)
    .execute();
}

export async function filesByIds(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('files').select(['id', 'sha256', 'original_name']).where('id', 'in', ids).execute();
}

export async function membersOf(db: Kysely<DB>, projectId: string, today: string) {
  return db
    .selectFrom('project_members as m')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('enterprises as e', 'e.id', 'm.enterprise_id')
    .leftJoin('certificates as c', 'c.id', 'm.certificate_id')
    .select([
      'm.id',
      'm.party_role',
      'm.position',
      'm.name',
      'm.user_id',
      'u.username',
      'e.name as enterprise_name',
      'm.certificate_no',
      'm.certificate_check',
      'c.expires_on',
      'm.checked_at',
      sql<boolean>`m.worker_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM site_attendance a JOIN sites s ON s.id = a.site_id
         WHERE a.worker_id = m.worker_id AND s.project_id = m.project_id
           AND a.check_in_at >= ${today}::date AND a.check_in_at < ${today}::date + 1)`.as('on_site_today'),
    ])
    .where('m.project_id', '=', projectId)
    .where('m.active', '=', true)
    .orderBy(
      sql`array_position(ARRAY['owner','general_contractor','supervision','survey','design'], m.party_role)`,
    )
    .orderBy('m.added_at')
    .execute();
}

export async function insertMember(
  db: Kysely<DB>,
  row: {
    project_id: string;
    user_id: string | null;
    party_role: PartyRole;
    enterprise_id: string | null;
    position: MemberPositionColumn;
    name: string;
    worker_id: string | null;
    certificate_no: string;
    certificate_check: 'not_required' | 'valid' | 'review_due' | 'expired' | 'not_found' | 'wrong_holder';
    certificate_id: string | null;
    checked_at: Date | null;
    added_by: string;
    added_at: Date;
    region_code: string;
  },
) {
  return db.insertInto('project_members').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function workerOf(db: Kysely<DB>, workerId: string) {
  return db.selectFrom('workers').select(['id', 'employer_id']).where('id', '=', workerId).executeTakeFirst();
}

/** The certificate of a category under a number (numbers compared upper-cased), with its category rules. */
export async function certificateByNumber(db: Kysely<DB>, categoryCode: string, number: string) {
  return db
    .selectFrom('certificates as c')
    .innerJoin('certificate_categories as cc', 'cc.code', 'c.category_code')
    .select([
      'c.id',
      'c.worker_id',
      'c.issued_on',
      'c.expires_on',
      'c.next_review_on',
      'c.last_reviewed_on',
      'cc.review_window_days',
    ])
    .where('c.category_code', '=', categoryCode)
    .where(sql<boolean>`upper(c.number) = ${number.trim().toUpperCase()}`)
    .executeTakeFirst();
}

export async function devicesOf(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom('devices as d')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('device_events as ev')
          .select(['ev.readings', 'ev.time'])
          .whereRef('ev.device_id', '=', 'd.id')
          .where('ev.readings', 'is not', null)
          .orderBy('ev.time', 'desc')
          .limit(1)
          .as('last'),
      (join) => join.onTrue(),
    )
    .select([
      'd.id',
      'd.code',
      'd.name',
      'd.kind',
      'd.online',
      'd.last_seen_at',
      'last.readings',
      'last.time as reading_at',
    ])
    .where('d.project_id', '=', projectId)
    .where('d.active', '=', true)
    .orderBy('d.kind')
    .orderBy('d.code')
    .limit(50)
    .execute();
}

export async function recentAlarmsOf(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom('alarms as a')
    .innerJoin('devices as d', 'd.id', 'a.device_id')
    .select([
      'a.id',
      'a.number',
      'a.type',
      'a.severity',
      'a.status',
      'd.name as device_name',
      'a.last_event_at',
    ])
    .where('a.project_id', '=', projectId)
    .orderBy('a.last_event_at', 'desc')
    .limit(10)
    .execute();
}

export async function recentInspectionsOf(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom('inspections as i')
    .select(['i.id', 'i.kind', 'i.status', 'i.started_at', 'i.score'])
    .where('i.project_id', '=', projectId)
    .orderBy('i.created_at', 'desc')
    .limit(10)
    .execute();
}

export async function hazardCountsOf(db: Kysely<DB>, projectId: string, now: Date) {
  return db
    .selectFrom('hazards as h')
    .select([
      sql<number>`count(*) FILTER (WHERE h.status NOT IN ('closed', 'rejected', 'reported'))::int`.as('open'),
      sql<number>`count(*) FILTER (WHERE h.status IN ('rectification_ordered', 'rectifying') AND h.deadline < ${now})::int`.as(
        'overdue',
      ),
      sql<number>`count(*) FILTER (WHERE h.status = 'submitted' AND (h.state->'supervision'->>'required')::boolean AND h.state->'supervision'->>'confirmedAt' IS NULL)::int`.as(
        'awaiting_supervision',
      ),
      sql<number>`count(*) FILTER (WHERE h.status = 'closed')::int`.as('closed'),
    ])
    .where('h.project_id', '=', projectId)
    .executeTakeFirstOrThrow();
}

export async function recentHazardsOf(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom('hazards as h')
    .select([
      'h.id',
      'h.title',
      'h.grade',
      'h.status',
      'h.deadline',
      sql<boolean>`h.status = 'submitted' AND coalesce((h.state->'supervision'->>'required')::boolean, false) AND h.state->'supervision'->>'confirmedAt' IS NULL`.as(
        'awaiting_supervision',
      ),
    ])
    .where('h.project_id', '=', projectId)
    .orderBy('h.updated_at', 'desc')
    .limit(10)
    .execute();
}

export async function documentsOf(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom('documents as d')
    .select(['d.id', 'd.kind', 'd.number', 'd.status', 'd.created_at'])
    .where('d.project_id', '=', projectId)
    .orderBy('d.created_at', 'desc')
    .limit(10)
    .execute();
}

export async function gradeOf(db: Kysely<DB>, projectId: string) {
  const r = await db
    .selectFrom('target_grades')
    .select('computed_grade')
    .where('target_kind', '=', 'project')
    .where('target_id', '=', projectId)
    .executeTakeFirst();
  return r?.computed_grade ?? null;
}

/**
 * The caller's projects (party portal): those their enterprise is party to or they are a member
 * of, newest first by key; with open hazards and those waiting for the caller's party.
 */
export async function portalProjects(
  db: Kysely<DB>,
  actor: Actor,
  q: { cursor?: string; pageSize?: number; stage?: ProjectStageColumn },
) {
  const e = actor.enterpriseId;
  let base = db
    .selectFrom('projects as p')
    .where(inScope(actor, 'project', 'p'))
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('project_members as m')
            .select(sql.lit(1).as('x'))
            .whereRef('m.project_id', '=', 'p.id')
            .where('m.user_id', '=', actor.userId)
            .where('m.active', '=', true),
        ),
        ...(e
          ? [
              eb.exists(
                eb
                  .selectFrom('project_parties as pp')
                  .select(sql.lit(1).as('x'))
                  .whereRef('pp.project_id', '=', 'p.id')
                  .where('pp.enterprise_id', '=', e),
              ),
            ]
          : []),
      ]),
    );
  if (q.stage) base = base.where('p.stage', '=', q.stage);
  return keysetPage(
    db,
    base,
    (qb) =>
      qb.leftJoin('regions as r', 'r.code', 'p.region_code').select([
        'p.id',
        'p.name',
        'p.stage',
        'p.created_at',
        'r.name_zh as region_name',
        sql<
          string | null
        >`(SELECT pp.role FROM project_parties pp WHERE pp.project_id = p.id AND pp.enterprise_id = ${e ?? null}::uuid
             ORDER BY array_position(ARRAY['owner','general_contractor','supervision','survey','design'], pp.role) LIMIT 1)`.as(
          'party',
        ),
        sql<string[]>`coalesce((SELECT array_agg(m.position ORDER BY m.position) FROM project_members m
             WHERE m.project_id = p.id AND m.user_id = ${actor.userId} AND m.active), '{}')`.as('positions'),
        sql<
          string | null
        >`(SELECT m.party_role FROM project_members m WHERE m.project_id = p.id AND m.user_id = ${actor.userId} AND m.active LIMIT 1)`.as(
          'member_party',
        ),
        sql<number>`(SELECT count(*)::int FROM hazards h WHERE h.project_id = p.id AND h.status NOT IN ('closed', 'rejected', 'reported'))`.as(
          'open_hazards',
        ),
        sql<number>`(SELECT count(*)::int FROM hazards h WHERE h.project_id = p.id AND h.status IN ('rectification_ordered', 'rectifying'))`.as(
          'to_rectify',
        ),
        sql<number>`(SELECT count(*)::int FROM hazards h WHERE h.project_id = p.id AND h.status = 'submitted'
             AND coalesce((h.state->'supervision'->>'required')::boolean, false) AND h.state->'supervision'->>'confirmedAt' IS NULL)`.as(
          'to_confirm',
        ),
      ]),
    {
      cursor: q.cursor,
      pageSize: q.pageSize,
      sortName: 'createdAt',
      sort: key('p.created_at', 'timestamptz'),
      order: 'desc',
      idColumn: 'p.id',
    },
  );
}

/** Whether the actor may see the project (file owner check for stage materials). */
export async function projectVisible(db: Kysely<DB>, actor: Actor, id: string): Promise<boolean> {
  const r = await db
    .selectFrom('projects as p')
    .select('p.id')
    .where('p.id', '=', id)
    .where(inScope(actor, 'project', 'p'))
    .executeTakeFirst();
  return r !== undefined;
}

/** One active member row of a project (for removal). */
export async function activeMemberOf(db: Kysely<DB>, projectId: string, memberId: string) {
  return db
    .selectFrom('project_members')
    .select(['id', 'party_role', 'position', 'user_id', 'name'])
    .where('project_id', '=', projectId)
    .where('id', '=', memberId)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** Ends a membership (the row is kept: who was on the project, and until when the audit says). */
export async function deactivateMember(db: Kysely<DB>, memberId: string) {
  await db.updateTable('project_members').set({ active: false }).where('id', '=', memberId).execute();
}
