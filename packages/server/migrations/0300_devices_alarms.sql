-- Issue 5: devices, their events, attendance at sites, alarm rules (versioned), alarms and their life.

-- Devices watching key risk sources. Each is bound to a site (and so to its enterprise or project
-- and region), optionally to one piece of equipment. The token is stored as SHA-256 only.
CREATE TABLE devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('ai_camera', 'smoke_sensor', 'flame_sensor', 'combustible_gas_sensor', 'toxic_gas_sensor',
    'tower_crane_monitor', 'construction_elevator_monitor', 'elevator_monitor', 'dust_noise_monitor', 'access_gate')),
  site_id uuid NOT NULL REFERENCES sites(id),
  -- copied from the site when bound, for scoping without a join
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  region_code text NOT NULL REFERENCES regions(code),
  equipment_id uuid REFERENCES equipment(id),
  vendor text NOT NULL DEFAULT '',
  model text NOT NULL DEFAULT '',
  heartbeat_seconds integer NOT NULL DEFAULT 60 CHECK (heartbeat_seconds BETWEEN 10 AND 86400),
  active boolean NOT NULL DEFAULT true,
  note text NOT NULL DEFAULT '',
  token_hash text NOT NULL UNIQUE,
  token_prefix text NOT NULL,
  online boolean NOT NULL DEFAULT false,
  last_seen_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX devices_region ON devices (region_code text_pattern_ops);
CREATE INDEX devices_site ON devices (site_id);
CREATE INDEX devices_enterprise ON devices (enterprise_id);
CREATE INDEX devices_online_seen ON devices (last_seen_at) WHERE online;

-- Every accepted event, once: (device, event id) is the idempotency key. No foreign key to
-- devices on purpose (devices are deactivated, never deleted; the insert path stays lean).
-- Scale path: partition by month of `time` (and region), see ARCHITECTURE.md.
CREATE TABLE device_events (
  device_id uuid NOT NULL,
  event_id text NOT NULL,
  time timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL,
  code text,
  region_code text NOT NULL,
  site_id uuid NOT NULL,
  readings jsonb,
  detections jsonb,
  image_ref text,
  PRIMARY KEY (device_id, event_id)
);
CREATE INDEX device_events_device_time ON device_events (device_id, time DESC);

-- What the rule engine remembers per (device, rule): pending breaches, recent hits, the incident.
CREATE TABLE device_rule_states (
  device_id uuid NOT NULL,
  rule_code text NOT NULL,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, rule_code)
);

-- Snapshots uploaded by cameras (bytes in the database: every server instance can serve them).
CREATE TABLE device_snapshots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id uuid NOT NULL REFERENCES devices(id),
  region_code text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  size integer NOT NULL CHECK (size > 0),
  sha256 text NOT NULL,
  width integer,
  height integer,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX device_snapshots_device ON device_snapshots (device_id, created_at DESC);

-- Malformed or refused events, with the reason (a sample: at most a few hundred per batch).
CREATE TABLE ingest_rejections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  received_at timestamptz NOT NULL DEFAULT now(),
  transport text NOT NULL,
  region_code text,                 -- of the device when it is known (scopes the list); null for unknown devices
  device_code text,
  event_id text,
  code text NOT NULL,
  reason text NOT NULL,
  excerpt text NOT NULL DEFAULT ''
);
CREATE INDEX ingest_rejections_at ON ingest_rejections (received_at DESC);

-- Who is on duty at a site: check-in/out from gates (attendance events) or by hand.
-- A worker is checked in at one site at a time.
CREATE TABLE site_attendance (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL REFERENCES sites(id),
  worker_id uuid NOT NULL REFERENCES workers(id),
  region_code text NOT NULL,
  enterprise_id uuid,
  check_in_at timestamptz NOT NULL,
  check_out_at timestamptz,
  source text NOT NULL CHECK (source IN ('gate', 'manual', 'roster')),
  device_id uuid REFERENCES devices(id),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (check_out_at IS NULL OR check_out_at >= check_in_at)
);
CREATE INDEX site_attendance_site ON site_attendance (site_id, check_in_at DESC);
CREATE UNIQUE INDEX site_attendance_one_open ON site_attendance (worker_id) WHERE check_out_at IS NULL;

-- Alarm rules as data, every version kept; one active version per code.
CREATE TABLE alarm_rules (
  code text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  definition jsonb NOT NULL,
  active boolean NOT NULL DEFAULT false,
  source text NOT NULL DEFAULT 'shipped' CHECK (source IN ('shipped', 'edited')),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (code, version)
);
CREATE UNIQUE INDEX alarm_rules_one_active ON alarm_rules (code) WHERE active;

CREATE SEQUENCE alarm_number_seq;

-- One alarm per incident: (device, rule, incident number) is unique, updates go to the same row.
CREATE TABLE alarms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  device_id uuid NOT NULL REFERENCES devices(id),
  rule_code text NOT NULL,
  rule_version integer NOT NULL,
  incident_seq integer NOT NULL,
  type text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'escalated', 'acknowledged', 'verified', 'false_positive', 'dispatched', 'closed')),
  site_id uuid NOT NULL REFERENCES sites(id),
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  equipment_id uuid REFERENCES equipment(id),
  region_code text NOT NULL,
  first_event_at timestamptz NOT NULL,
  last_event_at timestamptz NOT NULL,
  event_count integer NOT NULL DEFAULT 1,
  peak double precision,
  condition_ended_at timestamptz,
  facts jsonb NOT NULL DEFAULT '[]',
  cross_check jsonb,
  image_ref text,
  evidence jsonb NOT NULL DEFAULT '{}',
  acknowledged_by uuid REFERENCES users(id),
  acknowledged_at timestamptz,
  verdict text CHECK (verdict IN ('real', 'false_positive')),
  verified_by uuid REFERENCES users(id),
  verified_at timestamptz,
  escalated_at timestamptz,
  disposition jsonb,
  closed_by uuid REFERENCES users(id),
  closed_at timestamptz,
  note text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, rule_code, incident_seq),
  FOREIGN KEY (rule_code, rule_version) REFERENCES alarm_rules (code, version)
);
CREATE INDEX alarms_region ON alarms (region_code text_pattern_ops, created_at DESC);
CREATE INDEX alarms_new ON alarms (created_at) WHERE status = 'new';
CREATE INDEX alarms_site ON alarms (site_id, created_at DESC);
CREATE INDEX alarms_enterprise ON alarms (enterprise_id);

-- The events that raised or fed each alarm (its evidence).
CREATE TABLE alarm_events (
  alarm_id uuid NOT NULL REFERENCES alarms(id) ON DELETE CASCADE,
  device_id uuid NOT NULL,
  event_id text NOT NULL,
  PRIMARY KEY (alarm_id, event_id)
);

-- The alarm's life: raised, updated (reopened), acknowledged, verified, escalated, dispatched, closed.
CREATE TABLE alarm_history (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alarm_id uuid NOT NULL REFERENCES alarms(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users(id),
  action text NOT NULL,
  from_status text,
  to_status text,
  note text NOT NULL DEFAULT '',
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX alarm_history_alarm ON alarm_history (alarm_id, at);
