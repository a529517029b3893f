// Tables of approvals with bound opinions, the expert register and model-project awards (issue 17).
// Keep in step with migrations/0710_approvals.sql.
import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Json, Timestamp } from './column-types.ts';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** bigint: read as a string (exact), written as a number or string. */
type BigIntCol = ColumnType<string | null, number | string | null | undefined, number | string | null>;
/** numeric: read as a string (exact). */
type Numeric = ColumnType<string, number | string | undefined, number | string>;
type NullableNumeric = ColumnType<string | null, number | string | null | undefined, number | string | null>;

export interface ApprovalsTable {
  id: Generated<string>;
  project_id: string;
  region_code: string;
  kind:
    | 'safety_supervision_procedures'
    | 'special_plan'
    | 'suspension'
    | 'resumption'
    | 'key_personnel_change'
    | 'completion';
  title: string;
  beyond_scale: Generated<boolean>;
  status: 'open' | 'approved' | 'rejected';
  step: number;
  step_code: string | null;
  step_entered_at: Timestamp;
  step_due_on: DateStr | null;
  round: Generated<number>;
  state: Json;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: NullableTimestamp;
}

export interface ApprovalMaterialsTable {
  id: Generated<string>;
  approval_id: string;
  file_id: string;
  sha256: string;
  name: string;
  public: Generated<boolean>;
  added_by: string;
  added_at: Timestamp;
  replaced_by: string | null;
  withdrawn_at: NullableTimestamp;
}

export interface ExpertsTable {
  id: Generated<string>;
  name: string;
  specialty: Generated<string>;
  title: Generated<string>;
  employer: Generated<string>;
  region_code: string;
  register_no: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  /** The expert's own login (migration 0995): a narrow account that sees only its panels. */
  user_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Who sits on the expert panel of which approval (migration 0995), set up by a regulator. */
export interface ApprovalExpertsTable {
  approval_id: string;
  expert_id: string;
  assigned_by: string;
  assigned_at: Timestamp;
}

export type OpinionKind = 'submit' | 'review' | 'expert_opinion' | 'expert_conclusion' | 'record';

export interface ApprovalOpinionsTable {
  id: Generated<string>;
  approval_id: string;
  step: number;
  step_code: string;
  round: number;
  kind: OpinionKind;
  actor_id: string;
  actor_name: string;
  acting_as: string;
  expert_id: string | null;
  expert_name: string | null;
  opinion: string;
  conclusion: string | null;
  materials_hash: string;
  materials: Json<{ id: string; sha256: string; name: string }[]>;
  signed_at: Timestamp;
}

export interface ModelProjectAwardsTable {
  id: Generated<string>;
  project_id: string;
  region_code: string;
  scheme: 'prairie_cup' | 'safety_standardisation';
  year: number;
  status: 'applied' | 'evaluated' | 'awarded' | 'declined';
  application: string;
  applied_by: string;
  applied_at: Timestamp;
  scores: Json<{ criterion: string; max: number; score: number }[]> | null;
  total_score: NullableNumeric;
  evaluated_by: string | null;
  evaluated_at: NullableTimestamp;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  fee_uplift_percent: Numeric;
  original_fee_fen: BigIntCol;
  uplift_fen: BigIntCol;
  settled_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface ApprovalTables {
  approvals: ApprovalsTable;
  approval_materials: ApprovalMaterialsTable;
  experts: ExpertsTable;
  approval_experts: ApprovalExpertsTable;
  approval_opinions: ApprovalOpinionsTable;
  model_project_awards: ModelProjectAwardsTable;
}
