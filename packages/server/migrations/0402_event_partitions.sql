-- Issue 13: device events partitioned by month of their time (UTC months), with a retention setting.
--
-- PostgreSQL requires a unique key of a partitioned table to contain the partition key, so the
-- idempotency key becomes (device, event id, time): a device re-sending an event (no PUBACK seen)
-- sends the same time, so a resend is still stored once; an event id reused by a device with another
-- time (a counter reset after a reboot) is now stored as the other reading it is.
--
-- Partitions: one per UTC month, named device_events_yYYYYmMM, created ahead by
-- device_event_partitions_ensure (called by this migration, at start and daily by the job
-- `device-event-partitions`). Anything no month partition covers lands in the default partition
-- device_events_kept; creating a month's partition moves that month's rows out of it first.
--
-- Retention (EVENT_RETENTION_MONTHS): device_event_partitions_drop(cutoff) drops every month
-- partition that ends on or before the cutoff — but the events an alarm names as its evidence
-- (alarm_events) are moved into device_events_kept first, so an alarm's evidence outlives the
-- retention and every read of device_events (device events, alarm evidence) keeps finding it.
-- Rows of device_events_kept older than the cutoff that are no alarm's evidence are deleted too.

ALTER TABLE device_events RENAME TO device_events_unpartitioned;
ALTER INDEX device_events_pkey RENAME TO device_events_unpartitioned_pkey;
ALTER INDEX device_events_device_time RENAME TO device_events_unpartitioned_device_time;

CREATE TABLE device_events (
  device_id uuid NOT NULL,
  event_id text NOT NULL,
  time timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL,
  code text,
  region_code text NOT NULL,
  site_id uuid NOT NULL,
  readings jsonb,
  detections jsonb,
  image_ref text,
  PRIMARY KEY (device_id, event_id, time)
) PARTITION BY RANGE (time);
CREATE INDEX device_events_device_time ON device_events (device_id, time DESC);
CREATE TABLE device_events_kept PARTITION OF device_events DEFAULT;

-- Alarm evidence is looked up by (device, event id) when a partition is dropped.
CREATE INDEX alarm_events_device_event ON alarm_events (device_id, event_id);

-- The partition of the UTC month holding `m`; false when it exists already.
CREATE FUNCTION device_event_partition_ensure(m timestamptz) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  lo timestamptz := date_trunc('month', m AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  hi timestamptz := (date_trunc('month', m AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
  part text := 'device_events_y' || to_char(m AT TIME ZONE 'UTC', 'YYYY') || 'm' || to_char(m AT TIME ZONE 'UTC', 'MM');
BEGIN
  PERFORM pg_advisory_xact_lock(727276);
  IF to_regclass(part) IS NOT NULL THEN
    RETURN false;
  END IF;
  -- a standalone table first: rows of this month that went to the default partition move into it,
  -- then it is attached (attaching checks the default partition holds none of its range any more)
  EXECUTE format('CREATE TABLE %I (LIKE device_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
  EXECUTE format('INSERT INTO %I SELECT * FROM device_events_kept WHERE time >= %L AND time < %L', part, lo, hi);
  DELETE FROM device_events_kept WHERE time >= lo AND time < hi;
  EXECUTE format('ALTER TABLE device_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
  RETURN true;
END $$;

-- The partitions of the months from `m_from` to `m_to` (both included); answers how many were created.
CREATE FUNCTION device_event_partitions_ensure(m_from timestamptz, m_to timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  m timestamp := date_trunc('month', m_from AT TIME ZONE 'UTC');
  created integer := 0;
BEGIN
  WHILE m <= m_to AT TIME ZONE 'UTC' LOOP
    IF device_event_partition_ensure(m AT TIME ZONE 'UTC') THEN
      created := created + 1;
    END IF;
    m := m + interval '1 month';
  END LOOP;
  RETURN created;
END $$;

-- Retention: drops the month partitions ending on or before `cutoff`, keeping alarm evidence (see
-- above). Answers the number of partitions dropped.
CREATE FUNCTION device_event_partitions_drop(cutoff timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  part record;
  hi timestamptz;
  dropped integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(727276);
  FOR part IN
    SELECT c.relname AS name
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'device_events'::regclass AND c.relname ~ '^device_events_y[0-9]{4}m[0-9]{2}$'
    ORDER BY c.relname
  LOOP
    hi := (make_timestamp(substr(part.name, 16, 4)::int, substr(part.name, 21, 2)::int, 1, 0, 0, 0)
      + interval '1 month') AT TIME ZONE 'UTC';
    CONTINUE WHEN hi > cutoff;
    EXECUTE format('ALTER TABLE device_events DETACH PARTITION %I', part.name);
    EXECUTE format(
      'INSERT INTO device_events SELECT p.* FROM %I p WHERE EXISTS (SELECT 1 FROM alarm_events ae WHERE ae.device_id = p.device_id AND ae.event_id = p.event_id)',
      part.name);
    EXECUTE format('DROP TABLE %I', part.name);
    dropped := dropped + 1;
  END LOOP;
  DELETE FROM device_events_kept k
  WHERE k.time < cutoff
    AND NOT EXISTS (SELECT 1 FROM alarm_events ae WHERE ae.device_id = k.device_id AND ae.event_id = k.event_id);
  RETURN dropped;
END $$;

-- The months of the stored events and the next two, then the events themselves.
SELECT device_event_partitions_ensure(
  coalesce((SELECT min(time) FROM device_events_unpartitioned), now()),
  now() + interval '2 months');
INSERT INTO device_events SELECT * FROM device_events_unpartitioned;
DROP TABLE device_events_unpartitioned;
