import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/database.ts';
import type { CertificateCategoriesTable } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { wallClock } from '../../clock.ts';
import {
  stampReferenceLoaded,
  upsertCertificateCategory,
  upsertEquipmentCategory,
  upsertRefItems,
  upsertRegions,
} from './repo.ts';

export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../data');
const readJson = (file: string): unknown =>
  JSON.parse(readFileSync(path.join(DATA_DIR, 'reference', file), 'utf8'));

// The shapes of the shipped files (data/reference/*.json), as far as they are loaded.
interface RegionsFile {
  regions: Array<{ code: string; zh: string; en: string }>;
}
type CatalogueFile = Record<string, Array<[string, string, string]>>;
interface CertificateCategoriesFile {
  note: string;
  categories: Array<{
    code: string;
    track: CertificateCategoriesTable['track'];
    zh: string;
    en: string;
    validityYears: number;
    reviewEveryYears?: number | null;
    reviewWindowDays: number;
    welding?: boolean;
  }>;
}
interface EquipmentCategoriesFile {
  note: string;
  categories: Array<{ code: string; zh: string; en: string; intervalMonths: number; warnDays: number }>;
}

/**
 * Upserts the shipped reference data (data/reference/*.json) into its tables at start, so the
 * tables follow the files and administrators' additions (new codes) are kept.
 */
export async function loadReferenceData(db: Db) {
  const regions = (readJson('regions.json') as RegionsFile).regions;
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
    await upsertRegions(trx, regionRows);
    const catalogue = readJson('catalogue.json') as CatalogueFile;
    const itemRows = Object.entries(catalogue).flatMap(([kind, items]) =>
      items.map(([code, zh, en], sort) => ({ kind, code, zh, en, sort })),
    );
    await upsertRefItems(trx, itemRows);
    const certs = readJson('certificate-categories.json') as CertificateCategoriesFile;
    for (const c of certs.categories) {
      await upsertCertificateCategory(trx, {
        code: c.code,
        track: c.track,
        name_zh: c.zh,
        name_en: c.en,
        validity_years: c.validityYears,
        review_every_years: c.reviewEveryYears ?? null,
        review_window_days: c.reviewWindowDays,
        is_welding: !!c.welding,
        source: certs.note,
      });
    }
    const equipment = readJson('equipment-categories.json') as EquipmentCategoriesFile;
    for (const c of equipment.categories) {
      await upsertEquipmentCategory(trx, {
        code: c.code,
        name_zh: c.zh,
        name_en: c.en,
        interval_months: c.intervalMonths,
        warn_days: c.warnDays,
        source: equipment.note,
      });
    }
    await stampReferenceLoaded(trx, wallClock());
  });
}
