// Tables of grading and credit (issue 14). Keep in step with migrations/0510_grading_credit.sql.
import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Json, Timestamp } from './column-types.ts';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** numeric: read as text by the driver, written as a number. */
type Numeric = ColumnType<string, number | string, number | string>;
type GradeLetter = 'A' | 'B' | 'C';
type TargetKind = 'enterprise' | 'project';

export interface GradingModelsTable {
  version: number;
  region_code: Generated<string>;
  model: Json;
  active: Generated<boolean>;
  rationale: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ModelAwardsTable {
  id: Generated<string>;
  target_kind: TargetKind;
  enterprise_id: string | null;
  project_id: string | null;
  region_code: string;
  title: string;
  awarded_on: DateStr;
  authority_id: string | null;
  fee_uplift_percent: Numeric | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CreditRecordsTable {
  id: Generated<string>;
  enterprise_id: string;
  region_code: string;
  list_kind: 'serious_untrustworthy';
  condition_code: string;
  condition_text: Generated<string>;
  authority_id: string;
  decision_no: Generated<string>;
  starts_on: DateStr;
  planned_end_on: DateStr;
  repair_from: DateStr;
  removed_at: NullableTimestamp;
  removed_on: DateStr | null;
  removal_reason: string | null;
  removed_by: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CreditRecordEventsTable {
  id: Generated<string>;
  record_id: string;
  action: 'listed' | 'removed';
  at: Timestamp;
  by_user: string | null;
  note: Generated<string>;
}

export interface GradeComputationsTable {
  id: Generated<string>;
  target_kind: TargetKind;
  target_id: string;
  region_code: string;
  model_version: number;
  grade: GradeLetter;
  total: Numeric;
  thresholds: Json;
  facts: Json;
  explanation: Json;
  window_from: Timestamp;
  window_to: Timestamp;
  reason: string;
  computed_at: Timestamp;
}

export interface TargetGradesTable {
  target_kind: TargetKind;
  target_id: string;
  region_code: string;
  computation_id: string;
  computed_grade: GradeLetter;
  total: Numeric;
  model_version: number;
  computed_at: Timestamp;
}

export interface GradeOverridesTable {
  id: Generated<string>;
  target_kind: TargetKind;
  target_id: string;
  region_code: string;
  grade: GradeLetter;
  reason: string;
  expires_at: Timestamp;
  created_by: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
}

/** The view: the grade in force per target (an unexpired override wins). */
export interface CurrentGradesView {
  target_kind: TargetKind;
  target_id: string;
  region_code: string;
  grade: GradeLetter;
  overridden: boolean;
  computed_grade: GradeLetter;
  total: Numeric;
  model_version: number;
  computed_at: Timestamp;
  computation_id: string;
  override_id: string | null;
  override_expires_at: Date | null;
}

export interface GradingDirtyTable {
  target_kind: TargetKind;
  target_id: string;
  marked_at: Generated<Date>;
  reason: Generated<string>;
}

export interface GradingTables {
  grading_models: GradingModelsTable;
  model_awards: ModelAwardsTable;
  credit_records: CreditRecordsTable;
  credit_in_force: CreditRecordsTable;
  credit_record_events: CreditRecordEventsTable;
  grade_computations: GradeComputationsTable;
  target_grades: TargetGradesTable;
  grade_overrides: GradeOverridesTable;
  current_grades: CurrentGradesView;
  grading_dirty: GradingDirtyTable;
}
