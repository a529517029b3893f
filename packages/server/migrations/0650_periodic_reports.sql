-- Periodic reports (issue 15): a jurisdiction's monthly, quarterly and yearly report, generated on
-- demand by a leader or by the scheduled job after the period closes, kept with its figures as a
-- JSON snapshot and the SHA-256 of its PDF and Excel files (stored content-addressed under
-- DATA_DIR/files like every other file). Numbered per jurisdiction and year: RPT-<region>-<yyyy>-<seq>,
-- the serial from report_counters advanced in the generating transaction (its row lock serialises
-- concurrent generators; a rolled-back generation rolls the counter back: no gaps, no duplicates).

CREATE TABLE report_counters (
  region_code text NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  last_serial integer NOT NULL CHECK (last_serial >= 0),
  PRIMARY KEY (region_code, year)
);

CREATE TABLE periodic_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  region_code text NOT NULL REFERENCES regions(code),
  region_name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('month', 'quarter', 'year')),
  period_start date NOT NULL,
  period_end date NOT NULL,          -- the period's last day (a period still running: its last day so far)
  year integer NOT NULL,
  serial integer NOT NULL CHECK (serial > 0),
  figures jsonb NOT NULL,
  pdf_sha256 text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  pdf_size integer NOT NULL,
  xlsx_sha256 text NOT NULL CHECK (xlsx_sha256 ~ '^[0-9a-f]{64}$'),
  xlsx_size integer NOT NULL,
  generated_by uuid REFERENCES users(id),
  generated_by_system boolean NOT NULL DEFAULT false,
  generated_at timestamptz NOT NULL,
  CHECK (generated_by_system = (generated_by IS NULL)),
  CHECK (period_end >= period_start),
  UNIQUE (region_code, year, serial)
);

-- The scheduled job generates each (jurisdiction, kind, period) once; on-demand reports may repeat.
CREATE UNIQUE INDEX periodic_reports_scheduled ON periodic_reports (region_code, kind, period_start)
  WHERE generated_by_system;
-- The list: a jurisdiction's reports, newest first, a page by key (generated_at, id).
CREATE INDEX periodic_reports_region ON periodic_reports (region_code text_pattern_ops, generated_at DESC, id DESC);
CREATE INDEX periodic_reports_generated ON periodic_reports (generated_at DESC, id DESC);
