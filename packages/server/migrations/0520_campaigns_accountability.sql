-- Campaigns of supervision and inspection groups, and accountability actions (issue 14, part 3).

-- A campaign (专项行动 / 督导检查活动): e.g. a city's spring inspection or a province's
-- cross-inspection. It holds several supervision groups (督导组) and inspection groups (检查组) at
-- once; the groups are the existing inspection_groups rows, linked by campaign_id.
CREATE TABLE campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('routine', 'special', 'cross')),
  region_code text NOT NULL,                      -- the jurisdiction of the authority running it
  authority_id uuid REFERENCES authorities(id),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  description text NOT NULL DEFAULT '',
  closed_at timestamptz,
  closed_by uuid REFERENCES users(id),
  closing_note text,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);
CREATE INDEX campaigns_region ON campaigns (region_code text_pattern_ops);
-- Keyset list: jurisdiction level, start date, id (see 0400 for the pattern).
CREATE INDEX campaigns_all_start ON campaigns (starts_on, id);
CREATE INDEX campaigns_province_start ON campaigns (left(region_code, 2), starts_on, id);
CREATE INDEX campaigns_city_start ON campaigns (left(region_code, 4), starts_on, id);
CREATE INDEX campaigns_county_start ON campaigns (left(region_code, 6), starts_on, id);

-- A group of a campaign: assigned jurisdictions (region codes inside the group's region), a task
-- book attachment (a file of the storage module), closing.
ALTER TABLE inspection_groups ADD COLUMN campaign_id uuid REFERENCES campaigns(id);
ALTER TABLE inspection_groups ADD COLUMN assigned_regions text[] NOT NULL DEFAULT '{}';
ALTER TABLE inspection_groups ADD COLUMN task_book_file_id uuid REFERENCES files(id);
ALTER TABLE inspection_groups ADD COLUMN closed_at timestamptz;
ALTER TABLE inspection_groups ADD COLUMN closed_by uuid REFERENCES users(id);
CREATE INDEX inspection_groups_campaign ON inspection_groups (campaign_id) WHERE campaign_id IS NOT NULL;
-- A group's inspections (progress figures read them by group).
CREATE INDEX inspections_group ON inspections (group_id) WHERE group_id IS NOT NULL;

-- An accountability action (问责): notification 通报, warning 警示, interview 约谈, proposal for
-- accountability 问责建议 — on an authority, an enterprise or a responsible person (of one of them).
CREATE TABLE accountability_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('notification', 'warning', 'interview', 'proposal')),
  target_kind text NOT NULL CHECK (target_kind IN ('authority', 'enterprise', 'person')),
  target_authority_id uuid REFERENCES authorities(id),
  target_enterprise_id uuid REFERENCES enterprises(id),
  person_name text,                               -- the responsible person (target_kind = 'person')
  person_title text,                              -- their position, e.g. 项目经理, 分管副局长
  region_code text NOT NULL,                      -- the target's region: the action is a record there
  authority_id uuid REFERENCES authorities(id),   -- the authority taking the action
  campaign_id uuid REFERENCES campaigns(id),
  group_id uuid REFERENCES inspection_groups(id),
  title text NOT NULL,
  reason text NOT NULL,
  held_at timestamptz,                            -- interview: when it took place
  place text,
  attendees jsonb NOT NULL DEFAULT '[]',          -- interview: [{ name, unit, role }]
  minutes text,                                   -- interview: 约谈纪要
  deadline date NOT NULL,                         -- what the target must do by when
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'followed_up', 'closed')),
  closed_at timestamptz,
  closed_by uuid REFERENCES users(id),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (
    (target_kind = 'authority' AND target_authority_id IS NOT NULL AND target_enterprise_id IS NULL) OR
    (target_kind = 'enterprise' AND target_enterprise_id IS NOT NULL AND target_authority_id IS NULL) OR
    (target_kind = 'person' AND person_name IS NOT NULL AND
      (target_enterprise_id IS NOT NULL) <> (target_authority_id IS NOT NULL))
  )
);
CREATE INDEX accountability_region ON accountability_actions (region_code text_pattern_ops);
CREATE INDEX accountability_all_created ON accountability_actions (created_at, id);
CREATE INDEX accountability_county_created ON accountability_actions (left(region_code, 6), created_at, id);
CREATE INDEX accountability_enterprise ON accountability_actions (target_enterprise_id, created_at, id)
  WHERE target_enterprise_id IS NOT NULL;
CREATE INDEX accountability_authority ON accountability_actions (target_authority_id) WHERE target_authority_id IS NOT NULL;
CREATE INDEX accountability_group ON accountability_actions (group_id) WHERE group_id IS NOT NULL;
CREATE INDEX accountability_campaign ON accountability_actions (campaign_id) WHERE campaign_id IS NOT NULL;

-- The problems (hazards) that caused an action.
CREATE TABLE accountability_action_hazards (
  action_id uuid NOT NULL REFERENCES accountability_actions(id) ON DELETE CASCADE,
  hazard_id uuid NOT NULL REFERENCES hazards(id),
  PRIMARY KEY (action_id, hazard_id)
);
CREATE INDEX accountability_action_hazards_hazard ON accountability_action_hazards (hazard_id);

-- Follow-up entries: what was checked / done since; the last one may close the action.
CREATE TABLE accountability_followups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id uuid NOT NULL REFERENCES accountability_actions(id) ON DELETE CASCADE,
  note text NOT NULL,
  status_after text NOT NULL CHECK (status_after IN ('followed_up', 'closed')),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accountability_followups_action ON accountability_followups (action_id, created_at);
