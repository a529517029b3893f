-- Offline alarms fold on the server (issue 16): when a device goes offline and an open offline alarm
-- of the same site was raised within the last 5 minutes, the device is attached to that alarm
-- instead of raising its own. The alarm's own device stays device_id; the others are listed here
-- as [{"id": uuid, "code": text}], in the order they went offline.
ALTER TABLE alarms ADD COLUMN folded_devices jsonb NOT NULL DEFAULT '[]';

-- The fold's look-up: the newest open alarm of a site and rule.
CREATE INDEX alarms_site_rule_open ON alarms (site_id, rule_code, first_event_at DESC)
  WHERE status IN ('new', 'escalated', 'acknowledged', 'verified');
