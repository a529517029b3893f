-- Offline field pages (issue 19): idempotent writes and an inspection version.
--
-- A write sent with an Idempotency-Key header is claimed here under (user_id, key) before it runs;
-- its answer is stored when it has been sent, and a retry with the same key and body gets the stored
-- answer again instead of a second inspection, photo or hazard (src/http/idempotency.ts). Rows expire
-- after 7 days (job idempotency-expiry).
CREATE TABLE idempotent_requests (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key text NOT NULL CHECK (length(key) BETWEEN 8 AND 200),
  method text NOT NULL,
  path text NOT NULL,
  body_hash text NOT NULL,
  -- null while the first request is still running
  status integer,
  response text,
  content_type text,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotent_requests_created ON idempotent_requests (created_at);

-- The version of an inspection's header (title, topic, place, principal, planned date, status,
-- leader): an edit sent with If-Match of an older version answers 409 INSPECTION_CHANGED. Findings,
-- photos and signatures do not bump it (an inspector's own queued findings must not conflict with
-- their own queued edit).
ALTER TABLE inspections ADD COLUMN version integer NOT NULL DEFAULT 1;

CREATE FUNCTION inspections_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.title IS DISTINCT FROM OLD.title OR NEW.topic IS DISTINCT FROM OLD.topic
     OR NEW.place IS DISTINCT FROM OLD.place OR NEW.principal_name IS DISTINCT FROM OLD.principal_name
     OR NEW.planned_on IS DISTINCT FROM OLD.planned_on OR NEW.status IS DISTINCT FROM OLD.status THEN
    NEW.version := OLD.version + 1;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER inspections_version BEFORE UPDATE ON inspections
  FOR EACH ROW EXECUTE FUNCTION inspections_bump_version();

-- Team changes (an officer added or removed: a reassignment) bump it too.
CREATE FUNCTION inspection_members_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE inspections SET version = version + 1 WHERE id = OLD.inspection_id;
  ELSE
    UPDATE inspections SET version = version + 1 WHERE id = NEW.inspection_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER inspection_members_version AFTER INSERT OR DELETE ON inspection_members
  FOR EACH ROW EXECUTE FUNCTION inspection_members_bump_version();
