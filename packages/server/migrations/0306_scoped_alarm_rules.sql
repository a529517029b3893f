-- (Numbered 0306, not the 0206 first planned: alarm_rules is created by 0300, and files run in name order.)
-- Scoped alarm rules (issue 11): national defaults (region_code '') with overrides at province (2),
-- city (4) or district (6 digits) that apply only inside that jurisdiction. One version in force per
-- (code, scope); version numbers stay unique per code across scopes, so an alarm's (rule_code,
-- rule_version) still names exactly one version.
ALTER TABLE alarm_rules ADD COLUMN region_code text NOT NULL DEFAULT '';
ALTER TABLE alarm_rules ADD CONSTRAINT alarm_rules_scope_level
  CHECK (region_code = '' OR region_code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$');

-- Before this migration every console edit applied nationally, whoever made it. A version edited
-- by a user of a province, city or district becomes what it was meant to be: that jurisdiction's
-- override (a town-level author's edit goes to their district). National and shipped versions stay.
UPDATE alarm_rules r
   SET region_code = CASE WHEN length(u.region_code) > 6 THEN left(u.region_code, 6) ELSE u.region_code END
  FROM users u
 WHERE r.created_by = u.id
   AND r.source = 'edited'
   AND u.region_code ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$';

DROP INDEX alarm_rules_one_active;
-- In each scope the newest version is the one in force (every edit made its version the active one).
UPDATE alarm_rules r
   SET active = (r.version = (SELECT max(x.version) FROM alarm_rules x
                               WHERE x.code = r.code AND x.region_code = r.region_code));
CREATE UNIQUE INDEX alarm_rules_one_active ON alarm_rules (code, region_code) WHERE active;
