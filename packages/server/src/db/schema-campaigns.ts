// Tables of campaigns and accountability actions (issue 14). Keep in step with migrations/0520_campaigns_accountability.sql.
import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Json, Timestamp } from './column-types.ts';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type CampaignKind = 'routine' | 'special' | 'cross';
export type AccountabilityKind = 'notification' | 'warning' | 'interview' | 'proposal';
export type AccountabilityTargetKind = 'authority' | 'enterprise' | 'person';
export type AccountabilityStatus = 'open' | 'followed_up' | 'closed';

export interface CampaignsTable {
  id: Generated<string>;
  name: string;
  kind: CampaignKind;
  region_code: string;
  authority_id: string | null;
  starts_on: DateStr;
  ends_on: DateStr;
  description: Generated<string>;
  closed_at: NullableTimestamp;
  closed_by: string | null;
  closing_note: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccountabilityActionsTable {
  id: Generated<string>;
  kind: AccountabilityKind;
  target_kind: AccountabilityTargetKind;
  target_authority_id: string | null;
  target_enterprise_id: string | null;
  person_name: string | null;
  person_title: string | null;
  region_code: string;
  authority_id: string | null;
  campaign_id: string | null;
  group_id: string | null;
  title: string;
  reason: string;
  held_at: NullableTimestamp;
  place: string | null;
  attendees: Json<Array<{ name: string; unit: string; role: string }>>;
  minutes: string | null;
  deadline: DateStr;
  status: Generated<AccountabilityStatus>;
  closed_at: NullableTimestamp;
  closed_by: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccountabilityActionHazardsTable {
  action_id: string;
  hazard_id: string;
}

export interface AccountabilityFollowupsTable {
  id: Generated<string>;
  action_id: string;
  note: string;
  status_after: 'followed_up' | 'closed';
  created_by: string;
  created_at: Timestamp;
}

export interface CampaignTables {
  campaigns: CampaignsTable;
  accountability_actions: AccountabilityActionsTable;
  accountability_action_hazards: AccountabilityActionHazardsTable;
  accountability_followups: AccountabilityFollowupsTable;
}
