-- Nothing on SQLite: petitions are searched through FTS5 (petitions_fts),
-- newest match first, and a scope stays a list of unit ids. PostgreSQL
-- records each petition's top-level units in this migration
-- (petitions.unit_top_id, handler_top_id); the file keeps the two
-- engines' lists the same.
SELECT 1;
