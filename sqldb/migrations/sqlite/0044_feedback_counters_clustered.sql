-- The counters of the rules against ballot stuffing become a table
-- clustered on its key (WITHOUT ROWID): one B-tree per counter upsert
-- instead of three (the rowid table, the unique index of the key and the
-- index of window_start). The pruning of past windows, once an hour, scans
-- the table instead of that index. An address's counters per official or
-- unit are renamed from "ip-off:<pseudonym>:<id>" and
-- "ip-unit:<pseudonym>:<id>" to "ip:<pseudonym>:off:<id>" and
-- "ip:<pseudonym>:unit:<id>", next to the address's own counter
-- "ip:<pseudonym>", so that a rating touches one page for both. The hits
-- counted so far carry over under the new keys.
CREATE TABLE feedback_counters_new (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    hits         INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO feedback_counters_new (key, window_start, hits)
SELECT CASE
        WHEN key LIKE 'ip-off:%' AND instr(substr(key, 8), ':') > 0 THEN
            'ip:' || substr(key, 8, instr(substr(key, 8), ':') - 1) || ':off:' || substr(key, 8 + instr(substr(key, 8), ':'))
        WHEN key LIKE 'ip-unit:%' AND instr(substr(key, 9), ':') > 0 THEN
            'ip:' || substr(key, 9, instr(substr(key, 9), ':') - 1) || ':unit:' || substr(key, 9 + instr(substr(key, 9), ':'))
        ELSE key
    END, window_start, hits
FROM feedback_counters;
DROP TABLE feedback_counters;
ALTER TABLE feedback_counters_new RENAME TO feedback_counters;
