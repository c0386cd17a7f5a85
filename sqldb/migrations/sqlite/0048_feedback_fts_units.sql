-- The comment search of a subtree finds its matches in the index (issue 15):
-- the FTS5 index of the folded comments gets a second column, units, the
-- ids of the rating's unit and of its ancestors (every segment of its path)
-- and of every path it stood at before a restructuring (unit_paths_before),
-- all as of when the row is indexed. A search in a province then matches
-- "the words AND the province" inside the index, newest first, and stops at
-- the page and the count's bound, instead of walking the whole country's
-- matches and checking each one's unit. The exact scope check stays in the
-- query; the column only narrows the candidates (see
-- feedbacksql.DashboardService.Comments for why it never leaves one out).
-- The index is contentless (the words are in feedback.search_comment, the
-- unit ids computed): rows are deleted by rowid (contentless_delete). It
-- keeps prefix indexes of 1 to 7 characters (a folded Vietnamese syllable
-- has at most 7 letters): the last word of a search is a prefix, and FTS5
-- would otherwise merge the whole index's doclists of the words starting
-- with it on every search, a cost that grows with every rating ever made.
DROP TRIGGER IF EXISTS feedback_fts_insert;
DROP TRIGGER IF EXISTS feedback_fts_delete;
DROP TRIGGER IF EXISTS feedback_fts_update;
DROP TABLE IF EXISTS feedback_fts;

CREATE VIRTUAL TABLE feedback_fts USING fts5(search_comment, units, content='', contentless_delete=1, prefix='1 2 3 4 5 6 7', tokenize='unicode61 remove_diacritics 0');

CREATE TRIGGER feedback_fts_insert AFTER INSERT ON feedback WHEN new.search_comment <> '' BEGIN
    INSERT INTO feedback_fts(rowid, search_comment, units) VALUES (new.id, new.search_comment,
        (SELECT replace(group_concat(p, ''), '/', ' ') FROM (SELECT path AS p FROM units WHERE id = new.unit_id
            UNION SELECT path FROM unit_paths_before WHERE unit_id = new.unit_id)));
END;

CREATE TRIGGER feedback_fts_delete AFTER DELETE ON feedback WHEN old.search_comment <> '' BEGIN
    DELETE FROM feedback_fts WHERE rowid = old.id;
END;

CREATE TRIGGER feedback_fts_update AFTER UPDATE OF search_comment, unit_id ON feedback BEGIN
    DELETE FROM feedback_fts WHERE rowid = old.id;
    INSERT INTO feedback_fts(rowid, search_comment, units) SELECT new.id, new.search_comment,
        (SELECT replace(group_concat(p, ''), '/', ' ') FROM (SELECT path AS p FROM units WHERE id = new.unit_id
            UNION SELECT path FROM unit_paths_before WHERE unit_id = new.unit_id))
        WHERE new.search_comment <> '';
END;

INSERT INTO feedback_fts(rowid, search_comment, units)
    SELECT f.id, f.search_comment, replace(COALESCE(u.path, '') || COALESCE((SELECT group_concat(h.path, '') FROM unit_paths_before h WHERE h.unit_id = f.unit_id), ''), '/', ' ')
    FROM feedback f LEFT JOIN units u ON u.id = f.unit_id WHERE f.search_comment <> '';
