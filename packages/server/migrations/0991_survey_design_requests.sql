-- Issue 17 part 3: a regulator or the constructor asks the survey (勘察) or design (设计) party of a
-- project a question (e.g. to clarify a foundation condition); that party's accounts answer it; the
-- asking side closes it. Seen by whoever sees the project; every step audited (subject: the project).
CREATE TABLE project_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  region_code text NOT NULL,
  to_party text NOT NULL CHECK (to_party IN ('survey', 'design')),
  subject text NOT NULL,
  question text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
  asked_by uuid NOT NULL REFERENCES users(id),
  asked_by_name text NOT NULL,
  -- the party the asker acted for; NULL = a regulator
  asked_by_party text,
  asked_at timestamptz NOT NULL,
  answer text,
  answered_by uuid REFERENCES users(id),
  answered_by_name text,
  answered_at timestamptz,
  closed_by uuid REFERENCES users(id),
  closed_at timestamptz,
  CHECK (status <> 'answered' OR answered_at IS NOT NULL),
  CHECK (status <> 'closed' OR closed_at IS NOT NULL)
);
CREATE INDEX project_requests_project ON project_requests (project_id, asked_at DESC);
