-- Issue 12: routine signed checkpoints of the audit chain heads. The signed checkpoint itself is
-- written to files outside the database (and, when configured, to a webhook); this table keeps a
-- copy, tells the scheduler what was last signed, and records the webhook deliveries (an outbox:
-- delivered after the job's transaction commits, retried with back-off).
CREATE TABLE audit_checkpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  issued_at timestamptz NOT NULL,
  body jsonb NOT NULL,                          -- the signed checkpoint, as written to the file
  file text,                                    -- its file name in the checkpoint directory
  host text NOT NULL DEFAULT '',                -- the instance that wrote the file
  webhook_status text NOT NULL DEFAULT 'none'
    CHECK (webhook_status IN ('none', 'pending', 'failing', 'delivered')),
  webhook_attempts integer NOT NULL DEFAULT 0,
  webhook_next_at timestamptz,
  webhook_last_error text,
  webhook_delivered_at timestamptz
);
CREATE INDEX audit_checkpoints_issued ON audit_checkpoints (issued_at DESC);
CREATE INDEX audit_checkpoints_outbox ON audit_checkpoints (webhook_next_at)
  WHERE webhook_status IN ('pending', 'failing');
