// Tables of public and worker hazard reports and the points exchange (issue 18).
// Keep in step with migrations/0800_public_reports.sql and 0810_points.sql.
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Uuids = ColumnType<string[], string[] | undefined, string[]>;
type Texts = ColumnType<string[], string[] | undefined, string[]>;
/** bigserial: read as a string by the drivers. */
type BigId = ColumnType<string, never, never>;

export type ReportKind = 'hazard' | 'suggestion';
export type ReportChannel = 'public' | 'worker';
export type ReportStatus = 'received' | 'hazard' | 'duplicate' | 'not_hazard' | 'adopted' | 'not_adopted';
export type PointsEvent =
  | 'report_verified'
  | 'report_verified_major'
  | 'suggestion_adopted'
  | 'training_completed'
  | 'drill'
  | 'violation';

export interface SiteReportLinksTable {
  site_id: string;
  token: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface PublicReportsTable {
  id: Generated<string>;
  tracking_code: string;
  kind: ReportKind;
  channel: ReportChannel;
  region_code: string;
  site_id: string | null;
  enterprise_id: string | null;
  project_id: string | null;
  authority_id: string | null;
  address: Generated<string>;
  description: string;
  photo_file_ids: Uuids;
  photo_hashes: Texts;
  anonymous: Generated<boolean>;
  reporter_name: string | null;
  reporter_contact: string | null;
  reporter_user_id: string | null;
  reporter_worker_id: string | null;
  client_address_hash: string | null;
  device_hash: string | null;
  status: Generated<ReportStatus>;
  suspected_duplicate_of: string | null;
  duplicate_of_report_id: string | null;
  duplicate_of_hazard_id: string | null;
  hazard_id: string | null;
  grade: 'general' | 'major' | null;
  outcome_reason: string | null;
  deadline: Timestamp;
  escalated_at: NullableTimestamp;
  handled_by: string | null;
  handled_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface PointsRulesTable {
  id: Generated<string>;
  enterprise_id: string | null;
  project_id: string | null;
  event: PointsEvent;
  points: number;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface PointsAccountsTable {
  worker_id: string;
  balance: Generated<number>;
  updated_at: Timestamp;
}

export interface PointsEntriesTable {
  id: BigId;
  worker_id: string;
  kind: 'earn' | 'redeem' | 'reverse';
  points: number;
  event: string;
  reason: string;
  source_kind: string;
  source_id: string;
  reverses: string | null;
  site_id: string | null;
  enterprise_id: string | null;
  project_id: string | null;
  region_code: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface PointsItemsTable {
  id: Generated<string>;
  site_id: string;
  name: string;
  description: Generated<string>;
  price: number;
  stock: number;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PointsRedemptionsTable {
  id: Generated<string>;
  item_id: string;
  site_id: string;
  worker_id: string;
  points: number;
  entry_id: string;
  status: Generated<'pending' | 'handed_over' | 'cancelled'>;
  handed_over_by: string | null;
  handed_over_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface ReportingTables {
  site_report_links: SiteReportLinksTable;
  public_reports: PublicReportsTable;
  points_rules: PointsRulesTable;
  points_accounts: PointsAccountsTable;
  points_entries: PointsEntriesTable;
  points_items: PointsItemsTable;
  points_redemptions: PointsRedemptionsTable;
}
