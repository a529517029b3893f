import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type {
  CertificateCategoriesTable,
  DB,
  EquipmentCategoriesTable,
  RegionsTable,
} from '../../db/schema.ts';
import { escapeLike } from '../../auth/scope.ts';

/** Queries on the reference tables: regions, catalogue items, certificate and equipment categories. */
type Q = Kysely<DB>;

export interface RegionRow {
  code: string;
  zh: string;
  en: string;
  level: 'province' | 'city' | 'county' | 'town';
  parent: string | null;
  source: 'package' | 'shipped';
  note: string | null;
}

export interface RefItemRow {
  kind: string;
  code: string;
  zh: string;
  en: string;
  sort: number;
}

/**
 * Upserts the regions in one statement, parents before children; administrators' other regions stay.
 * Rows that would not change are not written (a reload after a package update touches only what moved).
 */
export async function upsertRegions(trx: Q, rows: RegionRow[]) {
  await sql`
      INSERT INTO regions (code, name_zh, name_en, level, parent_code, source, note)
      SELECT code, zh, en, level, parent, source, note FROM json_to_recordset(${JSON.stringify(rows)}::json)
        AS x(code text, zh text, en text, level text, parent text, source text, note text)
      ORDER BY length(code)
      ON CONFLICT (code) DO UPDATE
        SET name_zh = excluded.name_zh, name_en = excluded.name_en, source = excluded.source,
            note = excluded.note
        WHERE (regions.name_zh, regions.name_en, regions.source, coalesce(regions.note, ''))
          IS DISTINCT FROM (excluded.name_zh, excluded.name_en, excluded.source, coalesce(excluded.note, ''))`.execute(
    trx,
  );
}

/** Upserts the catalogue items in one statement. */
export async function upsertRefItems(trx: Q, rows: RefItemRow[]) {
  await sql`
      INSERT INTO ref_items (kind, code, name_zh, name_en, sort, attrs)
      SELECT kind, code, zh, en, sort, '{}' FROM json_to_recordset(${JSON.stringify(rows)}::json)
        AS x(kind text, code text, zh text, en text, sort int)
      ON CONFLICT (kind, code) DO UPDATE
        SET name_zh = excluded.name_zh, name_en = excluded.name_en, sort = excluded.sort`.execute(trx);
}

export async function upsertCertificateCategory(trx: Q, row: Insertable<CertificateCategoriesTable>) {
  await trx
    .insertInto('certificate_categories')
    .values(row)
    .onConflict((oc) => oc.column('code').doUpdateSet(row))
    .execute();
}

export async function upsertEquipmentCategory(trx: Q, row: Insertable<EquipmentCategoriesTable>) {
  await trx
    .insertInto('equipment_categories')
    .values(row)
    .onConflict((oc) => oc.column('code').doUpdateSet(row))
    .execute();
}

/** Records when the reference data was last loaded and the content hash loaded (app_meta). */
export async function stampReferenceLoaded(trx: Q, at: Date, hash: string) {
  for (const [key, value] of [
    ['reference_loaded_at', at.toISOString()],
    ['reference_hash', hash],
  ] as const)
    await trx
      .insertInto('app_meta')
      .values({ key, value: JSON.stringify(value) })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: sql`now()` }),
      )
      .execute();
}

/** The content hash of the reference data last loaded (app_meta 'reference_hash'), or null. */
export async function readReferenceHash(db: Q): Promise<string | null> {
  const row = await db
    .selectFrom('app_meta')
    .select('value')
    .where('key', '=', 'reference_hash')
    .executeTakeFirst();
  return typeof row?.value === 'string' ? row.value : null;
}

/**
 * The regions GET /api/reference carries (not the ~41,000 towns): every province, city and county; the
 * towns inside the caller's jurisdiction when it is a city or narrower; elsewhere the towns that records
 * use and the units not from the package. The rest is browsed through /api/regions.
 */
function referenceRegions(db: Q, jurisdiction: string) {
  const prefix = `${escapeLike(jurisdiction)}%`;
  return db
    .selectFrom('regions')
    .select(['code', 'name_zh', 'name_en', 'level', 'parent_code'])
    .where((eb) =>
      eb.or([
        eb('level', '<>', 'town'),
        eb('source', '<>', 'package'),
        ...(jurisdiction.length >= 4 ? [eb('code', 'like', prefix)] : []),
        eb(
          'code',
          'in',
          eb
            .selectFrom('sites')
            .select('region_code')
            .union(eb.selectFrom('enterprises').select('region_code'))
            .union(eb.selectFrom('projects').select('region_code')),
        ),
      ]),
    )
    .orderBy('code')
    .execute();
}

/** Everything GET /api/reference shows, each in its display order (regions as `referenceRegions` says). */
export async function readReference(db: Q, jurisdiction: string) {
  const [regions, authorities, items, certs, equipment] = await Promise.all([
    referenceRegions(db, jurisdiction),
    db
      .selectFrom('authorities')
      .select(['id', 'name', 'short_name', 'kind', 'region_code'])
      .orderBy('region_code')
      .orderBy('name')
      .execute(),
    db.selectFrom('ref_items').selectAll().orderBy('kind').orderBy('sort').execute(),
    db.selectFrom('certificate_categories').selectAll().orderBy('code').execute(),
    db.selectFrom('equipment_categories').selectAll().orderBy('code').execute(),
  ]);
  return { regions, authorities, items, certs, equipment };
}

export type ReferenceRows = Awaited<ReturnType<typeof readReference>>;

const isLeaf = sql<boolean>`NOT EXISTS (SELECT 1 FROM regions c WHERE c.parent_code = r.code)`.as('is_leaf');
const REGION_COLUMNS = ['code', 'name_zh', 'name_en', 'level', 'parent_code', 'source'] as const;
export type RegionNodeRow = Pick<Selectable<RegionsTable>, (typeof REGION_COLUMNS)[number]> & {
  is_leaf: boolean;
};

/** The regions whose parent is `parent` ('' = the provinces), in code order, each saying whether it has children. */
export async function regionChildren(db: Q, parent: string): Promise<RegionNodeRow[]> {
  return db
    .selectFrom('regions as r')
    .select(REGION_COLUMNS.map((c) => `r.${c}` as const))
    .select(isLeaf)
    .where((eb) => (parent === '' ? eb('r.parent_code', 'is', null) : eb('r.parent_code', '=', parent)))
    .orderBy('r.code')
    .execute();
}

/** The regions with these codes, each saying whether it has children. */
export async function regionsByCode(db: Q, codes: string[]): Promise<RegionNodeRow[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('regions as r')
    .select(REGION_COLUMNS.map((c) => `r.${c}` as const))
    .select(isLeaf)
    .where('r.code', 'in', codes)
    .orderBy('r.code')
    .execute();
}

/** One region's own row with who added it (null when it is not there). */
export async function findRegion(db: Q, code: string) {
  return db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
}

/**
 * Regions whose name (Chinese or English) contains `q`, or whose code starts with it, under `within`;
 * the upper levels first, then by code; at most `limit` (+1 to tell that more matched).
 */
export async function searchRegions(
  db: Q,
  q: string,
  within: string,
  limit: number,
): Promise<RegionNodeRow[]> {
  const term = `%${escapeLike(q.toLowerCase())}%`;
  return db
    .selectFrom('regions as r')
    .select(REGION_COLUMNS.map((c) => `r.${c}` as const))
    .select(isLeaf)
    .where('r.code', 'like', `${escapeLike(within)}%`)
    .where((eb) =>
      eb.or([
        eb('r.name_zh', 'like', term),
        eb(eb.fn('lower', ['r.name_en']), 'like', term),
        ...(/^\d+$/.test(q) ? [eb('r.code', 'like', `${q}%`)] : []),
      ]),
    )
    .orderBy(sql`length(r.code)`)
    .orderBy('r.code')
    .limit(limit + 1)
    .execute();
}

/** Adds a unit an administrator defined (source 'local'); a taken code is a constraint error → 409. */
export async function insertRegionUnit(
  trx: Q,
  row: {
    code: string;
    zh: string;
    en: string;
    parent: string;
    note: string | null;
    addedBy: string;
    at: Date;
  },
) {
  await trx
    .insertInto('regions')
    .values({
      code: row.code,
      name_zh: row.zh,
      name_en: row.en,
      level: 'town',
      parent_code: row.parent,
      source: 'local',
      note: row.note,
      added_by: row.addedBy,
      added_at: row.at,
    })
    .execute();
}
