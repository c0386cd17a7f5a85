-- Sign-in back-off per account name and client address (issue 9, item 7):
-- the account-wide lock let anyone lock any account and told which names
-- exist. Both keys are pseudonyms (HMAC), known names or not; the row with
-- addr_key '' counts an account name's failures from every address.
CREATE TABLE login_failures (
    user_key      TEXT NOT NULL,
    addr_key      TEXT NOT NULL,
    failures      BIGINT NOT NULL,
    first_at      TIMESTAMPTZ NOT NULL,
    last_at       TIMESTAMPTZ NOT NULL,
    blocked_until TIMESTAMPTZ,
    PRIMARY KEY (user_key, addr_key)
);
CREATE INDEX login_failures_last ON login_failures(last_at);

ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
