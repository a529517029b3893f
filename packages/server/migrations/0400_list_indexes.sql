-- Issue 13: lists that stay fast at any size.
--
-- A regulator's jurisdiction is a division-code prefix of 2 (province), 4 (city) or 6 (county)
-- digits. `region_code LIKE '3201%'` is a range on the code and cannot feed an index walk in another
-- order, so every list sorted the whole jurisdiction before its LIMIT. The scope predicate now also
-- says `left(region_code, n) = prefix` (src/auth/scope.ts inRegion; the same rows as the LIKE), and
-- these expression indexes — (jurisdiction level, sort key, id) — let PostgreSQL read a page of
-- "this county / city / province, ordered by X" straight off an index, and continue after a keyset
-- cursor (db/paging.ts) without sorting. The national user (prefix '') uses (sort key, id).
-- Sort keys of nullable columns are indexed as coalesce(column, 'infinity'), as paging.ts sorts them.
--
-- Text search (`ILIKE '%…%'` over a list's text columns) goes through pg_trgm GIN indexes; PGlite
-- loads the same extension (db/database.ts), so both engines run this file.

CREATE EXTENSION IF NOT EXISTS pg_trgm;


-- hazards
CREATE INDEX hazards_all_updated ON hazards (updated_at, id);
CREATE INDEX hazards_province_updated ON hazards (left(region_code, 2), updated_at, id);
CREATE INDEX hazards_city_updated ON hazards (left(region_code, 4), updated_at, id);
CREATE INDEX hazards_county_updated ON hazards (left(region_code, 6), updated_at, id);
CREATE INDEX hazards_all_deadline ON hazards (coalesce(deadline, 'infinity'::timestamptz), id);
CREATE INDEX hazards_province_deadline ON hazards (left(region_code, 2), coalesce(deadline, 'infinity'::timestamptz), id);
CREATE INDEX hazards_city_deadline ON hazards (left(region_code, 4), coalesce(deadline, 'infinity'::timestamptz), id);
CREATE INDEX hazards_county_deadline ON hazards (left(region_code, 6), coalesce(deadline, 'infinity'::timestamptz), id);
CREATE INDEX hazards_all_found ON hazards (found_at, id);
CREATE INDEX hazards_province_found ON hazards (left(region_code, 2), found_at, id);
CREATE INDEX hazards_city_found ON hazards (left(region_code, 4), found_at, id);
CREATE INDEX hazards_county_found ON hazards (left(region_code, 6), found_at, id);
CREATE INDEX hazards_trgm_title ON hazards USING gin ((title) gin_trgm_ops);
CREATE INDEX hazards_trgm_description ON hazards USING gin ((description) gin_trgm_ops);

-- inspections
CREATE INDEX inspections_all_created ON inspections (created_at, id);
CREATE INDEX inspections_province_created ON inspections (left(region_code, 2), created_at, id);
CREATE INDEX inspections_city_created ON inspections (left(region_code, 4), created_at, id);
CREATE INDEX inspections_county_created ON inspections (left(region_code, 6), created_at, id);
CREATE INDEX inspections_trgm_number ON inspections USING gin ((number) gin_trgm_ops);
CREATE INDEX inspections_trgm_title ON inspections USING gin ((title) gin_trgm_ops);
CREATE INDEX inspections_trgm_target_name ON inspections USING gin ((target->>'name') gin_trgm_ops);

-- alarms
CREATE INDEX alarms_all_created ON alarms (created_at, id);
CREATE INDEX alarms_province_created ON alarms (left(region_code, 2), created_at, id);
CREATE INDEX alarms_city_created ON alarms (left(region_code, 4), created_at, id);
CREATE INDEX alarms_county_created ON alarms (left(region_code, 6), created_at, id);
CREATE INDEX alarms_trgm_number ON alarms USING gin ((number) gin_trgm_ops);

-- documents
CREATE INDEX documents_all_created ON documents (created_at, id);
CREATE INDEX documents_province_created ON documents (left(region_code, 2), created_at, id);
CREATE INDEX documents_city_created ON documents (left(region_code, 4), created_at, id);
CREATE INDEX documents_county_created ON documents (left(region_code, 6), created_at, id);
CREATE INDEX documents_trgm_title ON documents USING gin ((title) gin_trgm_ops);
CREATE INDEX documents_trgm_number ON documents USING gin ((number) gin_trgm_ops);

-- cases
CREATE INDEX cases_all_opened ON cases (opened_at, id);
CREATE INDEX cases_province_opened ON cases (left(region_code, 2), opened_at, id);
CREATE INDEX cases_city_opened ON cases (left(region_code, 4), opened_at, id);
CREATE INDEX cases_county_opened ON cases (left(region_code, 6), opened_at, id);
CREATE INDEX cases_trgm_title ON cases USING gin ((title) gin_trgm_ops);
CREATE INDEX cases_trgm_number ON cases USING gin ((number) gin_trgm_ops);

-- enterprises
CREATE INDEX enterprises_all_name ON enterprises (name, id);
CREATE INDEX enterprises_province_name ON enterprises (left(region_code, 2), name, id);
CREATE INDEX enterprises_city_name ON enterprises (left(region_code, 4), name, id);
CREATE INDEX enterprises_county_name ON enterprises (left(region_code, 6), name, id);
CREATE INDEX enterprises_trgm_name ON enterprises USING gin ((name) gin_trgm_ops);
CREATE INDEX enterprises_trgm_credit_code ON enterprises USING gin ((credit_code) gin_trgm_ops);
CREATE INDEX enterprises_trgm_address ON enterprises USING gin ((address) gin_trgm_ops);
CREATE INDEX enterprises_trgm_safety_principal ON enterprises USING gin ((safety_principal) gin_trgm_ops);

-- projects
CREATE INDEX projects_all_name ON projects (name, id);
CREATE INDEX projects_province_name ON projects (left(region_code, 2), name, id);
CREATE INDEX projects_city_name ON projects (left(region_code, 4), name, id);
CREATE INDEX projects_county_name ON projects (left(region_code, 6), name, id);
CREATE INDEX projects_trgm_name ON projects USING gin ((name) gin_trgm_ops);
CREATE INDEX projects_trgm_permit_no ON projects USING gin ((permit_no) gin_trgm_ops);
CREATE INDEX projects_trgm_address ON projects USING gin ((address) gin_trgm_ops);

-- sites
CREATE INDEX sites_all_name ON sites (name, id);
CREATE INDEX sites_province_name ON sites (left(region_code, 2), name, id);
CREATE INDEX sites_city_name ON sites (left(region_code, 4), name, id);
CREATE INDEX sites_county_name ON sites (left(region_code, 6), name, id);
CREATE INDEX sites_trgm_name ON sites USING gin ((name) gin_trgm_ops);
CREATE INDEX sites_trgm_address ON sites USING gin ((address) gin_trgm_ops);

-- workers
CREATE INDEX workers_all_name ON workers (name, id);
CREATE INDEX workers_province_name ON workers (left(region_code, 2), name, id);
CREATE INDEX workers_city_name ON workers (left(region_code, 4), name, id);
CREATE INDEX workers_county_name ON workers (left(region_code, 6), name, id);
CREATE INDEX workers_trgm_name ON workers USING gin ((name) gin_trgm_ops);
CREATE INDEX workers_trgm_id_number_masked ON workers USING gin ((id_number_masked) gin_trgm_ops);
CREATE INDEX workers_trgm_phone ON workers USING gin ((phone) gin_trgm_ops);

-- certificates
CREATE INDEX certificates_all_expires ON certificates (expires_on, id);
CREATE INDEX certificates_province_expires ON certificates (left(region_code, 2), expires_on, id);
CREATE INDEX certificates_city_expires ON certificates (left(region_code, 4), expires_on, id);
CREATE INDEX certificates_county_expires ON certificates (left(region_code, 6), expires_on, id);
CREATE INDEX certificates_trgm_number ON certificates USING gin ((number) gin_trgm_ops);

-- equipment
CREATE INDEX equipment_all_next_inspection ON equipment (coalesce(next_inspection_on, 'infinity'::date), id);
CREATE INDEX equipment_province_next_inspection ON equipment (left(region_code, 2), coalesce(next_inspection_on, 'infinity'::date), id);
CREATE INDEX equipment_city_next_inspection ON equipment (left(region_code, 4), coalesce(next_inspection_on, 'infinity'::date), id);
CREATE INDEX equipment_county_next_inspection ON equipment (left(region_code, 6), coalesce(next_inspection_on, 'infinity'::date), id);
CREATE INDEX equipment_trgm_registration_code ON equipment USING gin ((registration_code) gin_trgm_ops);
CREATE INDEX equipment_trgm_type_name ON equipment USING gin ((type_name) gin_trgm_ops);
CREATE INDEX equipment_trgm_location ON equipment USING gin ((location) gin_trgm_ops);

-- devices
CREATE INDEX devices_all_code ON devices (code, id);
CREATE INDEX devices_province_code ON devices (left(region_code, 2), code, id);
CREATE INDEX devices_city_code ON devices (left(region_code, 4), code, id);
CREATE INDEX devices_county_code ON devices (left(region_code, 6), code, id);
CREATE INDEX devices_trgm_code ON devices USING gin ((code) gin_trgm_ops);
CREATE INDEX devices_trgm_name ON devices USING gin ((name) gin_trgm_ops);

-- audit_entries
CREATE INDEX audit_entries_all_at ON audit_entries (at, id);
CREATE INDEX audit_entries_province_at ON audit_entries (left(region_code, 2), at, id);
CREATE INDEX audit_entries_city_at ON audit_entries (left(region_code, 4), at, id);
CREATE INDEX audit_entries_county_at ON audit_entries (left(region_code, 6), at, id);

-- ingest_rejections
CREATE INDEX ingest_rejections_all_received ON ingest_rejections (received_at, id);
CREATE INDEX ingest_rejections_province_received ON ingest_rejections (left(region_code, 2), received_at, id);
CREATE INDEX ingest_rejections_city_received ON ingest_rejections (left(region_code, 4), received_at, id);
CREATE INDEX ingest_rejections_county_received ON ingest_rejections (left(region_code, 6), received_at, id);
