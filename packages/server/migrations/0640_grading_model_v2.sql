-- Grading model version 2 (issue 14 after issue 15): accidents of the target in the window, weighted
-- by grade and deaths (larger or above grades C), and special equipment overdue for its periodic
-- inspection or failed (must not be used, DOMAIN §6). Version 1 stays stored; its computations keep
-- it. See ARCHITECTURE.md "Grading and credit". Numbered after 0600/0610: the triggers below need the
-- accidents table, which a new database only has from 0600 on.

-- Version 2 in force, version 1 kept (the same JSON as the domain's GRADING_MODEL_V2; the grading
-- API test checks).
UPDATE grading_models SET active = false WHERE version = 1 AND region_code = '';
INSERT INTO grading_models (version, region_code, model, active, rationale) VALUES (2, '', '{"version":2,"windowMonths":12,"base":100,"facts":[{"code":"hazards_general","pointsPerUnit":-1,"cap":20},{"code":"hazards_major","pointsPerUnit":-5,"cap":40},{"code":"rectified_on_time","pointsPerUnit":0.5,"cap":5},{"code":"hazards_overdue","pointsPerUnit":-3,"cap":30},{"code":"hazards_repeat","pointsPerUnit":-3,"cap":15},{"code":"alarms_real","pointsPerUnit":-2,"cap":20},{"code":"uncertified_operations","pointsPerUnit":-4,"cap":20},{"code":"credit_listings","pointsPerUnit":-30,"cap":30},{"code":"jgj59_unqualified","pointsPerUnit":-5,"cap":15},{"code":"jgj59_excellent","pointsPerUnit":1,"cap":3},{"code":"model_awards","pointsPerUnit":5,"cap":10},{"code":"accidents_general","pointsPerUnit":-10,"cap":30},{"code":"accidents_larger","pointsPerUnit":-25,"cap":50},{"code":"accidents_serious","pointsPerUnit":-40,"cap":80},{"code":"accidents_especially_serious","pointsPerUnit":-60,"cap":100},{"code":"accident_deaths","pointsPerUnit":-5,"cap":50},{"code":"equipment_overdue","pointsPerUnit":-4,"cap":20}],"riskColourPoints":{"red":-10,"orange":-5,"yellow":-2,"blue":0},"thresholds":{"A":90,"B":70},"forceC":["credit_listings","accidents_larger","accidents_serious","accidents_especially_serious"],"frequencies":{"A":{"perYear":2,"everyMonths":6},"B":{"perYear":4,"everyMonths":3},"C":{"perYear":12,"everyMonths":1}},"awardFeeUpliftPercent":20,"notes":["Accidents of the target in the window count by grade (State Council Order No. 493 art. 3): general −10, larger −25, serious −40, especially serious −60 each, and −5 per death; an accident of grade larger or above grades C.","Special equipment overdue for its periodic inspection, or failed at its last one, must not be used (Special Equipment Safety Law art. 40, DOMAIN §6): −4 each, up to −20. Counted as of the computation; the nightly run catches a date passing.","Weights and thresholds are this product’s proposal for the seed region, not a published national table; a region adopts its own by adding a model version.","A major hazard weighs five general ones (needs stoppage and a treatment plan, DOMAIN §3); overdue and repeated hazards weigh more than finding them (the fix did not hold).","An in-force serious-untrustworthy listing (MEM Order 11, 2023-10-01) grades C: it puts the enterprise in the joint-punishment checks.","Award projects: the seed region raises the safety and civilised construction fee by 20 % of the original rate at settlement (DOMAIN §7a)."],"source":"Redline grading model v2 (2026); facts per DOMAIN.md §1, §3, §5, §6, §7, §10"}', true,
  'Version 1 plus accidents (general -10, larger -25, serious -40, especially serious -60 each, -5 per death; larger or above grades C) and special equipment overdue for periodic inspection or failed (-4 each, cap 20). The product''s proposal, not a national table.');

-- Accidents mark their enterprise and project (insert: a new report; update: a casualty version
-- regrades it, or a correction moves it).
CREATE TRIGGER grading_dirty_accidents_insert AFTER INSERT ON accidents
  REFERENCING NEW TABLE AS grading_new_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_mark_rows();
CREATE TRIGGER grading_dirty_accidents_update AFTER UPDATE ON accidents
  REFERENCING NEW TABLE AS grading_new_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_mark_rows();

-- Special equipment marks its use unit and project when it is registered, or when its inspection
-- result or next date changes (a recorded result sets both; other edits mark nothing). A date merely
-- passing writes nothing: the nightly run catches it.
CREATE FUNCTION grading_mark_equipment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO grading_dirty (target_kind, target_id)
    SELECT DISTINCT k, t FROM (
      SELECT 'enterprise' AS k, user_enterprise_id AS t FROM grading_new_rows
      UNION ALL
      SELECT 'project', project_id FROM grading_new_rows WHERE project_id IS NOT NULL
    ) x
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO grading_dirty (target_kind, target_id)
    SELECT DISTINCT k, t FROM (
      SELECT 'enterprise' AS k, n.user_enterprise_id AS t FROM grading_new_rows n JOIN grading_old_rows o ON o.id = n.id
       WHERE n.next_inspection_on IS DISTINCT FROM o.next_inspection_on
          OR n.last_inspection_result IS DISTINCT FROM o.last_inspection_result
          OR n.user_enterprise_id IS DISTINCT FROM o.user_enterprise_id
          OR n.project_id IS DISTINCT FROM o.project_id
      UNION ALL
      SELECT 'enterprise', o.user_enterprise_id FROM grading_new_rows n JOIN grading_old_rows o ON o.id = n.id
       WHERE n.user_enterprise_id IS DISTINCT FROM o.user_enterprise_id
      UNION ALL
      SELECT 'project', n.project_id FROM grading_new_rows n JOIN grading_old_rows o ON o.id = n.id
       WHERE n.project_id IS NOT NULL
         AND (n.next_inspection_on IS DISTINCT FROM o.next_inspection_on
          OR n.last_inspection_result IS DISTINCT FROM o.last_inspection_result
          OR n.project_id IS DISTINCT FROM o.project_id)
      UNION ALL
      SELECT 'project', o.project_id FROM grading_new_rows n JOIN grading_old_rows o ON o.id = n.id
       WHERE o.project_id IS NOT NULL AND n.project_id IS DISTINCT FROM o.project_id
    ) x
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER grading_dirty_equipment_insert AFTER INSERT ON equipment
  REFERENCING NEW TABLE AS grading_new_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_mark_equipment();
CREATE TRIGGER grading_dirty_equipment_update AFTER UPDATE ON equipment
  REFERENCING OLD TABLE AS grading_old_rows NEW TABLE AS grading_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION grading_mark_equipment();

-- A target's special equipment (the equipment_overdue fact reads by these, never a region scan).
CREATE INDEX equipment_user_enterprise_grading ON equipment (user_enterprise_id);
CREATE INDEX equipment_project_grading ON equipment (project_id) WHERE project_id IS NOT NULL;
