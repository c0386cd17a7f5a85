-- Rollups of the violation dashboards (violationsql/rollup.go), kept in the
-- transaction of each write that changes them. A row holds a unit's whole
-- subtree: a figure is added to its unit and to every ancestor, in the tree
-- as it stood on the row's day (unit_paths_before); a restructuring moves
-- the rows of a unit from its effective day on (sqldb.RegisterUnitMove), so
-- a dissolved unit's records from then on roll up to its successor. day is
-- a Vietnam date.
--
-- rollup_violation_unit_day: violations by the day of the act, at the unit
-- where it happened, by status (open + handled are the violations counted;
-- dismissed ones did not hold).
CREATE TABLE rollup_violation_unit_day (
    unit_id   BIGINT NOT NULL,
    day       DATE NOT NULL,
    open      BIGINT NOT NULL DEFAULT 0,
    handled   BIGINT NOT NULL DEFAULT 0,
    dismissed BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day)
);

-- The same per standard item breached (violations not dismissed).
CREATE TABLE rollup_violation_item_day (
    unit_id   BIGINT NOT NULL,
    day       DATE NOT NULL,
    item_code TEXT NOT NULL,
    n         BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, item_code)
);

-- Outcomes by the day they were decided: kind 'measure' (code: a handling
-- kind, or no_action) at the violation's unit; kind 'form' (code: the
-- discipline form applied, after a complaint if it changed it) at the
-- case's unit.
CREATE TABLE rollup_violation_outcome_day (
    unit_id BIGINT NOT NULL,
    day     DATE NOT NULL,
    kind    TEXT NOT NULL,
    code    TEXT NOT NULL,
    n       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, kind, code)
);

-- Days from the earliest evidence to each decision (a handling, no action,
-- a discipline decision), by the decision's day, in the bins of
-- violationsql.DelayBin (exact up to two months, then wider).
CREATE TABLE rollup_violation_delay_day (
    unit_id BIGINT NOT NULL,
    day     DATE NOT NULL,
    days    INTEGER NOT NULL,
    n       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, days)
);

-- The same four per month (month: its first day), so that a dashboard of
-- many months reads a row per month and the days of its partial months.
CREATE TABLE rollup_violation_unit_month (
    unit_id   BIGINT NOT NULL,
    month     DATE NOT NULL,
    open      BIGINT NOT NULL DEFAULT 0,
    handled   BIGINT NOT NULL DEFAULT 0,
    dismissed BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, month)
);

CREATE TABLE rollup_violation_item_month (
    unit_id   BIGINT NOT NULL,
    month     DATE NOT NULL,
    item_code TEXT NOT NULL,
    n         BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, month, item_code)
);

CREATE TABLE rollup_violation_outcome_month (
    unit_id BIGINT NOT NULL,
    month   DATE NOT NULL,
    kind    TEXT NOT NULL,
    code    TEXT NOT NULL,
    n       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, month, kind, code)
);

CREATE TABLE rollup_violation_delay_month (
    unit_id BIGINT NOT NULL,
    month   DATE NOT NULL,
    days    INTEGER NOT NULL,
    n       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, month, days)
);

-- Active officials per unit (its own, not its subtree), kept by triggers so
-- that a dashboard counts a subtree's officials ("per 100 officials")
-- without scanning millions of officials. The row of unit 0 (no unit has
-- that id) counts the statements that change officials or the tree: a
-- server may cache the subtree sums while it stays the same.
CREATE TABLE unit_official_counts (
    unit_id BIGINT NOT NULL PRIMARY KEY,
    active  BIGINT NOT NULL DEFAULT 0
);

CREATE FUNCTION unit_official_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.active THEN
        UPDATE unit_official_counts SET active = active - 1 WHERE unit_id = OLD.unit_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.active THEN
        INSERT INTO unit_official_counts (unit_id, active) VALUES (NEW.unit_id, 1)
        ON CONFLICT (unit_id) DO UPDATE SET active = unit_official_counts.active + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION unit_official_counts_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE unit_official_counts SET active = active + 1 WHERE unit_id = 0;
    RETURN NULL;
END $$;

CREATE TRIGGER unit_official_counts_insert AFTER INSERT OR DELETE ON officials
FOR EACH ROW EXECUTE FUNCTION unit_official_counts_keep();
CREATE TRIGGER unit_official_counts_update AFTER UPDATE OF unit_id, active ON officials
FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.active IS DISTINCT FROM NEW.active)
EXECUTE FUNCTION unit_official_counts_keep();
CREATE TRIGGER unit_official_counts_changes AFTER INSERT OR UPDATE OR DELETE ON officials
FOR EACH STATEMENT EXECUTE FUNCTION unit_official_counts_bump();
CREATE TRIGGER unit_official_counts_tree AFTER UPDATE ON units
FOR EACH STATEMENT EXECUTE FUNCTION unit_official_counts_bump();

INSERT INTO unit_official_counts (unit_id, active)
SELECT unit_id, COUNT(*) FROM officials WHERE active GROUP BY unit_id;
INSERT INTO unit_official_counts (unit_id, active) VALUES (0, 1);

-- Backfill (violationsql tests run it again from here): from the rows already there (0028 came in the same release: a
-- database has none or a few), in the tree as it stands now.
INSERT INTO rollup_violation_unit_day (unit_id, day, open, handled, dismissed)
SELECT a.id, v.act_date, COUNT(*) FILTER (WHERE v.status = 'open'), COUNT(*) FILTER (WHERE v.status = 'handled'),
       COUNT(*) FILTER (WHERE v.status = 'dismissed')
FROM violations v JOIN units u ON u.id = v.unit_id JOIN units a ON strpos(u.path, '/' || a.id || '/') > 0
GROUP BY a.id, v.act_date;

INSERT INTO rollup_violation_item_day (unit_id, day, item_code, n)
SELECT a.id, v.act_date, i.item_code, COUNT(*)
FROM violations v JOIN violation_items i ON i.violation_id = v.id
JOIN units u ON u.id = v.unit_id JOIN units a ON strpos(u.path, '/' || a.id || '/') > 0
WHERE v.status <> 'dismissed'
GROUP BY a.id, v.act_date, i.item_code;

-- Outcomes and delays: handlings and no action at the violation's unit,
-- discipline decisions at the case's unit; the bins of DelayBin.
CREATE TEMP TABLE violation_backfill AS
SELECT v.unit_id AS unit_id, CAST(coalesce(h.decided_at, o.decided_at) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS DATE) AS day, 'measure' AS kind,
       coalesce(h.kind, 'no_action') AS code,
       CAST(coalesce(h.decided_at, o.decided_at) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS DATE) - CAST(v.evidence_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS DATE) AS days
FROM violation_officials o JOIN violations v ON v.id = o.violation_id
LEFT JOIN violation_handlings h ON h.violation_id = o.violation_id AND h.official_id = o.official_id
WHERE (o.outcome = 'handled' AND h.id IS NOT NULL) OR (o.outcome = 'no_action' AND o.decided_at IS NOT NULL)
UNION ALL
SELECT c.unit_id, CAST(c.decided_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS DATE), 'form',
       CASE WHEN c.complaint_new_form <> '' THEN c.complaint_new_form ELSE c.decision_form END,
       CAST(c.decided_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS DATE) - (SELECT CAST(MIN(v.evidence_at) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS DATE)
            FROM discipline_case_violations cv JOIN violations v ON v.id = cv.violation_id WHERE cv.case_id = c.id)
FROM discipline_cases c WHERE c.decided_at IS NOT NULL AND c.decision_form <> '' AND c.complaint_outcome <> 'annulled';

INSERT INTO rollup_violation_outcome_day (unit_id, day, kind, code, n)
SELECT a.id, b.day, b.kind, b.code, COUNT(*)
FROM violation_backfill b JOIN units u ON u.id = b.unit_id JOIN units a ON strpos(u.path, '/' || a.id || '/') > 0
GROUP BY a.id, b.day, b.kind, b.code;

INSERT INTO rollup_violation_delay_day (unit_id, day, days, n)
SELECT a.id, b.day, x.bin, COUNT(*)
FROM violation_backfill b
CROSS JOIN LATERAL (SELECT CASE WHEN coalesce(b.days, 0) <= 0 THEN 0 WHEN b.days <= 62 THEN b.days
       WHEN b.days < 364 THEN 63 + 7 * ((b.days - 63) / 7) WHEN b.days < 1094 THEN 364 + 30 * ((b.days - 364) / 30) ELSE 1094 END AS bin) x
JOIN units u ON u.id = b.unit_id JOIN units a ON strpos(u.path, '/' || a.id || '/') > 0
GROUP BY a.id, b.day, x.bin;

DROP TABLE violation_backfill;

-- The months, from the days.
INSERT INTO rollup_violation_unit_month (unit_id, month, open, handled, dismissed)
SELECT unit_id, CAST(date_trunc('month', day) AS DATE) AS m, SUM(open), SUM(handled), SUM(dismissed) FROM rollup_violation_unit_day GROUP BY unit_id, m;
INSERT INTO rollup_violation_item_month (unit_id, month, item_code, n)
SELECT unit_id, CAST(date_trunc('month', day) AS DATE) AS m, item_code, SUM(n) FROM rollup_violation_item_day GROUP BY unit_id, m, item_code;
INSERT INTO rollup_violation_outcome_month (unit_id, month, kind, code, n)
SELECT unit_id, CAST(date_trunc('month', day) AS DATE) AS m, kind, code, SUM(n) FROM rollup_violation_outcome_day GROUP BY unit_id, m, kind, code;
INSERT INTO rollup_violation_delay_month (unit_id, month, days, n)
SELECT unit_id, CAST(date_trunc('month', day) AS DATE) AS m, days, SUM(n) FROM rollup_violation_delay_day GROUP BY unit_id, m, days;
