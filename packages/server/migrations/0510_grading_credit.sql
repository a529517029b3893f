-- Issue 14: A/B/C grading that explains itself, regulator overrides, credit records (serious
-- untrustworthy list), model-project awards. See ARCHITECTURE.md "Grading and credit".

-- Grading models: data, versioned. One version in force per scope ('' = national; a region code for
-- a region's own model later). `model` is the domain's GradingModel (weights, caps, thresholds,
-- window, frequencies by grade, notes); a computation keeps the version it used.
CREATE TABLE grading_models (
  version integer PRIMARY KEY CHECK (version > 0),
  region_code text NOT NULL DEFAULT '',
  model jsonb NOT NULL,
  active boolean NOT NULL DEFAULT false,
  rationale text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX grading_models_one_active ON grading_models (region_code) WHERE active;

-- Version 1, shipped: the same JSON as the domain's GRADING_MODEL_V1 (test/grading-api.test.ts checks).
INSERT INTO grading_models (version, region_code, model, active, rationale) VALUES (1, '', '{"version":1,"windowMonths":12,"base":100,"facts":[{"code":"hazards_general","pointsPerUnit":-1,"cap":20},{"code":"hazards_major","pointsPerUnit":-5,"cap":40},{"code":"rectified_on_time","pointsPerUnit":0.5,"cap":5},{"code":"hazards_overdue","pointsPerUnit":-3,"cap":30},{"code":"hazards_repeat","pointsPerUnit":-3,"cap":15},{"code":"alarms_real","pointsPerUnit":-2,"cap":20},{"code":"uncertified_operations","pointsPerUnit":-4,"cap":20},{"code":"credit_listings","pointsPerUnit":-30,"cap":30},{"code":"jgj59_unqualified","pointsPerUnit":-5,"cap":15},{"code":"jgj59_excellent","pointsPerUnit":1,"cap":3},{"code":"model_awards","pointsPerUnit":5,"cap":10}],"riskColourPoints":{"red":-10,"orange":-5,"yellow":-2,"blue":0},"thresholds":{"A":90,"B":70},"forceC":["credit_listings"],"frequencies":{"A":{"perYear":2,"everyMonths":6},"B":{"perYear":4,"everyMonths":3},"C":{"perYear":12,"everyMonths":1}},"awardFeeUpliftPercent":20,"notes":["Accidents are not a fact of version 1: the system has no accident records yet (issue 15 adds them). No accident is counted, none is assumed.","Weights and thresholds are this product’s proposal for the seed region, not a published national table; a region adopts its own by adding a model version.","A major hazard weighs five general ones (needs stoppage and a treatment plan, DOMAIN §3); overdue and repeated hazards weigh more than finding them (the fix did not hold).","An in-force serious-untrustworthy listing (MEM Order 11, 2023-10-01) grades C: it puts the enterprise in the joint-punishment checks.","Award projects: the seed region raises the safety and civilised construction fee by 20 % of the original rate at settlement (DOMAIN §7a)."],"source":"Redline grading model v1 (2026); facts per DOMAIN.md §1, §3, §7, §10"}'::jsonb, true,
  'Deductions for hazards (major ×5), overdue and repeated hazards, real alarms, uncertified special operations, unqualified JGJ 59 inspections and the site risk colour; small credits for on-time rectification, excellent inspections and model awards; an in-force serious-untrustworthy listing grades C. Accidents are left out until issue 15 records them.');

-- Model-project awards (示范工地 / 安全文明标准化工地): a small record kind; award projects get the
-- settlement uplift of the safety and civilised construction fee (percent of the original rate).
CREATE TABLE model_awards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  target_kind text NOT NULL CHECK (target_kind IN ('enterprise', 'project')),
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  region_code text NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  awarded_on date NOT NULL,
  authority_id uuid REFERENCES authorities(id),
  fee_uplift_percent numeric(5, 2),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((target_kind = 'enterprise' AND enterprise_id IS NOT NULL AND project_id IS NULL)
      OR (target_kind = 'project' AND project_id IS NOT NULL))
);
CREATE INDEX model_awards_enterprise ON model_awards (enterprise_id, awarded_on);
CREATE INDEX model_awards_project ON model_awards (project_id, awarded_on);

-- Credit records. list_kind 'serious_untrustworthy' (MEM Order 11, 2023-10-01): listed for 3 years
-- (planned_end_on), early removal after credit repair from repair_from (12 months). "In force" = not
-- removed, started, planned end in the future (view credit_in_force).
CREATE TABLE credit_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  enterprise_id uuid NOT NULL REFERENCES enterprises(id),
  region_code text NOT NULL,
  list_kind text NOT NULL CHECK (list_kind IN ('serious_untrustworthy')),
  condition_code text NOT NULL,
  condition_text text NOT NULL DEFAULT '',
  authority_id uuid NOT NULL REFERENCES authorities(id),
  decision_no text NOT NULL DEFAULT '',
  starts_on date NOT NULL,
  planned_end_on date NOT NULL,
  repair_from date NOT NULL,
  removed_at timestamptz,
  removed_on date,
  removal_reason text,
  removed_by uuid REFERENCES users(id),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (planned_end_on > starts_on AND repair_from >= starts_on),
  CHECK ((removed_at IS NULL) = (removed_on IS NULL))
);
CREATE INDEX credit_records_in_force ON credit_records (enterprise_id, planned_end_on) WHERE removed_at IS NULL;
CREATE INDEX credit_records_region ON credit_records (region_code text_pattern_ops, created_at, id);
CREATE INDEX credit_records_enterprise ON credit_records (enterprise_id, created_at);

CREATE VIEW credit_in_force AS
  SELECT * FROM credit_records
   WHERE removed_at IS NULL AND starts_on <= current_date AND planned_end_on > current_date;

-- A record's history (listed, removed): the audit log has the same, this is what the page shows.
CREATE TABLE credit_record_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  record_id uuid NOT NULL REFERENCES credit_records(id),
  action text NOT NULL CHECK (action IN ('listed', 'removed')),
  at timestamptz NOT NULL,
  by_user uuid REFERENCES users(id),
  note text NOT NULL DEFAULT ''
);
CREATE INDEX credit_record_events_record ON credit_record_events (record_id, at);

-- Every grade computation, with its facts (each with the records behind it), weights, points, total,
-- thresholds and model version: the history of a target's grade.
CREATE TABLE grade_computations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  target_kind text NOT NULL CHECK (target_kind IN ('enterprise', 'project')),
  target_id uuid NOT NULL,
  region_code text NOT NULL,
  model_version integer NOT NULL REFERENCES grading_models(version),
  grade text NOT NULL CHECK (grade IN ('A', 'B', 'C')),
  total numeric NOT NULL,
  thresholds jsonb NOT NULL,
  facts jsonb NOT NULL,          -- [{code, count, pointsPerUnit, cap, points, capped, records: [{kind, id, label}]}]
  explanation jsonb NOT NULL,
  window_from timestamptz NOT NULL,
  window_to timestamptz NOT NULL,
  reason text NOT NULL,          -- nightly | dirty | manual | cli | demo
  computed_at timestamptz NOT NULL
);
CREATE INDEX grade_computations_target ON grade_computations (target_kind, target_id, computed_at DESC);

-- The latest computation per target (what lists page over).
CREATE TABLE target_grades (
  target_kind text NOT NULL CHECK (target_kind IN ('enterprise', 'project')),
  target_id uuid NOT NULL,
  region_code text NOT NULL,
  computation_id uuid NOT NULL REFERENCES grade_computations(id),
  computed_grade text NOT NULL CHECK (computed_grade IN ('A', 'B', 'C')),
  total numeric NOT NULL,
  model_version integer NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (target_kind, target_id)
);
CREATE INDEX target_grades_region ON target_grades (region_code text_pattern_ops, total, target_id);
CREATE INDEX target_grades_total ON target_grades (total, target_id);

-- A regulator's override: a grade with a reason and an expiry; audited; revocable.
CREATE TABLE grade_overrides (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  target_kind text NOT NULL CHECK (target_kind IN ('enterprise', 'project')),
  target_id uuid NOT NULL,
  region_code text NOT NULL,
  grade text NOT NULL CHECK (grade IN ('A', 'B', 'C')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 4 AND 2000),
  expires_at timestamptz NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users(id),
  CHECK (expires_at > created_at)
);
CREATE INDEX grade_overrides_target ON grade_overrides (target_kind, target_id, created_at DESC);

-- The grade in force for each graded target: an unexpired, unrevoked override wins.
CREATE VIEW current_grades AS
  SELECT g.target_kind, g.target_id, g.region_code,
         coalesce(o.grade, g.computed_grade) AS grade,
         (o.id IS NOT NULL) AS overridden,
         g.computed_grade, g.total, g.model_version, g.computed_at, g.computation_id,
         o.id AS override_id, o.expires_at AS override_expires_at
    FROM target_grades g
    LEFT JOIN LATERAL (
      SELECT x.id, x.grade, x.expires_at FROM grade_overrides x
       WHERE x.target_kind = g.target_kind AND x.target_id = g.target_id
         AND x.revoked_at IS NULL AND x.expires_at > now()
       ORDER BY x.created_at DESC LIMIT 1
    ) o ON true;

-- Targets whose facts changed; the job grading-dirty drains it every minute.
CREATE TABLE grading_dirty (
  target_kind text NOT NULL CHECK (target_kind IN ('enterprise', 'project')),
  target_id uuid NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL DEFAULT 'changed',   -- changed (a fact's record) | nightly
  PRIMARY KEY (target_kind, target_id)
);

-- Marking: statement-level triggers with transition tables (one INSERT per statement, whatever its
-- row count), as the hazard rollups do.
CREATE FUNCTION grading_mark_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grading_dirty (target_kind, target_id)
  SELECT DISTINCT k, t FROM (
    SELECT 'enterprise' AS k, enterprise_id AS t FROM grading_new_rows WHERE enterprise_id IS NOT NULL
    UNION ALL
    SELECT 'project', project_id FROM grading_new_rows WHERE project_id IS NOT NULL
  ) x
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER grading_dirty_hazards_insert AFTER INSERT ON hazards
  REFERENCING NEW TABLE AS grading_new_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_mark_rows();
CREATE TRIGGER grading_dirty_hazards_update AFTER UPDATE ON hazards
  REFERENCING NEW TABLE AS grading_new_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_mark_rows();

-- Alarms: only those that are facts (a verdict given, or a special operation without certificate);
-- ingest updates of other alarms mark nothing. Inspections: only finished ones (their JGJ 59 grade).
CREATE FUNCTION grading_mark_alarms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grading_dirty (target_kind, target_id)
  SELECT DISTINCT k, t FROM (
    SELECT 'enterprise' AS k, enterprise_id AS t FROM grading_new_rows
     WHERE enterprise_id IS NOT NULL
       AND (verdict IS NOT NULL OR type IN ('uncertified_special_operation', 'unattributed_special_operation'))
    UNION ALL
    SELECT 'project', project_id FROM grading_new_rows
     WHERE project_id IS NOT NULL
       AND (verdict IS NOT NULL OR type IN ('uncertified_special_operation', 'unattributed_special_operation'))
  ) x
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER grading_dirty_alarms_insert AFTER INSERT ON alarms
  REFERENCING NEW TABLE AS grading_new_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_mark_alarms();
CREATE TRIGGER grading_dirty_alarms_update AFTER UPDATE ON alarms
  REFERENCING NEW TABLE AS grading_new_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_mark_alarms();

CREATE FUNCTION grading_mark_inspections() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grading_dirty (target_kind, target_id)
  SELECT DISTINCT k, t FROM (
    SELECT 'enterprise' AS k, enterprise_id AS t FROM grading_new_rows WHERE enterprise_id IS NOT NULL AND status = 'finished'
    UNION ALL
    SELECT 'project', project_id FROM grading_new_rows WHERE project_id IS NOT NULL AND status = 'finished'
  ) x
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER grading_dirty_inspections_update AFTER UPDATE ON inspections
  REFERENCING NEW TABLE AS grading_new_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_mark_inspections();
CREATE TRIGGER grading_dirty_awards_insert AFTER INSERT ON model_awards
  REFERENCING NEW TABLE AS grading_new_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_mark_rows();

-- A credit change marks the enterprise and the projects it builds (general contractor).
CREATE FUNCTION grading_mark_credit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grading_dirty (target_kind, target_id)
  SELECT DISTINCT k, t FROM (
    SELECT 'enterprise' AS k, enterprise_id AS t FROM grading_new_rows
    UNION ALL
    SELECT 'project', p.project_id FROM grading_new_rows r
      JOIN project_parties p ON p.enterprise_id = r.enterprise_id AND p.role = 'general_contractor'
  ) x
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER grading_dirty_credit_insert AFTER INSERT ON credit_records
  REFERENCING NEW TABLE AS grading_new_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_mark_credit();
CREATE TRIGGER grading_dirty_credit_update AFTER UPDATE ON credit_records
  REFERENCING NEW TABLE AS grading_new_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_mark_credit();

-- A site's colour (computed from its risk points by the risk module) marks its enterprise / project.
CREATE FUNCTION grading_mark_site() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.enterprise_id IS NOT NULL THEN
    INSERT INTO grading_dirty (target_kind, target_id) VALUES ('enterprise', NEW.enterprise_id) ON CONFLICT DO NOTHING;
  END IF;
  IF NEW.project_id IS NOT NULL THEN
    INSERT INTO grading_dirty (target_kind, target_id) VALUES ('project', NEW.project_id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER grading_dirty_sites_colour AFTER UPDATE OF risk_colour ON sites
  FOR EACH ROW WHEN (OLD.risk_colour IS DISTINCT FROM NEW.risk_colour) EXECUTE FUNCTION grading_mark_site();

-- Alarms per project (the grading facts of a project read them by this index).
CREATE INDEX alarms_project ON alarms (project_id);
-- A target's sites (its risk colour fact).
CREATE INDEX sites_enterprise_grading ON sites (enterprise_id);
CREATE INDEX sites_project_grading ON sites (project_id);
