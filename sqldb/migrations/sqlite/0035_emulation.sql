-- The emulation movement (phong trào thi đua): movements with their
-- criteria, clusters of units ranked together, registrations of units and
-- officials per year, score lines (evidence-fed or by hand with a reason),
-- dated title rule sets (body: JSON of emulation.TitleRuleSet's titles),
-- title proposals and decisions, interim and final reviews with their
-- frozen figures (JSON).
CREATE TABLE emulation_movements (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    title        TEXT NOT NULL,
    content      TEXT NOT NULL DEFAULT '',
    from_year    INT NOT NULL,
    to_year      INT NOT NULL,
    interim_year INT NOT NULL DEFAULT 0,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    created_by   INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX emulation_movements_unit ON emulation_movements(unit_id, from_year);

CREATE TABLE emulation_criteria (
    id          INTEGER PRIMARY KEY,
    movement_id INTEGER NOT NULL REFERENCES emulation_movements(id),
    position    INT NOT NULL,
    subject     TEXT NOT NULL CHECK (subject IN ('collective', 'individual')),
    code        TEXT NOT NULL,
    label       TEXT NOT NULL,
    weight      REAL NOT NULL,
    source      TEXT NOT NULL,
    target      REAL NOT NULL DEFAULT 0,
    floor       REAL NOT NULL DEFAULT 0,
    help        TEXT NOT NULL DEFAULT '',
    UNIQUE (movement_id, code)
);

CREATE TABLE emulation_clusters (
    id          INTEGER PRIMARY KEY,
    movement_id INTEGER NOT NULL REFERENCES emulation_movements(id),
    title       TEXT NOT NULL
);
CREATE TABLE emulation_cluster_units (
    cluster_id  INTEGER NOT NULL REFERENCES emulation_clusters(id),
    movement_id INTEGER NOT NULL REFERENCES emulation_movements(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (cluster_id, unit_id),
    UNIQUE (movement_id, unit_id)
);

CREATE TABLE emulation_registrations (
    id            INTEGER PRIMARY KEY,
    movement_id   INTEGER NOT NULL REFERENCES emulation_movements(id),
    year          INT NOT NULL,
    subject       TEXT NOT NULL CHECK (subject IN ('collective', 'individual')),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    official_id   INTEGER REFERENCES officials(id),
    subject_key   INTEGER NOT NULL, -- the unit id (collective) or the official id (individual), for uniqueness
    title         TEXT NOT NULL DEFAULT '',
    pledge        TEXT NOT NULL DEFAULT '',
    initiative    TEXT NOT NULL DEFAULT '',
    withdrawn     BOOLEAN NOT NULL DEFAULT FALSE,
    withdraw_reason TEXT NOT NULL DEFAULT '',
    registered_by INTEGER REFERENCES users(id),
    registered_at TIMESTAMP NOT NULL,
    UNIQUE (movement_id, year, subject, subject_key)
);
CREATE INDEX emulation_registrations_unit ON emulation_registrations(unit_id, year);

CREATE TABLE emulation_scores (
    registration_id INTEGER NOT NULL REFERENCES emulation_registrations(id),
    year            INT NOT NULL,
    total           REAL NOT NULL,
    max             REAL NOT NULL,
    rank            INT NOT NULL DEFAULT 0,
    rank_of         INT NOT NULL DEFAULT 0,
    computed_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (registration_id, year)
);
CREATE TABLE emulation_score_lines (
    registration_id INTEGER NOT NULL REFERENCES emulation_registrations(id),
    year            INT NOT NULL,
    criterion_id    INTEGER NOT NULL REFERENCES emulation_criteria(id),
    value           REAL NOT NULL DEFAULT -1,
    points          REAL NOT NULL,
    explanation     TEXT NOT NULL DEFAULT '',
    evidence        TEXT NOT NULL DEFAULT '', -- space-separated "kind:id"
    manual          BOOLEAN NOT NULL DEFAULT FALSE,
    reason          TEXT NOT NULL DEFAULT '',
    scored_by       INTEGER REFERENCES users(id),
    scored_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (registration_id, year, criterion_id)
);

CREATE TABLE emulation_title_rule_sets (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    from_year  INT NOT NULL DEFAULT 0,
    until_year INT NOT NULL DEFAULT 0,
    basis      TEXT NOT NULL,
    verified   BOOLEAN NOT NULL DEFAULT FALSE,
    body       TEXT NOT NULL,
    created_by INTEGER,
    created_at TIMESTAMP
);

CREATE TABLE emulation_title_proposals (
    id                INTEGER PRIMARY KEY,
    movement_id       INTEGER REFERENCES emulation_movements(id),
    year              INT NOT NULL,
    title             TEXT NOT NULL,
    title_label       TEXT NOT NULL,
    subject           TEXT NOT NULL CHECK (subject IN ('collective', 'individual')),
    unit_id           INTEGER NOT NULL REFERENCES units(id),
    official_id       INTEGER REFERENCES officials(id),
    subject_key       INTEGER NOT NULL,
    checks            TEXT NOT NULL DEFAULT '', -- JSON []emulation.Check at the proposal
    reason            TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
    rule_set_id       INTEGER REFERENCES emulation_title_rule_sets(id),
    competent_unit_id INTEGER NOT NULL REFERENCES units(id),
    decision_number   TEXT NOT NULL DEFAULT '',
    decision_date     DATE,
    amount            INTEGER NOT NULL DEFAULT 0,
    reject_reason     TEXT NOT NULL DEFAULT '',
    proposed_by       INTEGER REFERENCES users(id),
    decided_by        INTEGER REFERENCES users(id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
-- One live proposal of a title per subject and year (a rejected one may
-- be proposed again).
CREATE UNIQUE INDEX emulation_title_proposals_live ON emulation_title_proposals(year, title, subject, subject_key) WHERE status <> 'rejected';
CREATE INDEX emulation_title_proposals_unit ON emulation_title_proposals(unit_id, year);
CREATE INDEX emulation_title_proposals_competent ON emulation_title_proposals(competent_unit_id, status);

CREATE TABLE emulation_reviews (
    id          INTEGER PRIMARY KEY,
    movement_id INTEGER NOT NULL REFERENCES emulation_movements(id),
    kind        TEXT NOT NULL CHECK (kind IN ('interim', 'final')),
    year        INT NOT NULL,
    held_on     DATE NOT NULL,
    body        TEXT NOT NULL,
    figures     TEXT NOT NULL, -- JSON emulation.ReviewFigures
    created_by  INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (movement_id, kind, year)
);
