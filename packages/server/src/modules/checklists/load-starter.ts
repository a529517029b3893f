import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { DATA_DIR } from '../reference/load.ts';
import { parseLibraryText, type LibraryFile } from './library-file.ts';
import { writeContent } from './repo/version-content.ts';
import {
  insertLibrary,
  libraryCodeTaken,
  libraryCodesWithHashes,
  lockStarterLoad,
} from './repo/libraries.ts';
import { insertVersion, updateVersion } from './repo/versions.ts';
import { inTransaction } from '../../db/transaction.ts';
import { wallClock } from '../../clock.ts';

export const CHECKLISTS_DIR = path.join(DATA_DIR, 'checklists');

export interface StarterReport {
  loaded: string[];
  unchanged: string[];
  /** The shipped file differs from the version loaded from it; published versions are never rewritten. */
  changed: string[];
}

// Parsed files, by content hash: many test databases in one process parse each file once.
const parsed = new Map<string, LibraryFile>();

/**
 * Loads the shipped national libraries (data/checklists/*.yaml) as published version 1 at start,
 * idempotently: a library already present is left alone. A shipped file that changed after it was
 * loaded is reported, not applied — an administrator imports it as a new version, so inspections
 * that used version 1 keep exactly what they used.
 */
export async function loadStarterChecklists(db: Db, dir = CHECKLISTS_DIR): Promise<StarterReport> {
  const report: StarterReport = { loaded: [], unchanged: [], changed: [] };
  if (!existsSync(dir)) return report;
  const files = readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .sort();
  const present = await libraryCodesWithHashes(db);
  const known = new Map<string, Set<string>>();
  for (const r of present) {
    const set = known.get(r.code) ?? new Set<string>();
    if (r.content_sha256) set.add(r.content_sha256);
    known.set(r.code, set);
  }
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const sha = createHash('sha256').update(text).digest('hex');
    const code = /^code:\s*["']?([a-z0-9-]+)/m.exec(text)?.[1];
    const hashes = code ? known.get(code) : undefined;
    if (hashes) {
      (hashes.has(sha) ? report.unchanged : report.changed).push(file);
      continue;
    }
    let lib = parsed.get(sha);
    if (!lib) {
      const r = parseLibraryText(text);
      if (!r.ok) {
        const first = r.problems[0];
        throw new Error(
          `data/checklists/${file} is not a valid checklist library: ${first.line ? `line ${first.line}: ` : ''}${first.message}${r.problems.length > 1 ? ` (and ${r.problems.length - 1} more)` : ''}`,
        );
      }
      lib = r.library;
      parsed.set(sha, lib);
    }
    const library = lib;
    const inserted = await inTransaction(db, async (trx) => {
      await lockStarterLoad(trx);
      if (await libraryCodeTaken(trx, library.code)) return false;
      const libraryId = await insertLibrary(trx, {
        code: library.code,
        name_zh: library.name.zh,
        name_en: library.name.en,
        scope: library.scope,
        region_code: '',
        origin: 'shipped',
      });
      const versionId = await insertVersion(trx, {
        library_id: libraryId,
        version: 1,
        status: 'draft',
        label: library.version,
        name_zh: library.name.zh,
        name_en: library.name.en,
        edition: library.edition,
        description: JSON.stringify(library.description ?? { zh: '', en: '' }),
        scored: library.scored,
        summary: JSON.stringify(library.summary ?? []),
        effective_on: library.effective ?? null,
        source: `data/checklists/${file}`,
        content_sha256: sha,
      });
      await writeContent(trx, versionId, library.modules);
      await updateVersion(trx, versionId, { status: 'published', published_at: wallClock() });
      return true;
    });
    (inserted ? report.loaded : report.unchanged).push(file);
  }
  return report;
}
