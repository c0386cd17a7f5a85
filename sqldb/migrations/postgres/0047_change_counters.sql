-- Change counters (issue 15): a server keeps what it read from some tables
-- (the officials list of a signed-in page, the actor of a session) while
-- their counter stays the same. Triggers raise a counter in the
-- transaction of every write to what it covers, so that every server of
-- one database sees the change with the write, and nothing cached
-- outlives it (a logout, a revoked grant, a renamed official).
--   officials: officials, and the units (names, paths) they are listed with;
--   actors:    sessions ended, users' names, official and active flag,
--              their grants, and the units' names and paths in the grants.
-- Once per statement, except for sessions: a login's clean-up of the
-- user's expired sessions deletes none most of the time.
CREATE TABLE change_counters (
    name TEXT NOT NULL PRIMARY KEY,
    n    BIGINT NOT NULL
);
INSERT INTO change_counters (name, n) VALUES ('officials', 1), ('actors', 1);

-- A counter is raised once per transaction (a transaction-local setting
-- remembers it): readers see the change at the commit anyway, and a long
-- import does not pile up thousands of versions of one row.
CREATE FUNCTION change_counters_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c text;
BEGIN
    FOREACH c IN ARRAY TG_ARGV LOOP
        IF current_setting('congvu.changed_' || c, true) IS DISTINCT FROM 'y' THEN
            UPDATE change_counters SET n = n + 1 WHERE name = c;
            PERFORM set_config('congvu.changed_' || c, 'y', true);
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER change_officials AFTER INSERT OR UPDATE OR DELETE ON officials
FOR EACH STATEMENT EXECUTE FUNCTION change_counters_bump('officials');
CREATE TRIGGER change_units_insert AFTER INSERT ON units
FOR EACH STATEMENT EXECUTE FUNCTION change_counters_bump('officials');
CREATE TRIGGER change_units AFTER UPDATE OR DELETE ON units
FOR EACH STATEMENT EXECUTE FUNCTION change_counters_bump('officials', 'actors');
CREATE TRIGGER change_users AFTER UPDATE OF username, full_name, official_id, active OR DELETE ON users
FOR EACH STATEMENT EXECUTE FUNCTION change_counters_bump('actors');
CREATE TRIGGER change_user_grants AFTER INSERT OR UPDATE OR DELETE ON user_grants
FOR EACH STATEMENT EXECUTE FUNCTION change_counters_bump('actors');
CREATE TRIGGER change_sessions AFTER DELETE ON sessions
FOR EACH ROW EXECUTE FUNCTION change_counters_bump('actors');
