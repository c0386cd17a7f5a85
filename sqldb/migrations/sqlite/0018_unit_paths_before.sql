-- Where a unit stood in the tree before a restructuring moved it: figures
-- for a period are those of the tree as it stood then. A unit's path at an
-- instant is the path of its row with the earliest until_at after that
-- instant, else units.path. until_at is the start (midnight in Vietnam) of
-- the first day counted in the new tree (sqldb.FiguresFrom); a plan moving
-- a unit twice from the same day keeps the path it had before that day.
CREATE TABLE unit_paths_before (
    unit_id  INTEGER NOT NULL REFERENCES units(id),
    until_at TIMESTAMP NOT NULL,
    path     TEXT NOT NULL,
    PRIMARY KEY (unit_id, until_at)
);
CREATE INDEX unit_paths_before_until ON unit_paths_before(until_at);
