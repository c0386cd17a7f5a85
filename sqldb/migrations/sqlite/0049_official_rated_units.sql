-- The units an official was rated in (issue 15): a dashboard, comment feed
-- or list about an official asks which units its ratings count in (who
-- reviews them, see feedback.RedactFor). Reading that from the ratings
-- walked all the official's ratings on every page: 0.13 ms at 1M ratings,
-- 1.22 ms at 30M. The pairs are kept here by a trigger, so every writer of
-- ratings (the batch writer, imports, the generator) keeps them; ratings
-- are never deleted nor moved to another unit, so the table stays exact.
CREATE TABLE official_rated_units (
    official_id INTEGER NOT NULL,
    unit_id     INTEGER NOT NULL,
    PRIMARY KEY (official_id, unit_id)
) WITHOUT ROWID;
INSERT INTO official_rated_units (official_id, unit_id)
SELECT DISTINCT official_id, unit_id FROM feedback WHERE official_id IS NOT NULL;
CREATE TRIGGER feedback_official_rated_units AFTER INSERT ON feedback WHEN new.official_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO official_rated_units (official_id, unit_id) VALUES (new.official_id, new.unit_id);
END;
