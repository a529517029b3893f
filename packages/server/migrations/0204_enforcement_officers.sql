-- Enforcement by at least two officers (Administrative Penalty Law of the PRC, 2021 revision, art. 42;
-- art. 55: officers show their law-enforcement certificates 执法证). Issue 11.

-- One certificate, one officer: two accounts carrying the same certificate number are not two officers.
CREATE UNIQUE INDEX users_licence_no ON users (upper(licence_no)) WHERE licence_no IS NOT NULL AND licence_no <> '';

-- Each officer of an inspection team confirms, themself, that they took part.
ALTER TABLE inspection_members ADD COLUMN confirmed_at timestamptz;
ALTER TABLE inspection_members ADD COLUMN added_by uuid REFERENCES users(id);

-- The officers named on an enforcement document besides the participants of the inspection it comes
-- from (documents from an alarm or a case: the drafter and the colleague they name). Each confirms.
CREATE TABLE document_officers (
  document_id uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  named_by uuid NOT NULL REFERENCES users(id),
  named_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  PRIMARY KEY (document_id, user_id)
);
CREATE INDEX document_officers_user ON document_officers (user_id);

-- The officers of an issued document are frozen with it (its facts name them and their numbers).
CREATE FUNCTION redline_document_officers_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  doc uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN doc := OLD.document_id; ELSE doc := NEW.document_id; END IF;
  IF EXISTS (SELECT 1 FROM documents WHERE id = doc AND status = 'issued') THEN
    RAISE EXCEPTION 'the officers of an issued document cannot change' USING ERRCODE = 'P0001', HINT = 'ISSUED_IMMUTABLE';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER document_officers_frozen BEFORE INSERT OR UPDATE OR DELETE ON document_officers
  FOR EACH ROW EXECUTE FUNCTION redline_document_officers_frozen();
