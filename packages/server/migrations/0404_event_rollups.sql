-- Issue 13: device event counts per device, site and hour, by type and code — what dashboards read
-- instead of counting device_events.
--
-- Maintained in the ingest batch's transaction by the same statement that stores the events (only
-- the events stored now are counted: a resent event adds nothing): n = n + EXCLUDED.n.
-- `redline rebuild-event-rollups` recomputes the hours whose events are still stored (retention
-- drops events; the rollups of those hours stay as they were — they outlive the events on purpose).
-- Hours are UTC hours (every whole-hour zone, China's included, has the same hour boundaries).
-- `code` is the device's alarm or fault code, '' when the event had none. Refused events are not
-- counted here: only a sample of them is stored (ingest_rejections); their counts are the
-- pipeline's (GET /api/ingest/stats).
CREATE TABLE device_event_rollups (
  hour timestamptz NOT NULL,
  device_id uuid NOT NULL,
  site_id uuid NOT NULL,
  region_code text NOT NULL,
  type text NOT NULL,
  code text NOT NULL,
  n bigint NOT NULL CHECK (n > 0),
  PRIMARY KEY (device_id, hour, type, code, site_id, region_code)
);
CREATE INDEX device_event_rollups_site ON device_event_rollups (site_id, hour);
CREATE INDEX device_event_rollups_region ON device_event_rollups (region_code text_pattern_ops, hour);

INSERT INTO device_event_rollups (hour, device_id, site_id, region_code, type, code, n)
SELECT date_trunc('hour', time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', device_id, site_id, region_code, type,
  coalesce(code, ''), count(*)
FROM device_events
GROUP BY 1, 2, 3, 4, 5, 6;
