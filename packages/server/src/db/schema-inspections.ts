import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Json, Timestamp } from './column-types.ts';

// Tables of files, inspections, findings, signatures, hazards (issue 3). Keep in step with migrations/0101_inspections.sql.

export type InspectionKind = 'routine' | 'special' | 'cross' | 'group' | 'self' | 'alarm_verification';
export type InspectionStatus = 'draft' | 'in_progress' | 'signed' | 'finished' | 'cancelled';
export type TargetKind = 'enterprise' | 'project' | 'site' | 'equipment';
export type FindingResult = 'pending' | 'pass' | 'fail' | 'na';
type Uuids = ColumnType<string[], string[] | undefined, string[]>;
type NullableDate = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface FilesTable {
  id: Generated<string>;
  sha256: string;
  mime: string;
  size: number;
  original_name: Generated<string>;
  width: number | null;
  height: number | null;
  exif_taken_at: NullableDate;
  exif_lat: number | null;
  exif_lng: number | null;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
  region_code: string;
  enterprise_id: string | null;
  owner_kind: string | null;
  owner_id: string | null;
  /** A marked-up copy's original photo (migration 0971); null for an original. */
  derived_from: Generated<string | null>;
}

export interface InspectionGroupsTable {
  id: Generated<string>;
  name: string;
  kind: 'supervision' | 'inspection';
  region_code: string;
  authority_id: string | null;
  leader_id: string;
  member_ids: Uuids;
  task_book: Json<{ tasks?: string; targets?: Array<{ kind: TargetKind; id: string; name: string }> }>;
  starts_on: DateStr | null;
  ends_on: DateStr | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The campaign the group belongs to, its assigned jurisdictions, task book file, closing (0520). */
  campaign_id: Generated<string | null>;
  assigned_regions: Generated<string[]>;
  task_book_file_id: Generated<string | null>;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  closed_by: Generated<string | null>;
}

export interface InspectionsTable {
  id: Generated<string>;
  number: string;
  kind: InspectionKind;
  status: Generated<InspectionStatus>;
  region_code: string;
  home_region_code: string;
  authority_id: string | null;
  target_kind: TargetKind;
  enterprise_id: string | null;
  project_id: string | null;
  site_id: string | null;
  equipment_id: string | null;
  target: Json<Record<string, unknown>>;
  title: Generated<string>;
  topic: Generated<string>;
  group_id: string | null;
  alarm_id: string | null;
  planned_on: DateStr | null;
  place: Generated<string>;
  principal_name: Generated<string>;
  started_at: NullableDate;
  ended_at: NullableDate;
  finished_at: NullableDate;
  score: ColumnType<unknown | null, string | null | undefined, string | null>;
  record: ColumnType<unknown | null, string | null | undefined, string | null>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Bumped by a trigger on header, status and team changes (migration 0900); If-Match on edits. */
  version: Generated<number>;
}

export interface InspectionMembersTable {
  inspection_id: string;
  user_id: string;
  role: 'leader' | 'member';
  display_name: string;
  licence_no: string | null;
  home_region_code: string;
  authority_id: string | null;
  /** When the officer confirmed, themself, that they took part (migration 0204). */
  confirmed_at: NullableDate;
  added_by: string | null;
}

export interface FindingDeduction {
  /** Index of the deduction rule in the item's scoring.deductions. */
  rule: number;
  points: number;
  count: number;
}

export interface InspectionFindingsTable {
  id: Generated<string>;
  inspection_id: string;
  version_id: string;
  item_id: string;
  item_code: string;
  module_code: string;
  sort: number;
  result: Generated<FindingResult>;
  note: Generated<string>;
  measured_value: Generated<string>;
  deductions: ColumnType<FindingDeduction[], string | undefined, string>;
  deducted: Generated<number>;
  hazard_description: Generated<string>;
  hazard_grade: 'general' | 'major' | null;
  rectify_days: number | null;
  photo_file_ids: Uuids;
  recorded_by: string | null;
  recorded_at: NullableDate;
}

export interface InspectionSignaturesTable {
  id: Generated<string>;
  inspection_id: string;
  party: 'inspector' | 'inspected';
  user_id: string | null;
  signer_name: string;
  file_id: string | null;
  refused: Generated<boolean>;
  refusal_reason: Generated<string>;
  witness_name: Generated<string>;
  signed_at: Timestamp;
  recorded_by: string;
}

export type HazardSource = 'inspection' | 'self_inspection' | 'alarm' | 'report';

export interface HazardsTable {
  id: Generated<string>;
  region_code: string;
  enterprise_id: string | null;
  project_id: string | null;
  site_id: string | null;
  equipment_id: string | null;
  source: HazardSource;
  inspection_id: string | null;
  finding_id: string | null;
  checklist_item_code: string | null;
  library_version_id: string | null;
  title: string;
  description: Generated<string>;
  grade: 'general' | 'major';
  status: Generated<string>;
  deadline: NullableDate;
  /** The domain HazardState as JSON. */
  state: Json<Record<string, unknown>>;
  found_at: Timestamp;
  found_by: string | null;
  evidence_file_ids: Uuids;
  legal_basis: Json<unknown[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InspectionTables {
  files: FilesTable;
  inspection_groups: InspectionGroupsTable;
  inspections: InspectionsTable;
  inspection_members: InspectionMembersTable;
  inspection_findings: InspectionFindingsTable;
  inspection_signatures: InspectionSignaturesTable;
  hazards: HazardsTable;
}
