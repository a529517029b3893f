import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ChecklistImportProblem, ChecklistImportReport } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, validation } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { parseLibraryText, type LibraryFile } from './library-file.ts';
import { libraryFromXlsx } from './excel.ts';
import { createLibrary } from './create-library.ts';
import { findLibraryByCode, markLibraryImported } from './repo/libraries.ts';
import { deleteVersion, findDraftOf, insertVersion, maxVersionOf } from './repo/versions.ts';
import { writeContent } from './repo/version-content.ts';
import { libraryFor } from './visible.ts';

type Q = Kysely<DB>;

export interface ImportOptions {
  mode: 'validate' | 'commit';
  libraryId?: string;
  regionCode?: string;
}

/**
 * Imports a library file (YAML, JSON, or an Excel workbook, told apart by content): reports its
 * problems, each with its line or sheet row and column; with mode=commit and no problems, writes
 * it into a draft (one transaction).
 */
export async function importLibraryFile(
  db: Q,
  actor: Actor,
  file: { buf: Buffer; filename: string },
  opts: ImportOptions,
): Promise<ChecklistImportReport> {
  const { buf, filename } = file;
  const isZip = buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  const format: 'yaml' | 'json' | 'xlsx' = isZip
    ? 'xlsx'
    : /^\s*[{[]/.test(buf.subarray(0, 64).toString('utf8'))
      ? 'json'
      : 'yaml';
  let problems: ChecklistImportProblem[] = [];
  let library: LibraryFile | null = null;
  if (format === 'xlsx') {
    const r = await libraryFromXlsx(buf);
    if (r.ok) library = r.library;
    else problems = r.problems;
  } else {
    if (buf.includes(0))
      throw new AppError('UNSUPPORTED_FILE', `${filename} is not a YAML, JSON or Excel file`, 'file');
    const r = parseLibraryText(buf.toString('utf8'));
    if (r.ok) library = r.library;
    else problems = r.problems.map((p) => ({ ...p, sheet: null, row: null, column: null }));
  }
  const summary = library
    ? {
        code: library.code,
        name: library.name,
        modules: library.modules.length,
        items: library.modules.reduce((n, m) => n + m.items.length, 0),
        scored: library.scored,
      }
    : null;
  let ids: { libraryId: string; versionId: string } | null = null;
  if (library && opts.mode === 'commit') {
    const lib = library;
    const sha256 = createHash('sha256').update(buf).digest('hex');
    ids = await inTransaction(db, (trx) =>
      importLibrary(trx, actor, lib, {
        libraryId: opts.libraryId,
        regionCode: opts.regionCode,
        source: `import: ${filename}`.slice(0, 200),
        sha256,
      }),
    );
  }
  return {
    mode: opts.mode,
    format,
    ok: problems.length === 0,
    problems,
    library: summary,
    libraryId: ids?.libraryId ?? null,
    versionId: ids?.versionId ?? null,
  };
}

/** Puts an imported library into a draft: of the given library (replacing its draft), or a new library. */
export async function importLibrary(
  db: Q,
  actor: Actor,
  lib: LibraryFile,
  opts: { libraryId?: string; regionCode?: string; source: string; sha256: string },
): Promise<{ libraryId: string; versionId: string }> {
  let libraryId = opts.libraryId;
  if (libraryId) {
    const l = await libraryFor(db, actor, libraryId, true);
    if (l.code !== lib.code)
      throw validation('code', `The file is library ${lib.code}, but you are importing into ${l.code}`);
  } else {
    const existing = await findLibraryByCode(db, actor, lib.code);
    if (existing) {
      // Codes are unique across the country; the id of another jurisdiction's library stays unsaid.
      throw new AppError(
        'LIBRARY_EXISTS',
        `Library ${lib.code} already exists; import into it (as its next draft) from its page`,
        'code',
        existing.visible ? { libraryId: existing.id } : undefined,
      );
    }
    const created = await createLibrary(db, actor, {
      code: lib.code,
      name: lib.name,
      scope: lib.scope,
      regionCode: opts.regionCode,
      edition: lib.edition,
      scored: lib.scored,
    });
    await markLibraryImported(db, created.libraryId);
    libraryId = created.libraryId;
  }
  const draft = await findDraftOf(db, libraryId);
  if (draft) await deleteVersion(db, draft.id);
  const max = await maxVersionOf(db, libraryId);
  const versionId = await insertVersion(db, {
    library_id: libraryId,
    version: (max ?? 0) + 1,
    status: 'draft',
    label: lib.version,
    name_zh: lib.name.zh,
    name_en: lib.name.en,
    edition: lib.edition,
    description: JSON.stringify(lib.description ?? { zh: '', en: '' }),
    scored: lib.scored,
    summary: JSON.stringify(lib.summary ?? []),
    effective_on: lib.effective ?? null,
    source: opts.source,
    content_sha256: opts.sha256,
    created_by: actor.userId,
  });
  await writeContent(db, versionId, lib.modules);
  return { libraryId, versionId };
}
