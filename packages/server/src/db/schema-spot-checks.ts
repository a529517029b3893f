// Tables of spot-check plans and draws (issue 14). Keep in step with migrations/0530 and 0531.
import type { ColumnType, Generated } from 'kysely';
import type { DrawOutcome, DrawPool, DrawRules } from '@redline/domain';
import type { DateStr, Json, Timestamp } from './column-types.ts';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface SpotCheckItem {
  title: string;
  basis: string;
  moduleIds: string[];
}

export interface SpotCheckPoolFilter {
  targetKinds: Array<'enterprise' | 'project'>;
  regionCode: string;
  industries: string[];
  projectTypes: string[];
  enterpriseIds: string[];
  projectIds: string[];
}

export interface SpotCheckPlansTable {
  id: Generated<string>;
  authority_id: string;
  region_code: string;
  title: string;
  kind: 'routine' | 'cross';
  period_start: DateStr;
  period_end: DateStr;
  status: Generated<'draft' | 'committed' | 'drawn' | 'revealed'>;
  items: Json<SpotCheckItem[]>;
  module_ids: ColumnType<string[], string[] | undefined, string[]>;
  pool_filter: Json<SpotCheckPoolFilter>;
  inspector_ids: ColumnType<string[], string[] | undefined, string[]>;
  rules: Json<DrawRules>;
  commitment: string | null;
  pool: Json<DrawPool | null>;
  committed_at: NullableTimestamp;
  seed: string | null;
  result: Json<DrawOutcome | null>;
  drawn_at: NullableTimestamp;
  revealed_at: NullableTimestamp;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SpotCheckTasksTable {
  id: Generated<string>;
  plan_id: string;
  region_code: string;
  plan_region_code: string;
  target_kind: 'enterprise' | 'project';
  enterprise_id: string | null;
  project_id: string | null;
  target_name: string;
  basis: 'full_coverage' | 'random';
  reasons: ColumnType<string[], string[] | undefined, string[]>;
  inspector_ids: string[];
  due_on: DateStr;
  inspection_id: string | null;
  created_at: Timestamp;
}

export interface InspectorConflictsTable {
  id: Generated<string>;
  user_id: string;
  region_code: string;
  target_kind: 'enterprise' | 'project';
  enterprise_id: string | null;
  project_id: string | null;
  reason: string;
  declared_by: string;
  declared_at: Timestamp;
  withdrawn_at: NullableTimestamp;
}

export interface SpotCheckTables {
  spot_check_plans: SpotCheckPlansTable;
  spot_check_tasks: SpotCheckTasksTable;
  inspector_conflicts: InspectorConflictsTable;
}
