-- Dashboards. The comment feed lists accepted ratings with a comment, newest
-- first, for one unit, one official or the whole tree; its search runs on an
-- FTS5 index of the folded comment (feedback.search_comment), kept by
-- triggers so every writer of feedback keeps it right.
CREATE INDEX feedback_comments_unit ON feedback(unit_id, submitted_at) WHERE status = 'accepted' AND comment <> '';
CREATE INDEX feedback_comments_official ON feedback(official_id, submitted_at) WHERE status = 'accepted' AND comment <> '';
CREATE INDEX feedback_comments_at ON feedback(submitted_at) WHERE status = 'accepted' AND comment <> '';

CREATE VIRTUAL TABLE feedback_fts USING fts5(search_comment, content='feedback', content_rowid='id', tokenize='unicode61 remove_diacritics 0');

CREATE TRIGGER feedback_fts_insert AFTER INSERT ON feedback WHEN new.search_comment <> '' BEGIN
    INSERT INTO feedback_fts(rowid, search_comment) VALUES (new.id, new.search_comment);
END;

CREATE TRIGGER feedback_fts_delete AFTER DELETE ON feedback WHEN old.search_comment <> '' BEGIN
    INSERT INTO feedback_fts(feedback_fts, rowid, search_comment) VALUES ('delete', old.id, old.search_comment);
END;

CREATE TRIGGER feedback_fts_update AFTER UPDATE OF search_comment ON feedback BEGIN
    INSERT INTO feedback_fts(feedback_fts, rowid, search_comment) SELECT 'delete', old.id, old.search_comment WHERE old.search_comment <> '';
    INSERT INTO feedback_fts(rowid, search_comment) SELECT new.id, new.search_comment WHERE new.search_comment <> '';
END;

INSERT INTO feedback_fts(rowid, search_comment) SELECT id, search_comment FROM feedback WHERE search_comment <> '';
