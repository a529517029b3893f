import type { ColumnType, Generated } from 'kysely';
import type { ChecklistItem } from '@redline/contracts';
import type { DateStr, Json, Timestamp } from './column-types.ts';

// Tables of checklist libraries, versions, modules, items (issue 3). Keep in step with migrations/0100_checklists.sql.

export type ChecklistVersionStatus = 'draft' | 'published' | 'superseded' | 'retired';
export type LocalizedText = { zh: string; en: string };

export interface ChecklistLibrariesTable {
  id: Generated<string>;
  code: string;
  name_zh: string;
  name_en: Generated<string>;
  scope: Generated<string>;
  region_code: Generated<string>;
  authority_id: string | null;
  extends_library_id: string | null;
  origin: Generated<'shipped' | 'ui' | 'import'>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChecklistVersionsTable {
  id: Generated<string>;
  library_id: string;
  version: number;
  status: ChecklistVersionStatus;
  label: Generated<string>;
  name_zh: string;
  name_en: Generated<string>;
  edition: Generated<string>;
  description: ColumnType<LocalizedText, string | undefined, string>;
  scored: Generated<boolean>;
  summary: ColumnType<unknown[], string | undefined, string>;
  effective_on: DateStr | null;
  source: Generated<string>;
  content_sha256: string | null;
  item_count: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Date | null;
  published_by: string | null;
  retired_at: Date | null;
  retired_by: string | null;
}

export interface ChecklistModulesTable {
  id: Generated<string>;
  version_id: string;
  code: string;
  sort: Generated<number>;
  name_zh: string;
  name_en: Generated<string>;
  description: ColumnType<LocalizedText, string | undefined, string>;
  table_code: string | null;
  has_split: boolean | null;
}

export interface ChecklistItemsTable {
  id: Generated<string>;
  version_id: string;
  module_id: string;
  code: string;
  sort: Generated<number>;
  title_zh: string;
  title_en: Generated<string>;
  grade: 'general' | 'major';
  scoring_kind: 'guarantee' | 'general' | null;
  // The item as written in the library file (contracts' ChecklistItem), checked when it was written.
  body: Json<ChecklistItem>;
  search_text: Generated<string>;
}

export interface ChecklistTables {
  checklist_libraries: ChecklistLibrariesTable;
  checklist_versions: ChecklistVersionsTable;
  checklist_modules: ChecklistModulesTable;
  checklist_items: ChecklistItemsTable;
}
