-- Citizen feedback: sources (unit QR tokens, kiosks, dossiers), ratings with
-- one answer per standard item, and rollups kept up to date on write.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE unit_tokens (
    unit_id    INTEGER PRIMARY KEY REFERENCES units(id),
    token      TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE kiosks (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    name         TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP
);
CREATE INDEX kiosks_unit ON kiosks(unit_id);

CREATE TABLE dossiers (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL,
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    official_id    INTEGER REFERENCES officials(id),
    procedure_name TEXT NOT NULL DEFAULT '',
    received_at    TIMESTAMP NOT NULL,
    due_at         TIMESTAMP NOT NULL,
    returned_at    TIMESTAMP,
    token_hash     TEXT UNIQUE,
    rated_at       TIMESTAMP,
    delay_reason   TEXT NOT NULL DEFAULT '',
    new_due_at     TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (unit_id, code)
);

CREATE TABLE feedback (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    official_id     INTEGER REFERENCES officials(id),
    channel         TEXT NOT NULL,
    satisfaction    TEXT NOT NULL,
    comment         TEXT NOT NULL DEFAULT '',
    search_comment  TEXT NOT NULL DEFAULT '',
    dossier_id      INTEGER REFERENCES dossiers(id),
    verified        BOOLEAN NOT NULL DEFAULT FALSE,
    contact         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    flag_reason     TEXT NOT NULL DEFAULT '',
    ip_hash         TEXT NOT NULL DEFAULT '',
    device_id       TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT UNIQUE,
    submitted_at    TIMESTAMP NOT NULL,
    reviewed_by     INTEGER,
    reviewed_at     TIMESTAMP
);
CREATE INDEX feedback_unit_at ON feedback(unit_id, submitted_at);
CREATE INDEX feedback_official_at ON feedback(official_id, submitted_at);
CREATE INDEX feedback_status_at ON feedback(status, submitted_at);
CREATE INDEX feedback_at ON feedback(submitted_at);

CREATE TABLE feedback_answers (
    feedback_id INTEGER NOT NULL REFERENCES feedback(id),
    item_code   TEXT NOT NULL,
    yes         BOOLEAN NOT NULL,
    PRIMARY KEY (feedback_id, item_code)
);

-- Rollups. A unit's rows hold its whole subtree: a rating is added to its
-- unit and to every ancestor, so any subtree, up to the whole country, is
-- read from one unit's rows.
CREATE TABLE rollup_unit_day (
    unit_id        INTEGER NOT NULL,
    day            DATE NOT NULL,
    total          INTEGER NOT NULL DEFAULT 0,
    very_satisfied INTEGER NOT NULL DEFAULT 0,
    satisfied      INTEGER NOT NULL DEFAULT 0,
    dissatisfied   INTEGER NOT NULL DEFAULT 0,
    flagged        INTEGER NOT NULL DEFAULT 0,
    rejected       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day)
);

CREATE TABLE rollup_unit_item_day (
    unit_id   INTEGER NOT NULL,
    day       DATE NOT NULL,
    item_code TEXT NOT NULL,
    yes       INTEGER NOT NULL DEFAULT 0,
    asked     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, item_code)
);

CREATE TABLE rollup_official_day (
    official_id    INTEGER NOT NULL,
    day            DATE NOT NULL,
    total          INTEGER NOT NULL DEFAULT 0,
    very_satisfied INTEGER NOT NULL DEFAULT 0,
    satisfied      INTEGER NOT NULL DEFAULT 0,
    dissatisfied   INTEGER NOT NULL DEFAULT 0,
    flagged        INTEGER NOT NULL DEFAULT 0,
    rejected       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (official_id, day)
);

CREATE TABLE rollup_official_item_day (
    official_id INTEGER NOT NULL,
    day         DATE NOT NULL,
    item_code   TEXT NOT NULL,
    yes         INTEGER NOT NULL DEFAULT 0,
    asked       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (official_id, day, item_code)
);
