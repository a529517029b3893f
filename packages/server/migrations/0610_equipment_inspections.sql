-- Special equipment periodic inspections (issue 15): every recorded result, and the reminders sent
-- to the use unit ahead of (and after) the due date — one per equipment, due date and kind, so the
-- daily job is idempotent.
CREATE TABLE equipment_inspections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  equipment_id uuid NOT NULL REFERENCES equipment(id) ON DELETE CASCADE,
  inspected_on date NOT NULL,
  result text NOT NULL CHECK (result IN ('pass', 'pass_with_remarks', 'fail')),
  remarks text NOT NULL DEFAULT '',
  -- the defects of a failed inspection, each of which became a hazard (hazard_id)
  defects jsonb NOT NULL DEFAULT '[]',
  inspector_org text NOT NULL DEFAULT '',
  -- the next due date computed from the interval reference data (null after a fail: re-inspect)
  next_inspection_on date,
  interval_months integer,
  recorded_by uuid REFERENCES users(id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX equipment_inspections_equipment ON equipment_inspections (equipment_id, inspected_on DESC);

CREATE TABLE equipment_reminders (
  equipment_id uuid NOT NULL REFERENCES equipment(id) ON DELETE CASCADE,
  due_on date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
  sent_at timestamptz NOT NULL DEFAULT now(),
  notified integer NOT NULL DEFAULT 0,
  PRIMARY KEY (equipment_id, due_on, kind)
);
