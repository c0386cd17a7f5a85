-- The official records each account has been linked to, with dates: one row
-- per link, ended_at NULL for the current one. Every change of
-- users.official_id ends the open row and opens another, so that the
-- petition conflict rule covers the records a person's account was linked
-- to since a petition was submitted, not only the present one.
CREATE TABLE user_officials (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    official_id INTEGER NOT NULL REFERENCES officials(id),
    started_at  TIMESTAMP NOT NULL,
    ended_at    TIMESTAMP
);
CREATE INDEX user_officials_user ON user_officials(user_id, ended_at);

-- The present links of the accounts that already exist, from the account's
-- creation (the earlier changes were not kept).
INSERT INTO user_officials (user_id, official_id, started_at) SELECT id, official_id, created_at FROM users WHERE official_id IS NOT NULL;
