-- The catalog cites national law: whom an item binds (everyone, or leaders
-- only), and local versions: the item set a unit issues for its subtree by a
-- decision, in force from a date and across national versions.
ALTER TABLE standard_items ADD COLUMN applies_to TEXT NOT NULL DEFAULT 'all';

CREATE TABLE standard_local_versions (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    decision     TEXT NOT NULL,
    effective_on DATE NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (unit_id, decision)
);

ALTER TABLE standard_items ADD COLUMN local_version_id INTEGER REFERENCES standard_local_versions(id);

-- The local items already stored join a local version of their unit, by
-- the document they cite, in force from the day (UTC) they were added;
-- the driver stores times as text "2006-01-02 15:04:05 +0000 UTC", so the
-- date is written the way it writes a date (midnight UTC).
INSERT INTO standard_local_versions (unit_id, decision, effective_on, created_at)
SELECT unit_id, basis_document, SUBSTR(MIN(created_at), 1, 10) || ' 00:00:00 +0000 UTC', MIN(created_at) FROM standard_items
WHERE unit_id IS NOT NULL GROUP BY unit_id, basis_document;

UPDATE standard_items SET local_version_id = (SELECT l.id FROM standard_local_versions l
    WHERE l.unit_id = standard_items.unit_id AND l.decision = standard_items.basis_document)
WHERE unit_id IS NOT NULL;

CREATE INDEX standard_items_local ON standard_items (local_version_id) WHERE local_version_id IS NOT NULL;
