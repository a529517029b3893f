import type { Selectable } from 'kysely';
import type {
  ChecklistItemHit,
  ChecklistLibraryView,
  ChecklistVersionBrief,
  ChecklistVersionView,
} from '@redline/contracts';
import type { ChecklistLibrariesTable, ChecklistVersionsTable } from '../../db/schema-checklists.ts';
import type { Actor } from '../../auth/actor.ts';
import { canEditLibrary } from './rules.ts';
import type { ItemHitRow } from './repo/items.ts';
import type { ModuleCountRow } from './repo/versions.ts';

/** Rows of the checklist tables as the API shows them. */
type LibraryRow = Selectable<ChecklistLibrariesTable>;
type VersionRow = Selectable<ChecklistVersionsTable>;

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function brief(v: VersionRow): ChecklistVersionBrief {
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

/** A library with the versions this actor may see (its draft only to those who may edit it). */
export function libraryView(
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

/** A version with its modules; `canEdit` is whether the actor may edit its library. */
export function versionView(
  v: VersionRow,
  l: LibraryRow,
  canEdit: boolean,
  modules: ModuleCountRow[],
): ChecklistVersionView {
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

export function itemHit(r: ItemHitRow): ChecklistItemHit {
  return {
    id: r.id,
    versionId: r.version_id,
    moduleId: r.module_id,
    moduleCode: r.module_code,
    moduleName: { zh: r.module_name_zh, en: r.module_name_en || r.module_name_zh },
    table: r.table_code,
    sort: r.sort,
    item: r.body,
    library: {
      id: r.library_id,
      code: r.library_code,
      name: { zh: r.library_name_zh, en: r.library_name_en || r.library_name_zh },
    },
    version: { id: r.version_id, version: r.version, status: r.status },
  };
}
