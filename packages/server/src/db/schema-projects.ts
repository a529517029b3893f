// Tables of the project life cycle and the parties' people (issue 17 part 1).
// Keep in step with migrations/0700_project_life_cycle.sql and 0991_survey_design_requests.sql.
import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from './column-types.ts';

type PartyRole = 'owner' | 'general_contractor' | 'supervision' | 'survey' | 'design';

export type ProjectStageColumn =
  | 'registered'
  | 'supervision_filed'
  | 'permitted'
  | 'under_construction'
  | 'suspended'
  | 'completion_accepted'
  | 'archived';

export type MemberPositionColumn =
  | 'project_manager'
  | 'technical_lead'
  | 'safety_officer'
  | 'chief_supervising_engineer'
  | 'supervising_engineer'
  | 'owner_representative'
  | 'survey_lead'
  | 'design_lead';

export type CertificateCheckColumn =
  'not_required' | 'valid' | 'review_due' | 'expired' | 'not_found' | 'wrong_holder';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface ProjectStageEventsTable {
  id: Generated<string>;
  project_id: string;
  seq: number;
  type: string;
  from_stage: ProjectStageColumn;
  to_stage: ProjectStageColumn;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string;
  actor_role: string;
  actor_party: string | null;
  /** [{ fileId, sha256, name }] */
  materials: Json;
  reason: string | null;
  permit_no: string | null;
  region_code: string;
}

export interface ProjectMembersTable {
  id: Generated<string>;
  project_id: string;
  user_id: string | null;
  party_role: PartyRole;
  enterprise_id: string | null;
  position: MemberPositionColumn;
  name: string;
  worker_id: string | null;
  certificate_no: Generated<string>;
  certificate_check: Generated<CertificateCheckColumn>;
  certificate_id: string | null;
  checked_at: NullableTimestamp;
  active: Generated<boolean>;
  added_by: string | null;
  added_at: Generated<Date>;
  region_code: string;
}

/** A question to the survey or design party (migration 0991). */
export interface ProjectRequestsTable {
  id: Generated<string>;
  project_id: string;
  region_code: string;
  to_party: 'survey' | 'design';
  subject: string;
  question: string;
  status: Generated<'open' | 'answered' | 'closed'>;
  asked_by: string;
  asked_by_name: string;
  asked_by_party: PartyRole | null;
  asked_at: Date;
  answer: string | null;
  answered_by: string | null;
  answered_by_name: string | null;
  answered_at: Date | null;
  closed_by: string | null;
  closed_at: Date | null;
}

export interface ProjectTables {
  project_stage_events: ProjectStageEventsTable;
  project_members: ProjectMembersTable;
  project_requests: ProjectRequestsTable;
}
