-- Declared conflicts of interest of inspectors (回避, DOMAIN.md §9): the draw never assigns an
-- inspector to an enterprise they declared a conflict with, nor to that enterprise's projects, nor
-- to a project they declared. Issue 14.
CREATE TABLE inspector_conflicts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  region_code text NOT NULL,                      -- the inspector's jurisdiction (who sees the declaration)
  target_kind text NOT NULL CHECK (target_kind IN ('enterprise', 'project')),
  enterprise_id uuid REFERENCES enterprises(id),
  project_id uuid REFERENCES projects(id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  declared_by uuid NOT NULL REFERENCES users(id),
  declared_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  CHECK ((target_kind = 'enterprise' AND enterprise_id IS NOT NULL AND project_id IS NULL)
      OR (target_kind = 'project' AND project_id IS NOT NULL AND enterprise_id IS NULL))
);
CREATE INDEX inspector_conflicts_user ON inspector_conflicts (user_id) WHERE withdrawn_at IS NULL;
CREATE INDEX inspector_conflicts_region ON inspector_conflicts (region_code text_pattern_ops);
