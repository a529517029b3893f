import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type {
  ApprovalMaterialsTable,
  ApprovalOpinionsTable,
  ApprovalsTable,
  ExpertsTable,
} from '../../db/schema-approvals.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import { notFound } from '../../errors.ts';
import { key, keysetPage, searchAny } from '../../db/paging.ts';

/**
 * The approvals repository: the only place in this module that reads or writes approvals, their
 * materials, opinions and the expert register. Reads of approvals are scoped by
 * `inScope(actor, 'approval', alias)`.
 */
export type ApprovalRow = Selectable<ApprovalsTable>;
export type MaterialRow = Selectable<ApprovalMaterialsTable> & { added_by_name: string };
export type OpinionRow = Selectable<ApprovalOpinionsTable>;
export type ExpertRow = Selectable<ExpertsTable>;

export async function projectForApproval(db: Kysely<DB>, actor: Actor, id: string) {
  return db
    .selectFrom('projects as p')
    .select(['p.id', 'p.name', 'p.region_code'])
    .where('p.id', '=', id)
    .where(inScope(actor, 'project', 'p'))
    .executeTakeFirst();
}

/** The party roles the actor's enterprise holds in a project. */
export async function partyRolesOf(db: Kysely<DB>, projectId: string, enterpriseId: string | null) {
  if (!enterpriseId) return [];
  const rows = await db
    .selectFrom('project_parties')
    .select('role')
    .where('project_id', '=', projectId)
    .where('enterprise_id', '=', enterpriseId)
    .execute();
  return rows.map((r) => r.role);
}

export async function insertApproval(trx: Kysely<DB>, values: Insertable<ApprovalsTable>) {
  const r = await trx.insertInto('approvals').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateApproval(trx: Kysely<DB>, id: string, set: Updateable<ApprovalsTable>) {
  await trx.updateTable('approvals').set(set).where('id', '=', id).execute();
}

const withProject = (db: Kysely<DB>) =>
  db.selectFrom('approvals as a').innerJoin('projects as p', 'p.id', 'a.project_id');
type Base = ReturnType<typeof withProject>;
const namedColumns = (qb: Base) => qb.selectAll('a').select(['p.name as project_name']);
export type NamedApprovalRow = ApprovalRow & { project_name: string };

/** One approval the actor may see (locked when `forUpdate`), or 404 like a missing one. */
export async function loadApproval(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  forUpdate = false,
): Promise<NamedApprovalRow> {
  let q = namedColumns(withProject(db))
    .where('a.id', '=', id)
    .where(inScope(actor, 'approval', 'a'));
  if (forUpdate) q = q.forUpdate(['a']);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Approval');
  return row;
}

export interface ApprovalListFilter {
  projectId?: string;
  kind?: ApprovalsTable['kind'];
  status?: ApprovalsTable['status'];
  q?: string;
  cursor?: string;
  pageSize?: number;
}

/** Approvals of the actor's jurisdiction (or their enterprise's projects), newest first, a page by key. */
export async function listApprovals(db: Kysely<DB>, actor: Actor, f: ApprovalListFilter) {
  let base = withProject(db).where(inScope(actor, 'approval', 'a'));
  if (f.projectId) base = base.where('a.project_id', '=', f.projectId);
  if (f.kind) base = base.where('a.kind', '=', f.kind);
  if (f.status) base = base.where('a.status', '=', f.status);
  if (f.q) base = base.where(searchAny(f.q, ['a.title', 'p.name']));
  return keysetPage(db, base, namedColumns, {
    cursor: f.cursor,
    pageSize: f.pageSize,
    sortName: 'createdAt',
    sort: key('a.created_at', 'timestamptz'),
    order: 'desc',
    idColumn: 'a.id',
  });
}

export async function materialsOf(db: Kysely<DB>, approvalId: string): Promise<MaterialRow[]> {
  return db
    .selectFrom('approval_materials as m')
    .innerJoin('users as u', 'u.id', 'm.added_by')
    .selectAll('m')
    .select('u.display_name as added_by_name')
    .where('m.approval_id', '=', approvalId)
    .orderBy('m.added_at')
    .orderBy('m.id')
    .execute();
}

export async function insertMaterial(trx: Kysely<DB>, values: Insertable<ApprovalMaterialsTable>) {
  return trx.insertInto('approval_materials').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function withdrawMaterial(trx: Kysely<DB>, id: string, replacedBy: string, at: Date) {
  await trx
    .updateTable('approval_materials')
    .set({ replaced_by: replacedBy, withdrawn_at: at })
    .where('id', '=', id)
    .execute();
}

export async function opinionsOf(db: Kysely<DB>, approvalId: string) {
  return db
    .selectFrom('approval_opinions as o')
    .selectAll('o')
    .select((eb) =>
      eb
        .selectFrom('audit_entries as e')
        .select(sql<string>`e.chain || ':' || e.seq || ':' || e.hash`.as('ref'))
        .where('e.subject_type', '=', 'approval_opinion')
        .where('e.subject_id', '=', sql<string>`o.id::text`)
        .orderBy('e.seq')
        .limit(1)
        .as('audit_ref'),
    )
    .where('o.approval_id', '=', approvalId)
    .orderBy('o.signed_at')
    .orderBy('o.id')
    .execute();
}

export async function insertOpinion(trx: Kysely<DB>, values: Insertable<ApprovalOpinionsTable>) {
  return trx.insertInto('approval_opinions').values(values).returning('id').executeTakeFirstOrThrow();
}

/** An expert of a register covering the project's place (the register's region is a prefix of it). */
export async function expertForProject(db: Kysely<DB>, id: string, projectRegion: string) {
  return db
    .selectFrom('experts')
    .selectAll()
    .where('id', '=', id)
    .where('active', '=', true)
    .where(sql<boolean>`${projectRegion} LIKE region_code || '%'`)
    .executeTakeFirst();
}

/** Experts of the registers the actor can see: a regulator's jurisdiction (and the registers above it); others all. */
export async function listExperts(
  db: Kysely<DB>,
  actor: Actor,
  f: { q?: string; cursor?: string; pageSize?: number },
) {
  let base = db.selectFrom('experts as x');
  if (actor.role !== 'enterprise_manager' && actor.regionCode)
    base = base.where((eb) =>
      eb.or([
        eb('x.region_code', 'like', `${actor.regionCode}%`),
        eb(sql.val(actor.regionCode), 'like', sql<string>`x.region_code || '%'`),
      ]),
    );
  if (f.q) base = base.where(searchAny(f.q, ['x.name', 'x.specialty', 'x.employer']));
  return keysetPage(db, base, (qb) => qb.selectAll('x'), {
    cursor: f.cursor,
    pageSize: f.pageSize,
    sortName: 'name',
    sort: key('x.name', 'text'),
    order: 'asc',
    idColumn: 'x.id',
  });
}

export async function insertExpert(trx: Kysely<DB>, values: Insertable<ExpertsTable>) {
  return trx.insertInto('experts').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Public materials of a project (only those marked public and still current). */
export async function publicMaterials(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom('approval_materials as m')
    .innerJoin('approvals as a', 'a.id', 'm.approval_id')
    .select(['m.id', 'm.name', 'm.sha256', 'm.added_at', 'a.kind', 'a.title', 'a.status'])
    .where('a.project_id', '=', projectId)
    .where('m.public', '=', true)
    .where('m.withdrawn_at', 'is', null)
    .orderBy('m.added_at', 'desc')
    .orderBy('m.id')
    .limit(500)
    .execute();
}

export async function publicProject(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('projects as p')
    .leftJoin('regions as g', 'g.code', 'p.region_code')
    .select(['p.id', 'p.name', 'g.name_zh as region_name'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** One public, current material and its stored file. */
export async function publicMaterialFile(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('approval_materials as m')
    .innerJoin('files as f', 'f.id', 'm.file_id')
    .select(['f.sha256', 'f.mime', 'f.size', 'm.name'])
    .where('m.id', '=', id)
    .where('m.public', '=', true)
    .where('m.withdrawn_at', 'is', null)
    .executeTakeFirst();
}

/** Whether the actor may see an approval (the owner rule of its material files). */
export async function approvalVisible(db: Kysely<DB>, actor: Actor, id: string) {
  const r = await db
    .selectFrom('approvals as a')
    .select('a.id')
    .where('a.id', '=', id)
    .where(inScope(actor, 'approval', 'a'))
    .executeTakeFirst();
  return r !== undefined;
}

/** The experts on an approval's panel, in the order they were assigned. */
export async function panelOf(db: Kysely<DB>, approvalId: string) {
  return db
    .selectFrom('approval_experts as ae')
    .innerJoin('experts as x', 'x.id', 'ae.expert_id')
    .select(['x.id', 'x.name', 'x.title', 'x.employer', 'x.user_id', 'ae.assigned_at'])
    .where('ae.approval_id', '=', approvalId)
    .orderBy('ae.assigned_at')
    .orderBy('x.name')
    .execute();
}
export type PanelRow = Awaited<ReturnType<typeof panelOf>>[number];

/** Puts an expert on a panel; false when they already sit on it. */
export async function insertPanelMember(
  trx: Kysely<DB>,
  v: { approval_id: string; expert_id: string; assigned_by: string; assigned_at: Date },
) {
  const r = await trx
    .insertInto('approval_experts')
    .values(v)
    .onConflict((oc) => oc.doNothing())
    .returning('expert_id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Takes an expert off a panel; false when they did not sit on it. */
export async function deletePanelMember(trx: Kysely<DB>, approvalId: string, expertId: string) {
  const r = await trx
    .deleteFrom('approval_experts')
    .where('approval_id', '=', approvalId)
    .where('expert_id', '=', expertId)
    .returning('expert_id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Whether the expert has signed an opinion on this approval (in any round). */
export async function expertHasSigned(trx: Kysely<DB>, approvalId: string, expertId: string) {
  const r = await trx
    .selectFrom('approval_opinions')
    .select('id')
    .where('approval_id', '=', approvalId)
    .where('expert_id', '=', expertId)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** An expert of a register inside the actor's jurisdiction (for linking an account), or undefined. */
export async function expertInJurisdiction(db: Kysely<DB>, actor: Actor, id: string) {
  return db
    .selectFrom('experts')
    .selectAll()
    .where('id', '=', id)
    .where('region_code', 'like', `${actor.regionCode.replace(/[\\%_]/g, (c) => '\\' + c)}%`)
    .executeTakeFirst();
}

export async function linkExpertUser(trx: Kysely<DB>, expertId: string, userId: string) {
  await trx.updateTable('experts').set({ user_id: userId }).where('id', '=', expertId).execute();
}
