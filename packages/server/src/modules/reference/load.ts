import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { wallClock } from '../../clock.ts';

export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../data');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(DATA_DIR, 'reference', file), 'utf8'));

/**
 * Upserts the shipped reference data (data/reference/*.json) into its tables at start, so the
 * tables follow the files and administrators' additions (new codes) are kept.
 */
export async function loadReferenceData(db: Db) {
  const regions: Array<{ code: string; zh: string; en: string }> = readJson('regions.json').regions;
  const level = (code: string) =>
    ({ 2: 'province', 4: 'city', 6: 'county', 9: 'town' })[code.length] as 'province';
  const parent = (code: string) =>
    code.length === 9 ? code.slice(0, 6) : code.length > 2 ? code.slice(0, code.length - 2) : null;
  await inTransaction(db, async (trx) => {
    // One statement per table (row by row took a quarter of a second of every start on PGlite).
    const regionRows = regions.map((r) => ({
      code: r.code,
      zh: r.zh,
      en: r.en,
      level: level(r.code),
      parent: parent(r.code),
    }));
    await sql`
      INSERT INTO regions (code, name_zh, name_en, level, parent_code)
      SELECT code, zh, en, level, parent FROM json_to_recordset(${JSON.stringify(regionRows)}::json)
        AS x(code text, zh text, en text, level text, parent text)
      ORDER BY length(code)
      ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en`.execute(trx);
    const catalogue: Record<string, Array<[string, string, string]>> = readJson('catalogue.json');
    const itemRows = Object.entries(catalogue).flatMap(([kind, items]) =>
      items.map(([code, zh, en], sort) => ({ kind, code, zh, en, sort })),
    );
    await sql`
      INSERT INTO ref_items (kind, code, name_zh, name_en, sort, attrs)
      SELECT kind, code, zh, en, sort, '{}' FROM json_to_recordset(${JSON.stringify(itemRows)}::json)
        AS x(kind text, code text, zh text, en text, sort int)
      ON CONFLICT (kind, code) DO UPDATE
        SET name_zh = excluded.name_zh, name_en = excluded.name_en, sort = excluded.sort`.execute(trx);
    const certs = readJson('certificate-categories.json');
    for (const c of certs.categories) {
      const row = {
        code: c.code,
        track: c.track,
        name_zh: c.zh,
        name_en: c.en,
        validity_years: c.validityYears,
        review_every_years: c.reviewEveryYears ?? null,
        review_window_days: c.reviewWindowDays,
        is_welding: !!c.welding,
        source: certs.note,
      };
      await trx
        .insertInto('certificate_categories')
        .values(row)
        .onConflict((oc) => oc.column('code').doUpdateSet(row))
        .execute();
    }
    const equipment = readJson('equipment-categories.json');
    for (const c of equipment.categories) {
      const row = {
        code: c.code,
        name_zh: c.zh,
        name_en: c.en,
        interval_months: c.intervalMonths,
        warn_days: c.warnDays,
        source: equipment.note,
      };
      await trx
        .insertInto('equipment_categories')
        .values(row)
        .onConflict((oc) => oc.column('code').doUpdateSet(row))
        .execute();
    }
    await trx
      .insertInto('app_meta')
      .values({ key: 'reference_loaded_at', value: JSON.stringify(wallClock().toISOString()) })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ value: JSON.stringify(wallClock().toISOString()), updated_at: sql`now()` }),
      )
      .execute();
  });
}
