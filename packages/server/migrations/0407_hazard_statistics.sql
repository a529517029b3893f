-- Issue 13: planner statistics for the hazard work lists at 1M hazards (bench/scale).

-- Grade and status are far from independent: major hazards were 1.3 % of all rows but 13 % of the
-- open ones in the bench data, so the planner guessed 442 "major, open" rows of a district where there
-- were 4,411, and chose a bitmap over the whole county plus a sort (156 ms) instead of walking the
-- open index (0.5 ms). Multivariate statistics (most common value pairs) give it the real proportion.
CREATE STATISTICS hazards_grade_status (mcv) ON grade, status FROM hazards;
ANALYZE hazards;
