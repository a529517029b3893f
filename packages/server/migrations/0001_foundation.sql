-- Foundation: reference data, regions, authorities, accounts, registry of the supervised.
-- Every supervised record carries region_code (a division code) so a jurisdiction is a prefix match.

CREATE TABLE regions (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$'),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  level text NOT NULL CHECK (level IN ('province', 'city', 'county', 'town')),
  parent_code text REFERENCES regions(code)
);
CREATE INDEX regions_parent ON regions (parent_code);

-- Reference data loaded from data/reference/*.json at start (upserted), editable by administrators.
CREATE TABLE ref_items (
  kind text NOT NULL,          -- industry | project_type | risk_source_kind | trade | enterprise_scale | project_scale
  code text NOT NULL,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  sort integer NOT NULL DEFAULT 0,
  attrs jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (kind, code)
);

CREATE TABLE certificate_categories (
  code text PRIMARY KEY,
  track text NOT NULL CHECK (track IN ('emergency', 'housing', 'market')),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  validity_years integer NOT NULL CHECK (validity_years > 0),
  review_every_years integer CHECK (review_every_years > 0),
  review_window_days integer NOT NULL DEFAULT 90,
  is_welding boolean NOT NULL DEFAULT false,
  source text NOT NULL
);

CREATE TABLE equipment_categories (
  code text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  interval_months integer NOT NULL CHECK (interval_months > 0),
  warn_days integer NOT NULL DEFAULT 30,
  source text NOT NULL
);

CREATE TABLE authorities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  short_name text NOT NULL,          -- abbreviation used in document numbers, e.g. 金
  kind text NOT NULL CHECK (kind IN ('emergency', 'housing', 'market', 'commission')),
  region_code text NOT NULL REFERENCES regions(code),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (name)
);

CREATE TABLE enterprises (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  credit_code text NOT NULL UNIQUE,
  name text NOT NULL,
  industry_code text NOT NULL,
  scale text NOT NULL CHECK (scale IN ('large', 'medium', 'small', 'micro')),
  address text NOT NULL DEFAULT '',
  region_code text NOT NULL REFERENCES regions(code),
  legal_representative text NOT NULL DEFAULT '',
  safety_principal text NOT NULL DEFAULT '',
  contact_phone text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprises_region ON enterprises (region_code text_pattern_ops);
CREATE INDEX enterprises_name ON enterprises (name);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,40}$'),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager', 'worker')),
  authority_id uuid REFERENCES authorities(id),
  region_code text NOT NULL DEFAULT '' ,   -- jurisdiction prefix; '' = whole country (system administrator)
  enterprise_id uuid REFERENCES enterprises(id),
  worker_id uuid,
  licence_no text,                         -- law-enforcement licence number of an inspector
  phone text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  must_change_password boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  permit_no text NOT NULL DEFAULT '',
  type text NOT NULL,
  scale text NOT NULL DEFAULT 'medium',
  status text NOT NULL CHECK (status IN ('approved', 'under_construction', 'suspended', 'completed')),
  region_code text NOT NULL REFERENCES regions(code),
  address text NOT NULL DEFAULT '',
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lng double precision CHECK (lng BETWEEN -180 AND 180),
  regulator_authority_id uuid REFERENCES authorities(id),
  floor_area_m2 double precision,
  contract_value_wan double precision,
  start_on date,
  planned_completion_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_region ON projects (region_code text_pattern_ops);

-- The five responsible parties of a project (owner, general contractor, supervision, survey, design).
CREATE TABLE project_parties (
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'general_contractor', 'supervision', 'survey', 'design')),
  enterprise_id uuid REFERENCES enterprises(id),
  name text NOT NULL,
  contact text NOT NULL DEFAULT '',
  PRIMARY KEY (project_id, role)
);
CREATE INDEX project_parties_enterprise ON project_parties (enterprise_id);

CREATE TABLE sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL,                  -- a risk_source_kind code
  key_risk_source boolean NOT NULL DEFAULT false,
  risk_colour text CHECK (risk_colour IN ('red', 'orange', 'yellow', 'blue')),
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  region_code text NOT NULL REFERENCES regions(code),
  address text NOT NULL DEFAULT '',
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lng double precision CHECK (lng BETWEEN -180 AND 180),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (enterprise_id IS NOT NULL OR project_id IS NOT NULL)
);
CREATE INDEX sites_region ON sites (region_code text_pattern_ops);

CREATE TABLE workers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- The resident ID number is kept encrypted; lists, logs and exports only ever see the mask.
  id_number_masked text NOT NULL,
  id_number_cipher text NOT NULL,
  id_number_hash text NOT NULL UNIQUE,
  gender text CHECK (gender IN ('male', 'female')),
  birth_date date,
  employer_id uuid NOT NULL REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  trade text NOT NULL,
  phone text NOT NULL DEFAULT '',
  region_code text NOT NULL REFERENCES regions(code),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workers_region ON workers (region_code text_pattern_ops);
CREATE INDEX workers_employer ON workers (employer_id);
ALTER TABLE users ADD CONSTRAINT users_worker FOREIGN KEY (worker_id) REFERENCES workers(id);

CREATE TABLE certificates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  worker_id uuid NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
  category_code text NOT NULL REFERENCES certificate_categories(code),
  number text NOT NULL,
  issued_on date NOT NULL,
  expires_on date NOT NULL,
  next_review_on date,
  last_reviewed_on date,
  issuer text NOT NULL DEFAULT '',
  region_code text NOT NULL REFERENCES regions(code),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (category_code, number),
  CHECK (expires_on > issued_on)
);
CREATE INDEX certificates_worker ON certificates (worker_id);
CREATE INDEX certificates_region ON certificates (region_code text_pattern_ops);

CREATE TABLE equipment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category_code text NOT NULL REFERENCES equipment_categories(code),
  type_name text NOT NULL DEFAULT '',
  registration_code text NOT NULL UNIQUE,
  model text NOT NULL DEFAULT '',
  user_enterprise_id uuid NOT NULL REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  site_id uuid REFERENCES sites(id),
  region_code text NOT NULL REFERENCES regions(code),
  location text NOT NULL DEFAULT '',
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lng double precision CHECK (lng BETWEEN -180 AND 180),
  registered_on date,
  last_inspection_on date,
  last_inspection_result text CHECK (last_inspection_result IN ('pass', 'pass_with_remarks', 'fail')),
  next_inspection_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX equipment_region ON equipment (region_code text_pattern_ops);
CREATE INDEX equipment_next ON equipment (next_inspection_on);

-- Key-value facts about this installation (demo seed, secret key check, …).
CREATE TABLE app_meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
