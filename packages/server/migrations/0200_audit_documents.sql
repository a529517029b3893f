-- Issue 4: the audit chain, enforcement documents with gap-free numbering, cases, notifications, jobs.

-- Audit chain: one hash-linked chain per jurisdiction. The chain key is the county-level division
-- code (the first six digits of the subject's region code; a shorter code is its own chain, ''
-- is the chain 'root'). Each entry carries the hash of the entry before it in its chain.
CREATE TABLE audit_chain_heads (
  chain text PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  chain text NOT NULL,
  seq bigint NOT NULL CHECK (seq > 0),
  at timestamptz NOT NULL,
  actor_id uuid,                    -- null for the system (jobs)
  actor_name text NOT NULL,
  actor_role text NOT NULL,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  region_code text NOT NULL,
  before_digest text,               -- sha256 of the canonical JSON of the state before
  after_digest text,                -- … and after
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL,
  UNIQUE (chain, seq)
);
CREATE INDEX audit_entries_subject ON audit_entries (subject_type, subject_id);
CREATE INDEX audit_entries_region ON audit_entries (region_code text_pattern_ops);
CREATE INDEX audit_entries_at ON audit_entries (at);

-- Document numbering: one row per authority, document kind and year, advanced inside the issuing
-- transaction. The row lock serialises concurrent issuers; a rolled-back issue rolls the counter
-- back too, so serials have neither gaps nor duplicates.
CREATE TABLE document_counters (
  authority_id uuid NOT NULL REFERENCES authorities(id),
  kind text NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  last_serial integer NOT NULL CHECK (last_serial >= 0),
  PRIMARY KEY (authority_id, kind, year)
);

-- Per-authority template overrides; the defaults ship in data/documents/*.yaml.
CREATE TABLE document_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities(id),
  kind text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  body jsonb NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (authority_id, kind, version)
);

-- A case groups the documents and evidence of one enforcement matter, from filing to closing.
CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  authority_id uuid NOT NULL REFERENCES authorities(id),
  region_code text NOT NULL REFERENCES regions(code),
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  site_id uuid REFERENCES sites(id),
  title text NOT NULL,
  source text NOT NULL CHECK (source IN ('inspection', 'hazard', 'alarm', 'report', 'other')),
  source_id uuid,
  summary text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'filed', 'decided', 'closed')),
  hazard_ids uuid[] NOT NULL DEFAULT '{}',
  evidence_file_ids uuid[] NOT NULL DEFAULT '{}',
  opened_by uuid NOT NULL REFERENCES users(id),
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_by uuid REFERENCES users(id),
  closed_at timestamptz,
  closing_note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (enterprise_id IS NOT NULL OR project_id IS NOT NULL)
);
CREATE INDEX cases_region ON cases (region_code text_pattern_ops);
CREATE INDEX cases_enterprise ON cases (enterprise_id);

CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued')),
  authority_id uuid NOT NULL REFERENCES authorities(id),
  region_code text NOT NULL REFERENCES regions(code),
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  site_id uuid REFERENCES sites(id),
  inspection_id uuid,
  alarm_id uuid,
  case_id uuid REFERENCES cases(id),
  hazard_ids uuid[] NOT NULL DEFAULT '{}',
  follows_id uuid REFERENCES documents(id),      -- a review opinion follows an order
  supersedes_id uuid REFERENCES documents(id),   -- a correction supersedes an issued document
  correction_reason text,
  title text NOT NULL,
  edits jsonb NOT NULL DEFAULT '{}',             -- the drafter's values of the template's editable facts
  facts jsonb NOT NULL,                          -- all facts: from the records (refreshed at issue) + edits
  template jsonb,                                -- the template as used at issue (frozen)
  number text UNIQUE,
  year integer,
  serial integer,
  issued_at timestamptz,
  issued_by uuid REFERENCES users(id),
  issued_by_name text,
  content_digest text,                           -- sha256 of the canonical issued record
  pdf_sha256 text,
  pdf_size integer,
  drafted_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (authority_id, kind, year, serial),
  CHECK (status = 'draft' OR (number IS NOT NULL AND serial IS NOT NULL AND issued_at IS NOT NULL AND pdf_sha256 IS NOT NULL AND content_digest IS NOT NULL)),
  CHECK (supersedes_id IS NULL OR correction_reason IS NOT NULL)
);
CREATE INDEX documents_region ON documents (region_code text_pattern_ops);
CREATE INDEX documents_enterprise ON documents (enterprise_id);
CREATE INDEX documents_project ON documents (project_id);
CREATE INDEX documents_case ON documents (case_id);
CREATE INDEX documents_hazards ON documents USING gin (hazard_ids);
CREATE UNIQUE INDEX documents_superseded_once ON documents (supersedes_id) WHERE status = 'issued' AND supersedes_id IS NOT NULL;

-- The rendered PDF of an issued document, written once in the issuing transaction.
CREATE TABLE document_pdfs (
  document_id uuid PRIMARY KEY REFERENCES documents(id),
  content bytea NOT NULL,
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Issued documents and their PDFs are immutable: a correction is a new document.
CREATE FUNCTION redline_documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'issued' THEN
      RAISE EXCEPTION 'issued document % cannot be deleted', OLD.number USING ERRCODE = 'P0001', HINT = 'ISSUED_IMMUTABLE';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'issued' THEN
    RAISE EXCEPTION 'issued document % cannot be changed; issue a correction that supersedes it', OLD.number USING ERRCODE = 'P0001', HINT = 'ISSUED_IMMUTABLE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER documents_immutable BEFORE UPDATE OR DELETE ON documents FOR EACH ROW EXECUTE FUNCTION redline_documents_immutable();

CREATE FUNCTION redline_pdfs_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the PDF of an issued document cannot be changed or deleted' USING ERRCODE = 'P0001', HINT = 'ISSUED_IMMUTABLE';
END $$;
CREATE TRIGGER document_pdfs_immutable BEFORE UPDATE OR DELETE ON document_pdfs FOR EACH ROW EXECUTE FUNCTION redline_pdfs_immutable();

-- Notices for people (overdue rectification, escalations); read by the web header.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  link text,
  subject_type text,
  subject_id uuid,
  dedupe_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);

-- The last run of each background job (for operators; the lock is an advisory lock, not this row).
CREATE TABLE job_runs (
  name text PRIMARY KEY,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_ok boolean,
  last_message text NOT NULL DEFAULT ''
);
