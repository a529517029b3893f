// Tables of hazard lifecycle, documents, cases, audit chain (issue 4). Keep in step with migrations 02xx.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
type UuidArray = ColumnType<string[], string[] | undefined, string[]>;

export interface AuditChainHeadsTable {
  chain: string;
  seq: number;
  hash: string;
  updated_at: Timestamp;
}

/** Routine signed checkpoints (migration 0202): a copy of each, and its webhook delivery. */
export interface AuditCheckpointsTable {
  id: Generated<string>;
  issued_at: Timestamp;
  body: Json;
  file: string | null;
  host: Generated<string>;
  webhook_status: Generated<'none' | 'pending' | 'failing' | 'delivered'>;
  webhook_attempts: Generated<number>;
  webhook_next_at: NullableTimestamp;
  webhook_last_error: string | null;
  webhook_delivered_at: NullableTimestamp;
}

export interface AuditEntriesTable {
  id: Generated<string>;
  chain: string;
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string;
  actor_role: string;
  action: string;
  subject_type: string;
  subject_id: string;
  region_code: string;
  before_digest: string | null;
  after_digest: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface DocumentCountersTable {
  authority_id: string;
  kind: string;
  year: number;
  last_serial: number;
}

export interface DocumentTemplatesTable {
  id: Generated<string>;
  authority_id: string;
  kind: string;
  version: number;
  body: Json<Record<string, unknown>>;
  created_by: string;
  created_at: Timestamp;
}

export type CaseStatus = 'open' | 'filed' | 'decided' | 'closed';
export type CaseSource = 'inspection' | 'hazard' | 'alarm' | 'report' | 'other';

export interface CasesTable {
  id: Generated<string>;
  number: string;
  authority_id: string;
  region_code: string;
  enterprise_id: string | null;
  project_id: string | null;
  site_id: string | null;
  title: string;
  source: CaseSource;
  source_id: string | null;
  summary: Generated<string>;
  status: Generated<CaseStatus>;
  hazard_ids: UuidArray;
  evidence_file_ids: UuidArray;
  opened_by: string;
  opened_at: Timestamp;
  closed_by: string | null;
  closed_at: NullableTimestamp;
  closing_note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DocumentsTable {
  id: Generated<string>;
  kind: string;
  status: Generated<'draft' | 'issued'>;
  authority_id: string;
  region_code: string;
  enterprise_id: string | null;
  project_id: string | null;
  site_id: string | null;
  inspection_id: string | null;
  alarm_id: string | null;
  case_id: string | null;
  hazard_ids: UuidArray;
  follows_id: string | null;
  supersedes_id: string | null;
  correction_reason: string | null;
  title: string;
  edits: Json<Record<string, unknown>>;
  facts: Json<Record<string, unknown>>;
  template: Json<Record<string, unknown>> | null;
  number: string | null;
  year: number | null;
  serial: number | null;
  issued_at: NullableTimestamp;
  issued_by: string | null;
  issued_by_name: string | null;
  content_digest: string | null;
  pdf_sha256: string | null;
  pdf_size: number | null;
  drafted_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DocumentPdfsTable {
  document_id: string;
  content: Uint8Array;
  sha256: string;
  created_at: Timestamp;
}

/** Officers named on a draft document besides its inspection's team (migration 0204); each confirms. */
export interface DocumentOfficersTable {
  document_id: string;
  user_id: string;
  named_by: string;
  named_at: Timestamp;
  confirmed_at: NullableTimestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: Generated<string>;
  link: string | null;
  subject_type: string | null;
  subject_id: string | null;
  dedupe_key: string | null;
  created_at: Timestamp;
  read_at: NullableTimestamp;
}

export interface JobRunsTable {
  name: string;
  last_started_at: NullableTimestamp;
  last_finished_at: NullableTimestamp;
  last_ok: boolean | null;
  last_message: Generated<string>;
}

export interface HazardEventsTable {
  id: Generated<string>;
  hazard_id: string;
  seq: number;
  type: string;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string;
  actor_role: string;
  authority_id: string | null;
  from_status: string | null;
  to_status: string;
  payload: Json<Record<string, unknown>>;
  evidence_file_ids: UuidArray;
  document_id: string | null;
  region_code: string;
}

export interface HazardEscalationsTable {
  hazard_id: string;
  stage: number;
  deadline: ColumnType<Date, Date | string, Date | string>;
  escalated_at: Timestamp;
  notified_user_ids: UuidArray;
}

export interface EnforcementTables {
  hazard_events: HazardEventsTable;
  hazard_escalations: HazardEscalationsTable;
  audit_chain_heads: AuditChainHeadsTable;
  audit_entries: AuditEntriesTable;
  audit_checkpoints: AuditCheckpointsTable;
  document_counters: DocumentCountersTable;
  document_templates: DocumentTemplatesTable;
  cases: CasesTable;
  documents: DocumentsTable;
  document_pdfs: DocumentPdfsTable;
  document_officers: DocumentOfficersTable;
  notifications: NotificationsTable;
  job_runs: JobRunsTable;
}
