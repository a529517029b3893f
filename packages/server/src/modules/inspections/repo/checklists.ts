import { sql, type Kysely } from 'kysely';
import type { ChecklistItem } from '@redline/contracts';
import type { DB } from '../../../db/schema.ts';

/** The published checklists an inspection draws its items from, and the items it scores. */
type Q = Kysely<DB>;

/** A checklist item's stored body: the contracts' ChecklistItem, validated when its checklist was saved. */
export const checklistItemOf = (body: Record<string, unknown>): ChecklistItem => body as ChecklistItem;

/** The published versions usable for a target in `region`: national libraries and local ones above it. */
export async function publishedVersionsFor(db: Q, region: string) {
  return db
    .selectFrom('checklist_versions as v')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select([
      'v.id as version_id',
      'v.version',
      'v.scored',
      'v.name_zh',
      'v.name_en',
      'l.id as library_id',
      'l.code',
      'l.scope',
      'l.region_code',
    ])
    .where('v.status', '=', 'published')
    .where(sql<boolean>`(l.region_code = '' OR ${region} LIKE l.region_code || '%')`)
    .orderBy('l.region_code')
    .orderBy('l.code')
    .execute();
}

/** Every item of these versions with its module, in module and item order. */
export async function itemsOfVersions(db: Q, versionIds: string[]) {
  const rows = await db
    .selectFrom('checklist_items as i')
    .innerJoin('checklist_modules as m', 'm.id', 'i.module_id')
    .select([
      'i.id',
      'i.version_id',
      'i.code',
      'i.title_zh',
      'i.title_en',
      'i.grade',
      'i.scoring_kind',
      'i.body',
      'm.id as module_id',
      'm.code as module_code',
      'm.name_zh',
      'm.name_en',
      'm.table_code',
      'm.sort as module_sort',
      'i.sort',
    ])
    .where('i.version_id', 'in', versionIds)
    .orderBy('m.sort')
    .orderBy('i.sort')
    .execute();
  return rows.map((r) => ({ ...r, item: checklistItemOf(r.body) }));
}

/** Of these items, those in a published checklist usable in `region` (with their module and whether scored). */
export async function usableItems(db: Q, itemIds: string[], region: string) {
  return db
    .selectFrom('checklist_items as i')
    .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select(['i.id', 'i.module_id', 'v.scored'])
    .where('i.id', 'in', itemIds)
    .where('v.status', '=', 'published')
    .where(sql<boolean>`(l.region_code = '' OR ${region} LIKE l.region_code || '%')`)
    .execute();
}

/** These items and every item of these whole modules, in library, module and item order. */
export async function itemsToInspect(db: Q, itemIds: string[], wholeModules: string[]) {
  return db
    .selectFrom('checklist_items as i')
    .innerJoin('checklist_modules as m', 'm.id', 'i.module_id')
    .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select(['i.id', 'i.version_id', 'i.code', 'm.code as module_code'])
    .where((eb) =>
      eb.or([
        eb('i.id', 'in', itemIds),
        ...(wholeModules.length ? [eb('i.module_id', 'in', wholeModules)] : []),
      ]),
    )
    .orderBy('l.region_code')
    .orderBy('l.code')
    .orderBy('m.sort')
    .orderBy('i.sort')
    .execute();
}

/** The scored checklist versions an inspection uses. */
export async function scoredVersionsOf(db: Q, inspectionId: string) {
  return db
    .selectFrom('checklist_versions as v')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select(['v.id', 'v.summary', 'l.code', 'v.name_zh', 'v.name_en'])
    .where('v.scored', '=', true)
    .where('v.id', 'in', (eb) =>
      eb.selectFrom('inspection_findings').select('version_id').where('inspection_id', '=', inspectionId),
    )
    .orderBy('l.code')
    .execute();
}

/** The inspection's findings on the tables of one scored version, in table and item order. */
export async function scoredFindingsOf(db: Q, inspectionId: string, versionId: string) {
  return db
    .selectFrom('inspection_findings as f')
    .innerJoin('checklist_items as i', 'i.id', 'f.item_id')
    .innerJoin('checklist_modules as m', 'm.id', 'i.module_id')
    .select([
      'f.result',
      'f.deducted',
      'i.code',
      'i.scoring_kind',
      'i.body',
      'm.code as module_code',
      'm.table_code',
      'm.has_split',
      'm.name_zh',
      'm.name_en',
    ])
    .where('f.inspection_id', '=', inspectionId)
    .where('f.version_id', '=', versionId)
    .where('m.table_code', 'is not', null)
    .orderBy('m.sort')
    .orderBy('i.sort')
    .execute();
}

/** How many of these items belong to a retired checklist version (an offline device used it, issue 19). */
export async function retiredItemCount(db: Q, itemIds: string[]): Promise<number> {
  if (!itemIds.length) return 0;
  const row = await db
    .selectFrom('checklist_items as i')
    .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('i.id', 'in', itemIds)
    .where('v.status', '=', 'retired')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
