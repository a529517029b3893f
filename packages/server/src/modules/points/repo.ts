import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { PointsEvent } from '../../db/schema-reporting.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';
import { key, keysetPage } from '../../db/paging.ts';
import { notFound } from '../../errors.ts';

/**
 * The ledger's SQL. A balance changes only together with an entry, in one transaction, after the
 * account row is locked (FOR UPDATE): concurrent redemptions of one worker queue on that lock, so
 * the second sees the balance the first left. The CHECK (balance >= 0) is the last line of defence.
 */
export async function lockAccount(trx: Kysely<DB>, workerId: string, now: Date): Promise<number> {
  await trx
    .insertInto('points_accounts')
    .values({ worker_id: workerId, balance: 0, updated_at: now })
    .onConflict((oc) => oc.column('worker_id').doNothing())
    .execute();
  const row = await trx
    .selectFrom('points_accounts')
    .select('balance')
    .where('worker_id', '=', workerId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.balance;
}

export interface EntryValues {
  worker_id: string;
  kind: 'earn' | 'redeem' | 'reverse';
  points: number;
  event: string;
  reason: string;
  source_kind: string;
  source_id: string;
  reverses?: string | null;
  site_id: string | null;
  enterprise_id: string | null;
  project_id: string | null;
  region_code: string;
  created_by: string | null;
  created_at: Date;
}

/** Appends an entry and moves the (locked) balance by it; null when the same source was already entered. */
export async function appendEntry(
  trx: Kysely<DB>,
  e: EntryValues,
): Promise<{ id: string; balance: number } | null> {
  const inserted = await sql<{ id: string }>`
    INSERT INTO points_entries (worker_id, kind, points, event, reason, source_kind, source_id, reverses,
      site_id, enterprise_id, project_id, region_code, created_by, created_at)
    VALUES (${e.worker_id}, ${e.kind}, ${e.points}, ${e.event}, ${e.reason}, ${e.source_kind}, ${e.source_id},
      ${e.reverses ?? null}, ${e.site_id}, ${e.enterprise_id}, ${e.project_id}, ${e.region_code}, ${e.created_by},
      ${e.created_at})
    ON CONFLICT DO NOTHING
    RETURNING id::text AS id`.execute(trx);
  const id = inserted.rows[0]?.id;
  if (!id) return null;
  const acc = await trx
    .updateTable('points_accounts')
    .set({ balance: sql`balance + ${e.points}`, updated_at: e.created_at })
    .where('worker_id', '=', e.worker_id)
    .returning('balance')
    .executeTakeFirstOrThrow();
  return { id, balance: acc.balance };
}

export async function entryById(trx: Kysely<DB>, id: string) {
  return trx.selectFrom('points_entries').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function reversalOf(trx: Kysely<DB>, id: string) {
  return trx.selectFrom('points_entries').select('id').where('reverses', '=', id).executeTakeFirst();
}

/** The rules of a project and of an enterprise, as event → points. */
export async function rulesOf(db: Kysely<DB>, enterpriseId: string | null, projectId: string | null) {
  const rows = await db
    .selectFrom('points_rules')
    .select(['enterprise_id', 'project_id', 'event', 'points'])
    .where((eb) =>
      eb.or([
        ...(enterpriseId ? [eb('enterprise_id', '=', enterpriseId)] : []),
        ...(projectId ? [eb('project_id', '=', projectId)] : []),
        eb.val(false),
      ]),
    )
    .execute();
  const project: Partial<Record<PointsEvent, number>> = {};
  const enterprise: Partial<Record<PointsEvent, number>> = {};
  for (const r of rows) (r.project_id ? project : enterprise)[r.event] = r.points;
  return { project, enterprise };
}

export async function saveRule(
  trx: Kysely<DB>,
  v: {
    enterpriseId: string | null;
    projectId: string | null;
    event: PointsEvent;
    points: number;
    by: string;
    at: Date;
  },
) {
  const existing = await trx
    .selectFrom('points_rules')
    .select('id')
    .where('event', '=', v.event)
    .where(
      v.projectId
        ? sql<boolean>`project_id = ${v.projectId}`
        : sql<boolean>`enterprise_id = ${v.enterpriseId}`,
    )
    .forUpdate()
    .executeTakeFirst();
  if (existing)
    await trx
      .updateTable('points_rules')
      .set({ points: v.points, updated_by: v.by, updated_at: v.at })
      .where('id', '=', existing.id)
      .execute();
  else
    await trx
      .insertInto('points_rules')
      .values({
        enterprise_id: v.projectId ? null : v.enterpriseId,
        project_id: v.projectId,
        event: v.event,
        points: v.points,
        updated_by: v.by,
        updated_at: v.at,
      })
      .execute();
}

/** A site the actor may see (registry scope), or 404. */
export async function siteInScope(db: Kysely<DB>, actor: Actor, siteId: string) {
  const row = await db
    .selectFrom('sites as s')
    .select(['s.id', 's.name', 's.region_code', 's.enterprise_id', 's.project_id'])
    .where('s.id', '=', siteId)
    .where(inScope(actor, 'site', 's'))
    .executeTakeFirst();
  if (!row) throw notFound('Site');
  return row;
}

/** A site a worker belongs to (their employer's or their project's), or 404. */
export async function workerSite(db: Kysely<DB>, workerId: string, siteId: string) {
  const row = await db
    .selectFrom('sites as s')
    .innerJoin('workers as w', (j) => j.on('w.id', '=', workerId))
    .select(['s.id', 's.name', 's.region_code', 's.enterprise_id', 's.project_id'])
    .where('s.id', '=', siteId)
    .where((eb) =>
      eb.or([
        eb('s.enterprise_id', '=', eb.ref('w.employer_id')),
        eb.and([eb('s.project_id', 'is not', null), eb('s.project_id', '=', eb.ref('w.project_id'))]),
      ]),
    )
    .executeTakeFirst();
  if (!row) throw notFound('Site');
  return row;
}

/** A worker the actor may see (registry scope), or 404. */
export async function workerInScope(db: Kysely<DB>, actor: Actor, workerId: string) {
  const row = await db
    .selectFrom('workers as w')
    .select(['w.id', 'w.name', 'w.employer_id', 'w.project_id', 'w.region_code'])
    .where('w.id', '=', workerId)
    .where(inScope(actor, 'worker', 'w'))
    .executeTakeFirst();
  if (!row) throw notFound('Worker');
  return row;
}

export async function balanceOf(db: Kysely<DB>, workerId: string) {
  const row = await db
    .selectFrom('workers as w')
    .leftJoin('points_accounts as a', 'a.worker_id', 'w.id')
    .select(['w.id', 'w.name', sql<number>`coalesce(a.balance, 0)`.as('balance')])
    .where('w.id', '=', workerId)
    .executeTakeFirstOrThrow();
  const sums = await db
    .selectFrom('points_entries')
    .select([
      sql<number>`coalesce(sum(points) FILTER (WHERE points > 0), 0)::int`.as('earned'),
      sql<number>`coalesce(-sum(points) FILTER (WHERE kind = 'redeem'), 0)::int`.as('redeemed'),
    ])
    .where('worker_id', '=', workerId)
    .executeTakeFirstOrThrow();
  return { ...row, ...sums };
}

export async function listEntries(
  db: Kysely<DB>,
  workerId: string,
  q: { cursor?: string; pageSize?: number },
) {
  const base = db
    .selectFrom('points_entries as p')
    .leftJoin('sites as s', 's.id', 'p.site_id')
    .where('p.worker_id', '=', workerId);
  return keysetPage(
    db,
    base,
    (qb) =>
      qb.select([
        sql<string>`p.id::text`.as('id'),
        'p.kind',
        'p.points',
        'p.event',
        'p.reason',
        'p.source_kind',
        'p.source_id',
        sql<string | null>`p.reverses::text`.as('reverses'),
        'p.created_at',
        's.name as site_name',
      ]),
    {
      cursor: q.cursor,
      pageSize: q.pageSize,
      sortName: 'createdAt',
      sort: key('p.created_at', 'timestamptz'),
      order: 'desc',
      idColumn: 'p.id',
      idType: 'int',
    },
  );
}

// --- catalogue and redemptions -------------------------------------------------------------------

const itemsNamed = (db: Kysely<DB>) =>
  db.selectFrom('points_items as i').innerJoin('sites as s', 's.id', 'i.site_id');
const itemColumns = (qb: ReturnType<typeof itemsNamed>) =>
  qb.select([
    'i.id',
    'i.site_id',
    's.name as site_name',
    'i.name',
    'i.description',
    'i.price',
    'i.stock',
    'i.active',
  ]);
export type ItemRow = Awaited<ReturnType<ReturnType<typeof itemColumns>['executeTakeFirstOrThrow']>>;

export async function listItems(
  db: Kysely<DB>,
  siteIds: string[],
  q: { cursor?: string; pageSize?: number; activeOnly: boolean },
) {
  let base = itemsNamed(db).where(
    'i.site_id',
    'in',
    siteIds.length ? siteIds : ['00000000-0000-0000-0000-000000000000'],
  );
  if (q.activeOnly) base = base.where('i.active', '=', true);
  return keysetPage(db, base, itemColumns, {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName: 'name',
    sort: key('i.name', 'text'),
    order: 'asc',
    idColumn: 'i.id',
  });
}

export async function itemById(db: Kysely<DB>, id: string): Promise<ItemRow | undefined> {
  return itemColumns(itemsNamed(db)).where('i.id', '=', id).executeTakeFirst();
}

export async function insertItem(
  trx: Kysely<DB>,
  v: {
    siteId: string;
    name: string;
    description: string;
    price: number;
    stock: number;
    by: string;
    at: Date;
  },
) {
  const row = await trx
    .insertInto('points_items')
    .values({
      site_id: v.siteId,
      name: v.name,
      description: v.description,
      price: v.price,
      stock: v.stock,
      created_by: v.by,
      created_at: v.at,
      updated_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes price, stock (by a delta, never below 0) or availability; false when the stock would go negative. */
export async function patchItem(
  trx: Kysely<DB>,
  id: string,
  p: { price?: number; addStock?: number; active?: boolean },
  at: Date,
): Promise<boolean> {
  const r = await trx
    .updateTable('points_items')
    .set({
      ...(p.price !== undefined && { price: p.price }),
      ...(p.addStock !== undefined && { stock: sql`stock + ${p.addStock}` }),
      ...(p.active !== undefined && { active: p.active }),
      updated_at: at,
    })
    .where('id', '=', id)
    .where(sql<boolean>`stock + ${p.addStock ?? 0} >= 0`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Takes one from stock if any is left and the item is on offer: the conditional UPDATE is the guard. */
export async function takeOne(trx: Kysely<DB>, itemId: string, at: Date) {
  return trx
    .updateTable('points_items')
    .set({ stock: sql`stock - 1`, updated_at: at })
    .where('id', '=', itemId)
    .where('stock', '>', 0)
    .where('active', '=', true)
    .returning(['stock', 'price'])
    .executeTakeFirst();
}
export async function putBack(trx: Kysely<DB>, itemId: string, at: Date) {
  await trx
    .updateTable('points_items')
    .set({ stock: sql`stock + 1`, updated_at: at })
    .where('id', '=', itemId)
    .execute();
}

export async function insertRedemption(
  trx: Kysely<DB>,
  v: {
    id: string;
    itemId: string;
    siteId: string;
    workerId: string;
    points: number;
    entryId: string;
    at: Date;
  },
) {
  await trx
    .insertInto('points_redemptions')
    .values({
      id: v.id,
      item_id: v.itemId,
      site_id: v.siteId,
      worker_id: v.workerId,
      points: v.points,
      entry_id: v.entryId,
      created_at: v.at,
    })
    .execute();
}

const redemptionsNamed = (db: Kysely<DB>) =>
  db
    .selectFrom('points_redemptions as r')
    .innerJoin('points_items as i', 'i.id', 'r.item_id')
    .innerJoin('sites as s', 's.id', 'r.site_id')
    .innerJoin('workers as w', 'w.id', 'r.worker_id');
const redemptionColumns = (qb: ReturnType<typeof redemptionsNamed>) =>
  qb.select([
    'r.id',
    'r.item_id',
    'i.name as item_name',
    'r.site_id',
    's.name as site_name',
    'r.worker_id',
    'w.name as worker_name',
    'r.points',
    'r.status',
    'r.created_at',
    'r.handed_over_at',
    'r.entry_id',
    's.enterprise_id',
    's.project_id',
    's.region_code',
  ]);
export type RedemptionRow = Awaited<
  ReturnType<ReturnType<typeof redemptionColumns>['executeTakeFirstOrThrow']>
>;

export async function redemptionById(
  db: Kysely<DB>,
  id: string,
  forUpdate = false,
): Promise<RedemptionRow | undefined> {
  if (forUpdate)
    await db.selectFrom('points_redemptions').select('id').where('id', '=', id).forUpdate().execute();
  return redemptionColumns(redemptionsNamed(db)).where('r.id', '=', id).executeTakeFirst();
}

export async function setRedemptionStatus(
  trx: Kysely<DB>,
  id: string,
  status: 'handed_over' | 'cancelled',
  by: string,
  at: Date,
) {
  await trx
    .updateTable('points_redemptions')
    .set({ status, ...(status === 'handed_over' && { handed_over_by: by, handed_over_at: at }) })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

export async function listRedemptions(
  db: Kysely<DB>,
  where: { siteIds?: string[]; workerId?: string; status?: RedemptionRow['status'] },
  q: { cursor?: string; pageSize?: number },
) {
  let base = redemptionsNamed(db);
  if (where.workerId) base = base.where('r.worker_id', '=', where.workerId);
  if (where.siteIds)
    base = base.where(
      'r.site_id',
      'in',
      where.siteIds.length ? where.siteIds : ['00000000-0000-0000-0000-000000000000'],
    );
  if (where.status) base = base.where('r.status', '=', where.status);
  return keysetPage(db, base, redemptionColumns, {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName: 'createdAt',
    sort: key('r.created_at', 'timestamptz'),
    order: 'desc',
    idColumn: 'r.id',
  });
}

/** Monthly earnings per worker at a site (earn entries, deductions included), best first. */
export async function leaderboardRows(db: Kysely<DB>, siteId: string, from: Date, to: Date) {
  return db
    .selectFrom('points_entries as p')
    .innerJoin('workers as w', 'w.id', 'p.worker_id')
    .select(['p.worker_id', 'w.name', sql<number>`sum(p.points)::int`.as('points')])
    .where('p.site_id', '=', siteId)
    .where('p.created_at', '>=', from)
    .where('p.created_at', '<', to)
    .where((eb) =>
      eb.or([
        eb('p.kind', '=', 'earn'),
        eb.and([eb('p.kind', '=', 'reverse'), eb('p.source_kind', '<>', 'redemption')]),
      ]),
    )
    .groupBy(['p.worker_id', 'w.name'])
    .having(sql<boolean>`sum(p.points) > 0`)
    .orderBy(sql`sum(p.points)`, 'desc')
    .orderBy('w.name')
    .limit(50)
    .execute();
}

/** Ids of the sites the actor sees (for a keeper's catalogue and redemptions), at most 500. */
export async function sitesInScope(db: Kysely<DB>, actor: Actor) {
  const rows = await db
    .selectFrom('sites as s')
    .select('s.id')
    .where(inScope(actor, 'site', 's'))
    .limit(500)
    .execute();
  return rows.map((r) => r.id);
}

/** Sum of entries of a worker (the ledger's own total, for checks). */
export async function entriesTotal(db: Kysely<DB>, workerId: string): Promise<number> {
  const r = await db
    .selectFrom('points_entries')
    .select(sql<number>`coalesce(sum(points), 0)::int`.as('n'))
    .where('worker_id', '=', workerId)
    .executeTakeFirstOrThrow();
  return r.n;
}

/** Points a record earned (net of reversals), for the report's detail. */
export async function pointsOfSource(db: Kysely<DB>, sourceKind: string, sourceId: string): Promise<number> {
  const r = await db
    .selectFrom('points_entries')
    .select(sql<number>`coalesce(sum(points), 0)::int`.as('n'))
    .where('source_kind', '=', sourceKind)
    .where('source_id', '=', sourceId)
    .executeTakeFirstOrThrow();
  return r.n;
}

/** A project the actor may see (registry scope), or 404. */
export async function projectInScope(db: Kysely<DB>, actor: Actor, projectId: string) {
  const row = await db
    .selectFrom('projects as p')
    .select(['p.id', 'p.region_code'])
    .where('p.id', '=', projectId)
    .where(inScope(actor, 'project', 'p'))
    .executeTakeFirst();
  if (!row) throw notFound('Project');
  return row;
}

/** An enterprise the actor may see (registry scope), or 404. */
export async function enterpriseInScope(db: Kysely<DB>, actor: Actor, enterpriseId: string) {
  const row = await db
    .selectFrom('enterprises as e')
    .select(['e.id', 'e.region_code'])
    .where('e.id', '=', enterpriseId)
    .where(inScope(actor, 'enterprise', 'e'))
    .executeTakeFirst();
  if (!row) throw notFound('Enterprise');
  return row;
}

/** The sites a worker reports from and redeems at: their employer's sites and their project's. */
export async function workerSites(db: Kysely<DB>, workerId: string) {
  return db
    .selectFrom('sites as s')
    .innerJoin('workers as w', (j) => j.on('w.id', '=', workerId))
    .leftJoin('enterprises as e', 'e.id', 's.enterprise_id')
    .select([
      's.id',
      's.name',
      's.address',
      's.region_code',
      's.enterprise_id',
      's.project_id',
      'e.name as enterprise_name',
    ])
    .where((eb) =>
      eb.or([
        eb('s.enterprise_id', '=', eb.ref('w.employer_id')),
        eb.and([eb('s.project_id', 'is not', null), eb('s.project_id', '=', eb.ref('w.project_id'))]),
      ]),
    )
    .orderBy('s.name')
    .orderBy('s.id')
    .limit(200)
    .execute();
}
