-- Rollups of the petition dashboard (petitionsql/petition_rollup.go), kept
-- in the transaction of each write that changes a petition's figures
-- (submission, every step, a reporter's reopening or withdrawal), like the
-- ratings' and the violations'. Rows are per Vietnam day of submission
-- ('yyyy-mm-dd') and per month (its first day), so that a dashboard of a
-- year reads whole months and the days of its partial months.
--
-- Each table holds a unit's whole subtree: a petition is added to its
-- unit and every ancestor, in the tree as it stood
-- on the day it was submitted (unit_paths_before); a restructuring moves a
-- unit's rows from its effective day on (sqldb.RegisterUnitMove).
--
-- rollup_petition_*: petitions by category, status and conclusion.
CREATE TABLE rollup_petition_day (
    unit_id    INTEGER NOT NULL,
    day        DATE NOT NULL,
    category   TEXT NOT NULL,
    status     TEXT NOT NULL,
    conclusion TEXT NOT NULL,
    n          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, category, status, conclusion)
) WITHOUT ROWID;

CREATE TABLE rollup_petition_month (
    unit_id    INTEGER NOT NULL,
    month      DATE NOT NULL,
    category   TEXT NOT NULL,
    status     TEXT NOT NULL,
    conclusion TEXT NOT NULL,
    n          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, month, category, status, conclusion)
) WITHOUT ROWID;

-- rollup_petition_child_*: petitions by the child of unit_id their unit
-- stood under (child_id = unit_id for those about unit_id itself).
CREATE TABLE rollup_petition_child_day (
    unit_id  INTEGER NOT NULL,
    day      DATE NOT NULL,
    child_id INTEGER NOT NULL,
    n        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, child_id)
) WITHOUT ROWID;

CREATE TABLE rollup_petition_child_month (
    unit_id  INTEGER NOT NULL,
    month    DATE NOT NULL,
    child_id INTEGER NOT NULL,
    n        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, month, child_id)
) WITHOUT ROWID;

-- rollup_petition_item_*: standard items breached by founded and partly
-- founded conclusions.
CREATE TABLE rollup_petition_item_day (
    unit_id   INTEGER NOT NULL,
    day       DATE NOT NULL,
    item_code TEXT NOT NULL,
    n         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, item_code)
) WITHOUT ROWID;

CREATE TABLE rollup_petition_item_month (
    unit_id   INTEGER NOT NULL,
    month     DATE NOT NULL,
    item_code TEXT NOT NULL,
    n         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, month, item_code)
) WITHOUT ROWID;

-- rollup_petition_stage_*: completed stages by the time they took, in
-- tenths of an hour to two significant figures (petition.StageTenths), and
-- how many of them ended by their deadline.
CREATE TABLE rollup_petition_stage_day (
    unit_id INTEGER NOT NULL,
    day     DATE NOT NULL,
    stage   TEXT NOT NULL,
    tenths  INTEGER NOT NULL,
    n       INTEGER NOT NULL DEFAULT 0,
    on_time INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, stage, tenths)
) WITHOUT ROWID;

CREATE TABLE rollup_petition_stage_month (
    unit_id INTEGER NOT NULL,
    month   DATE NOT NULL,
    stage   TEXT NOT NULL,
    tenths  INTEGER NOT NULL,
    n       INTEGER NOT NULL DEFAULT 0,
    on_time INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, month, stage, tenths)
) WITHOUT ROWID;

-- rollup_petition_due_day: petitions whose deadline runs (not final, not
-- suspended) by the Vietnam day of their deadline, to count the overdue.
CREATE TABLE rollup_petition_due_day (
    unit_id INTEGER NOT NULL,
    day     DATE NOT NULL,
    due_day DATE NOT NULL,
    n       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, due_day)
) WITHOUT ROWID;

-- rollup_petition_subject_*: concluded and founded (or partly) petitions
-- by the unit they are about (subject_id, in unit_id's subtree), and
-- rollup_petition_official_* by the official named: the most founded units
-- and officials.
CREATE TABLE rollup_petition_subject_day (
    unit_id    INTEGER NOT NULL,
    day        DATE NOT NULL,
    subject_id INTEGER NOT NULL,
    concluded  INTEGER NOT NULL DEFAULT 0,
    founded    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, subject_id)
) WITHOUT ROWID;

CREATE TABLE rollup_petition_subject_month (
    unit_id    INTEGER NOT NULL,
    month      DATE NOT NULL,
    subject_id INTEGER NOT NULL,
    concluded  INTEGER NOT NULL DEFAULT 0,
    founded    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, month, subject_id)
) WITHOUT ROWID;

CREATE TABLE rollup_petition_official_day (
    unit_id     INTEGER NOT NULL,
    day         DATE NOT NULL,
    official_id INTEGER NOT NULL,
    concluded   INTEGER NOT NULL DEFAULT 0,
    founded     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, official_id)
) WITHOUT ROWID;

CREATE TABLE rollup_petition_official_month (
    unit_id     INTEGER NOT NULL,
    month       DATE NOT NULL,
    official_id INTEGER NOT NULL,
    concluded   INTEGER NOT NULL DEFAULT 0,
    founded     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, month, official_id)
) WITHOUT ROWID;

-- Backfill (petitionsql.RebuildStatsRollups runs it again from here): from
-- the petitions already there, each counted where its unit stood on the
-- day it was submitted.
--
-- petition_rollup_anc: for each path a unit has or had, each unit in it
-- (anc) and the unit after it (child; anc itself for the last).
CREATE TEMP TABLE petition_rollup_anc AS
WITH RECURSIVE paths(path) AS (SELECT path FROM units UNION SELECT path FROM unit_paths_before),
split(path, cur, rest) AS (
    SELECT path, CAST(substr(path, 2, instr(substr(path, 2), '/') - 1) AS INTEGER), substr(path, instr(substr(path, 2), '/') + 2) FROM paths WHERE path <> '/'
    UNION ALL
    SELECT path, CAST(substr(rest, 1, instr(rest, '/') - 1) AS INTEGER), substr(rest, instr(rest, '/') + 1) FROM split WHERE rest <> ''
)
SELECT path, cur AS anc, CASE WHEN rest = '' THEN cur ELSE CAST(substr(rest, 1, instr(rest, '/') - 1) AS INTEGER) END AS child FROM split;
CREATE INDEX temp.petition_rollup_anc_path ON petition_rollup_anc(path);

CREATE TEMP TABLE petition_rollup_src AS
SELECT p.id, p.unit_id, COALESCE((SELECT h.path FROM unit_paths_before h WHERE h.unit_id = p.unit_id AND h.until_at > p.submitted_at ORDER BY h.until_at LIMIT 1), u.path) AS path,
       date(substr(p.submitted_at, 1, 19), '+7 hours') AS day, p.category, p.status, p.conclusion, COALESCE(p.official_id, 0) AS official_id,
       CASE WHEN p.due_at IS NOT NULL AND p.status NOT IN ('rejected', 'closed', 'withdrawn', 'referred', 'suspended')
            THEN date(substr(p.due_at, 1, 19), '+7 hours') END AS due_day
FROM petitions p JOIN units u ON u.id = p.unit_id;
CREATE INDEX temp.petition_rollup_src_id ON petition_rollup_src(id);

INSERT INTO rollup_petition_day (unit_id, day, category, status, conclusion, n)
SELECT a.anc, s.day, s.category, s.status, s.conclusion, COUNT(*)
FROM petition_rollup_src s JOIN petition_rollup_anc a ON a.path = s.path
GROUP BY a.anc, s.day, s.category, s.status, s.conclusion;

INSERT INTO rollup_petition_child_day (unit_id, day, child_id, n)
SELECT a.anc, s.day, a.child, COUNT(*)
FROM petition_rollup_src s JOIN petition_rollup_anc a ON a.path = s.path
GROUP BY a.anc, s.day, a.child;

INSERT INTO rollup_petition_item_day (unit_id, day, item_code, n)
SELECT a.anc, s.day, i.item_code, COUNT(*)
FROM petition_rollup_src s JOIN petition_items i ON i.petition_id = s.id JOIN petition_rollup_anc a ON a.path = s.path
WHERE s.conclusion IN ('founded', 'partly')
GROUP BY a.anc, s.day, i.item_code;

-- The tenths of petition.TenthsOfSeconds, from whole seconds.
CREATE TEMP TABLE petition_rollup_stage AS
SELECT petition_id, stage, done_at <= due_at AS on_time,
       MAX(CAST(strftime('%s', substr(done_at, 1, 19)) AS INTEGER) - CAST(strftime('%s', substr(started_at, 1, 19)) AS INTEGER), 0) AS secs
FROM petition_stages WHERE done_at IS NOT NULL;

INSERT INTO rollup_petition_stage_day (unit_id, day, stage, tenths, n, on_time)
SELECT a.anc, s.day, g.stage, CASE WHEN g.secs < 36000 THEN (g.secs + 180) / 360 WHEN g.secs < 360000 THEN (g.secs + 1800) / 3600 * 10
       WHEN g.secs < 3600000 THEN (g.secs + 18000) / 36000 * 100 ELSE (g.secs + 180000) / 360000 * 1000 END AS tenths, COUNT(*), SUM(g.on_time)
FROM petition_rollup_stage g JOIN petition_rollup_src s ON s.id = g.petition_id JOIN petition_rollup_anc a ON a.path = s.path
GROUP BY a.anc, s.day, g.stage, tenths;

INSERT INTO rollup_petition_due_day (unit_id, day, due_day, n)
SELECT a.anc, s.day, s.due_day, COUNT(*)
FROM petition_rollup_src s JOIN petition_rollup_anc a ON a.path = s.path
WHERE s.due_day IS NOT NULL
GROUP BY a.anc, s.day, s.due_day;

INSERT INTO rollup_petition_subject_day (unit_id, day, subject_id, concluded, founded)
SELECT a.anc, s.day, s.unit_id, COUNT(*), SUM(s.conclusion IN ('founded', 'partly'))
FROM petition_rollup_src s JOIN petition_rollup_anc a ON a.path = s.path
WHERE s.conclusion <> ''
GROUP BY a.anc, s.day, s.unit_id;

INSERT INTO rollup_petition_official_day (unit_id, day, official_id, concluded, founded)
SELECT a.anc, s.day, s.official_id, COUNT(*), SUM(s.conclusion IN ('founded', 'partly'))
FROM petition_rollup_src s JOIN petition_rollup_anc a ON a.path = s.path
WHERE s.conclusion <> '' AND s.official_id <> 0
GROUP BY a.anc, s.day, s.official_id;

DROP TABLE petition_rollup_stage;
DROP TABLE petition_rollup_src;
DROP TABLE petition_rollup_anc;

-- The months, from the days.
INSERT INTO rollup_petition_month (unit_id, month, category, status, conclusion, n)
SELECT unit_id, substr(day, 1, 8) || '01' AS m, category, status, conclusion, SUM(n) FROM rollup_petition_day GROUP BY unit_id, m, category, status, conclusion;
INSERT INTO rollup_petition_child_month (unit_id, month, child_id, n)
SELECT unit_id, substr(day, 1, 8) || '01' AS m, child_id, SUM(n) FROM rollup_petition_child_day GROUP BY unit_id, m, child_id;
INSERT INTO rollup_petition_item_month (unit_id, month, item_code, n)
SELECT unit_id, substr(day, 1, 8) || '01' AS m, item_code, SUM(n) FROM rollup_petition_item_day GROUP BY unit_id, m, item_code;
INSERT INTO rollup_petition_stage_month (unit_id, month, stage, tenths, n, on_time)
SELECT unit_id, substr(day, 1, 8) || '01' AS m, stage, tenths, SUM(n), SUM(on_time) FROM rollup_petition_stage_day GROUP BY unit_id, m, stage, tenths;
INSERT INTO rollup_petition_subject_month (unit_id, month, subject_id, concluded, founded)
SELECT unit_id, substr(day, 1, 8) || '01' AS m, subject_id, SUM(concluded), SUM(founded) FROM rollup_petition_subject_day GROUP BY unit_id, m, subject_id;
INSERT INTO rollup_petition_official_month (unit_id, month, official_id, concluded, founded)
SELECT unit_id, substr(day, 1, 8) || '01' AS m, official_id, SUM(concluded), SUM(founded) FROM rollup_petition_official_day GROUP BY unit_id, m, official_id;
