-- Photo mark-up (issue 16): an inspector circles or points at the defect on a photo before saving.
-- The original stays as taken (the evidence, with its EXIF time and place); the marked-up copy is a
-- file of its own whose derived_from names the original. Forward-only; NULL for every other file.
ALTER TABLE files ADD COLUMN derived_from uuid REFERENCES files (id);
CREATE INDEX files_derived_from ON files (derived_from) WHERE derived_from IS NOT NULL;
