-- Issue 17 part 3: per-member scoping. A project account (project_scoped) is a party's person bound
-- to projects by name (project_members): it sees a project, and that project's records, only while
-- it is an active member there — not every project its enterprise is a party to. An enterprise's
-- manager (project_scoped false, as every account before this migration) keeps the enterprise view
-- and names the members of its party.
ALTER TABLE users ADD COLUMN project_scoped boolean NOT NULL DEFAULT false;
