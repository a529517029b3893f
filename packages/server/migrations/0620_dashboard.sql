-- Issue 15: the jurisdiction dashboard reads figures from rollups, never from source rows per request.
--
-- inspection_daily: the finished inspections per finished day (in the zone the hazard rollups count
-- in, hazard_rollup_meta.time_zone) × place (the target's full division code, so any jurisdiction is
-- a prefix) × enterprise × project × kind. "Inspections done" in a period = sum(n); "enterprises
-- inspected" = the distinct enterprise ids of the period's rows (a row per enterprise and day at
-- most per kind/project, so the distinct count reads the rollup, not the inspections).
--
-- Maintained like the hazard rollups (0401): statement-level triggers on inspections with transition
-- tables add each statement's signed contributions (+1 rows as they are, −1 rows as they were) with
-- the one SQL that also rebuilds it (inspection_rollups_sql); inspection_rollups_rebuild() recomputes
-- it from the rows. An inspection counts only while its status is 'finished' (finished_at set).
-- Scope: the rollup carries region_code, enterprise_id, project_id, so the regulators' region
-- predicate applies unchanged.

CREATE TABLE inspection_daily (
  done_day date NOT NULL,
  region_code text NOT NULL,
  enterprise_id uuid,
  project_id uuid,
  kind text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT inspection_daily_key UNIQUE NULLS NOT DISTINCT (done_day, region_code, enterprise_id, project_id, kind)
);
CREATE INDEX inspection_daily_region ON inspection_daily (region_code text_pattern_ops, done_day);
CREATE INDEX inspection_daily_enterprise ON inspection_daily (enterprise_id, done_day);

CREATE FUNCTION inspection_rollups_sql(src text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $fn$
SELECT ARRAY[
  format($q$
WITH s AS (
  SELECT x.sign,
         (x.finished_at AT TIME ZONE (SELECT m.time_zone FROM hazard_rollup_meta m))::date AS done_day,
         x.region_code, x.enterprise_id, x.project_id, x.kind
  FROM (%s) x
  WHERE x.status = 'finished' AND x.finished_at IS NOT NULL
), d AS (
  SELECT done_day, region_code, enterprise_id, project_id, kind, sum(sign)::int AS n
  FROM s GROUP BY 1, 2, 3, 4, 5
)
INSERT INTO inspection_daily AS r (done_day, region_code, enterprise_id, project_id, kind, n)
SELECT * FROM d WHERE n <> 0
ORDER BY 1, 2, 3, 4, 5
ON CONFLICT ON CONSTRAINT inspection_daily_key DO UPDATE SET n = r.n + excluded.n
$q$, src),
  $q$DELETE FROM inspection_daily WHERE n = 0$q$
];
$fn$;

CREATE FUNCTION inspection_rollups_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  stmt text;
BEGIN
  FOREACH stmt IN ARRAY inspection_rollups_sql(CASE TG_OP
      WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM ins_new'
      WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM ins_old'
      ELSE 'SELECT -1 AS sign, * FROM ins_old UNION ALL SELECT 1 AS sign, * FROM ins_new'
    END) LOOP
    EXECUTE stmt;
  END LOOP;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION inspection_rollups_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM inspection_daily;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER inspection_rollups_insert AFTER INSERT ON inspections
  REFERENCING NEW TABLE AS ins_new FOR EACH STATEMENT EXECUTE FUNCTION inspection_rollups_on_change();
CREATE TRIGGER inspection_rollups_update AFTER UPDATE ON inspections
  REFERENCING OLD TABLE AS ins_old NEW TABLE AS ins_new FOR EACH STATEMENT EXECUTE FUNCTION inspection_rollups_on_change();
CREATE TRIGGER inspection_rollups_delete AFTER DELETE ON inspections
  REFERENCING OLD TABLE AS ins_old FOR EACH STATEMENT EXECUTE FUNCTION inspection_rollups_on_change();
CREATE TRIGGER inspection_rollups_truncate AFTER TRUNCATE ON inspections
  FOR EACH STATEMENT EXECUTE FUNCTION inspection_rollups_on_truncate();

-- Recomputes the rollup from the inspections in the caller's transaction (writers wait: SHARE lock).
CREATE FUNCTION inspection_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  stmt text;
BEGIN
  LOCK TABLE inspections IN SHARE MODE;
  DELETE FROM inspection_daily;
  FOREACH stmt IN ARRAY inspection_rollups_sql('SELECT 1 AS sign, * FROM inspections') LOOP
    EXECUTE stmt;
  END LOOP;
END
$fn$;

-- The hazard rollups' zone rebuild (boot, when TIME_ZONE is not the recorded zone) rebuilds this one
-- too, so inspections and hazards count their days in the same zone.
CREATE OR REPLACE FUNCTION hazard_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  stmt text;
BEGIN
  LOCK TABLE hazards IN SHARE MODE;
  DELETE FROM hazard_daily;
  DELETE FROM hazard_monthly;
  DELETE FROM hazard_monthly_groups;
  DELETE FROM hazard_owing;
  DELETE FROM hazard_owing_days;
  FOREACH stmt IN ARRAY hazard_rollups_sql('SELECT 1 AS sign, * FROM hazards')
                        || hazard_group_rollups_sql('SELECT 1 AS sign, * FROM hazards')
                        || hazard_owing_days_sql('SELECT 1 AS sign, * FROM hazards') LOOP
    EXECUTE stmt;
  END LOOP;
  UPDATE hazard_rollup_meta SET rebuilt_at = now();
  PERFORM inspection_rollups_rebuild();
END
$fn$;

-- Small indexed counts the dashboard makes per request (no rollup needed: bounded by the
-- jurisdiction's prefix and a date): devices seen recently, equipment past its inspection date.
CREATE INDEX devices_region_seen ON devices (region_code text_pattern_ops, last_seen_at) WHERE active;
CREATE INDEX equipment_region_next ON equipment (region_code text_pattern_ops, next_inspection_on);

-- Backfill from the inspections already recorded.
SELECT inspection_rollups_rebuild();
