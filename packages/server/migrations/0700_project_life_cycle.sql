-- Issue 17 part 1: the project life cycle, the parties' people on a project, supervision's
-- confirmation of rectification evidence (in the hazard state, no column), and alarm rules bound to
-- project stages. Stage names and who may move them: packages/domain/src/project-stages.ts.

ALTER TABLE projects ADD COLUMN stage text NOT NULL DEFAULT 'registered'
  CHECK (stage IN ('registered', 'supervision_filed', 'permitted', 'under_construction', 'suspended',
                   'completion_accepted', 'archived'));
-- Existing projects: the stage their four-valued status implies (approved = permitted when it has a
-- permit number, else registered; there is no record of the steps before this migration).
UPDATE projects SET stage = CASE status
  WHEN 'under_construction' THEN 'under_construction'
  WHEN 'suspended' THEN 'suspended'
  WHEN 'completed' THEN 'completion_accepted'
  ELSE CASE WHEN permit_no <> '' THEN 'permitted' ELSE 'registered' END
END;
CREATE INDEX projects_stage ON projects (stage, region_code text_pattern_ops);

-- Every stage step: who, when, from what to what, on which materials (file ids with their SHA-256,
-- frozen here so a later change of the stored file shows), why.
CREATE TABLE project_stage_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq > 0),
  type text NOT NULL,
  from_stage text NOT NULL,
  to_stage text NOT NULL,
  at timestamptz NOT NULL,
  actor_id uuid REFERENCES users(id),
  actor_name text NOT NULL,
  actor_role text NOT NULL,
  actor_party text,
  materials jsonb NOT NULL DEFAULT '[]',
  reason text,
  permit_no text,
  region_code text NOT NULL,
  UNIQUE (project_id, seq)
);

-- The people of each party on a project, with their position and the certificate check.
CREATE TABLE project_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id),
  party_role text NOT NULL CHECK (party_role IN ('owner', 'general_contractor', 'supervision', 'survey', 'design')),
  enterprise_id uuid REFERENCES enterprises(id),
  position text NOT NULL CHECK (position IN ('project_manager', 'technical_lead', 'safety_officer',
    'chief_supervising_engineer', 'supervising_engineer', 'owner_representative', 'survey_lead', 'design_lead')),
  name text NOT NULL,
  worker_id uuid REFERENCES workers(id),
  certificate_no text NOT NULL DEFAULT '',
  -- not_required | valid | review_due | expired | not_found | wrong_holder: the registry's answer at checked_at
  certificate_check text NOT NULL DEFAULT 'not_required'
    CHECK (certificate_check IN ('not_required', 'valid', 'review_due', 'expired', 'not_found', 'wrong_holder')),
  certificate_id uuid REFERENCES certificates(id),
  checked_at timestamptz,
  active boolean NOT NULL DEFAULT true,
  added_by uuid REFERENCES users(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  region_code text NOT NULL
);
CREATE UNIQUE INDEX project_members_user ON project_members (project_id, user_id) WHERE active AND user_id IS NOT NULL;
CREATE INDEX project_members_by_user ON project_members (user_id) WHERE active;
CREATE INDEX project_members_project ON project_members (project_id, party_role);

-- Key personnel certificates the registry checks (housing track). Validity: 3 years for each
-- (registered constructor: 《注册建造师管理规定》建设部令第 153 号, 2006; safety "C" certificate:
-- 住房和城乡建设部令第 17 号, 2014; registered supervising engineer: 《注册监理工程师管理规定》
-- 建设部令第 147 号, 2006) — the articles are not confirmed against the texts here.
INSERT INTO certificate_categories (code, track, name_zh, name_en, validity_years, review_every_years, review_window_days, is_welding, source)
VALUES
  ('KP-01', 'housing', '注册建造师（项目负责人）', 'Registered constructor (project manager)', 3, NULL, 90, false, '建设部令第153号（条款未核实）'),
  ('KP-02', 'housing', '安全生产考核合格证书（C 类，专职安全生产管理人员）', 'Safety certificate C (full-time safety officer)', 3, NULL, 90, false, '住房和城乡建设部令第17号（条款未核实）'),
  ('KP-03', 'housing', '注册监理工程师（总监理工程师）', 'Registered supervising engineer (chief)', 3, NULL, 90, false, '建设部令第147号（条款未核实）')
ON CONFLICT (code) DO NOTHING;

-- An alarm rule may apply only while the device's project is in given stages (a tower-crane rule
-- only while the crane is up, i.e. during construction). NULL = every stage, and devices off projects.
ALTER TABLE alarm_rules ADD COLUMN project_stages text[];

-- The project page reads a project's devices and latest alarms by key.
CREATE INDEX devices_project ON devices (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX alarms_project_recent ON alarms (project_id, last_event_at DESC) WHERE project_id IS NOT NULL;

-- Projects registered or edited through the registry form carry only the four-valued status: a new
-- row whose stage was not given takes the stage its status implies, and a hand edit of the status
-- (stage untouched) moves the stage with it, so the two never disagree. Stage steps through
-- POST /api/projects/:id/stage set both.
CREATE FUNCTION redline_project_stage_of_status(status text, permit text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE status
    WHEN 'under_construction' THEN 'under_construction'
    WHEN 'suspended' THEN 'suspended'
    WHEN 'completed' THEN 'completion_accepted'
    ELSE CASE WHEN permit <> '' THEN 'permitted' ELSE 'registered' END
  END
$$;
CREATE FUNCTION redline_project_stage_follows_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.stage = 'registered' THEN
      NEW.stage := redline_project_stage_of_status(NEW.status, NEW.permit_no);
    END IF;
  ELSIF NEW.status IS DISTINCT FROM OLD.status AND NEW.stage = OLD.stage
        AND NOT (NEW.status = 'approved' AND NEW.stage IN ('registered', 'supervision_filed', 'permitted'))
        AND NOT (NEW.status = 'completed' AND NEW.stage IN ('completion_accepted', 'archived')) THEN
    NEW.stage := redline_project_stage_of_status(NEW.status, NEW.permit_no);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER projects_stage_follows_status BEFORE INSERT OR UPDATE ON projects
  FOR EACH ROW EXECUTE FUNCTION redline_project_stage_follows_status();
