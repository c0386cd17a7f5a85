-- Compliance rollups of inspections, kept on write in the transaction that
-- records or changes a line's result (inspectionsql.AddLineRollup). A row
-- holds a unit's whole subtree: a line is added to the inspected unit and
-- to every ancestor, on the Vietnam date it was recorded. Compliance is
-- kept / (kept + breached); not_observed lines were not checked. Rows are
-- per kind (check = kiểm tra công vụ, inspection = thanh tra), kept apart.
CREATE TABLE rollup_inspection_unit_day (
    unit_id      INTEGER NOT NULL,
    day          DATE NOT NULL,
    kind         TEXT NOT NULL,
    kept         INTEGER NOT NULL DEFAULT 0,
    breached     INTEGER NOT NULL DEFAULT 0,
    not_observed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, kind)
);

CREATE TABLE rollup_inspection_item_day (
    unit_id   INTEGER NOT NULL,
    day       DATE NOT NULL,
    kind      TEXT NOT NULL,
    item_code TEXT NOT NULL,
    kept      INTEGER NOT NULL DEFAULT 0,
    breached  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, kind, item_code)
);
