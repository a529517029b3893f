-- Issue 14 (part 1): risk points and their LEC / LS assessments (double prevention, DOMAIN §3–4),
-- versioned band sets per region or industry, the site's computed colour, and the four-colour risk
-- map (a site plan with zones drawn on it).

-- Band sets: the score → colour bands of one method for a scope (a region code prefix, '' = the
-- whole country, and optionally one industry). Never edited: a change is a new version.
CREATE TABLE risk_band_sets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  method text NOT NULL CHECK (method IN ('LEC', 'LS')),
  region_prefix text NOT NULL DEFAULT '' CHECK (region_prefix ~ '^([0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?)?$'),
  industry_code text,                         -- null = every industry
  version integer NOT NULL CHECK (version > 0),
  factors jsonb NOT NULL,                     -- allowed values per factor, e.g. {"L":[10,6,…],…}
  bands jsonb NOT NULL,                       -- [{colour, from, includeFrom}] from the most severe down
  effective_from date NOT NULL,
  source text NOT NULL,                       -- where the bands come from (edition, document)
  confirmation text NOT NULL,                 -- how (and whether) they were confirmed
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (method, region_prefix, industry_code, version)
);

-- The defaults of DOMAIN.md §4, shipped as version 1 for the whole country.
INSERT INTO risk_band_sets (method, region_prefix, industry_code, version, factors, bands, effective_from, source, confirmation)
VALUES
  ('LEC', '', NULL, 1,
   '{"L":[10,6,3,1,0.5,0.2,0.1],"E":[10,6,3,2,1,0.5],"C":[100,40,15,7,3,1]}',
   '[{"colour":"red","from":320,"includeFrom":false},{"colour":"orange","from":160,"includeFrom":true},{"colour":"yellow","from":70,"includeFrom":true},{"colour":"blue","from":0,"includeFrom":true}]',
   '2000-01-01',
   'LEC 作业条件危险性评价法（Graham–Kinney）常用取值与分级：D > 320 红，160–320 橙，70–160 黄，< 70 蓝 / DOMAIN.md §4',
   '取自公开二手资料，未与地方标准原文核对；地方另有规定时请新增本地版本 / from public secondary copies, not checked against a regional standard'),
  ('LS', '', NULL, 1,
   '{"L":[1,2,3,4,5],"S":[1,2,3,4,5]}',
   '[{"colour":"red","from":20,"includeFrom":true},{"colour":"orange","from":10,"includeFrom":true},{"colour":"yellow","from":4,"includeFrom":true},{"colour":"blue","from":0,"includeFrom":true}]',
   '2000-01-01',
   'LS 风险矩阵 R = L × S（1–5）：1–3 蓝，4–9 黄，10–16 橙，20–25 红（一种常见来源）/ DOMAIN.md §4',
   '分级因来源而异，此为一种常见来源，未核对；地方另有规定时请新增本地版本 / bands differ by source; one common source, unconfirmed');

CREATE TABLE risk_points (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL REFERENCES sites(id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('place', 'equipment', 'activity')),
  location text NOT NULL DEFAULT '',
  hazard_factors jsonb NOT NULL DEFAULT '[]',     -- ["高处坠落", …]
  control_measures jsonb NOT NULL DEFAULT '[]',   -- [{"measure": "…", "responsible": "…"}]
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  retired_by uuid REFERENCES users(id),
  retire_reason text
);
CREATE INDEX risk_points_site ON risk_points (site_id);
CREATE INDEX risk_points_created ON risk_points (created_at, id);

-- The checklist items that control a risk point: a library and an item code (the item chosen in a
-- published version is kept; later versions of the library match by the code).
CREATE TABLE risk_point_items (
  risk_point_id uuid NOT NULL REFERENCES risk_points(id) ON DELETE CASCADE,
  library_id uuid NOT NULL REFERENCES checklist_libraries(id),
  item_code text NOT NULL,
  item_id uuid NOT NULL REFERENCES checklist_items(id),
  version_id uuid NOT NULL REFERENCES checklist_versions(id),
  PRIMARY KEY (risk_point_id, library_id, item_code)
);
CREATE INDEX risk_point_items_code ON risk_point_items (item_code);

-- Every assessment is a new row; the latest one of a point is its colour.
CREATE TABLE risk_assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  risk_point_id uuid NOT NULL REFERENCES risk_points(id),
  method text NOT NULL CHECK (method IN ('LEC', 'LS')),
  factors jsonb NOT NULL,
  value double precision NOT NULL,
  colour text NOT NULL CHECK (colour IN ('red', 'orange', 'yellow', 'blue')),
  band_set_id uuid NOT NULL REFERENCES risk_band_sets(id),
  band_version integer NOT NULL,
  explanation jsonb NOT NULL DEFAULT '[]',
  note text NOT NULL DEFAULT '',
  assessed_by uuid NOT NULL REFERENCES users(id),
  assessed_at timestamptz NOT NULL
);
CREATE INDEX risk_assessments_point ON risk_assessments (risk_point_id, assessed_at DESC, id DESC);

-- The site plan of the four-colour risk map (the current one; a new upload replaces it).
CREATE TABLE site_plans (
  site_id uuid PRIMARY KEY REFERENCES sites(id),
  file_id uuid NOT NULL REFERENCES files(id),
  uploaded_by uuid REFERENCES users(id),
  uploaded_at timestamptz NOT NULL
);

-- Zones drawn on the plan: a polygon in coordinates relative to the image (0..1), tied to risk points.
CREATE TABLE risk_zones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL REFERENCES sites(id),
  name text NOT NULL,
  polygon jsonb NOT NULL,                       -- [[x, y], …], 3 or more points, 0 ≤ x, y ≤ 1
  sort integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX risk_zones_site ON risk_zones (site_id);
CREATE TABLE risk_zone_points (
  zone_id uuid NOT NULL REFERENCES risk_zones(id) ON DELETE CASCADE,
  risk_point_id uuid NOT NULL REFERENCES risk_points(id),
  PRIMARY KEY (zone_id, risk_point_id)
);

-- The site's colour is now computed from its risk points (modules/risk-points). A colour set by hand
-- before this migration is kept aside, not shown as computed: no risk point stands behind it yet.
ALTER TABLE sites ADD COLUMN risk_colour_legacy text CHECK (risk_colour_legacy IN ('red', 'orange', 'yellow', 'blue'));
UPDATE sites SET risk_colour_legacy = risk_colour, risk_colour = NULL WHERE risk_colour IS NOT NULL;

-- Hazards found at a site on an item, for a risk point's attention.
CREATE INDEX hazards_site_item ON hazards (site_id, checklist_item_code) WHERE site_id IS NOT NULL;
