-- Files, inspections (with their team, items and findings, signatures), and hazards.

-- Uploaded files: content-checked, stored under DATA_DIR/files/<sha256[0..2]>/<sha256>.
-- A blob is stored once per content; a row says who uploaded it for which record.
CREATE TABLE files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  mime text NOT NULL,
  size integer NOT NULL CHECK (size > 0),
  original_name text NOT NULL DEFAULT '',
  width integer,
  height integer,
  exif_taken_at timestamptz,
  exif_lat double precision CHECK (exif_lat BETWEEN -90 AND 90),
  exif_lng double precision CHECK (exif_lng BETWEEN -180 AND 180),
  uploaded_by uuid REFERENCES users(id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  region_code text NOT NULL,
  enterprise_id uuid REFERENCES enterprises(id),
  -- The record the file belongs to (inspection, hazard, alarm…): GET /api/files/:id asks whether
  -- the caller may see that record.
  owner_kind text,
  owner_id uuid
);
CREATE INDEX files_sha256 ON files (sha256);
CREATE INDEX files_owner ON files (owner_kind, owner_id);
CREATE INDEX files_region ON files (region_code text_pattern_ops);

-- A supervision group 督导组 / inspection group 检查组: a named team with a leader and a task book.
CREATE TABLE inspection_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('supervision', 'inspection')),
  region_code text NOT NULL,                      -- the jurisdiction the group works in
  authority_id uuid REFERENCES authorities(id),
  leader_id uuid NOT NULL REFERENCES users(id),
  member_ids uuid[] NOT NULL DEFAULT '{}',
  task_book jsonb NOT NULL DEFAULT '{}',          -- { tasks, targets: [{ kind, id, name }] }
  starts_on date,
  ends_on date,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inspection_groups_region ON inspection_groups (region_code text_pattern_ops);

CREATE TABLE inspections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,                    -- JC-<region>-<year>-<serial>
  kind text NOT NULL CHECK (kind IN ('routine', 'special', 'cross', 'group', 'self', 'alarm_verification')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_progress', 'signed', 'finished', 'cancelled')),
  -- The target's jurisdiction: the inspection is a record of that jurisdiction.
  region_code text NOT NULL,
  -- The inspectors' home jurisdiction; differs from region_code for a cross-inspection.
  home_region_code text NOT NULL,
  authority_id uuid REFERENCES authorities(id),
  target_kind text NOT NULL CHECK (target_kind IN ('enterprise', 'project', 'site', 'equipment')),
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  site_id uuid REFERENCES sites(id),
  equipment_id uuid REFERENCES equipment(id),
  target jsonb NOT NULL,                          -- the target as it was: name, address, type, principal
  title text NOT NULL DEFAULT '',
  topic text NOT NULL DEFAULT '',                 -- the theme of a special inspection
  group_id uuid REFERENCES inspection_groups(id),
  alarm_id uuid,                                  -- the alarm verified (alarm_verification)
  planned_on date,
  place text NOT NULL DEFAULT '',
  principal_name text NOT NULL DEFAULT '',        -- the inspected party's principal / representative
  started_at timestamptz,
  ended_at timestamptz,
  finished_at timestamptz,
  score jsonb,                                    -- JGJ 59 result, frozen at finish
  record jsonb,                                   -- the on-site inspection record, frozen at finish
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (
    (target_kind = 'enterprise' AND enterprise_id IS NOT NULL) OR
    (target_kind = 'project' AND project_id IS NOT NULL) OR
    (target_kind = 'site' AND site_id IS NOT NULL) OR
    (target_kind = 'equipment' AND equipment_id IS NOT NULL)
  )
);
CREATE INDEX inspections_region ON inspections (region_code text_pattern_ops);
CREATE INDEX inspections_status ON inspections (status);
CREATE INDEX inspections_enterprise ON inspections (enterprise_id);
CREATE INDEX inspections_project ON inspections (project_id);
CREATE INDEX inspections_created ON inspections (created_at);

-- The team. A member from outside the inspection's region (cross-inspection) sees the inspection
-- and, while it is open, its target, through this table (see modules/inspections/scope.ts).
CREATE TABLE inspection_members (
  inspection_id uuid NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  role text NOT NULL CHECK (role IN ('leader', 'member')),
  display_name text NOT NULL,
  licence_no text,
  home_region_code text NOT NULL,
  authority_id uuid REFERENCES authorities(id),
  PRIMARY KEY (inspection_id, user_id)
);
CREATE INDEX inspection_members_user ON inspection_members (user_id);

-- One row per checklist item chosen for the inspection; result 'pending' until answered.
CREATE TABLE inspection_findings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  inspection_id uuid NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  version_id uuid NOT NULL REFERENCES checklist_versions(id),
  item_id uuid NOT NULL REFERENCES checklist_items(id),
  item_code text NOT NULL,
  module_code text NOT NULL,
  sort integer NOT NULL,
  result text NOT NULL DEFAULT 'pending' CHECK (result IN ('pending', 'pass', 'fail', 'na')),
  note text NOT NULL DEFAULT '',
  measured_value text NOT NULL DEFAULT '',
  deductions jsonb NOT NULL DEFAULT '[]',         -- [{ rule, points, count }] for scored items
  deducted double precision NOT NULL DEFAULT 0,
  hazard_description text NOT NULL DEFAULT '',
  hazard_grade text CHECK (hazard_grade IN ('general', 'major')),
  rectify_days integer CHECK (rectify_days >= 0),
  photo_file_ids uuid[] NOT NULL DEFAULT '{}',
  recorded_by uuid REFERENCES users(id),
  recorded_at timestamptz,
  UNIQUE (inspection_id, item_id)
);
CREATE INDEX inspection_findings_inspection ON inspection_findings (inspection_id, sort);

CREATE TABLE inspection_signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  inspection_id uuid NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  party text NOT NULL CHECK (party IN ('inspector', 'inspected')),
  user_id uuid REFERENCES users(id),              -- the inspector who signs
  signer_name text NOT NULL,
  file_id uuid REFERENCES files(id),              -- the drawn signature (PNG)
  refused boolean NOT NULL DEFAULT false,
  refusal_reason text NOT NULL DEFAULT '',
  witness_name text NOT NULL DEFAULT '',
  signed_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid NOT NULL REFERENCES users(id),
  CHECK (refused OR file_id IS NOT NULL),
  CHECK (NOT refused OR (party = 'inspected' AND refusal_reason <> '' AND witness_name <> ''))
);
CREATE UNIQUE INDEX inspection_signatures_inspector ON inspection_signatures (inspection_id, user_id) WHERE party = 'inspector';
CREATE UNIQUE INDEX inspection_signatures_inspected ON inspection_signatures (inspection_id) WHERE party = 'inspected';

-- Hidden dangers 事故隐患. Created here from failed inspection items; the rectification lifecycle
-- (issue 4) adds its own columns and tables in later migrations.
CREATE TABLE hazards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  site_id uuid REFERENCES sites(id),
  equipment_id uuid REFERENCES equipment(id),
  source text NOT NULL CHECK (source IN ('inspection', 'self_inspection', 'alarm', 'report')),
  inspection_id uuid REFERENCES inspections(id),
  finding_id uuid REFERENCES inspection_findings(id),
  checklist_item_code text,
  library_version_id uuid REFERENCES checklist_versions(id),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  grade text NOT NULL CHECK (grade IN ('general', 'major')),
  status text NOT NULL DEFAULT 'reported',
  deadline timestamptz,
  state jsonb NOT NULL,                           -- the domain HazardState
  found_at timestamptz NOT NULL DEFAULT now(),
  found_by uuid REFERENCES users(id),
  evidence_file_ids uuid[] NOT NULL DEFAULT '{}',
  legal_basis jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hazards_region ON hazards (region_code text_pattern_ops);
CREATE INDEX hazards_status ON hazards (status);
CREATE INDEX hazards_enterprise ON hazards (enterprise_id);
CREATE INDEX hazards_project ON hazards (project_id);
CREATE INDEX hazards_inspection ON hazards (inspection_id);
CREATE UNIQUE INDEX hazards_finding ON hazards (finding_id) WHERE finding_id IS NOT NULL;
