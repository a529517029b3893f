import { sql, type Insertable, type Kysely } from 'kysely';
import type { CertificateCategoriesTable, DB, EquipmentCategoriesTable } from '../../db/schema.ts';

/** Queries on the reference tables: regions, catalogue items, certificate and equipment categories. */
type Q = Kysely<DB>;

export interface RegionRow {
  code: string;
  zh: string;
  en: string;
  level: string;
  parent: string | null;
}

export interface RefItemRow {
  kind: string;
  code: string;
  zh: string;
  en: string;
  sort: number;
}

/** Upserts the regions in one statement, parents before children; administrators' other regions stay. */
export async function upsertRegions(trx: Q, rows: RegionRow[]) {
  await sql`
      INSERT INTO regions (code, name_zh, name_en, level, parent_code)
      SELECT code, zh, en, level, parent FROM json_to_recordset(${JSON.stringify(rows)}::json)
        AS x(code text, zh text, en text, level text, parent text)
      ORDER BY length(code)
      ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en`.execute(trx);
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

/** Records when the reference data was last loaded (app_meta 'reference_loaded_at'). */
export async function stampReferenceLoaded(trx: Q, at: Date) {
  await trx
    .insertInto('app_meta')
    .values({ key: 'reference_loaded_at', value: JSON.stringify(at.toISOString()) })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: JSON.stringify(at.toISOString()), updated_at: sql`now()` }),
    )
    .execute();
}

/** Everything GET /api/reference shows, each in its display order. */
export async function readReference(db: Q) {
  const [regions, authorities, items, certs, equipment] = await Promise.all([
    db.selectFrom('regions').selectAll().orderBy('code').execute(),
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
