-- Training on the code of conduct (issue 14): materials built from the
-- catalog and uploaded documents, campaigns for a unit's subtree and an
-- audience, sessions with attendance, question banks and quiz attempts,
-- certificates, and coverage rollups kept in the same transaction as each
-- step. The dated yearly obligation of hours is training_rule_sets.
CREATE TABLE training_rule_sets (
    code       TEXT PRIMARY KEY,
    basis      TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_to   DATE,
    min_hours  REAL NOT NULL DEFAULT 0,
    note       TEXT NOT NULL DEFAULT '',
    verified   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);

-- One row per standard item of a catalog version (kind 'item', built from
-- the catalog on first use, then edited) or per uploaded document (kind
-- 'document', kept in the blob store, for its unit's subtree).
CREATE TABLE training_materials (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('item', 'document')),
    catalog_version_id INTEGER REFERENCES standard_versions(id),
    item_code          TEXT NOT NULL DEFAULT '',
    title              TEXT NOT NULL,
    meaning            TEXT NOT NULL DEFAULT '',
    good_examples      TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    bad_examples       TEXT NOT NULL DEFAULT '[]',
    legal_source       TEXT NOT NULL DEFAULT '',
    unit_id            INTEGER REFERENCES units(id),
    file_name          TEXT NOT NULL DEFAULT '',
    content_type       TEXT NOT NULL DEFAULT '',
    size               INTEGER NOT NULL DEFAULT 0,
    blob_key           TEXT NOT NULL DEFAULT '',
    position           INTEGER NOT NULL DEFAULT 0,
    updated_by         INTEGER REFERENCES users(id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX training_materials_item ON training_materials(catalog_version_id, item_code) WHERE kind = 'item';
CREATE INDEX training_materials_unit ON training_materials(unit_id) WHERE kind = 'document';

CREATE TABLE training_campaigns (
    id                 INTEGER PRIMARY KEY,
    unit_id            INTEGER NOT NULL REFERENCES units(id),
    title              TEXT NOT NULL,
    purpose            TEXT NOT NULL DEFAULT '',
    audience           TEXT NOT NULL CHECK (audience IN ('all', 'new', 'named')),
    new_since          DATE,
    reason             TEXT NOT NULL DEFAULT '',
    starts_on          DATE NOT NULL,
    ends_on            DATE NOT NULL,
    year               INTEGER NOT NULL, -- the year of ends_on: the year the training counts in
    status             TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    catalog_version_id INTEGER REFERENCES standard_versions(id),
    hours              REAL NOT NULL DEFAULT 0,
    quiz_questions     INTEGER NOT NULL DEFAULT 0,
    pass_mark          INTEGER NOT NULL DEFAULT 0,
    max_attempts       INTEGER NOT NULL DEFAULT 0,
    created_by         INTEGER REFERENCES users(id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX training_campaigns_unit ON training_campaigns(unit_id, year);
CREATE INDEX training_campaigns_year ON training_campaigns(year, status);

-- The officials a draft campaign names (audience 'named'), and the
-- uploaded documents it adds to the catalog's materials.
CREATE TABLE training_campaign_officials (
    campaign_id INTEGER NOT NULL REFERENCES training_campaigns(id),
    official_id INTEGER NOT NULL REFERENCES officials(id),
    PRIMARY KEY (campaign_id, official_id)
);
CREATE TABLE training_campaign_materials (
    campaign_id INTEGER NOT NULL REFERENCES training_campaigns(id),
    material_id INTEGER NOT NULL REFERENCES training_materials(id),
    PRIMARY KEY (campaign_id, material_id)
);

-- An official's training in an open campaign: unit_id is their unit when
-- the campaign opened (the coverage counts it there, even if they move).
CREATE TABLE training_assignments (
    campaign_id  INTEGER NOT NULL REFERENCES training_campaigns(id),
    official_id  INTEGER NOT NULL REFERENCES officials(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    year         INTEGER NOT NULL,
    attended_at  TIMESTAMP,
    passed_at    TIMESTAMP,
    attempts     INTEGER NOT NULL DEFAULT 0,
    best_score   INTEGER NOT NULL DEFAULT -1,
    completed_at TIMESTAMP,
    hours        REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, official_id)
);
CREATE INDEX training_assignments_official ON training_assignments(official_id, year);
CREATE INDEX training_assignments_unit ON training_assignments(unit_id, campaign_id);

CREATE TABLE training_sessions (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES training_campaigns(id),
    title       TEXT NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('in_person', 'online')),
    place       TEXT NOT NULL DEFAULT '',
    lecturer    TEXT NOT NULL DEFAULT '',
    starts_at   TIMESTAMP NOT NULL,
    ends_at     TIMESTAMP NOT NULL,
    secret      TEXT NOT NULL, -- hex; derives the rotating QR codes; never shown
    created_by  INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX training_sessions_campaign ON training_sessions(campaign_id, starts_at);

CREATE TABLE training_attendances (
    session_id  INTEGER NOT NULL REFERENCES training_sessions(id),
    official_id INTEGER NOT NULL REFERENCES officials(id),
    method      TEXT NOT NULL CHECK (method IN ('qr', 'marked', 'online')),
    at          TIMESTAMP NOT NULL,
    marked_by   INTEGER REFERENCES users(id),
    PRIMARY KEY (session_id, official_id)
);
CREATE INDEX training_attendances_official ON training_attendances(official_id);

-- The question bank: questions on one standard item (its code), choices as
-- a JSON array, the right one by index.
CREATE TABLE training_questions (
    id          INTEGER PRIMARY KEY,
    item_code   TEXT NOT NULL,
    text        TEXT NOT NULL,
    choices     TEXT NOT NULL,
    answer      INTEGER NOT NULL,
    explanation TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_by  INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX training_questions_item ON training_questions(item_code, active);

-- An attempt: the questions drawn (JSON array of ids, in order), the
-- answers (JSON array of indexes) and the score once submitted.
CREATE TABLE training_attempts (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES training_campaigns(id),
    official_id  INTEGER NOT NULL REFERENCES officials(id),
    number       INTEGER NOT NULL,
    question_ids TEXT NOT NULL,
    answers      TEXT NOT NULL DEFAULT '[]',
    score        INTEGER NOT NULL DEFAULT 0,
    passed       BOOLEAN NOT NULL DEFAULT FALSE,
    started_at   TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    UNIQUE (campaign_id, official_id, number)
);

-- Per-item answers of submitted attempts, for the results per standard.
CREATE TABLE training_attempt_items (
    attempt_id  INTEGER NOT NULL REFERENCES training_attempts(id),
    question_id INTEGER NOT NULL REFERENCES training_questions(id),
    item_code   TEXT NOT NULL,
    correct     BOOLEAN NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);
CREATE INDEX training_attempt_items_item ON training_attempt_items(item_code);

CREATE TABLE training_certificates (
    number      TEXT PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES training_campaigns(id),
    official_id INTEGER NOT NULL REFERENCES officials(id),
    hours       REAL NOT NULL,
    score       INTEGER NOT NULL,
    issued_at   TIMESTAMP NOT NULL,
    UNIQUE (campaign_id, official_id)
);

-- An official's year: assignments required, complete and passed, hours
-- counted. An official counts once in the year's coverage: required when
-- they hold an assignment, complete when all of them are.
CREATE TABLE training_official_years (
    official_id INTEGER NOT NULL REFERENCES officials(id),
    year        INTEGER NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    required    INTEGER NOT NULL DEFAULT 0,
    completed   INTEGER NOT NULL DEFAULT 0,
    passed      INTEGER NOT NULL DEFAULT 0,
    hours       REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (official_id, year)
) WITHOUT ROWID;
CREATE INDEX training_official_years_unit ON training_official_years(unit_id, year);

-- Coverage rollups for a unit's whole subtree (a row for the unit and for
-- every ancestor, written in the step's transaction): per campaign
-- (campaign_id > 0: assignments) and per year (campaign_id = 0: distinct
-- officials, complete when every assignment of theirs in the year is).
CREATE TABLE training_rollups (
    unit_id     INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    campaign_id INTEGER NOT NULL,
    assigned    INTEGER NOT NULL DEFAULT 0,
    completed   INTEGER NOT NULL DEFAULT 0,
    passed      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, year, campaign_id)
) WITHOUT ROWID;
