import type { Selectable } from 'kysely';
import type { ChecklistItem } from '@redline/contracts';
import type {
  ChecklistModulesTable,
  ChecklistVersionsTable,
  LocalizedText,
} from '../../db/schema-checklists.ts';
import type { LibraryFile } from './library-file.ts';

/**
 * Library content between its file shape (contracts/checklist.ts) and the table rows, as pure
 * functions: an item's row and search text, and a version's rows as a library file. The queries
 * that write and read them are repo/version-content.ts.
 */

/** Everything searched for an item, lower-cased: code, titles, what/how, basis, keywords, module, deductions. */
export function searchTextOf(
  item: ChecklistItem,
  module: { code: string; name: { zh: string; en: string } },
) {
  const parts = [
    item.code,
    item.title.zh,
    item.title.en,
    item.check.zh,
    item.check.en,
    item.method.criterion?.zh,
    item.method.criterion?.en,
    ...item.basis.flatMap((b) => [b.doc, b.clause]),
    ...(item.keywords ?? []),
    module.code,
    module.name.zh,
    module.name.en,
    item.note,
    ...(item.scoring?.deductions.flatMap((d) => [d.zh, d.en]) ?? []),
  ];
  return parts.filter(Boolean).join(' \u0001 ').toLowerCase();
}

export function itemRow(
  versionId: string,
  moduleId: string,
  m: { code: string; name: { zh: string; en: string } },
  it: ChecklistItem,
  sort: number,
) {
  return {
    version_id: versionId,
    module_id: moduleId,
    code: it.code,
    sort,
    title_zh: it.title.zh,
    title_en: it.title.en,
    grade: it.handling.grade,
    scoring_kind: it.scoring?.kind ?? null,
    body: JSON.stringify(it),
    search_text: searchTextOf(it, m),
  };
}

/** What repo/version-content.ts reads for a version: its head, modules and items, in order. */
export interface VersionContentRows {
  version: Pick<
    Selectable<ChecklistVersionsTable>,
    | 'name_zh'
    | 'name_en'
    | 'edition'
    | 'label'
    | 'version'
    | 'scored'
    | 'effective_on'
    | 'description'
    | 'summary'
  > & { code: string; scope: string };
  modules: Selectable<ChecklistModulesTable>[];
  items: { module_id: string; body: ChecklistItem }[];
}

/** A version's rows as a library file. */
export function libraryFileOf({ version: v, modules, items }: VersionContentRows): LibraryFile {
  const byModule = new Map<string, ChecklistItem[]>();
  for (const it of items) {
    const list = byModule.get(it.module_id) ?? [];
    list.push(it.body);
    byModule.set(it.module_id, list);
  }
  const text = (t: LocalizedText | null | undefined) =>
    t && (t.zh || t.en) ? { zh: t.zh || t.en, en: t.en || t.zh } : undefined;
  const file: LibraryFile = {
    code: v.code,
    name: { zh: v.name_zh, en: v.name_en || v.name_zh },
    edition: v.edition || v.code,
    version: v.label || String(v.version),
    scope: v.scope as LibraryFile['scope'],
    scored: v.scored,
    ...(v.effective_on && { effective: v.effective_on }),
    ...(text(v.description) && { description: text(v.description) }),
    ...(v.scored && (v.summary as unknown[]).length ? { summary: v.summary as LibraryFile['summary'] } : {}),
    modules: modules.map((m) => ({
      code: m.code,
      name: { zh: m.name_zh, en: m.name_en || m.name_zh },
      ...(text(m.description) && { description: text(m.description) }),
      ...(m.table_code && { table: m.table_code }),
      ...(m.has_split !== null && { hasSplit: m.has_split }),
      items: byModule.get(m.id) ?? [],
    })),
  };
  return file;
}
