-- Petitions (phản ánh, kiến nghị): citizens' reports of misconduct, their
-- attachments, the handling workflow with its dated deadline rules, the
-- history, messages with the reporter, internal notes, readings of the
-- reporter's identity, and the email outbox. Search runs on an FTS5 index
-- of the folded text (petitions.search_text), kept by triggers; PostgreSQL
-- uses a GIN index of the same words.
CREATE TABLE petitions (
    id               INTEGER PRIMARY KEY,
    tracking_code    TEXT NOT NULL UNIQUE,
    secret_hash      TEXT NOT NULL,
    channel          TEXT NOT NULL,
    category         TEXT NOT NULL,
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    official_id      INTEGER REFERENCES officials(id),
    subject_text     TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL,
    occurred_at      TIMESTAMP,
    place            TEXT NOT NULL DEFAULT '',
    anonymous        BOOLEAN NOT NULL,
    reporter_sealed  TEXT NOT NULL DEFAULT '',   -- the reporter's identity, AES-GCM sealed; '' when anonymous
    has_contact      BOOLEAN NOT NULL DEFAULT FALSE,
    status           TEXT NOT NULL,
    handler_unit_id  INTEGER REFERENCES units(id),
    reject_reason    TEXT NOT NULL DEFAULT '',
    conclusion       TEXT NOT NULL DEFAULT '',
    conclusion_text  TEXT NOT NULL DEFAULT '',
    due_at           TIMESTAMP,
    reminded_at      TIMESTAMP,
    overdue_at       TIMESTAMP,
    escalated_to     INTEGER REFERENCES units(id),
    escalated_at     TIMESTAMP,
    search_text      TEXT NOT NULL DEFAULT '',
    ip_hash          TEXT NOT NULL DEFAULT '',
    track_failures   INTEGER NOT NULL DEFAULT 0,
    submitted_at     TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    closed_at        TIMESTAMP
);
CREATE INDEX petitions_unit ON petitions(unit_id, submitted_at);
CREATE INDEX petitions_handler ON petitions(handler_unit_id, submitted_at);
CREATE INDEX petitions_official ON petitions(official_id, submitted_at);
CREATE INDEX petitions_status ON petitions(status, submitted_at);
CREATE INDEX petitions_at ON petitions(submitted_at);
CREATE INDEX petitions_due ON petitions(due_at) WHERE status NOT IN ('rejected', 'closed');

CREATE VIRTUAL TABLE petitions_fts USING fts5(search_text, content='petitions', content_rowid='id', tokenize='unicode61 remove_diacritics 0');

CREATE TRIGGER petitions_fts_insert AFTER INSERT ON petitions BEGIN
    INSERT INTO petitions_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER petitions_fts_delete AFTER DELETE ON petitions BEGIN
    INSERT INTO petitions_fts(petitions_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;

CREATE TRIGGER petitions_fts_update AFTER UPDATE OF search_text ON petitions BEGIN
    INSERT INTO petitions_fts(petitions_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO petitions_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TABLE petition_items (
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    item_code   TEXT NOT NULL,
    PRIMARY KEY (petition_id, item_code)
);

CREATE TABLE petition_attachments (
    id           INTEGER PRIMARY KEY,
    petition_id  INTEGER REFERENCES petitions(id), -- NULL until the petition is submitted
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    blob_key     TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX petition_attachments_petition ON petition_attachments(petition_id);

-- One row per deadline stage a petition went through: when it started, its
-- deadline, when it ended; the dashboards' on-time rate and median times.
CREATE TABLE petition_stages (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    stage       TEXT NOT NULL,
    unit_id     INTEGER REFERENCES units(id),
    started_at  TIMESTAMP NOT NULL,
    due_at      TIMESTAMP NOT NULL,
    done_at     TIMESTAMP
);
CREATE INDEX petition_stages_petition ON petition_stages(petition_id);

CREATE TABLE petition_events (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    unit_id     INTEGER REFERENCES units(id),
    actor_id    INTEGER,
    actor_name  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    public      BOOLEAN NOT NULL,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX petition_events_petition ON petition_events(petition_id, at);

CREATE TABLE petition_messages (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    from_agency BOOLEAN NOT NULL,
    author_id   INTEGER,
    author_name TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX petition_messages_petition ON petition_messages(petition_id, created_at);

CREATE TABLE petition_notes (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    author_id   INTEGER,
    author_name TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX petition_notes_petition ON petition_notes(petition_id, created_at);

CREATE TABLE petition_identity_views (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    user_id     INTEGER NOT NULL,
    user_name   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX petition_identity_views_petition ON petition_identity_views(petition_id, at);

CREATE TABLE petition_deadline_rules (
    id            INTEGER PRIMARY KEY,
    stage         TEXT NOT NULL,
    days          INTEGER NOT NULL,
    working_days  BOOLEAN NOT NULL,
    remind_days   INTEGER NOT NULL,
    escalate_days INTEGER NOT NULL,
    valid_from    TIMESTAMP NOT NULL,
    legal_basis   TEXT NOT NULL DEFAULT '',
    created_by    INTEGER,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (stage, valid_from)
);

CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    unit_id    INTEGER REFERENCES units(id),
    petition_id INTEGER REFERENCES petitions(id), -- the petition it is about: hidden from staff it concerns
    to_reporter BOOLEAN NOT NULL DEFAULT FALSE,  -- a reporter's address: always masked on the outbox page
    created_at TIMESTAMP NOT NULL,
    sent_at    TIMESTAMP,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox(created_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_unit ON outbox(unit_id, created_at);
