-- Counters of the rules against ballot stuffing (ratings per address
-- pseudonym, per address and official, per device, per official in a
-- burst window), kept in the database so that every app server counts into
-- the same ones and a restart forgets nothing. One row per counter: the
-- start of its current fixed window and the hits in it. Rows of past
-- windows are pruned by the feedback service.
CREATE TABLE feedback_counters (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    hits         INTEGER NOT NULL
);
CREATE INDEX feedback_counters_window ON feedback_counters(window_start);
