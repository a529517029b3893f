import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { EnterpriseQuery, PageOf } from '@redline/contracts';
import type { DB, EnterprisesTable } from '../../../db/schema.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inScope, inRegion } from '../../../auth/scope.ts';
import { key, keysetPage, searchAny, type SortKey } from '../../../db/paging.ts';

type EnterpriseFilters = Static<typeof EnterpriseQuery>;

const SORT: Record<string, SortKey> = {
  name: key('e.name', 'text'),
  creditCode: key('e.credit_code', 'text'),
  regionCode: key('e.region_code', 'text'),
  createdAt: key('e.created_at', 'timestamptz'),
};

const base = (db: Kysely<DB>, actor: Actor) =>
  db
    .selectFrom('enterprises as e')
    .leftJoin('regions as r', 'r.code', 'e.region_code')
    .where(inScope(actor, 'enterprise', 'e'));
const columns = (qb: ReturnType<typeof base>) => qb.selectAll('e').select('r.name_zh as region_name');

export type EnterpriseRow = Awaited<ReturnType<ReturnType<typeof columns>['executeTakeFirstOrThrow']>>;

export async function listEnterprises(
  db: Kysely<DB>,
  actor: Actor,
  q: EnterpriseFilters,
  limit?: number,
): Promise<PageOf<EnterpriseRow>> {
  let qb = base(db, actor);
  if (q.regionCode) qb = qb.where(inRegion(q.regionCode, 'e'));
  if (q.industryCode) qb = qb.where('e.industry_code', '=', q.industryCode);
  if (q.scale) qb = qb.where('e.scale', '=', q.scale);
  if (q.q) qb = qb.where(searchAny(q.q, ['e.name', 'e.credit_code', 'e.address', 'e.safety_principal']));
  const sort = q.sort ?? 'name';
  return keysetPage(db, qb, columns, {
    cursor: q.cursor,
    pageSize: limit ?? q.pageSize,
    sortName: sort,
    sort: SORT[sort]!,
    order: q.order ?? 'asc',
    idColumn: 'e.id',
  });
}

/** The enterprise if the actor may see it. */
export function findEnterpriseRow(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
): Promise<EnterpriseRow | undefined> {
  return columns(base(db, actor).where('e.id', '=', id)).executeTakeFirst();
}

/** The id of the enterprise registered with this credit code, anywhere. */
export async function enterpriseWithCreditCode(
  db: Kysely<DB>,
  creditCode: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('enterprises')
    .select('id')
    .where('credit_code', '=', creditCode)
    .executeTakeFirst();
  return row?.id;
}

export async function insertEnterprise(
  db: Kysely<DB>,
  values: Insertable<EnterprisesTable>,
): Promise<string> {
  const row = await db.insertInto('enterprises').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateEnterprise(
  db: Kysely<DB>,
  id: string,
  set: Updateable<EnterprisesTable>,
): Promise<void> {
  await db
    .updateTable('enterprises')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
