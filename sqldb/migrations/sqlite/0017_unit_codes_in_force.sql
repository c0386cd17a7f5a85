-- congvu:foreign-keys-off (the table is rebuilt; Migrate checks the keys)
-- Official unit codes are unique among units in force only: after 2025 a
-- new commune may carry the code of an old, dissolved one (Xã Ia Mơ took
-- 23737 from Xã Ia Mơ Nông). Dissolved units keep their codes. SQLite drops
-- the inline UNIQUE constraint by rebuilding the table.
CREATE TABLE units_new (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL,
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
INSERT INTO units_new (id, code, name, search_name, kind, type_name, parent_id, path, depth, active, dissolved_on, created_at, updated_at)
    SELECT id, code, name, search_name, kind, type_name, parent_id, path, depth, active, dissolved_on, created_at, updated_at FROM units;
DROP TABLE units;
ALTER TABLE units_new RENAME TO units;
CREATE INDEX units_path ON units(path);
CREATE INDEX units_parent ON units(parent_id);
CREATE UNIQUE INDEX units_code_active ON units(code) WHERE active;
CREATE INDEX units_code ON units(code);
