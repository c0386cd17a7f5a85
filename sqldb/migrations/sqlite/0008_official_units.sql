-- The units an official's record has belonged to, with dates: one row per
-- stay, ended_at NULL for the current one. Every change of officials.unit_id
-- (an edit, an import, a restructuring) ends the open row and opens another,
-- so that the petition conflict rule can cover every unit an actor has
-- worked in since a petition was submitted, not only the present one.
CREATE TABLE official_units (
    id          INTEGER PRIMARY KEY,
    official_id INTEGER NOT NULL REFERENCES officials(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    started_at  TIMESTAMP NOT NULL,
    ended_at    TIMESTAMP
);
CREATE INDEX official_units_official ON official_units(official_id, ended_at);
CREATE INDEX official_units_unit ON official_units(unit_id);

-- The present stays of the officials that already exist, from their
-- record's creation (the earlier moves were not kept).
INSERT INTO official_units (official_id, unit_id, started_at) SELECT id, unit_id, created_at FROM officials;
