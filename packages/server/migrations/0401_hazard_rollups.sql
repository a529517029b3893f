-- Issue 13: hazard figures from rollups, not scans.
--
-- hazard_daily: per found day (in the service's time zone) × place (the hazard's full division code)
-- × enterprise × project × inspection × checklist module × finder × grade, the number of hazards in
-- each state that matters to the figures. A hazard counts in the row of the day it was found for
-- its whole life (the figures are of "hazards found in a period": how many were closed, on time…);
-- a transition moves its counts between columns of that row, or between rows when its grade changes.
--
-- hazard_owing: the hazards whose rectification the enterprise still owes (rectification ordered /
-- rectifying), by the same keys and their exact deadline. "Overdue" is a function of the clock, so
-- it is not stored: overdue now = sum(n) WHERE deadline < now, exactly the domain's isOverdue.
-- Only open hazards are here; a row goes away when its count returns to zero.
--
-- All three are maintained by statement-level triggers on hazards (transition tables), in the
-- transaction of every write — the use cases, bulk loads, fixtures — with the same SQL that
-- rebuilds them (hazard_rollups_sql); hazard_rollups_rebuild() recomputes them from the rows
-- (`redline rollups rebuild`). The rollup tables carry the columns the hazard scope rule reads
-- (region_code, enterprise_id, project_id, inspection_id), so a jurisdiction's figures are scoped by
-- the same predicate as its hazards.

CREATE TABLE hazard_rollup_meta (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  -- The zone found days are counted in; the server rebuilds when TIME_ZONE differs (boot).
  time_zone text NOT NULL,
  rebuilt_at timestamptz
);
INSERT INTO hazard_rollup_meta (time_zone) VALUES ('Asia/Shanghai');

CREATE TABLE hazard_daily (
  found_day date NOT NULL,
  region_code text NOT NULL,
  enterprise_id uuid,
  project_id uuid,
  inspection_id uuid,
  module_code text,
  found_by uuid,
  grade text NOT NULL,
  reported integer NOT NULL,        -- every hazard, whatever its state
  found integer NOT NULL,           -- not rejected as "not a hazard"
  closed integer NOT NULL,
  closed_on_time integer NOT NULL,  -- the domain's closedOnTime
  listed integer NOT NULL,          -- listed for supervision (挂牌督办)
  owing integer NOT NULL,           -- rectification ordered / rectifying
  CONSTRAINT hazard_daily_key UNIQUE NULLS NOT DISTINCT
    (found_day, region_code, enterprise_id, project_id, inspection_id, module_code, found_by, grade)
);
CREATE INDEX hazard_daily_region ON hazard_daily (region_code text_pattern_ops, found_day);
CREATE INDEX hazard_daily_enterprise ON hazard_daily (enterprise_id, found_day);
CREATE INDEX hazard_daily_project ON hazard_daily (project_id, found_day);
CREATE INDEX hazard_daily_inspection ON hazard_daily (inspection_id);
CREATE INDEX hazard_daily_empty ON hazard_daily (found_day) WHERE reported = 0;

-- hazard_monthly: the same counts per found month × county (first six digits) × grade — a few
-- thousand rows for a province's years — for the regulators' questions (a jurisdiction's totals and
-- its counties over whole months); partial months at a period's edges are read from hazard_daily.
CREATE TABLE hazard_monthly (
  month date NOT NULL,              -- the first day of the found day's month
  county_code text NOT NULL,
  grade text NOT NULL,
  reported integer NOT NULL,
  found integer NOT NULL,
  closed integer NOT NULL,
  closed_on_time integer NOT NULL,
  listed integer NOT NULL,
  owing integer NOT NULL,
  CONSTRAINT hazard_monthly_key UNIQUE (month, county_code, grade)
);
CREATE INDEX hazard_monthly_county ON hazard_monthly (county_code text_pattern_ops, month);
CREATE INDEX hazard_monthly_empty ON hazard_monthly (month) WHERE reported = 0;

CREATE TABLE hazard_owing (
  found_day date NOT NULL,
  region_code text NOT NULL,
  enterprise_id uuid,
  project_id uuid,
  inspection_id uuid,
  module_code text,
  found_by uuid,
  grade text NOT NULL,
  deadline timestamptz NOT NULL,
  n integer NOT NULL,
  CONSTRAINT hazard_owing_key UNIQUE NULLS NOT DISTINCT
    (found_day, region_code, enterprise_id, project_id, inspection_id, module_code, found_by, grade, deadline)
);
CREATE INDEX hazard_owing_region ON hazard_owing (region_code text_pattern_ops, deadline);
CREATE INDEX hazard_owing_enterprise ON hazard_owing (enterprise_id);
CREATE INDEX hazard_owing_project ON hazard_owing (project_id);
CREATE INDEX hazard_owing_inspection ON hazard_owing (inspection_id);
CREATE INDEX hazard_owing_empty ON hazard_owing (found_day) WHERE n = 0;

-- The statements that add the signed contributions of a set of hazard rows (a query with a `sign`
-- column and the columns of hazards) to the rollups: +1 for rows as they are now, -1 for rows as they
-- were. The one definition of what a hazard contributes; the triggers and the rebuild both use it.
CREATE FUNCTION hazard_rollups_sql(src text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $fn$
SELECT ARRAY[
  format($q$
WITH s AS (
  SELECT x.sign,
         (x.found_at AT TIME ZONE (SELECT m.time_zone FROM hazard_rollup_meta m))::date AS found_day,
         x.region_code, x.enterprise_id, x.project_id, x.inspection_id, f.module_code, x.found_by, x.grade,
         x.status, x.deadline, x.state
  FROM (%s) x LEFT JOIN inspection_findings f ON f.id = x.finding_id
), d AS (
  SELECT found_day, region_code, enterprise_id, project_id, inspection_id, module_code, found_by, grade,
         sum(sign)::int AS reported,
         sum(CASE WHEN status <> 'rejected' THEN sign ELSE 0 END)::int AS found,
         sum(CASE WHEN status = 'closed' THEN sign ELSE 0 END)::int AS closed,
         sum(CASE WHEN status = 'closed' AND jsonb_typeof(state->'closure') = 'object'
                   AND (state->'closure'->>'via' = 'on_spot' OR deadline IS NULL
                        OR (state->'closure'->>'at')::timestamptz <= deadline)
                  THEN sign ELSE 0 END)::int AS closed_on_time,
         sum(CASE WHEN jsonb_typeof(state->'listing') = 'object' THEN sign ELSE 0 END)::int AS listed,
         sum(CASE WHEN status IN ('rectification_ordered', 'rectifying') THEN sign ELSE 0 END)::int AS owing
  FROM s GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
)
INSERT INTO hazard_daily AS r
  (found_day, region_code, enterprise_id, project_id, inspection_id, module_code, found_by, grade,
   reported, found, closed, closed_on_time, listed, owing)
SELECT * FROM d
WHERE reported <> 0 OR found <> 0 OR closed <> 0 OR closed_on_time <> 0 OR listed <> 0 OR owing <> 0
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
ON CONFLICT ON CONSTRAINT hazard_daily_key DO UPDATE SET
  reported = r.reported + excluded.reported,
  found = r.found + excluded.found,
  closed = r.closed + excluded.closed,
  closed_on_time = r.closed_on_time + excluded.closed_on_time,
  listed = r.listed + excluded.listed,
  owing = r.owing + excluded.owing
$q$, src),
  $q$DELETE FROM hazard_daily WHERE reported = 0 AND found = 0 AND closed = 0 AND closed_on_time = 0
       AND listed = 0 AND owing = 0$q$,
  format($q$
WITH s AS (
  SELECT x.sign,
         date_trunc('month', (x.found_at AT TIME ZONE (SELECT m.time_zone FROM hazard_rollup_meta m)))::date AS month,
         substr(x.region_code, 1, 6) AS county_code, x.grade, x.status, x.deadline, x.state
  FROM (%s) x
), d AS (
  SELECT month, county_code, grade,
         sum(sign)::int AS reported,
         sum(CASE WHEN status <> 'rejected' THEN sign ELSE 0 END)::int AS found,
         sum(CASE WHEN status = 'closed' THEN sign ELSE 0 END)::int AS closed,
         sum(CASE WHEN status = 'closed' AND jsonb_typeof(state->'closure') = 'object'
                   AND (state->'closure'->>'via' = 'on_spot' OR deadline IS NULL
                        OR (state->'closure'->>'at')::timestamptz <= deadline)
                  THEN sign ELSE 0 END)::int AS closed_on_time,
         sum(CASE WHEN jsonb_typeof(state->'listing') = 'object' THEN sign ELSE 0 END)::int AS listed,
         sum(CASE WHEN status IN ('rectification_ordered', 'rectifying') THEN sign ELSE 0 END)::int AS owing
  FROM s GROUP BY 1, 2, 3
)
INSERT INTO hazard_monthly AS r
  (month, county_code, grade, reported, found, closed, closed_on_time, listed, owing)
SELECT * FROM d
WHERE reported <> 0 OR found <> 0 OR closed <> 0 OR closed_on_time <> 0 OR listed <> 0 OR owing <> 0
ORDER BY 1, 2, 3
ON CONFLICT ON CONSTRAINT hazard_monthly_key DO UPDATE SET
  reported = r.reported + excluded.reported,
  found = r.found + excluded.found,
  closed = r.closed + excluded.closed,
  closed_on_time = r.closed_on_time + excluded.closed_on_time,
  listed = r.listed + excluded.listed,
  owing = r.owing + excluded.owing
$q$, src),
  $q$DELETE FROM hazard_monthly WHERE reported = 0 AND found = 0 AND closed = 0 AND closed_on_time = 0
       AND listed = 0 AND owing = 0$q$,
  format($q$
WITH s AS (
  SELECT x.sign,
         (x.found_at AT TIME ZONE (SELECT m.time_zone FROM hazard_rollup_meta m))::date AS found_day,
         x.region_code, x.enterprise_id, x.project_id, x.inspection_id, f.module_code, x.found_by, x.grade,
         x.deadline
  FROM (%s) x LEFT JOIN inspection_findings f ON f.id = x.finding_id
  WHERE x.status IN ('rectification_ordered', 'rectifying') AND x.deadline IS NOT NULL
), d AS (
  SELECT found_day, region_code, enterprise_id, project_id, inspection_id, module_code, found_by, grade,
         deadline, sum(sign)::int AS n
  FROM s GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
)
INSERT INTO hazard_owing AS r
  (found_day, region_code, enterprise_id, project_id, inspection_id, module_code, found_by, grade, deadline, n)
SELECT * FROM d WHERE n <> 0
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
ON CONFLICT ON CONSTRAINT hazard_owing_key DO UPDATE SET n = r.n + excluded.n
$q$, src),
  $q$DELETE FROM hazard_owing WHERE n = 0$q$
];
$fn$;

CREATE FUNCTION hazard_rollups_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  stmt text;
BEGIN
  FOREACH stmt IN ARRAY hazard_rollups_sql(CASE TG_OP
      WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM hz_new'
      WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM hz_old'
      ELSE 'SELECT -1 AS sign, * FROM hz_old UNION ALL SELECT 1 AS sign, * FROM hz_new'
    END) LOOP
    EXECUTE stmt;
  END LOOP;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION hazard_rollups_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM hazard_daily;
  DELETE FROM hazard_monthly;
  DELETE FROM hazard_owing;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER hazard_rollups_insert AFTER INSERT ON hazards
  REFERENCING NEW TABLE AS hz_new FOR EACH STATEMENT EXECUTE FUNCTION hazard_rollups_on_change();
CREATE TRIGGER hazard_rollups_update AFTER UPDATE ON hazards
  REFERENCING OLD TABLE AS hz_old NEW TABLE AS hz_new FOR EACH STATEMENT EXECUTE FUNCTION hazard_rollups_on_change();
CREATE TRIGGER hazard_rollups_delete AFTER DELETE ON hazards
  REFERENCING OLD TABLE AS hz_old FOR EACH STATEMENT EXECUTE FUNCTION hazard_rollups_on_change();
CREATE TRIGGER hazard_rollups_truncate AFTER TRUNCATE ON hazards
  FOR EACH STATEMENT EXECUTE FUNCTION hazard_rollups_on_truncate();

-- Recomputes both rollups from the hazards (and their findings' modules), in the caller's
-- transaction. Hazard writers wait for it (SHARE lock) and it waits for those in flight, so the rows
-- it reads are all the committed ones; readers keep the previous figures until it commits.
CREATE FUNCTION hazard_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  stmt text;
BEGIN
  LOCK TABLE hazards IN SHARE MODE;
  DELETE FROM hazard_daily;
  DELETE FROM hazard_monthly;
  DELETE FROM hazard_owing;
  FOREACH stmt IN ARRAY hazard_rollups_sql('SELECT 1 AS sign, * FROM hazards') LOOP
    EXECUTE stmt;
  END LOOP;
  UPDATE hazard_rollup_meta SET rebuilt_at = now();
END
$fn$;

-- Backfill: the hazards already recorded, in the default zone (Asia/Shanghai); a server configured
-- with another TIME_ZONE rebuilds in it at start.
SELECT hazard_rollups_rebuild();
