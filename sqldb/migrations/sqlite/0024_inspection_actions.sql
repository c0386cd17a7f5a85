-- Corrective actions of an inspection's conclusion (biện pháp khắc phục):
-- each owned by the inspected unit or a unit below it, due a number of
-- working days after it is set, reported by its unit with evidence and
-- verified by the inspectors. reminded_at and overdue_at mark the notices
-- the sweep sent, once each.
CREATE TABLE inspection_actions (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    owner_unit_id INTEGER NOT NULL REFERENCES units(id),
    text          TEXT NOT NULL,
    days          INTEGER NOT NULL,
    due_at        TIMESTAMP NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reported', 'verified')),
    reported_at   TIMESTAMP,
    reported_by   INTEGER REFERENCES users(id),
    verified_at   TIMESTAMP,
    reminded_at   TIMESTAMP,
    overdue_at    TIMESTAMP,
    created_by    INTEGER REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX inspection_actions_inspection ON inspection_actions(inspection_id, id);
CREATE INDEX inspection_actions_owner ON inspection_actions(owner_unit_id, due_at);
-- The sweep reads actions not yet verified, by deadline.
CREATE INDEX inspection_actions_open ON inspection_actions(due_at) WHERE status <> 'verified';

-- The history of an action: created, reported (with its note and files),
-- verified, sent back (with the reason), reminded, overdue.
CREATE TABLE inspection_action_events (
    id         INTEGER PRIMARY KEY,
    action_id  INTEGER NOT NULL REFERENCES inspection_actions(id),
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    user_id    INTEGER REFERENCES users(id),
    user_name  TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX inspection_action_events_action ON inspection_action_events(action_id, id);

-- The evidence files of a report, cleaned like petition attachments and
-- kept in the blob store.
CREATE TABLE inspection_action_files (
    id           INTEGER PRIMARY KEY,
    action_id    INTEGER NOT NULL REFERENCES inspection_actions(id),
    event_id     INTEGER NOT NULL REFERENCES inspection_action_events(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    blob_key     TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX inspection_action_files_action ON inspection_action_files(action_id, id);
