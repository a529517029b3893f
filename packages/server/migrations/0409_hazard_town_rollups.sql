-- Issue 15: a district's dashboard by town without reading hazard_daily for a year.
--
-- The figures of a county's towns (region keys of 9 digits) came from hazard_daily, near a row per
-- hazard at 1M hazards: a district's year dashboard spent ~0.4 s there (bench/RESULTS.md, 13:06 run).
-- hazard_monthly_groups and hazard_owing_days gain the dimension 'town' (key: the first nine digits of
-- the region code, the code itself for a hazard recorded at county level), kept by the same statement
-- triggers (which call these two functions by name) and rebuilt by hazard_rollups_rebuild().

ALTER TABLE hazard_monthly_groups DROP CONSTRAINT hazard_monthly_groups_dim_check;
ALTER TABLE hazard_monthly_groups ADD CONSTRAINT hazard_monthly_groups_dim_check
  CHECK (dim IN ('town', 'enterprise', 'project', 'module', 'inspector'));
ALTER TABLE hazard_owing_days DROP CONSTRAINT hazard_owing_days_dim_check;
ALTER TABLE hazard_owing_days ADD CONSTRAINT hazard_owing_days_dim_check
  CHECK (dim IN ('region', 'town', 'enterprise', 'project', 'module', 'inspector'));

CREATE OR REPLACE FUNCTION hazard_group_rollups_sql(src text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $fn$
SELECT ARRAY[
  format($q$
WITH s AS (
  SELECT x.sign,
         date_trunc('month', (x.found_at AT TIME ZONE (SELECT m.time_zone FROM hazard_rollup_meta m)))::date AS month,
         substr(x.region_code, 1, 6) AS county_code, k.dim, k.key, x.grade, x.status, x.deadline, x.state
  FROM (%s) x
  LEFT JOIN inspection_findings f ON f.id = x.finding_id
  CROSS JOIN LATERAL (VALUES ('town', substr(x.region_code, 1, 9)),
                             ('enterprise', coalesce(x.enterprise_id::text, '')),
                             ('project', coalesce(x.project_id::text, '')),
                             ('module', coalesce(f.module_code, '')),
                             ('inspector', coalesce(x.found_by::text, ''))) k(dim, key)
), d AS (
  SELECT dim, county_code, month, key, grade,
         sum(sign)::int AS reported,
         sum(CASE WHEN status <> 'rejected' THEN sign ELSE 0 END)::int AS found,
         sum(CASE WHEN status = 'closed' THEN sign ELSE 0 END)::int AS closed,
         sum(CASE WHEN status = 'closed' AND jsonb_typeof(state->'closure') = 'object'
                   AND (state->'closure'->>'via' = 'on_spot' OR deadline IS NULL
                        OR (state->'closure'->>'at')::timestamptz <= deadline)
                  THEN sign ELSE 0 END)::int AS closed_on_time,
         sum(CASE WHEN jsonb_typeof(state->'listing') = 'object' THEN sign ELSE 0 END)::int AS listed,
         sum(CASE WHEN status IN ('rectification_ordered', 'rectifying') THEN sign ELSE 0 END)::int AS owing
  FROM s GROUP BY 1, 2, 3, 4, 5
)
INSERT INTO hazard_monthly_groups AS r
  (dim, county_code, month, key, grade, reported, found, closed, closed_on_time, listed, owing)
SELECT * FROM d
WHERE reported <> 0 OR found <> 0 OR closed <> 0 OR closed_on_time <> 0 OR listed <> 0 OR owing <> 0
ORDER BY 1, 2, 3, 4, 5
ON CONFLICT ON CONSTRAINT hazard_monthly_groups_key DO UPDATE SET
  reported = r.reported + excluded.reported,
  found = r.found + excluded.found,
  closed = r.closed + excluded.closed,
  closed_on_time = r.closed_on_time + excluded.closed_on_time,
  listed = r.listed + excluded.listed,
  owing = r.owing + excluded.owing
$q$, src),
  $q$DELETE FROM hazard_monthly_groups WHERE reported = 0 AND found = 0 AND closed = 0
       AND closed_on_time = 0 AND listed = 0 AND owing = 0$q$
];
$fn$;

CREATE OR REPLACE FUNCTION hazard_owing_days_sql(src text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $fn$
SELECT ARRAY[
  format($q$
WITH s AS (
  SELECT x.sign, k.dim, substr(x.region_code, 1, 6) AS county_code,
         date_trunc('month', (x.found_at AT TIME ZONE (SELECT m.time_zone FROM hazard_rollup_meta m)))::date AS month,
         (x.deadline AT TIME ZONE 'UTC')::date AS deadline_day, k.key, x.grade
  FROM (%s) x
  LEFT JOIN inspection_findings f ON f.id = x.finding_id
  CROSS JOIN LATERAL (VALUES ('region', substr(x.region_code, 1, 6)),
                             ('town', substr(x.region_code, 1, 9)),
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

-- Backfill the town rows from the hazards already recorded: the functions' statements over all
-- hazards, limited to the new dimension.
DO $do$
DECLARE
  stmt text;
BEGIN
  FOREACH stmt IN ARRAY hazard_group_rollups_sql('SELECT 1 AS sign, * FROM hazards')
                        || hazard_owing_days_sql('SELECT 1 AS sign, * FROM hazards') LOOP
    EXECUTE replace(stmt, 'FROM s GROUP BY', $$FROM s WHERE dim = 'town' GROUP BY$$);
  END LOOP;
END
$do$;
