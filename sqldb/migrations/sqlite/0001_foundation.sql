-- Foundation: unit tree, restructurings, officials, accounts, catalog, audit.
CREATE TABLE units (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    search_name  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    type_name    TEXT NOT NULL DEFAULT '',
    parent_id    INTEGER REFERENCES units(id),
    path         TEXT NOT NULL,
    depth        INTEGER NOT NULL,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    dissolved_on DATE,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX units_path ON units(path);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE restructurings (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    effective_on DATE NOT NULL,
    decision     TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_by   INTEGER,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE unit_successions (
    restructuring_id INTEGER NOT NULL REFERENCES restructurings(id),
    from_unit_id     INTEGER NOT NULL REFERENCES units(id),
    to_unit_id       INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (restructuring_id, from_unit_id, to_unit_id)
);
CREATE INDEX unit_successions_from ON unit_successions(from_unit_id);
CREATE INDEX unit_successions_to ON unit_successions(to_unit_id);

CREATE TABLE officials (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    employee_code TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    search_name   TEXT NOT NULL,
    category      TEXT NOT NULL,
    position      TEXT NOT NULL DEFAULT '',
    is_leader     BOOLEAN NOT NULL DEFAULT FALSE,
    badge_token   TEXT NOT NULL UNIQUE,
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX officials_unit ON officials(unit_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    search_name   TEXT NOT NULL,
    email         TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    official_id   INTEGER REFERENCES officials(id),
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TIMESTAMP,
    last_login_at TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE user_grants (
    user_id INTEGER NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (user_id, role, unit_id)
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);

CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    hits         INTEGER NOT NULL
);

CREATE TABLE standard_versions (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    effective_on DATE NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE standard_groups (
    version_id INTEGER NOT NULL REFERENCES standard_versions(id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (version_id, code)
);

CREATE TABLE standard_items (
    id             INTEGER PRIMARY KEY,
    version_id     INTEGER NOT NULL REFERENCES standard_versions(id),
    group_code     TEXT NOT NULL,
    code           TEXT NOT NULL,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    basis_document TEXT NOT NULL DEFAULT '',
    basis_section  TEXT NOT NULL DEFAULT '',
    prohibition    BOOLEAN NOT NULL DEFAULT FALSE,
    four_xin       BOOLEAN NOT NULL DEFAULT FALSE,
    unit_id        INTEGER REFERENCES units(id),
    position       INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    UNIQUE (version_id, code)
);

CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER,
    actor_name  TEXT NOT NULL,
    actor_key   TEXT NOT NULL,
    unit_id     INTEGER,
    kind        TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   INTEGER,
    before_json TEXT,
    after_json  TEXT,
    ip          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_unit ON audit_events(unit_id, at);
CREATE INDEX audit_events_actor ON audit_events(actor_id, at);
CREATE INDEX audit_events_kind ON audit_events(kind, at);

-- The root of the tree: the whole country. Provinces are imported under it.
INSERT INTO units (id, code, name, search_name, kind, type_name, parent_id, path, depth, active, created_at, updated_at)
VALUES (1, 'VN', 'Cả nước', 'ca nuoc', 'nation', 'Quốc gia', NULL, '/1/', 0, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
