import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';

/** Queries of the project's supervision file that the enforcement module's supervision file does not already make. */
type Db = Kysely<DB>;

export async function projectHeader(db: Db, actor: Actor, id: string) {
  return db
    .selectFrom('projects as p')
    .select([
      'p.id',
      'p.name',
      'p.region_code',
      'p.status',
      'p.stage',
      'p.permit_no',
      'p.address',
      'p.start_on',
      'p.planned_completion_on',
    ])
    .where('p.id', '=', id)
    .where(inScope(actor, 'project', 'p'))
    .executeTakeFirst();
}

export async function partiesOf(db: Db, projectId: string) {
  return db
    .selectFrom('project_parties')
    .select(['role', 'name', 'enterprise_id'])
    .where('project_id', '=', projectId)
    .execute();
}

/** Approvals of the project in the actor's scope, oldest first, with every opinion. */
export async function approvalsWithOpinions(db: Db, actor: Actor, projectId: string) {
  const approvals = await db
    .selectFrom('approvals as a')
    .select(['a.id', 'a.kind', 'a.title', 'a.status', 'a.created_at', 'a.closed_at', 'a.beyond_scale'])
    .where('a.project_id', '=', projectId)
    .where(inScope(actor, 'approval', 'a'))
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(1000)
    .execute();
  const opinions = approvals.length
    ? await db
        .selectFrom('approval_opinions')
        .select([
          'id',
          'approval_id',
          'step_code',
          'round',
          'kind',
          'actor_name',
          'acting_as',
          'expert_name',
          'opinion',
          'conclusion',
          'materials_hash',
          'signed_at',
        ])
        .where(
          'approval_id',
          'in',
          approvals.map((a) => a.id),
        )
        .orderBy('signed_at')
        .orderBy('id')
        .execute()
    : [];
  return { approvals, opinions };
}

export async function accidentsOfProject(db: Db, actor: Actor, projectId: string) {
  return db
    .selectFrom('accidents as a')
    .select(['a.id', 'a.occurred_at', 'a.grade', 'a.deaths', 'a.serious_injuries', 'a.address', 'a.course'])
    .where('a.project_id', '=', projectId)
    .where(inScope(actor, 'accident', 'a'))
    .orderBy('a.occurred_at')
    .limit(500)
    .execute();
}

export async function awardsOfProject(db: Db, projectId: string) {
  return db
    .selectFrom('model_project_awards')
    .select([
      'id',
      'scheme',
      'year',
      'status',
      'total_score',
      'applied_at',
      'decided_at',
      'fee_uplift_percent',
      'uplift_fen',
    ])
    .where('project_id', '=', projectId)
    .orderBy('applied_at')
    .execute();
}

export interface AuditRow {
  action: string;
  subject_type: string;
  subject_id: string;
  chain: string;
  seq: number;
  hash: string;
  at: Date;
}

/** The audit entries of the given subjects (by the subject index), for tracing each file entry to its record. */
export async function auditEntriesOf(
  db: Db,
  subjects: { type: string; ids: string[] }[],
): Promise<AuditRow[]> {
  const out: AuditRow[] = [];
  for (const s of subjects) {
    if (!s.ids.length) continue;
    const rows = await db
      .selectFrom('audit_entries')
      .select(['action', 'subject_type', 'subject_id', 'chain', 'seq', 'hash', 'at'])
      .where('subject_type', '=', s.type)
      .where('subject_id', 'in', s.ids)
      .orderBy('seq')
      .limit(20_000)
      .execute();
    for (const r of rows) out.push({ ...r, seq: Number(r.seq) });
  }
  return out;
}
