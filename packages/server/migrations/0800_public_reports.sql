-- Public and worker hazard reports (issue 18). Anyone may report (no account); a worker reports from
-- their site and may send suggestions. A report is routed to the authority of the place (regulators
-- see it by region prefix, like every record) and, for a known site, shown to the responsible
-- enterprise without the reporter. A handler verifies it: a real hazard becomes a hazard through the
-- one create-hazard use case, a duplicate is linked to the existing report or hazard, anything else is
-- closed with a reason the reporter reads on the tracking page (by the tracking code alone).

-- One unguessable token per site for its printed QR poster (/r/<token>); rotating it retires posters.
CREATE TABLE site_report_links (
  site_id uuid PRIMARY KEY REFERENCES sites(id),
  token text NOT NULL UNIQUE CHECK (token ~ '^[2-9A-HJ-NP-Z]{12}$'),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- what the reporter holds: 12 characters of 2-9 and A-Z without I and O (32 symbols, 60 bits)
  tracking_code text NOT NULL UNIQUE CHECK (tracking_code ~ '^[2-9A-HJ-NP-Z]{12}$'),
  kind text NOT NULL CHECK (kind IN ('hazard', 'suggestion')),
  channel text NOT NULL CHECK (channel IN ('public', 'worker')),
  -- the place: full division code (county or town) so a jurisdiction is a prefix
  region_code text NOT NULL REFERENCES regions(code),
  site_id uuid REFERENCES sites(id),
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  -- the authority of the place (the nearest one by region) it was routed to
  authority_id uuid REFERENCES authorities(id),
  address text NOT NULL DEFAULT '',
  description text NOT NULL CHECK (length(description) BETWEEN 5 AND 2000),
  photo_file_ids uuid[] NOT NULL DEFAULT '{}',
  photo_hashes text[] NOT NULL DEFAULT '{}',
  -- the reporter: never shown to the enterprise nor on the tracking page; read by regulators only
  -- through an audited request
  anonymous boolean NOT NULL DEFAULT true,
  reporter_name text,
  reporter_contact text,
  reporter_user_id uuid REFERENCES users(id),
  reporter_worker_id uuid REFERENCES workers(id),
  -- keyed hashes (HMAC with the server secret) for rate limits; never the address itself
  client_address_hash text,
  device_hash text,
  status text NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'hazard', 'duplicate', 'not_hazard', 'adopted', 'not_adopted')),
  -- an earlier report that looks the same (same place, close in time, similar text): a hint to the handler
  suspected_duplicate_of uuid REFERENCES public_reports(id),
  duplicate_of_report_id uuid REFERENCES public_reports(id),
  duplicate_of_hazard_id uuid REFERENCES hazards(id),
  hazard_id uuid REFERENCES hazards(id),
  grade text CHECK (grade IN ('general', 'major')),
  -- what the reporter reads (not a hazard, duplicate, not adopted); no names of people
  outcome_reason text,
  deadline timestamptz NOT NULL,
  escalated_at timestamptz,
  handled_by uuid REFERENCES users(id),
  handled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'hazard') = (hazard_id IS NOT NULL)),
  CHECK (status <> 'duplicate' OR duplicate_of_report_id IS NOT NULL OR duplicate_of_hazard_id IS NOT NULL),
  CHECK (status IN ('received', 'hazard', 'duplicate') OR outcome_reason IS NOT NULL OR status = 'adopted'),
  CHECK (kind = 'hazard' OR status IN ('received', 'adopted', 'not_adopted')),
  CHECK (channel = 'public' OR reporter_worker_id IS NOT NULL)
);
-- lists by key: the handler's queue (region prefix, newest first), a site's reports, a worker's reports
CREATE INDEX public_reports_region ON public_reports (region_code text_pattern_ops, created_at DESC, id DESC);
CREATE INDEX public_reports_region_order ON public_reports (created_at DESC, id DESC);
CREATE INDEX public_reports_site ON public_reports (site_id, created_at DESC) WHERE site_id IS NOT NULL;
CREATE INDEX public_reports_enterprise ON public_reports (enterprise_id, created_at DESC) WHERE enterprise_id IS NOT NULL;
CREATE INDEX public_reports_worker ON public_reports (reporter_worker_id, created_at DESC) WHERE reporter_worker_id IS NOT NULL;
-- rate limits per address and device look back an hour / a day
CREATE INDEX public_reports_address ON public_reports (client_address_hash, created_at) WHERE client_address_hash IS NOT NULL;
CREATE INDEX public_reports_device ON public_reports (device_hash, created_at) WHERE device_hash IS NOT NULL;
-- overdue handling
CREATE INDEX public_reports_due ON public_reports (deadline) WHERE status = 'received' AND escalated_at IS NULL;
-- duplicate detection by photo content
CREATE INDEX public_reports_photo_hashes ON public_reports USING gin (photo_hashes);
