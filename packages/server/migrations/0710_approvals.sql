-- Approvals with bound opinions, the expert register and model-project awards (issue 17 part 2).
-- Workflows (steps, roles, time limits) are data in the domain (approval-workflows.ts); a row keeps the
-- machine's state with its step mirrored into columns. An opinion is bound to the exact materials it
-- judged: materials_hash = SHA-256 of the sorted SHA-256s of the approval's current materials at signing
-- (the domain's materialsHash). Opinions are signed when written and are never changed or deleted.

CREATE TABLE approvals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects(id),
  -- the project's division code, copied so the jurisdiction is a prefix of the row itself
  region_code text NOT NULL REFERENCES regions(code),
  kind text NOT NULL CHECK (kind IN ('safety_supervision_procedures', 'special_plan', 'suspension',
    'resumption', 'key_personnel_change', 'completion')),
  title text NOT NULL,
  -- 危大工程超过一定规模 (special plans only): needs the expert argumentation step
  beyond_scale boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('open', 'approved', 'rejected')),
  step integer NOT NULL,
  step_code text,
  step_entered_at timestamptz NOT NULL,
  step_due_on date,
  round integer NOT NULL DEFAULT 0,
  state jsonb NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE INDEX approvals_project ON approvals (project_id, created_at DESC, id);
CREATE INDEX approvals_created ON approvals (created_at, id);
CREATE INDEX approvals_county_created ON approvals (left(region_code, 6), created_at, id);
CREATE INDEX approvals_city_created ON approvals (left(region_code, 4), created_at, id);
CREATE INDEX approvals_province_created ON approvals (left(region_code, 2), created_at, id);

CREATE TABLE approval_materials (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  approval_id uuid NOT NULL REFERENCES approvals(id),
  file_id uuid NOT NULL REFERENCES files(id),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  name text NOT NULL,
  -- shown on the project's public page (no personal data may be marked public: the uploader's duty, stated in the UI)
  public boolean NOT NULL DEFAULT false,
  added_by uuid NOT NULL REFERENCES users(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  -- a replaced material stays (earlier opinions judged it); it leaves the current set
  replaced_by uuid REFERENCES approval_materials(id),
  withdrawn_at timestamptz
);
CREATE INDEX approval_materials_approval ON approval_materials (approval_id, added_at, id);
CREATE INDEX approval_materials_public ON approval_materials (approval_id) WHERE public AND withdrawn_at IS NULL;

-- Experts who may sit on an argumentation panel (recorded names; the demo's are fiction).
CREATE TABLE experts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  specialty text NOT NULL DEFAULT '',
  title text NOT NULL DEFAULT '',
  employer text NOT NULL DEFAULT '',
  -- the register's region (a province or city keeps the list; 建办质〔2018〕31号 art. 8)
  region_code text NOT NULL REFERENCES regions(code),
  register_no text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, register_no)
);
CREATE INDEX experts_region ON experts (region_code text_pattern_ops, name, id);

CREATE TABLE approval_opinions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  approval_id uuid NOT NULL REFERENCES approvals(id),
  step integer NOT NULL,
  step_code text NOT NULL,
  round integer NOT NULL,
  -- the opinion's kind: a review, one expert's opinion, the panel's conclusion, a submission, a record
  kind text NOT NULL CHECK (kind IN ('submit', 'review', 'expert_opinion', 'expert_conclusion', 'record')),
  actor_id uuid NOT NULL REFERENCES users(id),
  actor_name text NOT NULL,
  -- who the actor acted as: a party role, 'regulator', or 'expert' (then expert_id names the expert)
  acting_as text NOT NULL,
  expert_id uuid REFERENCES experts(id),
  expert_name text,
  opinion text NOT NULL,
  conclusion text,
  materials_hash text NOT NULL CHECK (materials_hash ~ '^[0-9a-f]{64}$'),
  -- the materials judged: [{id, sha256, name}] in the order they were added
  materials jsonb NOT NULL,
  signed_at timestamptz NOT NULL,
  -- one opinion per expert on one set of materials in a round (a revised set may be judged again)
  UNIQUE (approval_id, round, step, expert_id, materials_hash)
);
CREATE INDEX approval_opinions_approval ON approval_opinions (approval_id, signed_at, id);

CREATE FUNCTION redline_approval_opinions_signed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION 'a signed opinion cannot be changed or deleted; record a new one' USING ERRCODE = 'P0001', HINT = 'OPINION_SIGNED';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER approval_opinions_signed BEFORE UPDATE OR DELETE ON approval_opinions
  FOR EACH ROW EXECUTE FUNCTION redline_approval_opinions_signed();

-- Model / award projects (草原杯, safety-standardisation demonstration): application, evaluation scores
-- by criterion, decision, public list; the safety and civilised construction fee uplift at settlement.
CREATE TABLE model_project_awards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects(id),
  region_code text NOT NULL REFERENCES regions(code),
  scheme text NOT NULL CHECK (scheme IN ('prairie_cup', 'safety_standardisation')),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  status text NOT NULL CHECK (status IN ('applied', 'evaluated', 'awarded', 'declined')),
  application text NOT NULL,
  applied_by uuid NOT NULL REFERENCES users(id),
  applied_at timestamptz NOT NULL,
  -- [{criterion, max, score}]
  scores jsonb,
  total_score numeric(6, 2),
  evaluated_by uuid REFERENCES users(id),
  evaluated_at timestamptz,
  decision_note text,
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  -- % of the original fee rate added at settlement (the seed region's policy: 20)
  fee_uplift_percent numeric(5, 2) NOT NULL DEFAULT 20 CHECK (fee_uplift_percent BETWEEN 0 AND 100),
  original_fee_fen bigint CHECK (original_fee_fen >= 0),
  uplift_fen bigint CHECK (uplift_fen >= 0),
  settled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, scheme, year)
);
CREATE INDEX model_project_awards_created ON model_project_awards (created_at, id);
CREATE INDEX model_project_awards_region ON model_project_awards (region_code text_pattern_ops);
CREATE INDEX model_project_awards_public ON model_project_awards (year, scheme) WHERE status = 'awarded';
