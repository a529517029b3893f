import type { Kysely } from 'kysely';
import type { ChecklistModule } from '@redline/contracts';
import type { DB } from '../../../db/schema.ts';
import { wallClock } from '../../../clock.ts';
import { itemRow, libraryFileOf, type VersionContentRows } from '../content.ts';
import type { LibraryFile } from '../library-file.ts';

/** A version's whole content: written from a library file's modules, read back as one. */
type Q = Kysely<DB>;

/** Writes modules and items into a (draft) version, in file order: two statements whatever the size. */
export async function writeContent(q: Q, versionId: string, modules: ChecklistModule[]) {
  if (!modules.length) return 0;
  const ids = await q
    .insertInto('checklist_modules')
    .values(
      modules.map((m, mi) => ({
        version_id: versionId,
        code: m.code,
        sort: mi,
        name_zh: m.name.zh,
        name_en: m.name.en,
        description: JSON.stringify(m.description ?? { zh: '', en: '' }),
        table_code: m.table ?? null,
        has_split: m.hasSplit ?? null,
      })),
    )
    .returning(['id', 'code'])
    .execute();
  const idOf = new Map(ids.map((r) => [r.code, r.id]));
  const rows = modules.flatMap((m) =>
    m.items.map((it, ii) => itemRow(versionId, idOf.get(m.code)!, m, it, ii)),
  );
  // Bounded statements: PostgreSQL allows at most 65535 parameters in one.
  for (let i = 0; i < rows.length; i += 500)
    await q
      .insertInto('checklist_items')
      .values(rows.slice(i, i + 500))
      .execute();
  await q
    .updateTable('checklist_versions')
    .set({ item_count: rows.length, updated_at: wallClock() })
    .where('id', '=', versionId)
    .execute();
  return rows.length;
}

/** Recomputes item_count after edits to a draft. */
export async function refreshItemCount(q: Q, versionId: string) {
  const { n } = await q
    .selectFrom('checklist_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('version_id', '=', versionId)
    .executeTakeFirstOrThrow();
  await q
    .updateTable('checklist_versions')
    .set({ item_count: Number(n), updated_at: wallClock() })
    .where('id', '=', versionId)
    .execute();
}

/** A version's rows: its head (with its library's code and scope), modules and items, in order. */
export async function versionContentRows(q: Q, versionId: string): Promise<VersionContentRows> {
  const version = await q
    .selectFrom('checklist_versions as v')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select([
      'l.code',
      'l.scope',
      'v.name_zh',
      'v.name_en',
      'v.edition',
      'v.label',
      'v.version',
      'v.scored',
      'v.effective_on',
      'v.description',
      'v.summary',
    ])
    .where('v.id', '=', versionId)
    .executeTakeFirstOrThrow();
  const modules = await q
    .selectFrom('checklist_modules')
    .selectAll()
    .where('version_id', '=', versionId)
    .orderBy('sort')
    .orderBy('code')
    .execute();
  const items = await q
    .selectFrom('checklist_items')
    .select(['module_id', 'body'])
    .where('version_id', '=', versionId)
    .orderBy('sort')
    .orderBy('code')
    .execute();
  return { version, modules, items };
}

/** A version as a library file (for export, and for validating a draft before it is published). */
export async function versionToFile(q: Q, versionId: string): Promise<LibraryFile> {
  return libraryFileOf(await versionContentRows(q, versionId));
}
