-- Double random, one public (双随机、一公开; DOMAIN.md §9), issue 14: an authority's spot-check plans,
-- the verifiable draw (commitment = SHA-256 of a secret seed, published with the frozen pool and rules
-- before the draw; the seed revealed after), and the tasks the draw gives the drawn inspectors.

CREATE TABLE spot_check_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities(id),
  region_code text NOT NULL,                      -- the jurisdiction of the plan (its author's)
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('routine', 'cross')),
  period_start date NOT NULL,
  period_end date NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'committed', 'drawn', 'revealed')),
  items jsonb NOT NULL,                           -- the spot-check item list: [{ title, basis, moduleIds }]
  module_ids uuid[] NOT NULL DEFAULT '{}',        -- checklist modules the inspections use
  pool_filter jsonb NOT NULL,                     -- { targetKinds, regionCode, industries, projectTypes, enterpriseIds, projectIds }
  inspector_ids uuid[] NOT NULL DEFAULT '{}',     -- the inspector pool
  rules jsonb NOT NULL,                           -- domain draw.ts DrawRules
  commitment text CHECK (commitment ~ '^[0-9a-f]{64}$'),
  pool jsonb,                                     -- the frozen pool (domain DrawPool), set at commit
  committed_at timestamptz,
  seed text,                                      -- given at the draw, published once revealed_at is set
  result jsonb,                                   -- the draw: { digest, tasks, unstaffed, groups, ungraded }
  drawn_at timestamptz,
  revealed_at timestamptz,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (period_end >= period_start),
  CHECK (status = 'draft' OR (commitment IS NOT NULL AND pool IS NOT NULL AND committed_at IS NOT NULL)),
  CHECK (status NOT IN ('drawn', 'revealed') OR (seed IS NOT NULL AND result IS NOT NULL AND drawn_at IS NOT NULL)),
  CHECK (status <> 'revealed' OR revealed_at IS NOT NULL)
);
CREATE INDEX spot_check_plans_region ON spot_check_plans (region_code text_pattern_ops, created_at, id);
CREATE INDEX spot_check_plans_authority ON spot_check_plans (authority_id, created_at);

-- What was published is never changed: after commit the pool, rules, commitment and item list are
-- frozen; after the draw its seed and result; status only moves forward.
CREATE FUNCTION redline_spot_check_plan_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'a committed spot-check plan cannot be deleted' USING ERRCODE = 'P0001', HINT = 'ISSUED_IMMUTABLE';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (
       NEW.commitment IS DISTINCT FROM OLD.commitment OR NEW.pool IS DISTINCT FROM OLD.pool
    OR NEW.rules IS DISTINCT FROM OLD.rules OR NEW.items IS DISTINCT FROM OLD.items
    OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.period_start IS DISTINCT FROM OLD.period_start
    OR NEW.period_end IS DISTINCT FROM OLD.period_end OR NEW.module_ids IS DISTINCT FROM OLD.module_ids
    OR NEW.committed_at IS DISTINCT FROM OLD.committed_at OR NEW.title IS DISTINCT FROM OLD.title
    OR NEW.authority_id IS DISTINCT FROM OLD.authority_id OR NEW.region_code IS DISTINCT FROM OLD.region_code) THEN
    RAISE EXCEPTION 'the published pool, rules and commitment of a spot-check plan cannot change' USING ERRCODE = 'P0001', HINT = 'ISSUED_IMMUTABLE';
  END IF;
  IF OLD.status IN ('drawn', 'revealed') AND (
       NEW.seed IS DISTINCT FROM OLD.seed OR NEW.result IS DISTINCT FROM OLD.result OR NEW.drawn_at IS DISTINCT FROM OLD.drawn_at) THEN
    RAISE EXCEPTION 'a draw cannot be changed once run' USING ERRCODE = 'P0001', HINT = 'ISSUED_IMMUTABLE';
  END IF;
  IF OLD.status = 'revealed' AND NEW.revealed_at IS DISTINCT FROM OLD.revealed_at THEN
    RAISE EXCEPTION 'a revealed seed stays revealed' USING ERRCODE = 'P0001', HINT = 'ISSUED_IMMUTABLE';
  END IF;
  IF array_position(ARRAY['draft', 'committed', 'drawn', 'revealed'], NEW.status)
     < array_position(ARRAY['draft', 'committed', 'drawn', 'revealed'], OLD.status) THEN
    RAISE EXCEPTION 'a spot-check plan does not move back' USING ERRCODE = 'P0001', HINT = 'ISSUED_IMMUTABLE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER spot_check_plans_frozen BEFORE UPDATE OR DELETE ON spot_check_plans
  FOR EACH ROW EXECUTE FUNCTION redline_spot_check_plan_frozen();

-- One task per drawn and staffed target: the drawn inspectors, the due date (the plan's end), and the
-- inspection once started from it (done when that inspection is finished).
CREATE TABLE spot_check_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES spot_check_plans(id),
  region_code text NOT NULL,                      -- the target's region
  plan_region_code text NOT NULL,                 -- the plan's jurisdiction (who sees the task)
  target_kind text NOT NULL CHECK (target_kind IN ('enterprise', 'project')),
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  target_name text NOT NULL,
  basis text NOT NULL CHECK (basis IN ('full_coverage', 'random')),
  reasons text[] NOT NULL DEFAULT '{}',
  inspector_ids uuid[] NOT NULL CHECK (cardinality(inspector_ids) >= 2),
  due_on date NOT NULL,
  inspection_id uuid UNIQUE REFERENCES inspections(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((target_kind = 'enterprise' AND enterprise_id IS NOT NULL) OR (target_kind = 'project' AND project_id IS NOT NULL))
);
CREATE UNIQUE INDEX spot_check_tasks_target ON spot_check_tasks (plan_id, target_kind, coalesce(enterprise_id, project_id));
CREATE INDEX spot_check_tasks_plan ON spot_check_tasks (plan_id);
CREATE INDEX spot_check_tasks_inspectors ON spot_check_tasks USING gin (inspector_ids);
CREATE INDEX spot_check_tasks_region ON spot_check_tasks (plan_region_code text_pattern_ops);
