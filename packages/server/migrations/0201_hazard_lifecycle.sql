-- Issue 4: the hazard rectification lifecycle on top of the hazards table of 0101.
-- The current state stays in hazards.state (the domain HazardState) with status/deadline/grade
-- mirrored into columns for queries; every transition is an event here and an audit entry.

CREATE TABLE hazard_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hazard_id uuid NOT NULL REFERENCES hazards(id),
  seq integer NOT NULL CHECK (seq > 0),
  type text NOT NULL,
  at timestamptz NOT NULL,
  actor_id uuid REFERENCES users(id),
  actor_name text NOT NULL,
  actor_role text NOT NULL,
  authority_id uuid REFERENCES authorities(id),
  from_status text,
  to_status text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  evidence_file_ids uuid[] NOT NULL DEFAULT '{}',
  document_id uuid REFERENCES documents(id),
  region_code text NOT NULL,
  UNIQUE (hazard_id, seq)
);
CREATE INDEX hazard_events_hazard ON hazard_events (hazard_id, seq);
CREATE INDEX hazard_events_at ON hazard_events (at);

-- Overdue escalation stages reached (1 = notice to the enterprise, 2 = notice to the inspector's
-- leader), per deadline: a new deadline starts the stages again. The primary key makes a stage
-- happen once even when two instances run the job.
CREATE TABLE hazard_escalations (
  hazard_id uuid NOT NULL REFERENCES hazards(id),
  stage integer NOT NULL CHECK (stage > 0),
  deadline timestamptz NOT NULL,
  escalated_at timestamptz NOT NULL DEFAULT now(),
  notified_user_ids uuid[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (hazard_id, stage, deadline)
);

-- Open hazards by deadline (the overdue job and overdue counts), and closures for the rates.
CREATE INDEX hazards_open_deadline ON hazards (deadline) WHERE status IN ('rectification_ordered', 'rectifying');
CREATE INDEX hazards_found_at ON hazards (found_at);
CREATE INDEX hazards_found_by ON hazards (found_by);
