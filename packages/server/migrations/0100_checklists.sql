-- Checklist libraries (排查清单): library → versions → modules → items.
-- A version is a draft until published; a published (or superseded / retired) version is frozen,
-- so an inspection that used it keeps exactly the items it was inspected against.

CREATE TABLE checklist_libraries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  name_zh text NOT NULL,
  name_en text NOT NULL DEFAULT '',
  scope text NOT NULL DEFAULT 'general',          -- construction | special_equipment | industry | general
  -- '' = a national library; otherwise the jurisdiction (division-code prefix) that owns a local library.
  region_code text NOT NULL DEFAULT '' CHECK (region_code ~ '^([0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?)?$'),
  authority_id uuid REFERENCES authorities(id),
  -- A local library adds its modules on top of this (national) library.
  extends_library_id uuid REFERENCES checklist_libraries(id),
  origin text NOT NULL DEFAULT 'ui' CHECK (origin IN ('shipped', 'ui', 'import')),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checklist_libraries_region ON checklist_libraries (region_code text_pattern_ops);

CREATE TABLE checklist_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES checklist_libraries(id),
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL CHECK (status IN ('draft', 'published', 'superseded', 'retired')),
  label text NOT NULL DEFAULT '',                 -- the version text of the source file, if any
  name_zh text NOT NULL,
  name_en text NOT NULL DEFAULT '',
  edition text NOT NULL DEFAULT '',               -- e.g. JGJ 59-2011, 建质规〔2024〕5号
  description jsonb NOT NULL DEFAULT '{"zh": "", "en": ""}',
  scored boolean NOT NULL DEFAULT false,
  summary jsonb NOT NULL DEFAULT '[]',            -- JGJ 59 summary items: key, name, weight, tables
  effective_on date,
  source text NOT NULL DEFAULT '',                -- data/checklists/<file> | ui | import:<file name>
  content_sha256 text,                            -- of the source file, for idempotent loading
  item_count integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  published_by uuid REFERENCES users(id),
  retired_at timestamptz,
  retired_by uuid REFERENCES users(id),
  UNIQUE (library_id, version)
);
CREATE UNIQUE INDEX checklist_versions_one_draft ON checklist_versions (library_id) WHERE status = 'draft';
CREATE UNIQUE INDEX checklist_versions_one_published ON checklist_versions (library_id) WHERE status = 'published';

CREATE TABLE checklist_modules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version_id uuid NOT NULL REFERENCES checklist_versions(id) ON DELETE CASCADE,
  code text NOT NULL,
  sort integer NOT NULL DEFAULT 0,
  name_zh text NOT NULL,
  name_en text NOT NULL DEFAULT '',
  description jsonb NOT NULL DEFAULT '{"zh": "", "en": ""}',
  table_code text,                                -- JGJ 59 appendix B table, e.g. B.3
  has_split boolean,                              -- guarantee / general split of a scored table
  UNIQUE (version_id, code)
);

CREATE TABLE checklist_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version_id uuid NOT NULL REFERENCES checklist_versions(id) ON DELETE CASCADE,
  module_id uuid NOT NULL REFERENCES checklist_modules(id) ON DELETE CASCADE,
  code text NOT NULL,
  sort integer NOT NULL DEFAULT 0,
  title_zh text NOT NULL,
  title_en text NOT NULL DEFAULT '',
  grade text NOT NULL CHECK (grade IN ('general', 'major')),      -- default hazard grade
  scoring_kind text CHECK (scoring_kind IN ('guarantee', 'general')),
  body jsonb NOT NULL,                            -- the whole item, as in the library file
  search_text text NOT NULL DEFAULT '',           -- lower-cased zh + en text searched by the library browser
  UNIQUE (version_id, code)
);
CREATE INDEX checklist_items_module ON checklist_items (module_id, sort);
CREATE INDEX checklist_items_version ON checklist_items (version_id, sort);

-- Only a draft's modules and items change; a published version is frozen (the API refuses first
-- with a clear message; this is the backstop).
CREATE FUNCTION checklist_version_is_draft() RETURNS trigger AS $$
DECLARE
  v_status text;
BEGIN
  SELECT status INTO v_status FROM checklist_versions
   WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.version_id ELSE NEW.version_id END);
  -- NULL: the version itself is being deleted (a discarded draft), its rows go with it.
  IF v_status IS NOT NULL AND v_status <> 'draft' THEN
    RAISE EXCEPTION 'checklist version is % and can no longer change', v_status USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.version_id <> NEW.version_id THEN
    RAISE EXCEPTION 'a checklist row cannot move to another version' USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER checklist_modules_frozen BEFORE INSERT OR UPDATE OR DELETE ON checklist_modules
  FOR EACH ROW EXECUTE FUNCTION checklist_version_is_draft();
CREATE TRIGGER checklist_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON checklist_items
  FOR EACH ROW EXECUTE FUNCTION checklist_version_is_draft();

CREATE FUNCTION checklist_version_delete_draft_only() RETURNS trigger AS $$
BEGIN
  IF OLD.status <> 'draft' THEN
    RAISE EXCEPTION 'only a draft checklist version can be deleted' USING ERRCODE = 'check_violation';
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER checklist_versions_delete BEFORE DELETE ON checklist_versions
  FOR EACH ROW EXECUTE FUNCTION checklist_version_delete_draft_only();
