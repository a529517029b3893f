import type { Kysely } from 'kysely';
import type {
  ChecklistItemHit,
  ChecklistItemQuery,
  ChecklistLibraryView,
  ChecklistVersionView,
  OffsetPageOf,
} from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import { findVisibleNamedLibrary, listVisibleLibraries } from './repo/libraries.ts';
import { modulesWithItemCounts, versionsOfLibraries, versionsOfLibrary } from './repo/versions.ts';
import { findItemHit, searchItemRows } from './repo/items.ts';
import { itemHit, libraryView, versionView } from './presenters.ts';
import { searchTerms } from './rules.ts';
import { versionFor } from './visible.ts';

/** What the read routes answer: libraries, versions and items the actor may see, and search. */
type Q = Kysely<DB>;

export async function listLibraries(db: Q, actor: Actor): Promise<ChecklistLibraryView[]> {
  const libs = await listVisibleLibraries(db, actor);
  if (!libs.length) return [];
  const versions = await versionsOfLibraries(
    db,
    libs.map((l) => l.id),
  );
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

export async function getLibrary(db: Q, actor: Actor, id: string): Promise<ChecklistLibraryView> {
  const l = await findVisibleNamedLibrary(db, actor, id);
  if (!l) throw notFound('Checklist library');
  const versions = await versionsOfLibrary(db, id);
  return libraryView(actor, l, l.region_name, l.extends_code, versions);
}

export async function getVersion(db: Q, actor: Actor, versionId: string): Promise<ChecklistVersionView> {
  const { version, library, canEdit } = await versionFor(db, actor, versionId);
  const modules = await modulesWithItemCounts(db, versionId);
  return versionView(version, library, canEdit, modules);
}

export async function getItem(db: Q, actor: Actor, itemId: string): Promise<ChecklistItemHit> {
  const r = await findItemHit(db, itemId);
  if (!r) throw notFound('Checklist item');
  // visibility of its version (drafts for editors only)
  await versionFor(db, actor, r.version_id, { what: 'Checklist item' });
  return itemHit(r);
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
): Promise<OffsetPageOf<ChecklistItemHit>> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  if (query.versionId) await versionFor(db, actor, query.versionId);
  const { rows, total } = await searchItemRows(db, actor, query, searchTerms(query.q), page, pageSize);
  return { items: rows.map(itemHit), total, page, pageSize };
}
