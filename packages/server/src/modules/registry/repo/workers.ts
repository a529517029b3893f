import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { PageOf, WorkerQuery } from '@redline/contracts';
import type { DB, WorkersTable } from '../../../db/schema.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inScope, inRegion } from '../../../auth/scope.ts';
import { key, keysetPage, searchAny, type SortKey } from '../../../db/paging.ts';
import { certificateStatusSql } from './certificate-status.ts';

/** A worker's certificate as aggregated into the worker row (json_build_object keys). */
export interface WorkerCertificateJson {
  id: string;
  category_code: string;
  name: string;
  track: string;
  number: string;
  issued_on: string;
  expires_on: string;
  next_review_on: string | null;
  last_reviewed_on: string | null;
  review_window_days: number;
}

const SORT: Record<string, SortKey> = {
  name: key('w.name', 'text'),
  trade: key('w.trade', 'text'),
  regionCode: key('w.region_code', 'text'),
  createdAt: key('w.created_at', 'timestamptz'),
};

const base = (db: Kysely<DB>, actor: Actor) =>
  db
    .selectFrom('workers as w')
    .leftJoin('regions as r', 'r.code', 'w.region_code')
    .leftJoin('enterprises as e', 'e.id', 'w.employer_id')
    .leftJoin('projects as p', 'p.id', 'w.project_id')
    .where(inScope(actor, 'worker', 'w'));

// Never select id_number_cipher/hash here: lists and exports only ever carry the mask.
const columns = (qb: ReturnType<typeof base>) =>
  qb
    .select([
      'w.id',
      'w.name',
      'w.id_number_masked',
      'w.gender',
      'w.birth_date',
      'w.employer_id',
      'w.project_id',
      'w.trade',
      'w.phone',
      'w.region_code',
      'w.created_at',
      'w.updated_at',
    ])
    .select(['r.name_zh as region_name', 'e.name as employer_name', 'p.name as project_name'])
    .select(
      // json on PostgreSQL; text on drivers that do not parse json (the view parses it then).
      sql<
        WorkerCertificateJson[] | string
      >`coalesce((SELECT json_agg(json_build_object('id', c.id, 'category_code', c.category_code, 'name', cc.name_zh, 'track', cc.track, 'number', c.number,
          'issued_on', c.issued_on, 'expires_on', c.expires_on, 'next_review_on', c.next_review_on, 'last_reviewed_on', c.last_reviewed_on, 'review_window_days', cc.review_window_days) ORDER BY c.expires_on DESC)
        FROM certificates c JOIN certificate_categories cc ON cc.code = c.category_code WHERE c.worker_id = w.id), '[]'::json)`.as(
        'certs',
      ),
    );

export type WorkerRow = Awaited<ReturnType<ReturnType<typeof columns>['executeTakeFirstOrThrow']>>;

export async function listWorkers(
  db: Kysely<DB>,
  actor: Actor,
  q: Static<typeof WorkerQuery>,
  today: string,
  limit?: number,
): Promise<PageOf<WorkerRow>> {
  let qb = base(db, actor);
  if (q.regionCode) qb = qb.where(inRegion(q.regionCode, 'w'));
  if (q.trade) qb = qb.where('w.trade', '=', q.trade);
  if (q.employerId) qb = qb.where('w.employer_id', '=', q.employerId);
  if (q.projectId) qb = qb.where('w.project_id', '=', q.projectId);
  if (q.certificateStatus === 'none')
    qb = qb.where(sql<boolean>`NOT EXISTS (SELECT 1 FROM certificates c WHERE c.worker_id = w.id)`);
  else if (q.certificateStatus)
    qb = qb.where(
      sql<boolean>`EXISTS (SELECT 1 FROM certificates c JOIN certificate_categories cc ON cc.code = c.category_code WHERE c.worker_id = w.id AND ${certificateStatusSql(today)} = ${q.certificateStatus})`,
    );
  if (q.q) qb = qb.where(searchAny(q.q, ['w.name', 'w.id_number_masked', 'e.name', 'w.phone']));
  const sort = q.sort ?? 'name';
  return keysetPage(db, qb, columns, {
    cursor: q.cursor,
    pageSize: limit ?? q.pageSize,
    sortName: sort,
    sort: SORT[sort]!,
    order: q.order ?? 'asc',
    idColumn: 'w.id',
  });
}

export function findWorkerRow(db: Kysely<DB>, actor: Actor, id: string): Promise<WorkerRow | undefined> {
  return columns(base(db, actor).where('w.id', '=', id)).executeTakeFirst();
}

/** The id of the worker registered with this ID-number hash, anywhere. */
export async function workerWithIdHash(db: Kysely<DB>, hash: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('workers')
    .select('id')
    .where('id_number_hash', '=', hash)
    .executeTakeFirst();
  return row?.id;
}

/** The worker with this ID-number hash among those the actor sees. */
export async function visibleWorkerWithIdHash(
  db: Kysely<DB>,
  actor: Actor,
  hash: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('workers as w')
    .select('w.id')
    .where('w.id_number_hash', '=', hash)
    .where(inScope(actor, 'worker', 'w'))
    .executeTakeFirst();
  return row?.id;
}

/** A visible worker's encrypted ID number (only the reveal route reads it). */
export function findWorkerIdCipher(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
): Promise<{ id: string; id_number_cipher: string } | undefined> {
  return db
    .selectFrom('workers as w')
    .select(['w.id', 'w.id_number_cipher'])
    .where('w.id', '=', id)
    .where(inScope(actor, 'worker', 'w'))
    .executeTakeFirst();
}

export async function insertWorker(db: Kysely<DB>, values: Insertable<WorkersTable>): Promise<string> {
  const { id } = await db.insertInto('workers').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateWorker(db: Kysely<DB>, id: string, set: Updateable<WorkersTable>): Promise<void> {
  await db
    .updateTable('workers')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
