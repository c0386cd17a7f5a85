-- The feedback write path (group commit) writes about twenty rows per
-- rating. Two changes make each cheaper:
-- 1. feedback_answers carries no foreign key: its rows are written in the
--    same statement as their rating, and big evidence tables keep no
--    cross-table keys so they can later be distributed by province.
-- 2. Rollup rows are updated in place many times a day: free space on each
--    page lets PostgreSQL update them without touching their index (HOT).
ALTER TABLE feedback_answers DROP CONSTRAINT IF EXISTS feedback_answers_feedback_id_fkey;
ALTER TABLE rollup_unit_day SET (fillfactor = 70);
ALTER TABLE rollup_unit_item_day SET (fillfactor = 70);
ALTER TABLE rollup_official_day SET (fillfactor = 70);
ALTER TABLE rollup_official_item_day SET (fillfactor = 70);
