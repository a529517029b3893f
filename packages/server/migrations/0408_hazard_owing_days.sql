-- Issue 13: "overdue now" in the figures without reading hazard_owing whole.
--
-- hazard_owing holds one row per owed hazard, near enough (its key includes the inspection and the
-- exact deadline): at 1M hazards 61,000 rows, and every figures request summed those of its scope
-- with deadline < now — most of a national "by region" (84 ms in SQL). hazard_owing_days counts the
-- same hazards per dimension (region = the county itself, enterprise, project, module, inspector) ×
-- county × found month × deadline day (UTC) × grade. Overdue now = the rows whose deadline day is
-- before today (UTC) + the hazards due earlier today, read from hazard_owing by its deadline index.
-- As with hazard_monthly, partial found months at a period's edges read hazard_owing.
--
-- Kept by the same statement triggers as the other rollups (hazard_rollups_on_change, redefined
-- below once more) and rebuilt by hazard_rollups_rebuild().

CREATE TABLE hazard_owing_days (
  dim text NOT NULL CHECK (dim IN ('region', 'enterprise', 'project', 'module', 'inspector')),
  county_code text NOT NULL,
  month date NOT NULL,              -- the first day of the found day's month
  deadline_day date NOT NULL,       -- the deadline's date in UTC
  key text NOT NULL,                -- the county for 'region'; '' when the hazard has none
  grade text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT hazard_owing_days_key UNIQUE (dim, county_code, month, deadline_day, key, grade)
);
CREATE INDEX hazard_owing_days_county ON hazard_owing_days (dim, county_code text_pattern_ops, deadline_day);
CREATE INDEX hazard_owing_days_empty ON hazard_owing_days (month) WHERE n = 0;
-- "Due earlier today" is a short range of deadlines.
CREATE INDEX hazard_owing_deadline ON hazard_owing (deadline);

CREATE FUNCTION hazard_owing_days_sql(src text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $fn$
SELECT ARRAY[
  format($q$
WITH s AS (
  SELECT x.sign, k.dim, substr(x.region_code, 1, 6) AS county_code,
         date_trunc('month', (x.found_at AT TIME ZONE (SELECT m.time_zone FROM hazard_rollup_meta m)))::date AS month,
         (x.deadline AT TIME ZONE 'UTC')::date AS deadline_day, k.key, x.grade
  FROM (%s) x
  LEFT JOIN inspection_findings f ON f.id = x.finding_id
  CROSS JOIN LATERAL (VALUES ('region', substr(x.region_code, 1, 6)),
                             ('enterprise', coalesce(x.enterprise_id::text, '')),
                             ('project', coalesce(x.project_id::text, '')),
                             ('module', coalesce(f.module_code, '')),
                             ('inspector', coalesce(x.found_by::text, ''))) k(dim, key)
  WHERE x.status IN ('rectification_ordered', 'rectifying') AND x.deadline IS NOT NULL
), d AS (
  SELECT dim, county_code, month, deadline_day, key, grade, sum(sign)::int AS n
  FROM s GROUP BY 1, 2, 3, 4, 5, 6
)
INSERT INTO hazard_owing_days AS r (dim, county_code, month, deadline_day, key, grade, n)
SELECT * FROM d WHERE n <> 0
ORDER BY 1, 2, 3, 4, 5, 6
ON CONFLICT ON CONSTRAINT hazard_owing_days_key DO UPDATE SET n = r.n + excluded.n
$q$, src),
  $q$DELETE FROM hazard_owing_days WHERE n = 0$q$
];
$fn$;

CREATE OR REPLACE FUNCTION hazard_rollups_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  src text := CASE TG_OP
      WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM hz_new'
      WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM hz_old'
      ELSE 'SELECT -1 AS sign, * FROM hz_old UNION ALL SELECT 1 AS sign, * FROM hz_new'
    END;
  stmt text;
BEGIN
  FOREACH stmt IN ARRAY hazard_rollups_sql(src) || hazard_group_rollups_sql(src) || hazard_owing_days_sql(src) LOOP
    EXECUTE stmt;
  END LOOP;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION hazard_rollups_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM hazard_daily;
  DELETE FROM hazard_monthly;
  DELETE FROM hazard_monthly_groups;
  DELETE FROM hazard_owing;
  DELETE FROM hazard_owing_days;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION hazard_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  src text := 'SELECT 1 AS sign, * FROM hazards';
  stmt text;
BEGIN
  LOCK TABLE hazards IN SHARE MODE;
  DELETE FROM hazard_daily;
  DELETE FROM hazard_monthly;
  DELETE FROM hazard_monthly_groups;
  DELETE FROM hazard_owing;
  DELETE FROM hazard_owing_days;
  FOREACH stmt IN ARRAY hazard_rollups_sql(src) || hazard_group_rollups_sql(src) || hazard_owing_days_sql(src) LOOP
    EXECUTE stmt;
  END LOOP;
  UPDATE hazard_rollup_meta SET rebuilt_at = now();
END
$fn$;

DO $do$
DECLARE
  stmt text;
BEGIN
  FOREACH stmt IN ARRAY hazard_owing_days_sql('SELECT 1 AS sign, * FROM hazards') LOOP
    EXECUTE stmt;
  END LOOP;
END
$do$;
