-- Petition search in a province (issue 15): a staff member's scope is the
-- petitions whose subject's unit or handler unit lies in a subtree, sent as
-- a list of a few hundred unit ids. For a province (about 5% of the
-- country) neither plan was good: walking the whole table newest first
-- filters twenty rows for each one kept, and the text index hands back the
-- phrase's matches in every province. Each petition now records the
-- top-level unit (the child of the root: a province, or a central body)
-- of its subject and of its handler, kept by PostgreSQL on every write and
-- on every move of a unit in the tree; a province's petitions are then
-- walked newest first through (unit_top_id, id), and the few handled in
-- the province about a unit outside it through a small partial index.
-- SQLite searches through FTS5 and keeps the unit ids (0046 is empty there).

-- The top-level unit of a unit: the second id of its path; NULL for the
-- root or no unit.
CREATE FUNCTION unit_top_id(unit BIGINT) RETURNS BIGINT LANGUAGE sql STABLE AS $$
    SELECT CAST(NULLIF(split_part(path, '/', 3), '') AS BIGINT) FROM units WHERE id = unit
$$;

ALTER TABLE petitions ADD COLUMN unit_top_id BIGINT, ADD COLUMN handler_top_id BIGINT;

-- The units are locked (shared) before their paths are read: a move not yet
-- committed holds their rows, so a petition written meanwhile waits for it
-- and reads the new paths; a move that comes later waits for the petition's
-- transaction, and units_top_moved then sees the petition. Without the lock
-- such a petition kept the province its unit left: found by that
-- province's staff, not by the one its unit joined.
CREATE FUNCTION petitions_top_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM units WHERE id IN (NEW.unit_id, NEW.handler_unit_id) ORDER BY id FOR SHARE;
    NEW.unit_top_id := unit_top_id(NEW.unit_id);
    NEW.handler_top_id := unit_top_id(NEW.handler_unit_id);
    RETURN NEW;
END $$;
CREATE TRIGGER petitions_top_keep BEFORE INSERT OR UPDATE OF unit_id, handler_unit_id ON petitions
FOR EACH ROW EXECUTE FUNCTION petitions_top_keep();

-- A unit moved under another top-level unit (a restructuring: the whole
-- subtree's paths change in one statement, one row each) takes its
-- petitions along, as subject and as handler.
CREATE FUNCTION units_top_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE petitions SET unit_top_id = unit_top_id(NEW.id) WHERE unit_id = NEW.id;
    UPDATE petitions SET handler_top_id = unit_top_id(NEW.id) WHERE handler_unit_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER units_top_moved AFTER UPDATE OF path ON units
FOR EACH ROW WHEN (split_part(OLD.path, '/', 3) IS DISTINCT FROM split_part(NEW.path, '/', 3))
EXECUTE FUNCTION units_top_moved();

-- Backfill (petitionsql tests run it again from here to the indexes).
-- The petitions already there: one rewrite of the table (rather than an
-- UPDATE of every row, which would leave the table twice its size until
-- vacuumed), its indexes rebuilt.
ALTER TABLE petitions ALTER COLUMN unit_top_id TYPE BIGINT USING unit_top_id(unit_id),
    ALTER COLUMN handler_top_id TYPE BIGINT USING unit_top_id(handler_unit_id);

CREATE INDEX petitions_top ON petitions (unit_top_id, id);
CREATE INDEX petitions_handler_top ON petitions (handler_top_id, id)
    WHERE handler_top_id IS DISTINCT FROM unit_top_id AND handler_top_id IS NOT NULL;
ANALYZE petitions (unit_top_id, handler_top_id);
