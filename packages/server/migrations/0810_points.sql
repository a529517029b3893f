-- The points exchange (issue 18): rules as data per enterprise or project, an append-only ledger per
-- worker with a balance row kept in the same transaction (row lock, CHECK balance >= 0), a catalogue
-- per site with stock decremented by a conditional UPDATE, and redemptions handed over by the keeper.

CREATE TABLE points_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- exactly one of them: an enterprise's rules, or a project's (which win for its workers)
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  event text NOT NULL CHECK (event IN ('report_verified', 'report_verified_major', 'suggestion_adopted',
    'training_completed', 'drill', 'violation')),
  -- positive for earnings, negative for a deduction (violation)
  points integer NOT NULL CHECK (points BETWEEN -1000 AND 1000),
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((enterprise_id IS NULL) <> (project_id IS NULL)),
  CHECK ((event = 'violation') = (points <= 0))
);
CREATE UNIQUE INDEX points_rules_enterprise ON points_rules (enterprise_id, event) WHERE enterprise_id IS NOT NULL;
CREATE UNIQUE INDEX points_rules_project ON points_rules (project_id, event) WHERE project_id IS NOT NULL;

CREATE TABLE points_accounts (
  worker_id uuid PRIMARY KEY REFERENCES workers(id),
  balance integer NOT NULL DEFAULT 0 CHECK (balance >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE points_entries (
  id bigserial PRIMARY KEY,
  worker_id uuid NOT NULL REFERENCES points_accounts(worker_id),
  kind text NOT NULL CHECK (kind IN ('earn', 'redeem', 'reverse')),
  -- signed: earn > 0 (a deduction for a violation is an earn entry < 0), redeem < 0, reverse either
  points integer NOT NULL CHECK (points <> 0),
  event text NOT NULL,
  reason text NOT NULL,
  -- the record it comes from (a report, a redemption, a training record…)
  source_kind text NOT NULL,
  source_id text NOT NULL,
  reverses bigint REFERENCES points_entries(id),
  site_id uuid REFERENCES sites(id),
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  region_code text NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'redeem' OR points < 0),
  CHECK ((kind = 'reverse') = (reverses IS NOT NULL))
);
-- one entry per (record, worker, event): awarding the same record twice is a no-op, not a second award
CREATE UNIQUE INDEX points_entries_source ON points_entries (source_kind, source_id, worker_id, event) WHERE kind <> 'reverse';
CREATE UNIQUE INDEX points_entries_reversal ON points_entries (reverses) WHERE reverses IS NOT NULL;
CREATE INDEX points_entries_worker ON points_entries (worker_id, created_at DESC, id DESC);
CREATE INDEX points_entries_site_month ON points_entries (site_id, created_at) WHERE site_id IS NOT NULL;
CREATE INDEX points_entries_project ON points_entries (project_id, created_at) WHERE project_id IS NOT NULL;

-- append-only: a mistake is corrected by a reverse entry, never by changing or deleting one
CREATE FUNCTION points_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'points entries are append-only (reverse an entry instead)' USING ERRCODE = '55000';
END $$;
CREATE TRIGGER points_entries_no_change BEFORE UPDATE OR DELETE ON points_entries
  FOR EACH ROW EXECUTE FUNCTION points_entries_append_only();

CREATE TABLE points_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL REFERENCES sites(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '',
  price integer NOT NULL CHECK (price BETWEEN 1 AND 100000),
  stock integer NOT NULL CHECK (stock >= 0),
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX points_items_site ON points_items (site_id, name, id);

CREATE TABLE points_redemptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id uuid NOT NULL REFERENCES points_items(id),
  site_id uuid NOT NULL REFERENCES sites(id),
  worker_id uuid NOT NULL REFERENCES workers(id),
  points integer NOT NULL CHECK (points > 0),
  entry_id bigint NOT NULL REFERENCES points_entries(id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'handed_over', 'cancelled')),
  handed_over_by uuid REFERENCES users(id),
  handed_over_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX points_redemptions_site ON points_redemptions (site_id, created_at DESC, id DESC);
CREATE INDEX points_redemptions_worker ON points_redemptions (worker_id, created_at DESC, id DESC);
