-- Petitions by their legal kind (phản ánh, kiến nghị; tố cáo; khiếu nại):
-- the kind suggested at intake and confirmed at acceptance, when the
-- acceptance decision was taken (a tố cáo's 30 days run from it), the
-- suspension that stops the clock and the count of extensions. Deadline
-- rules are per kind, with the days of one extension; the rules stored
-- before are those of phản ánh.
ALTER TABLE petitions ADD COLUMN kind TEXT NOT NULL DEFAULT 'report';
ALTER TABLE petitions ADD COLUMN accepted_at TIMESTAMP;
ALTER TABLE petitions ADD COLUMN suspended_at TIMESTAMP;
ALTER TABLE petitions ADD COLUMN suspended_from TEXT NOT NULL DEFAULT '';
ALTER TABLE petitions ADD COLUMN extensions INTEGER NOT NULL DEFAULT 0;

CREATE TABLE petition_deadline_rules_new (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL DEFAULT 'report',
    stage         TEXT NOT NULL,
    days          INTEGER NOT NULL,
    working_days  BOOLEAN NOT NULL,
    remind_days   INTEGER NOT NULL,
    escalate_days INTEGER NOT NULL,
    extend_days   INTEGER NOT NULL DEFAULT 0,
    valid_from    TIMESTAMP NOT NULL,
    legal_basis   TEXT NOT NULL DEFAULT '',
    created_by    INTEGER,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (kind, stage, valid_from)
);
INSERT INTO petition_deadline_rules_new (id, stage, days, working_days, remind_days, escalate_days, valid_from, legal_basis, created_by, created_at)
    SELECT id, stage, days, working_days, remind_days, escalate_days, valid_from, legal_basis, created_by, created_at FROM petition_deadline_rules;
DROP TABLE petition_deadline_rules;
ALTER TABLE petition_deadline_rules_new RENAME TO petition_deadline_rules;
