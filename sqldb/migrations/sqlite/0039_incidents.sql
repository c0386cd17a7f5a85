-- The office incident log (seed 004): incidents at an office recorded by
-- its staff, including abuse staff suffered, reviewed by the unit head; a
-- serious one is reported to the parent unit. The people involved are
-- described, not identified (Law 91/2025/QH15).
CREATE TABLE incidents (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    occurred_at     TIMESTAMP NOT NULL,
    place           TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('disturbance', 'staff_abuse', 'damage', 'other')),
    severity        TEXT NOT NULL CHECK (severity IN ('minor', 'moderate', 'serious')),
    summary         TEXT NOT NULL,
    people          TEXT NOT NULL DEFAULT '',
    harm            TEXT NOT NULL DEFAULT '',
    police_called   BOOLEAN NOT NULL DEFAULT FALSE,
    outcome         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('recorded', 'reviewed', 'escalated')),
    review_note     TEXT NOT NULL DEFAULT '',
    reviewed_at     TIMESTAMP,
    escalated_to    INTEGER REFERENCES units(id),
    escalated_at    TIMESTAMP,
    recorded_by     INTEGER REFERENCES users(id),
    recorder_name   TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX incidents_unit ON incidents(unit_id, occurred_at);
CREATE INDEX incidents_occurred ON incidents(occurred_at);
CREATE INDEX incidents_recorder ON incidents(recorded_by);

-- Photos of an incident, cleaned of their metadata (package attach: no
-- EXIF position, no camera serial) and kept in the blob store.
CREATE TABLE incident_photos (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id),
    blob_key     TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX incident_photos_incident ON incident_photos(incident_id);
