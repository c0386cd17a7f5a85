-- Phrase search in a province (issue 15): the GIN index of the expression
-- to_tsvector('simple', search_text) (0005) finds the candidate rows, but
-- a common phrase matches a large share of them and the planner then walks
-- the petitions newest first, recomputing to_tsvector for every row it
-- filters (about 30 µs each). The vector is stored instead, computed by
-- PostgreSQL from search_text on every write (the write path is
-- unchanged), and indexed with GIN; the expression index goes.
-- Adding the column rewrites the table once (about three minutes per
-- million petitions on two cores, under its lock). The new column has no
-- statistics until analysed: without them the planner takes the phrase
-- for a rare one and reads the whole match set through the index
-- (100 ms to 2 s), hence the ANALYZE.
ALTER TABLE petitions ADD COLUMN search_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX petitions_search_tsv ON petitions USING gin (search_tsv);
DROP INDEX petitions_search;
ANALYZE petitions (search_tsv);
