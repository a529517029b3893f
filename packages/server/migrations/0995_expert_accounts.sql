-- Issue 17, expert review: an expert of the register may log in and sign their own opinion. The
-- account is an existing narrow one (role 'worker' with no worker record, so every other scope gives
-- it nothing) linked from the register by experts.user_id; what it sees is the approvals whose panel
-- it sits on (approval_experts, set up by the regulator organising the review; audited).
ALTER TABLE experts ADD COLUMN user_id uuid UNIQUE REFERENCES users(id);

CREATE TABLE approval_experts (
  approval_id uuid NOT NULL REFERENCES approvals(id) ON DELETE CASCADE,
  expert_id uuid NOT NULL REFERENCES experts(id),
  assigned_by uuid NOT NULL REFERENCES users(id),
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (approval_id, expert_id)
);
-- an expert's own list: the approvals they are assigned to
CREATE INDEX approval_experts_expert ON approval_experts (expert_id, approval_id);
