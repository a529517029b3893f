import type { Kysely } from 'kysely';
import type { ChecklistItem, ChecklistModule } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { LibraryFile } from './library-file.ts';
import { wallClock } from '../../clock.ts';

/**
 * Moving library content between its file shape (contracts/checklist.ts) and the tables:
 * writing a version's modules and items, and reading a version back as a library file.
 */
type Q = Kysely<DB>;

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

/** A version as a library file (for export, and for validating a draft before it is published). */
export async function versionToFile(q: Q, versionId: string): Promise<LibraryFile> {
  const v = await q
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
  const byModule = new Map<string, ChecklistItem[]>();
  for (const it of items) {
    const list = byModule.get(it.module_id) ?? [];
    list.push(it.body as unknown as ChecklistItem);
    byModule.set(it.module_id, list);
  }
  const text = (t: { zh: string; en: string } | null | undefined) =>
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
