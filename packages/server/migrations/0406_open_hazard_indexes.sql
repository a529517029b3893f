-- Issue 13: the rectification work lists (open, overdue, major open; sorted by grade) at 1M hazards.
--
-- bench/scale at 1M hazards (bench/RESULTS.md, 2026-12-07): a district's "major, open" and "overdue"
-- first pages took 2.1 s in SQL. Open hazards are a small part of a jurisdiction's rows (the rest
-- closed or rejected over the years), but the only indexes in the list's order (0400) hold every
-- hazard: the page walked the scope's closed rows to find open ones, and the first page's capped count
-- walked the whole scope when fewer than PAGE_TOTAL_CAP matched. These partial indexes hold the open
-- rows only, in the default order (updated_at, id) and the deadline order, per jurisdiction level,
-- with grade and status included so the capped count is an index-only scan. The list adds the same
-- predicate, as literals, to every filter that implies it (modules/hazards/repo.ts OPEN_ONLY), so the
-- planner can prove the partial index applies.

CREATE INDEX hazards_open_all_updated ON hazards (updated_at, id) INCLUDE (grade, status, deadline)
  WHERE status NOT IN ('closed', 'rejected');
CREATE INDEX hazards_open_province_updated ON hazards (left(region_code, 2), updated_at, id)
  INCLUDE (grade, status, deadline) WHERE status NOT IN ('closed', 'rejected');
CREATE INDEX hazards_open_city_updated ON hazards (left(region_code, 4), updated_at, id)
  INCLUDE (grade, status, deadline) WHERE status NOT IN ('closed', 'rejected');
CREATE INDEX hazards_open_county_updated ON hazards (left(region_code, 6), updated_at, id)
  INCLUDE (grade, status, deadline) WHERE status NOT IN ('closed', 'rejected');
CREATE INDEX hazards_open_all_deadline ON hazards (coalesce(deadline, 'infinity'::timestamptz), id)
  INCLUDE (grade, status) WHERE status NOT IN ('closed', 'rejected');
CREATE INDEX hazards_open_province_deadline ON hazards (left(region_code, 2), coalesce(deadline, 'infinity'::timestamptz), id)
  INCLUDE (grade, status) WHERE status NOT IN ('closed', 'rejected');
CREATE INDEX hazards_open_city_deadline ON hazards (left(region_code, 4), coalesce(deadline, 'infinity'::timestamptz), id)
  INCLUDE (grade, status) WHERE status NOT IN ('closed', 'rejected');
CREATE INDEX hazards_open_county_deadline ON hazards (left(region_code, 6), coalesce(deadline, 'infinity'::timestamptz), id)
  INCLUDE (grade, status) WHERE status NOT IN ('closed', 'rejected');

-- Sorting by grade had no index in that order: 7.5–10 s per page for a district or a city at 1M.
CREATE INDEX hazards_all_grade ON hazards (grade, id);
CREATE INDEX hazards_province_grade ON hazards (left(region_code, 2), grade, id);
CREATE INDEX hazards_city_grade ON hazards (left(region_code, 4), grade, id);
CREATE INDEX hazards_county_grade ON hazards (left(region_code, 6), grade, id);
