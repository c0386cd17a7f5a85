-- Nothing on SQLite: petitions are searched through FTS5 (petitions_fts).
-- PostgreSQL stores the search text's tsvector in this migration
-- (petitions.search_tsv); the file keeps the two engines' lists the same.
SELECT 1;
