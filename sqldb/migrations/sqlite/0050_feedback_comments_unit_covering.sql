-- A unit's comment index holds all that its feed and search read (issue
-- 15): a search in a commune or a small district matches the range's
-- comments in Go (feedbacksql.matchComments) and read each one's text from
-- its row, a page of the table per comment, scattered over a national
-- database (a commune's search: 0.06 ms at 1M ratings, 0.28 ms at 30M).
-- With the id after the time, a feed walks the index in its own order
-- (newest first, ties by id) with no sort; status and comment make it
-- covering for the partial index's own condition. Comments are about one
-- rating in eight: the index grows by their text, about 7 B a rating.
DROP INDEX feedback_comments_unit;
CREATE INDEX feedback_comments_unit ON feedback(unit_id, submitted_at, id, status, comment, search_comment)
    WHERE status = 'accepted' AND comment <> '';
