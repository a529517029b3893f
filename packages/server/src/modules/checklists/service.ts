import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  ChecklistItem,
  ChecklistItemHit,
  ChecklistItemQuery,
  ChecklistItemView,
  ChecklistLibraryInput,
  ChecklistLibraryView,
  ChecklistModuleInput,
  ChecklistVersionBrief,
  ChecklistVersionPatch,
  ChecklistVersionView,
  PageOf,
} from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { ChecklistLibrariesTable, ChecklistVersionsTable } from '../../db/schema-checklists.ts';
import type { Actor } from '../../auth/actor.ts';
import { escapeLike } from '../../auth/scope.ts';
import { AppError, conflict, forbidden, notFound, validation } from '../../errors.ts';
import { itemRow, refreshItemCount, versionToFile, writeContent } from './content.ts';
import { validateLibrary, type LibraryFile } from './library-file.ts';
import { wallClock } from '../../clock.ts';

/**
 * Checklist libraries: who sees which, drafts and their edits, publishing and retiring, search.
 *
 * Visibility: a national library (region '') is seen by everyone; a local library by the people of
 * its jurisdiction (inside it) and of the jurisdictions above it. Drafts are seen only by those
 * who may edit: administrators and leaders whose jurisdiction contains the library's.
 */
type Q = Kysely<DB>;
type LibraryRow = Selectable<ChecklistLibrariesTable>;
type VersionRow = Selectable<ChecklistVersionsTable>;

const EDITORS: readonly Actor['role'][] = ['admin', 'leader'];

export const canEditLibrary = (actor: Actor, lib: { region_code: string }) =>
  EDITORS.includes(actor.role) && lib.region_code.startsWith(actor.regionCode);

/** Libraries this actor may see. */
export const libraryVisible = (actor: Actor, alias = 'l') => {
  const region = sql.ref(`${alias}.region_code`);
  if (actor.regionCode === '') return sql<boolean>`true`;
  return sql<boolean>`(${region} = '' OR ${actor.regionCode} LIKE ${region} || '%' OR ${region} LIKE ${escapeLike(actor.regionCode) + '%'})`;
};

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

function brief(v: VersionRow): ChecklistVersionBrief {
  return {
    id: v.id,
    version: v.version,
    status: v.status,
    label: v.label,
    edition: v.edition,
    scored: v.scored,
    itemCount: v.item_count,
    source: v.source,
    createdAt: iso(v.created_at)!,
    updatedAt: iso(v.updated_at)!,
    publishedAt: iso(v.published_at),
    retiredAt: iso(v.retired_at),
  };
}

export async function listLibraries(db: Q, actor: Actor): Promise<ChecklistLibraryView[]> {
  const libs = await db
    .selectFrom('checklist_libraries as l')
    .leftJoin('regions as r', 'r.code', 'l.region_code')
    .leftJoin('checklist_libraries as base', 'base.id', 'l.extends_library_id')
    .selectAll('l')
    .select(['r.name_zh as region_name', 'base.code as extends_code'])
    .where(libraryVisible(actor))
    .orderBy('l.region_code')
    .orderBy('l.code')
    .execute();
  if (!libs.length) return [];
  const versions = await db
    .selectFrom('checklist_versions')
    .selectAll()
    .where(
      'library_id',
      'in',
      libs.map((l) => l.id),
    )
    .orderBy('version', 'desc')
    .execute();
  return libs.map((l) =>
    libraryView(
      actor,
      l,
      l.region_name,
      l.extends_code,
      versions.filter((v) => v.library_id === l.id),
    ),
  );
}

function libraryView(
  actor: Actor,
  l: LibraryRow,
  regionName: string | null,
  extendsCode: string | null,
  versions: VersionRow[],
): ChecklistLibraryView {
  const canEdit = canEditLibrary(actor, l);
  const shown = versions.filter((v) => v.status !== 'draft' || canEdit);
  const current = versions.find((v) => v.status === 'published');
  const draft = canEdit ? versions.find((v) => v.status === 'draft') : undefined;
  return {
    id: l.id,
    code: l.code,
    name: { zh: l.name_zh, en: l.name_en || l.name_zh },
    scope: l.scope,
    regionCode: l.region_code,
    regionName,
    extendsLibraryId: l.extends_library_id,
    extendsCode,
    origin: l.origin,
    current: current ? brief(current) : null,
    draft: draft ? brief(draft) : null,
    versions: shown.map(brief),
    canEdit,
  };
}

export async function getLibrary(db: Q, actor: Actor, id: string): Promise<ChecklistLibraryView> {
  const l = await db
    .selectFrom('checklist_libraries as l')
    .leftJoin('regions as r', 'r.code', 'l.region_code')
    .leftJoin('checklist_libraries as base', 'base.id', 'l.extends_library_id')
    .selectAll('l')
    .select(['r.name_zh as region_name', 'base.code as extends_code'])
    .where('l.id', '=', id)
    .where(libraryVisible(actor))
    .executeTakeFirst();
  if (!l) throw notFound('Checklist library');
  const versions = await db
    .selectFrom('checklist_versions')
    .selectAll()
    .where('library_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  return libraryView(actor, l, l.region_name, l.extends_code, versions);
}

/** The library row, if visible; with `edit`, also checks the actor may edit it (403 otherwise). */
async function libraryFor(db: Q, actor: Actor, id: string, edit: boolean) {
  const l = await db
    .selectFrom('checklist_libraries as l')
    .selectAll('l')
    .where('l.id', '=', id)
    .where(libraryVisible(actor))
    .executeTakeFirst();
  if (!l) throw notFound('Checklist library');
  if (edit && !canEditLibrary(actor, l)) {
    throw forbidden(
      l.region_code === ''
        ? 'This is a national library: only a system administrator edits it. Add a local library on top of it for your jurisdiction.'
        : 'This library belongs to another jurisdiction; only its administrators and leaders edit it',
    );
  }
  return l;
}

/**
 * A version the actor may see (drafts only for editors); with `draft`, one they may edit now.
 * `what` names the record the caller asked for (an item, a module): one they may not see answers
 * exactly like a missing one of that kind.
 */
export async function versionFor(
  db: Q,
  actor: Actor,
  versionId: string,
  opts: { draft?: boolean; what?: string } = {},
) {
  const what = opts.what ?? 'Checklist version';
  const v = await db
    .selectFrom('checklist_versions')
    .selectAll()
    .where('id', '=', versionId)
    .executeTakeFirst();
  if (!v) throw notFound(what);
  const lib = await db
    .selectFrom('checklist_libraries as l')
    .selectAll('l')
    .where('l.id', '=', v.library_id)
    .where(libraryVisible(actor))
    .executeTakeFirst();
  if (!lib) throw notFound(what);
  const canEdit = canEditLibrary(actor, lib);
  if (v.status === 'draft' && !canEdit) throw notFound(what);
  if (opts.draft) {
    if (!canEdit)
      throw forbidden(
        lib.region_code === ''
          ? 'Only a system administrator edits a national library'
          : 'You may not edit this library',
      );
    if (v.status !== 'draft')
      throw new AppError(
        'VERSION_FROZEN',
        `Version ${v.version} is ${v.status}: it can no longer change. Start a new draft to make changes.`,
        409,
      );
  }
  return { version: v, library: lib, canEdit };
}

export async function getVersion(db: Q, actor: Actor, versionId: string): Promise<ChecklistVersionView> {
  const { version: v, library: l, canEdit } = await versionFor(db, actor, versionId);
  const modules = await db
    .selectFrom('checklist_modules as m')
    .select([
      'm.id',
      'm.code',
      'm.name_zh',
      'm.name_en',
      'm.description',
      'm.table_code',
      'm.has_split',
      'm.sort',
    ])
    .select((eb) =>
      eb
        .selectFrom('checklist_items as i')
        .whereRef('i.module_id', '=', 'm.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('item_count'),
    )
    .where('m.version_id', '=', versionId)
    .orderBy('m.sort')
    .orderBy('m.code')
    .execute();
  return {
    ...brief(v),
    libraryId: l.id,
    libraryCode: l.code,
    libraryRegionCode: l.region_code,
    name: { zh: v.name_zh, en: v.name_en || v.name_zh },
    description: v.description ?? { zh: '', en: '' },
    summary: (v.summary ?? []) as ChecklistVersionView['summary'],
    effectiveOn: v.effective_on,
    canEdit: canEdit && v.status === 'draft',
    modules: modules.map((m) => ({
      id: m.id,
      code: m.code,
      name: { zh: m.name_zh, en: m.name_en || m.name_zh },
      description: m.description ?? { zh: '', en: '' },
      table: m.table_code,
      hasSplit: m.has_split,
      sort: m.sort,
      itemCount: Number(m.item_count ?? 0),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// items and search

const itemSelect = (db: Q) =>
  db
    .selectFrom('checklist_items as i')
    .innerJoin('checklist_modules as m', 'm.id', 'i.module_id')
    .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select([
      'i.id',
      'i.version_id',
      'i.module_id',
      'i.sort',
      'i.body',
      'm.code as module_code',
      'm.name_zh as module_name_zh',
      'm.name_en as module_name_en',
      'm.table_code',
      'v.version',
      'v.status',
      'l.id as library_id',
      'l.code as library_code',
      'l.name_zh as library_name_zh',
      'l.name_en as library_name_en',
    ]);

type ItemRow = Awaited<ReturnType<ReturnType<typeof itemSelect>['execute']>>[number];

function itemHit(r: ItemRow): ChecklistItemHit {
  return {
    id: r.id,
    versionId: r.version_id,
    moduleId: r.module_id,
    moduleCode: r.module_code,
    moduleName: { zh: r.module_name_zh, en: r.module_name_en || r.module_name_zh },
    table: r.table_code,
    sort: r.sort,
    item: r.body as unknown as ChecklistItem,
    library: {
      id: r.library_id,
      code: r.library_code,
      name: { zh: r.library_name_zh, en: r.library_name_en || r.library_name_zh },
    },
    version: { id: r.version_id, version: r.version, status: r.status },
  };
}

export const itemView = (r: ItemRow): ChecklistItemView => {
  const { library: _l, version: _v, ...rest } = itemHit(r);
  return rest;
};

export async function getItem(db: Q, actor: Actor, itemId: string) {
  const r = await itemSelect(db).where('i.id', '=', itemId).executeTakeFirst();
  if (!r) throw notFound('Checklist item');
  // visibility of its version (drafts for editors only)
  await versionFor(db, actor, r.version_id, { what: 'Checklist item' });
  return itemHit(r);
}

/** Search terms: whitespace-separated words, each of which must appear (Chinese or English). */
export function searchTerms(q: string | undefined) {
  return (q ?? '')
    .toLowerCase()
    .split(/[\s,，、;；]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, 8);
}

/**
 * Full-text search over items: every word must appear in the item's text (code, titles, what and
 * how to check, criterion, basis, keywords, module, deductions). Chinese has no spaces, so words
 * are matched as substrings rather than by a tokenizer; titles that contain the words rank first.
 */
export async function searchItems(
  db: Q,
  actor: Actor,
  query: ChecklistItemQuery,
): Promise<PageOf<ChecklistItemHit>> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  let base = itemSelect(db).where(libraryVisible(actor, 'l'));
  if (query.versionId) {
    await versionFor(db, actor, query.versionId);
    base = base.where('i.version_id', '=', query.versionId);
  } else base = base.where('v.status', '=', 'published');
  if (query.libraryId) base = base.where('l.id', '=', query.libraryId);
  if (query.moduleId) base = base.where('i.module_id', '=', query.moduleId);
  if (query.grade) base = base.where('i.grade', '=', query.grade);
  if (query.method) base = base.where(sql<boolean>`i.body->'method'->>'kind' = ${query.method}`);
  const terms = searchTerms(query.q);
  for (const t of terms) base = base.where('i.search_text', 'like', `%${escapeLike(t)}%`);
  const { n } = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  let ordered = base;
  if (terms.length) {
    const titleHits = sql<number>`(${sql.join(
      terms.map(
        (t) =>
          sql`(CASE WHEN lower(i.title_zh || ' ' || i.title_en) LIKE ${'%' + escapeLike(t) + '%'} THEN 1 ELSE 0 END)`,
      ),
      sql` + `,
    )})`;
    ordered = ordered.orderBy(titleHits, 'desc');
  }
  const rows = await ordered
    .orderBy('l.code')
    .orderBy('m.sort')
    .orderBy('i.sort')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map(itemHit), total: Number(n), page, pageSize };
}

// ---------------------------------------------------------------------------------------------
// writes: libraries, drafts, modules, items, publish, retire

export async function createLibrary(
  db: Q,
  actor: Actor,
  input: ChecklistLibraryInput,
): Promise<{ libraryId: string; versionId: string }> {
  const region = input.regionCode ?? (actor.regionCode === '' ? '' : actor.regionCode);
  if (!EDITORS.includes(actor.role))
    throw forbidden('Only administrators and leaders create checklist libraries');
  if (!region.startsWith(actor.regionCode))
    throw validation(
      'regionCode',
      `A library you create must belong to your jurisdiction (${actor.regionCode || 'national'})`,
    );
  if (region !== '') {
    const known = await db.selectFrom('regions').select('code').where('code', '=', region).executeTakeFirst();
    if (!known) throw validation('regionCode', `Unknown division code ${region}`);
  }
  if (input.extendsLibraryId) {
    const base = await db
      .selectFrom('checklist_libraries as l')
      .selectAll('l')
      .where('l.id', '=', input.extendsLibraryId)
      .where(libraryVisible(actor))
      .executeTakeFirst();
    if (!base) throw validation('extendsLibraryId', 'The library to extend does not exist');
    if (base.region_code !== '')
      throw validation('extendsLibraryId', 'Local modules go on top of a national library');
    if (region === '')
      throw validation(
        'regionCode',
        'A library that adds local modules belongs to a jurisdiction; give regionCode',
      );
  }
  const exists = await db
    .selectFrom('checklist_libraries')
    .select('id')
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (exists) throw conflict(`A library with code ${input.code} already exists`, 'code');
  const l = await db
    .insertInto('checklist_libraries')
    .values({
      code: input.code,
      name_zh: input.name.zh,
      name_en: input.name.en,
      scope: input.scope,
      region_code: region,
      authority_id: actor.authorityId,
      extends_library_id: input.extendsLibraryId ?? null,
      origin: 'ui',
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const v = await db
    .insertInto('checklist_versions')
    .values({
      library_id: l.id,
      version: 1,
      status: 'draft',
      name_zh: input.name.zh,
      name_en: input.name.en,
      edition: input.edition ?? '',
      scored: input.scored ?? false,
      source: 'ui',
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { libraryId: l.id, versionId: v.id };
}

/** A new draft: a copy of the current published version (or of the latest one), or empty. */
export async function createDraft(db: Q, actor: Actor, libraryId: string): Promise<string> {
  const lib = await libraryFor(db, actor, libraryId, true);
  const existing = await db
    .selectFrom('checklist_versions')
    .select(['id', 'version'])
    .where('library_id', '=', lib.id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (existing)
    throw new AppError(
      'DRAFT_EXISTS',
      `Version ${existing.version} is already a draft; edit it or discard it first`,
      409,
      undefined,
      { versionId: existing.id },
    );
  const versions = await db
    .selectFrom('checklist_versions')
    .selectAll()
    .where('library_id', '=', lib.id)
    .orderBy('version', 'desc')
    .execute();
  const from = versions.find((v) => v.status === 'published') ?? versions[0];
  const next = (versions[0]?.version ?? 0) + 1;
  const draft = await db
    .insertInto('checklist_versions')
    .values({
      library_id: lib.id,
      version: next,
      status: 'draft',
      label: String(next),
      name_zh: from?.name_zh ?? lib.name_zh,
      name_en: from?.name_en ?? lib.name_en,
      edition: from?.edition ?? '',
      description: JSON.stringify(from?.description ?? { zh: '', en: '' }),
      scored: from?.scored ?? false,
      summary: JSON.stringify(from?.summary ?? []),
      effective_on: from?.effective_on ?? null,
      source: from ? `ui (from version ${from.version})` : 'ui',
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (from) {
    const file = await versionToFile(db, from.id);
    await writeContent(db, draft.id, file.modules);
  }
  return draft.id;
}

export async function discardDraft(db: Q, actor: Actor, versionId: string) {
  const { version } = await versionFor(db, actor, versionId, { draft: true });
  await db.deleteFrom('checklist_versions').where('id', '=', version.id).execute();
}

export async function patchVersion(db: Q, actor: Actor, versionId: string, patch: ChecklistVersionPatch) {
  await versionFor(db, actor, versionId, { draft: true });
  const set: Record<string, unknown> = { updated_at: wallClock() };
  if (patch.name) Object.assign(set, { name_zh: patch.name.zh, name_en: patch.name.en });
  if (patch.label !== undefined) set.label = patch.label;
  if (patch.edition !== undefined) set.edition = patch.edition;
  if (patch.description) set.description = JSON.stringify(patch.description);
  if (patch.effectiveOn !== undefined) set.effective_on = patch.effectiveOn;
  if (patch.summary) set.summary = JSON.stringify(patch.summary);
  await db.updateTable('checklist_versions').set(set).where('id', '=', versionId).execute();
}

export async function addModule(db: Q, actor: Actor, versionId: string, input: ChecklistModuleInput) {
  await versionFor(db, actor, versionId, { draft: true });
  const dup = await db
    .selectFrom('checklist_modules')
    .select('id')
    .where('version_id', '=', versionId)
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (dup) throw conflict(`Module ${input.code} already exists in this version`, 'code');
  const { max } = await db
    .selectFrom('checklist_modules')
    .select((eb) => eb.fn.max<number>('sort').as('max'))
    .where('version_id', '=', versionId)
    .executeTakeFirstOrThrow();
  const m = await db
    .insertInto('checklist_modules')
    .values({
      version_id: versionId,
      code: input.code,
      sort: input.sort ?? (max ?? -1) + 1,
      name_zh: input.name.zh,
      name_en: input.name.en,
      description: JSON.stringify(input.description ?? { zh: '', en: '' }),
      table_code: input.table ?? null,
      has_split: input.hasSplit ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return m.id;
}

async function moduleFor(db: Q, actor: Actor, moduleId: string, draft: boolean) {
  const m = await db
    .selectFrom('checklist_modules')
    .selectAll()
    .where('id', '=', moduleId)
    .executeTakeFirst();
  if (!m) throw notFound('Checklist module');
  await versionFor(db, actor, m.version_id, { draft, what: 'Checklist module' });
  return m;
}

export async function patchModule(
  db: Q,
  actor: Actor,
  moduleId: string,
  patch: Partial<ChecklistModuleInput>,
) {
  const m = await moduleFor(db, actor, moduleId, true);
  if (patch.code && patch.code !== m.code) {
    const dup = await db
      .selectFrom('checklist_modules')
      .select('id')
      .where('version_id', '=', m.version_id)
      .where('code', '=', patch.code)
      .executeTakeFirst();
    if (dup) throw conflict(`Module ${patch.code} already exists in this version`, 'code');
  }
  const set: Record<string, unknown> = {};
  if (patch.code) set.code = patch.code;
  if (patch.name) Object.assign(set, { name_zh: patch.name.zh, name_en: patch.name.en });
  if (patch.description) set.description = JSON.stringify(patch.description);
  if (patch.table !== undefined) set.table_code = patch.table;
  if (patch.hasSplit !== undefined) set.has_split = patch.hasSplit;
  if (patch.sort !== undefined) set.sort = patch.sort;
  if (Object.keys(set).length)
    await db.updateTable('checklist_modules').set(set).where('id', '=', moduleId).execute();
  // Items carry their module's name in their search text.
  if (patch.name || patch.code) await reindexModule(db, moduleId);
}

async function reindexModule(db: Q, moduleId: string) {
  const m = await db
    .selectFrom('checklist_modules')
    .selectAll()
    .where('id', '=', moduleId)
    .executeTakeFirstOrThrow();
  const items = await db
    .selectFrom('checklist_items')
    .select(['id', 'body', 'sort'])
    .where('module_id', '=', moduleId)
    .execute();
  for (const it of items) {
    const row = itemRow(
      m.version_id,
      m.id,
      { code: m.code, name: { zh: m.name_zh, en: m.name_en } },
      it.body as unknown as ChecklistItem,
      it.sort,
    );
    await db
      .updateTable('checklist_items')
      .set({ search_text: row.search_text })
      .where('id', '=', it.id)
      .execute();
  }
}

export async function deleteModule(db: Q, actor: Actor, moduleId: string) {
  const m = await moduleFor(db, actor, moduleId, true);
  await db.deleteFrom('checklist_items').where('module_id', '=', moduleId).execute();
  await db.deleteFrom('checklist_modules').where('id', '=', moduleId).execute();
  await refreshItemCount(db, m.version_id);
}

export async function addItem(
  db: Q,
  actor: Actor,
  versionId: string,
  input: { moduleId: string; item: ChecklistItem; sort?: number },
) {
  const { version } = await versionFor(db, actor, versionId, { draft: true });
  const m = await db
    .selectFrom('checklist_modules')
    .selectAll()
    .where('id', '=', input.moduleId)
    .where('version_id', '=', versionId)
    .executeTakeFirst();
  if (!m) throw validation('moduleId', 'The module is not part of this version');
  checkItemFits(version, input.item);
  const dup = await db
    .selectFrom('checklist_items')
    .select('id')
    .where('version_id', '=', versionId)
    .where('code', '=', input.item.code)
    .executeTakeFirst();
  if (dup) throw conflict(`Item ${input.item.code} already exists in this version`, 'item.code');
  const { max } = await db
    .selectFrom('checklist_items')
    .select((eb) => eb.fn.max<number>('sort').as('max'))
    .where('module_id', '=', m.id)
    .executeTakeFirstOrThrow();
  const row = itemRow(
    versionId,
    m.id,
    { code: m.code, name: { zh: m.name_zh, en: m.name_en } },
    input.item,
    input.sort ?? (max ?? -1) + 1,
  );
  const r = await db.insertInto('checklist_items').values(row).returning('id').executeTakeFirstOrThrow();
  await refreshItemCount(db, versionId);
  return r.id;
}

function checkItemFits(version: VersionRow, item: ChecklistItem) {
  if (version.scored && !item.scoring)
    throw validation(
      'item.scoring',
      `This library is scored: item ${item.code} needs scoring (kind, fullScore, deductions)`,
    );
  if (!version.scored && item.scoring)
    throw validation('item.scoring', 'This library is not scored: remove scoring from the item');
  for (const [i, d] of (item.scoring?.deductions ?? []).entries()) {
    if (d.minPoints !== undefined && d.minPoints > d.points)
      throw validation(
        `item.scoring.deductions.${i}.minPoints`,
        `minPoints ${d.minPoints} is more than points ${d.points}`,
      );
  }
}

export async function replaceItem(
  db: Q,
  actor: Actor,
  itemId: string,
  input: { moduleId?: string; item: ChecklistItem; sort?: number },
) {
  const it = await db.selectFrom('checklist_items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!it) throw notFound('Checklist item');
  const { version } = await versionFor(db, actor, it.version_id, { draft: true, what: 'Checklist item' });
  checkItemFits(version, input.item);
  const moduleId = input.moduleId ?? it.module_id;
  const m = await db
    .selectFrom('checklist_modules')
    .selectAll()
    .where('id', '=', moduleId)
    .where('version_id', '=', it.version_id)
    .executeTakeFirst();
  if (!m) throw validation('moduleId', 'The module is not part of this version');
  if (input.item.code !== it.code) {
    const dup = await db
      .selectFrom('checklist_items')
      .select('id')
      .where('version_id', '=', it.version_id)
      .where('code', '=', input.item.code)
      .executeTakeFirst();
    if (dup) throw conflict(`Item ${input.item.code} already exists in this version`, 'item.code');
  }
  const row = itemRow(
    it.version_id,
    m.id,
    { code: m.code, name: { zh: m.name_zh, en: m.name_en } },
    input.item,
    input.sort ?? it.sort,
  );
  await db.updateTable('checklist_items').set(row).where('id', '=', itemId).execute();
}

export async function deleteItem(db: Q, actor: Actor, itemId: string) {
  const it = await db.selectFrom('checklist_items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!it) throw notFound('Checklist item');
  await versionFor(db, actor, it.version_id, { draft: true, what: 'Checklist item' });
  await db.deleteFrom('checklist_items').where('id', '=', itemId).execute();
  await refreshItemCount(db, it.version_id);
}

/**
 * Publishes a draft after checking it as a whole (as an imported file would be checked); the
 * version published before it becomes 'superseded' — still there, unchanged, for the inspections
 * that used it.
 */
export async function publishVersion(db: Q, actor: Actor, versionId: string, now: Date) {
  const { version, library } = await versionFor(db, actor, versionId, { draft: true });
  const file = await versionToFile(db, versionId);
  const check = validateLibrary(file);
  if (!check.ok) {
    throw new AppError(
      'DRAFT_INVALID',
      `The draft cannot be published yet: ${check.problems[0].message}${check.problems.length > 1 ? ` (and ${check.problems.length - 1} more)` : ''}`,
      422,
      check.problems[0].path,
      { problems: check.problems },
    );
  }
  if (!file.modules.length) throw new AppError('DRAFT_INVALID', 'The draft has no modules', 422);
  await db
    .updateTable('checklist_versions')
    .set({ status: 'superseded', updated_at: now })
    .where('library_id', '=', library.id)
    .where('status', '=', 'published')
    .execute();
  await db
    .updateTable('checklist_versions')
    .set({ status: 'published', published_at: now, published_by: actor.userId, updated_at: now })
    .where('id', '=', version.id)
    .execute();
}

/** Retires the published version: no longer proposed for new inspections; past ones keep it. */
export async function retireVersion(db: Q, actor: Actor, versionId: string, now: Date) {
  const { version, canEdit } = await versionFor(db, actor, versionId);
  if (!canEdit) throw forbidden('You may not retire versions of this library');
  if (version.status !== 'published')
    throw new AppError(
      'ILLEGAL_TRANSITION',
      `Only the published version can be retired; version ${version.version} is ${version.status}`,
      409,
    );
  await db
    .updateTable('checklist_versions')
    .set({ status: 'retired', retired_at: now, retired_by: actor.userId, updated_at: now })
    .where('id', '=', version.id)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// import

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
    const existing = await db
      .selectFrom('checklist_libraries as l')
      .select(['l.id', libraryVisible(actor).as('visible')])
      .where('l.code', '=', lib.code)
      .executeTakeFirst();
    if (existing) {
      // Codes are unique across the country; the id of another jurisdiction's library stays unsaid.
      throw new AppError(
        'LIBRARY_EXISTS',
        `Library ${lib.code} already exists; import into it (as its next draft) from its page`,
        409,
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
    await db
      .updateTable('checklist_libraries')
      .set({ origin: 'import' })
      .where('id', '=', created.libraryId)
      .execute();
    libraryId = created.libraryId;
  }
  let draft = await db
    .selectFrom('checklist_versions')
    .select('id')
    .where('library_id', '=', libraryId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (draft) await db.deleteFrom('checklist_versions').where('id', '=', draft.id).execute();
  const { max } = await db
    .selectFrom('checklist_versions')
    .select((eb) => eb.fn.max<number>('version').as('max'))
    .where('library_id', '=', libraryId)
    .executeTakeFirstOrThrow();
  draft = await db
    .insertInto('checklist_versions')
    .values({
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
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeContent(db, draft.id, lib.modules);
  return { libraryId, versionId: draft.id };
}
