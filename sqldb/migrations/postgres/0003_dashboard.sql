-- Dashboards. The comment feed lists accepted ratings with a comment, newest
-- first, for one unit, one official or the whole tree; its search runs on a
-- GIN index of the folded comment (feedback.search_comment) as 'simple'
-- text-search words: the same word semantics as FTS5 on SQLite, with no
-- extension to install (pg_trgm is database-wide and needs privileges).
CREATE INDEX feedback_comments_unit ON feedback(unit_id, submitted_at) WHERE status = 'accepted' AND comment <> '';
CREATE INDEX feedback_comments_official ON feedback(official_id, submitted_at) WHERE status = 'accepted' AND comment <> '';
CREATE INDEX feedback_comments_at ON feedback(submitted_at) WHERE status = 'accepted' AND comment <> '';
CREATE INDEX feedback_comments_search ON feedback USING gin (to_tsvector('simple', search_comment)) WHERE status = 'accepted' AND comment <> '';
