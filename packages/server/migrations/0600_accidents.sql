-- Accident reports (issue 15). Grades by State Council Order No. 493 art. 3 (computed by the domain's
-- gradeAccident and stored with each version), reporting to each level within the deadlines of
-- art. 9–10, casualty changes within 30 days (7 for road traffic and fire, art. 13) kept as versions.
-- Types: GB 6441-1986 企业职工伤亡事故分类, annex A (20 types), reference data here with the edition.

CREATE TABLE accident_types (
  code text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  sort integer NOT NULL,
  source text NOT NULL
);
INSERT INTO accident_types (code, name_zh, name_en, sort, source) VALUES
  ('01', '物体打击', 'Object strike', 1, 'GB 6441-1986'),
  ('02', '车辆伤害', 'Vehicle injury', 2, 'GB 6441-1986'),
  ('03', '机械伤害', 'Mechanical injury', 3, 'GB 6441-1986'),
  ('04', '起重伤害', 'Lifting injury', 4, 'GB 6441-1986'),
  ('05', '触电', 'Electric shock', 5, 'GB 6441-1986'),
  ('06', '淹溺', 'Drowning', 6, 'GB 6441-1986'),
  ('07', '灼烫', 'Burns', 7, 'GB 6441-1986'),
  ('08', '火灾', 'Fire', 8, 'GB 6441-1986'),
  ('09', '高处坠落', 'Fall from height', 9, 'GB 6441-1986'),
  ('10', '坍塌', 'Collapse', 10, 'GB 6441-1986'),
  ('11', '冒顶片帮', 'Roof fall', 11, 'GB 6441-1986'),
  ('12', '透水', 'Water inrush', 12, 'GB 6441-1986'),
  ('13', '放炮', 'Blasting', 13, 'GB 6441-1986'),
  ('14', '火药爆炸', 'Explosive (gunpowder) explosion', 14, 'GB 6441-1986'),
  ('15', '瓦斯爆炸', 'Fire-damp explosion', 15, 'GB 6441-1986'),
  ('16', '锅炉爆炸', 'Boiler explosion', 16, 'GB 6441-1986'),
  ('17', '容器爆炸', 'Vessel explosion', 17, 'GB 6441-1986'),
  ('18', '其它爆炸', 'Other explosion', 18, 'GB 6441-1986'),
  ('19', '中毒和窒息', 'Poisoning and asphyxiation', 19, 'GB 6441-1986'),
  ('20', '其它伤害', 'Other injury', 20, 'GB 6441-1986');

CREATE TABLE accidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the place: full division code (county or town), so any jurisdiction level is a prefix
  region_code text NOT NULL REFERENCES regions(code),
  address text NOT NULL DEFAULT '',
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  occurred_at timestamptz NOT NULL,
  -- the date of occurred_at in TIME_ZONE (periods and year-on-year are counted by it)
  occurred_on date NOT NULL,
  type_code text NOT NULL REFERENCES accident_types(code),
  -- art. 13: road traffic and fire accidents re-report casualty changes within 7 days, others 30
  road_traffic boolean NOT NULL DEFAULT false,
  -- special equipment involved (an elevator accident: '3000'), for statistics by equipment
  equipment_category_code text REFERENCES equipment_categories(code),
  industry text,
  course text NOT NULL DEFAULT '',
  measures text NOT NULL DEFAULT '',
  -- the current (latest version's) figures; every version is in accident_versions
  deaths integer NOT NULL CHECK (deaths >= 0),
  serious_injuries integer NOT NULL CHECK (serious_injuries >= 0), -- incl. acute industrial poisoning
  minor_injuries integer NOT NULL DEFAULT 0 CHECK (minor_injuries >= 0),
  missing integer NOT NULL DEFAULT 0 CHECK (missing >= 0),
  direct_loss_yuan numeric(16, 2) NOT NULL DEFAULT 0 CHECK (direct_loss_yuan >= 0),
  grade text NOT NULL CHECK (grade IN ('especially_serious', 'serious', 'larger', 'general')),
  version integer NOT NULL DEFAULT 1,
  -- when each level was reported to (null = not yet); deadlines are the domain's reportingDeadlines
  reported_county_at timestamptz,
  reported_city_at timestamptz,
  reported_province_at timestamptz,
  reported_national_at timestamptz,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accidents_region ON accidents (region_code text_pattern_ops, occurred_on);
CREATE INDEX accidents_occurred ON accidents (occurred_at DESC, id DESC);
CREATE INDEX accidents_occurred_on ON accidents (occurred_on);
CREATE INDEX accidents_enterprise ON accidents (enterprise_id) WHERE enterprise_id IS NOT NULL;
CREATE INDEX accidents_project ON accidents (project_id) WHERE project_id IS NOT NULL;

-- Every version of the casualty and loss figures (version 1 = the first report), with its grade.
CREATE TABLE accident_versions (
  accident_id uuid NOT NULL REFERENCES accidents(id) ON DELETE CASCADE,
  version integer NOT NULL,
  deaths integer NOT NULL CHECK (deaths >= 0),
  serious_injuries integer NOT NULL CHECK (serious_injuries >= 0),
  minor_injuries integer NOT NULL CHECK (minor_injuries >= 0),
  missing integer NOT NULL CHECK (missing >= 0),
  direct_loss_yuan numeric(16, 2) NOT NULL CHECK (direct_loss_yuan >= 0),
  grade text NOT NULL CHECK (grade IN ('especially_serious', 'serious', 'larger', 'general')),
  note text NOT NULL DEFAULT '',
  recorded_by uuid REFERENCES users(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (accident_id, version)
);
