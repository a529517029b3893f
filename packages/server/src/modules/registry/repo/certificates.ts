import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { CertificateQuery, PageOf } from '@redline/contracts';
import type { CertificatesTable, DB } from '../../../db/schema.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inScope, inRegion } from '../../../auth/scope.ts';
import { key, keysetPage, searchAny, type SortKey } from '../../../db/paging.ts';
import { certificateStatusSql } from './certificate-status.ts';

const SORT: Record<string, SortKey> = {
  expiresOn: key('c.expires_on', 'date'),
  number: key('c.number', 'text'),
  categoryCode: key('c.category_code', 'text'),
  createdAt: key('c.created_at', 'timestamptz'),
};

const base = (db: Kysely<DB>, actor: Actor) =>
  db
    .selectFrom('certificates as c')
    .innerJoin('certificate_categories as cc', 'cc.code', 'c.category_code')
    .innerJoin('workers as w', 'w.id', 'c.worker_id')
    .leftJoin('enterprises as e', 'e.id', 'w.employer_id')
    .where(inScope(actor, 'certificate', 'c'));
const columns = (qb: ReturnType<typeof base>) =>
  qb
    .selectAll('c')
    .select([
      'cc.name_zh as category_name',
      'cc.track',
      'cc.review_window_days',
      'w.name as worker_name',
      'w.employer_id',
      'e.name as employer_name',
    ]);

export type CertificateRow = Awaited<ReturnType<ReturnType<typeof columns>['executeTakeFirstOrThrow']>>;
export type CertificateCategoryRow = Selectable<DB['certificate_categories']>;

export async function listCertificates(
  db: Kysely<DB>,
  actor: Actor,
  q: Static<typeof CertificateQuery>,
  today: string,
  limit?: number,
): Promise<PageOf<CertificateRow>> {
  let qb = base(db, actor);
  if (q.regionCode) qb = qb.where(inRegion(q.regionCode, 'c'));
  if (q.track) qb = qb.where('cc.track', '=', q.track);
  if (q.categoryCode) qb = qb.where('c.category_code', '=', q.categoryCode);
  if (q.workerId) qb = qb.where('c.worker_id', '=', q.workerId);
  if (q.employerId) qb = qb.where('w.employer_id', '=', q.employerId);
  if (q.status) qb = qb.where(sql<boolean>`${certificateStatusSql(today)} = ${q.status}`);
  if (q.q) qb = qb.where(searchAny(q.q, ['c.number', 'w.name', 'e.name']));
  const sort = q.sort ?? 'expiresOn';
  return keysetPage(db, qb, columns, {
    cursor: q.cursor,
    pageSize: limit ?? q.pageSize,
    sortName: sort,
    sort: SORT[sort]!,
    order: q.order ?? 'asc',
    idColumn: 'c.id',
  });
}

export function findCertificateRow(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
): Promise<CertificateRow | undefined> {
  return columns(base(db, actor).where('c.id', '=', id)).executeTakeFirst();
}

export function findCategory(db: Kysely<DB>, code: string): Promise<CertificateCategoryRow | undefined> {
  return db.selectFrom('certificate_categories').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function categoryExists(db: Kysely<DB>, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('certificate_categories')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  return !!row;
}

/** A category's code from its code or its Chinese name. */
export async function categoryByCodeOrName(db: Kysely<DB>, text: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('certificate_categories')
    .select('code')
    .where((eb) => eb.or([eb('code', '=', text), eb('name_zh', '=', text)]))
    .executeTakeFirst();
  return row?.code;
}

/** Whether a certificate of this category and number is registered (other than `exceptId`). */
export async function certificateNumberTaken(
  db: Kysely<DB>,
  categoryCode: string,
  number: string,
  exceptId?: string,
): Promise<boolean> {
  let q = db
    .selectFrom('certificates')
    .select('id')
    .where('category_code', '=', categoryCode)
    .where('number', '=', number);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function insertCertificate(
  db: Kysely<DB>,
  values: Insertable<CertificatesTable>,
): Promise<string> {
  const { id } = await db.insertInto('certificates').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateCertificate(
  db: Kysely<DB>,
  id: string,
  set: Updateable<CertificatesTable>,
): Promise<void> {
  await db
    .updateTable('certificates')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
