-- The units an official was rated in (issue 15): a dashboard, comment feed
-- or list about an official asks which units its ratings count in (who
-- reviews them, see feedback.RedactFor). Reading that from the ratings
-- walked all the official's ratings on every page; the pairs are kept here
-- by a trigger, once per statement (a batch of ratings is one INSERT), so
-- every writer of ratings keeps them. Ratings are never deleted nor moved
-- to another unit, so the table stays exact.
CREATE TABLE official_rated_units (
    official_id BIGINT NOT NULL,
    unit_id     BIGINT NOT NULL,
    PRIMARY KEY (official_id, unit_id)
);
INSERT INTO official_rated_units (official_id, unit_id)
SELECT DISTINCT official_id, unit_id FROM feedback WHERE official_id IS NOT NULL;
CREATE FUNCTION feedback_official_rated_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO official_rated_units (official_id, unit_id)
    SELECT DISTINCT n.official_id, n.unit_id FROM new_feedback n
    WHERE n.official_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM official_rated_units o WHERE o.official_id = n.official_id AND o.unit_id = n.unit_id)
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER feedback_official_rated_units AFTER INSERT ON feedback
REFERENCING NEW TABLE AS new_feedback
FOR EACH STATEMENT EXECUTE FUNCTION feedback_official_rated_units();
