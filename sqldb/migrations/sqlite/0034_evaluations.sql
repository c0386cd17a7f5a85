-- The annual evaluation (đánh giá, xếp loại chất lượng): dated rule sets
-- (body: the JSON of evaluation.RuleSet's criteria, thresholds, quota and
-- discipline cap), task products tracked by month or quarter, one
-- evaluation per official and year with its cycle, the collective's
-- comments, and agencies' own classifications. Personal data: the service
-- audits every reading.
CREATE TABLE evaluation_rule_sets (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    title       TEXT NOT NULL,
    categories  TEXT NOT NULL,            -- comma-separated org.Category codes
    from_year   INT NOT NULL DEFAULT 0,
    until_year  INT NOT NULL DEFAULT 0,
    basis       TEXT NOT NULL,
    verified    BOOLEAN NOT NULL DEFAULT FALSE,
    body        TEXT NOT NULL,
    created_by  INTEGER,
    created_at  TIMESTAMP
);

CREATE TABLE evaluation_products (
    id              INTEGER PRIMARY KEY,
    official_id     INTEGER NOT NULL REFERENCES officials(id),
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    year            INT NOT NULL,
    period_kind     TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter')),
    period          INT NOT NULL,
    title           TEXT NOT NULL,
    points          REAL NOT NULL CHECK (points > 0),
    due_on          DATE NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('assigned', 'reported', 'confirmed', 'cancelled')),
    report_note     TEXT NOT NULL DEFAULT '',
    reported_at     TIMESTAMP,
    quality_failed  BOOLEAN NOT NULL DEFAULT FALSE,
    progress_failed BOOLEAN NOT NULL DEFAULT FALSE,
    confirm_note    TEXT NOT NULL DEFAULT '',
    confirmed_by    INTEGER REFERENCES users(id),
    confirmed_at    TIMESTAMP,
    cancel_reason   TEXT NOT NULL DEFAULT '',
    assigned_by     INTEGER REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX evaluation_products_official ON evaluation_products(official_id, year, period);
CREATE INDEX evaluation_products_unit ON evaluation_products(unit_id, year, status);

CREATE TABLE evaluations (
    id             INTEGER PRIMARY KEY,
    official_id    INTEGER NOT NULL REFERENCES officials(id),
    unit_id        INTEGER NOT NULL REFERENCES units(id), -- the official's unit when opened
    year           INT NOT NULL,
    category       TEXT NOT NULL,
    leader         BOOLEAN NOT NULL DEFAULT FALSE,
    task_group     TEXT NOT NULL DEFAULT '',
    rule_set_id    INTEGER NOT NULL REFERENCES evaluation_rule_sets(id),
    status         TEXT NOT NULL CHECK (status IN ('open', 'self_assessed', 'proposed', 'decided', 'notified', 'complained', 'settled')),
    self_general   TEXT NOT NULL DEFAULT '',  -- JSON []evaluation.Score
    self_level     TEXT NOT NULL DEFAULT '',
    self_text      TEXT NOT NULL DEFAULT '',
    self_at        TIMESTAMP,
    general        TEXT NOT NULL DEFAULT '',  -- JSON []evaluation.Score (the evaluator's)
    task_points    REAL NOT NULL DEFAULT 0,
    total          REAL NOT NULL DEFAULT 0,
    proposed       TEXT NOT NULL DEFAULT '',
    proposal_note  TEXT NOT NULL DEFAULT '',
    proposed_by    INTEGER REFERENCES users(id),
    proposed_at    TIMESTAMP,
    cap            TEXT NOT NULL DEFAULT '',
    cap_reason     TEXT NOT NULL DEFAULT '',
    level          TEXT NOT NULL DEFAULT '',
    decision_note  TEXT NOT NULL DEFAULT '',
    decided_by     INTEGER REFERENCES users(id),
    decided_at     TIMESTAMP,
    notified_at    TIMESTAMP,
    complaint_text TEXT NOT NULL DEFAULT '',
    complaint_at   TIMESTAMP,
    complaint_kept BOOLEAN NOT NULL DEFAULT FALSE,
    new_level      TEXT NOT NULL DEFAULT '',
    answer         TEXT NOT NULL DEFAULT '',
    settled_at     TIMESTAMP,
    final_level    TEXT NOT NULL DEFAULT '',  -- the level in force (Evaluation.FinalLevel), for counts
    search         TEXT NOT NULL DEFAULT '',  -- folded: name, employee code
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (official_id, year)
);
CREATE INDEX evaluations_unit ON evaluations(unit_id, year, task_group);
CREATE INDEX evaluations_year ON evaluations(year, status);

CREATE TABLE evaluation_comments (
    id            INTEGER PRIMARY KEY,
    evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
    author_id     INTEGER NOT NULL REFERENCES users(id),
    author_name   TEXT NOT NULL,
    meeting       BOOLEAN NOT NULL DEFAULT FALSE,
    body          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX evaluation_comments_evaluation ON evaluation_comments(evaluation_id, id);

CREATE TABLE unit_evaluations (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    year       INT NOT NULL,
    level      TEXT NOT NULL,
    basis      TEXT NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_at TIMESTAMP NOT NULL,
    UNIQUE (unit_id, year)
);
