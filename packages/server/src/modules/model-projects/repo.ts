import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ModelProjectAwardsTable } from '../../db/schema-approvals.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import { notFound } from '../../errors.ts';
import { key, keysetPage, searchAny } from '../../db/paging.ts';

/** The model-project awards repository (queries only here); reads scoped by inScope(actor, 'model_project_award'). */
export type AwardRow = Selectable<ModelProjectAwardsTable> & { project_name: string };

const base = (db: Kysely<DB>) =>
  db.selectFrom('model_project_awards as w').innerJoin('projects as p', 'p.id', 'w.project_id');
const columns = (qb: ReturnType<typeof base>) => qb.selectAll('w').select('p.name as project_name');

export async function projectOf(db: Kysely<DB>, actor: Actor, id: string) {
  return db
    .selectFrom('projects as p')
    .select(['p.id', 'p.name', 'p.region_code'])
    .where('p.id', '=', id)
    .where(inScope(actor, 'project', 'p'))
    .executeTakeFirst();
}

export async function isParty(db: Kysely<DB>, projectId: string, enterpriseId: string | null) {
  if (!enterpriseId) return false;
  const r = await db
    .selectFrom('project_parties')
    .select('role')
    .where('project_id', '=', projectId)
    .where('enterprise_id', '=', enterpriseId)
    .where('role', 'in', ['owner', 'general_contractor'])
    .executeTakeFirst();
  return r !== undefined;
}

export async function insertAwardApplication(trx: Kysely<DB>, v: Insertable<ModelProjectAwardsTable>) {
  return (await trx.insertInto('model_project_awards').values(v).returning('id').executeTakeFirstOrThrow())
    .id;
}

export async function updateAward(trx: Kysely<DB>, id: string, set: Updateable<ModelProjectAwardsTable>) {
  await trx.updateTable('model_project_awards').set(set).where('id', '=', id).execute();
}

export async function loadAward(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  forUpdate = false,
): Promise<AwardRow> {
  let q = columns(base(db))
    .where('w.id', '=', id)
    .where(inScope(actor, 'model_project_award', 'w'));
  if (forUpdate) q = q.forUpdate(['w']);
  const r = await q.executeTakeFirst();
  if (!r) throw notFound('Model project application');
  return r;
}

export async function listAwards(
  db: Kysely<DB>,
  actor: Actor,
  f: {
    status?: AwardRow['status'];
    scheme?: AwardRow['scheme'];
    q?: string;
    cursor?: string;
    pageSize?: number;
  },
) {
  let b = base(db).where(inScope(actor, 'model_project_award', 'w'));
  if (f.status) b = b.where('w.status', '=', f.status);
  if (f.scheme) b = b.where('w.scheme', '=', f.scheme);
  if (f.q) b = b.where(searchAny(f.q, ['p.name', 'w.application']));
  return keysetPage(db, b, columns, {
    cursor: f.cursor,
    pageSize: f.pageSize,
    sortName: 'createdAt',
    sort: key('w.created_at', 'timestamptz'),
    order: 'desc',
    idColumn: 'w.id',
  });
}

/** The public list: awarded projects (of a year), names of project and place only — at most 500. */
export async function publicAwards(db: Kysely<DB>, year?: number) {
  let q = db
    .selectFrom('model_project_awards as w')
    .innerJoin('projects as p', 'p.id', 'w.project_id')
    .leftJoin('regions as g', 'g.code', 'p.region_code')
    .select([
      'p.name as project_name',
      'g.name_zh as region_name',
      'w.scheme',
      'w.year',
      'w.total_score',
      'w.decided_at',
    ])
    .where('w.status', '=', 'awarded');
  if (year) q = q.where('w.year', '=', year);
  return q.orderBy('w.year', 'desc').orderBy('w.decided_at', 'desc').limit(500).execute();
}

/** Records the award where grading reads it (grading's model_awards; its insert trigger marks the project for regrading). */
export async function insertGradingAward(
  trx: Kysely<DB>,
  a: {
    projectId: string;
    regionCode: string;
    title: string;
    awardedOn: string;
    authorityId: string | null;
    upliftPercent: number;
    by: string;
  },
) {
  await trx
    .insertInto('model_awards')
    .values({
      target_kind: 'project',
      enterprise_id: null,
      project_id: a.projectId,
      region_code: a.regionCode,
      title: a.title,
      awarded_on: a.awardedOn,
      authority_id: a.authorityId,
      fee_uplift_percent: a.upliftPercent,
      created_by: a.by,
    })
    .execute();
}
