-- Inspections of public-service culture (package inspection): annual plans
-- and their targets, inspections (kiểm tra công vụ or thanh tra) with their
-- checklist lines, photos and the conclusion, and saved checklist templates.
CREATE TABLE inspection_plans (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id), -- the unit that plans
    kind         TEXT NOT NULL,                        -- check | inspection
    year         INTEGER NOT NULL,
    title        TEXT NOT NULL,
    scope        TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,                        -- draft | approved | published
    team         TEXT NOT NULL DEFAULT '[]',           -- JSON array of names
    created_by   INTEGER,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    approved_at  TIMESTAMP,
    published_at TIMESTAMP
);
CREATE INDEX inspection_plans_unit ON inspection_plans(unit_id, year);

CREATE TABLE inspection_plan_targets (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES inspection_plans(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id), -- the unit visited
    month       INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    unannounced BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX inspection_plan_targets_plan ON inspection_plan_targets(plan_id);
CREATE INDEX inspection_plan_targets_unit ON inspection_plan_targets(unit_id);

CREATE TABLE inspections (
    id                 INTEGER PRIMARY KEY,
    plan_id            INTEGER REFERENCES inspection_plans(id),
    plan_target_id     INTEGER UNIQUE REFERENCES inspection_plan_targets(id), -- one inspection per target
    kind               TEXT NOT NULL,
    unit_id            INTEGER NOT NULL REFERENCES units(id), -- the unit that inspects (owner)
    target_unit_id     INTEGER NOT NULL REFERENCES units(id),
    origin             TEXT NOT NULL,                        -- plan | adhoc | evidence
    reason             TEXT NOT NULL DEFAULT '',
    unannounced        BOOLEAN NOT NULL DEFAULT FALSE,
    status             TEXT NOT NULL,                        -- planned | in_progress | recorded | concluded | closed
    scheduled_on       DATE,
    visited_at         TIMESTAMP,
    lead_user_id       INTEGER,
    catalog_version_id INTEGER REFERENCES standard_versions(id),
    conclusion         TEXT NOT NULL DEFAULT '',
    conclusion_status  TEXT NOT NULL DEFAULT '',             -- '' | draft | reviewed | issued
    issued_at          TIMESTAMP,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX inspections_unit ON inspections(unit_id, created_at);
CREATE INDEX inspections_target ON inspections(target_unit_id, created_at);
CREATE INDEX inspections_plan ON inspections(plan_id);

CREATE TABLE inspection_lines (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    position      INTEGER NOT NULL,
    item_code     TEXT NOT NULL,
    item_title    TEXT NOT NULL,
    group_code    TEXT NOT NULL,
    method        TEXT NOT NULL,
    sample        INTEGER NOT NULL DEFAULT 0,
    result        TEXT NOT NULL DEFAULT '',                  -- '' | kept | breached | not_observed
    note          TEXT NOT NULL DEFAULT '',
    official_id   INTEGER REFERENCES officials(id),
    recorded_at   TIMESTAMP,
    client_key    TEXT,                                      -- idempotency of a synced line
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX inspection_lines_inspection ON inspection_lines(inspection_id, position);
CREATE UNIQUE INDEX inspection_lines_client_key ON inspection_lines(inspection_id, client_key) WHERE client_key IS NOT NULL;
CREATE INDEX inspection_lines_official ON inspection_lines(official_id) WHERE official_id IS NOT NULL;

CREATE TABLE inspection_photos (
    id           INTEGER PRIMARY KEY,
    line_id      INTEGER NOT NULL REFERENCES inspection_lines(id),
    blob_key     TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX inspection_photos_line ON inspection_photos(line_id);

CREATE TABLE inspection_templates (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    name       TEXT NOT NULL,
    lines      TEXT NOT NULL, -- JSON array of inspection.LineSpec
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX inspection_templates_unit ON inspection_templates(unit_id);
