-- Change counters (issue 15): a server keeps what it read from some tables
-- (the officials list of a signed-in page, the actor of a session) while
-- their counter stays the same. Triggers raise a counter in the
-- transaction of every write to what it covers, so that every server of
-- one database sees the change with the write, and nothing cached
-- outlives it (a logout, a revoked grant, a renamed official).
--   officials: officials, and the units (names, paths) they are listed with;
--   actors:    sessions ended, users' names, official and active flag,
--              their grants, and the units' names and paths in the grants.
CREATE TABLE change_counters (
    name TEXT NOT NULL PRIMARY KEY,
    n    BIGINT NOT NULL
);
INSERT INTO change_counters (name, n) VALUES ('officials', 1), ('actors', 1);

CREATE TRIGGER change_officials_insert AFTER INSERT ON officials BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name = 'officials';
END;
CREATE TRIGGER change_officials_update AFTER UPDATE ON officials BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name = 'officials';
END;
CREATE TRIGGER change_officials_delete AFTER DELETE ON officials BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name = 'officials';
END;
CREATE TRIGGER change_units_insert AFTER INSERT ON units BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name = 'officials';
END;
CREATE TRIGGER change_units_update AFTER UPDATE ON units BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name IN ('officials', 'actors');
END;
CREATE TRIGGER change_units_delete AFTER DELETE ON units BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name IN ('officials', 'actors');
END;
CREATE TRIGGER change_users_update AFTER UPDATE OF username, full_name, official_id, active ON users BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name = 'actors';
END;
CREATE TRIGGER change_users_delete AFTER DELETE ON users BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name = 'actors';
END;
CREATE TRIGGER change_user_grants_insert AFTER INSERT ON user_grants BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name = 'actors';
END;
CREATE TRIGGER change_user_grants_update AFTER UPDATE ON user_grants BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name = 'actors';
END;
CREATE TRIGGER change_user_grants_delete AFTER DELETE ON user_grants BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name = 'actors';
END;
CREATE TRIGGER change_sessions_delete AFTER DELETE ON sessions BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name = 'actors';
END;
