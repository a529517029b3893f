// Tables of devices, events, rules, alarms (issue 5). Keep in step with migrations/0300_devices_alarms.sql.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export type DeviceKindCode =
  | 'ai_camera'
  | 'smoke_sensor'
  | 'flame_sensor'
  | 'combustible_gas_sensor'
  | 'toxic_gas_sensor'
  | 'tower_crane_monitor'
  | 'construction_elevator_monitor'
  | 'elevator_monitor'
  | 'dust_noise_monitor'
  | 'access_gate';

export interface DevicesTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: DeviceKindCode;
  site_id: string;
  enterprise_id: string | null;
  project_id: string | null;
  region_code: string;
  equipment_id: string | null;
  vendor: Generated<string>;
  model: Generated<string>;
  heartbeat_seconds: Generated<number>;
  active: Generated<boolean>;
  note: Generated<string>;
  token_hash: string;
  token_prefix: string;
  online: Generated<boolean>;
  last_seen_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DeviceEventsTable {
  device_id: string;
  event_id: string;
  time: Timestamp;
  received_at: Timestamp;
  type: string;
  code: string | null;
  region_code: string;
  site_id: string;
  readings: Json<Record<string, number | string | boolean>> | null;
  detections: Json<
    Array<{ type: string; confidence: number; box?: { x: number; y: number; w: number; h: number } }>
  > | null;
  image_ref: string | null;
}

export interface DeviceRuleStatesTable {
  device_id: string;
  rule_code: string;
  state: Json;
  updated_at: Timestamp;
}

export interface DeviceSnapshotsTable {
  id: Generated<string>;
  device_id: string;
  region_code: string;
  content_type: 'image/jpeg' | 'image/png';
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  data: Buffer;
  created_at: Timestamp;
}

export interface IngestRejectionsTable {
  id: Generated<string>;
  received_at: Timestamp;
  transport: string;
  region_code: string | null;
  device_code: string | null;
  event_id: string | null;
  code: string;
  reason: string;
  excerpt: Generated<string>;
}

export interface SiteAttendanceTable {
  id: Generated<string>;
  site_id: string;
  worker_id: string;
  region_code: string;
  enterprise_id: string | null;
  check_in_at: Timestamp;
  check_out_at: NullableTimestamp;
  source: 'gate' | 'manual' | 'roster';
  device_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface AlarmRulesTable {
  code: string;
  version: number;
  definition: Json;
  /** '' national; a province, city or district code for an override that applies only there. */
  region_code: Generated<string>;
  active: Generated<boolean>;
  source: Generated<'shipped' | 'edited'>;
  created_by: string | null;
  created_at: Timestamp;
  /** Project stages in which the rule applies (migration 0700); null = always. */
  project_stages: Generated<string[] | null>;
}

export interface AlarmsTable {
  id: Generated<string>;
  number: string;
  device_id: string;
  rule_code: string;
  rule_version: number;
  incident_seq: number;
  type: string;
  severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
  status: Generated<
    'new' | 'escalated' | 'acknowledged' | 'verified' | 'false_positive' | 'dispatched' | 'closed'
  >;
  site_id: string;
  enterprise_id: string | null;
  project_id: string | null;
  equipment_id: string | null;
  region_code: string;
  first_event_at: Timestamp;
  last_event_at: Timestamp;
  event_count: Generated<number>;
  peak: number | null;
  condition_ended_at: NullableTimestamp;
  facts: Json;
  cross_check: Json | null;
  image_ref: string | null;
  evidence: Json;
  acknowledged_by: string | null;
  acknowledged_at: NullableTimestamp;
  verdict: 'real' | 'false_positive' | null;
  verified_by: string | null;
  verified_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
  disposition: Json | null;
  closed_by: string | null;
  closed_at: NullableTimestamp;
  note: Generated<string>;
  /** Devices folded into an offline alarm besides its own (migration 0972). */
  folded_devices: Generated<Json<Array<{ id: string; code: string }>>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AlarmEventsTable {
  alarm_id: string;
  device_id: string;
  event_id: string;
}

export interface AlarmHistoryTable {
  id: Generated<string>;
  alarm_id: string;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: Generated<string>;
  details: Json;
}

/** Events per device, site and UTC hour by type and code ('' for none) — issue 13, 0404_event_rollups.sql. */
export interface DeviceEventRollupsTable {
  hour: Timestamp;
  device_id: string;
  site_id: string;
  region_code: string;
  type: string;
  code: string;
  n: number;
}

export interface DeviceTables {
  devices: DevicesTable;
  device_events: DeviceEventsTable;
  device_event_rollups: DeviceEventRollupsTable;
  device_rule_states: DeviceRuleStatesTable;
  device_snapshots: DeviceSnapshotsTable;
  ingest_rejections: IngestRejectionsTable;
  site_attendance: SiteAttendanceTable;
  alarm_rules: AlarmRulesTable;
  alarms: AlarmsTable;
  alarm_events: AlarmEventsTable;
  alarm_history: AlarmHistoryTable;
}
