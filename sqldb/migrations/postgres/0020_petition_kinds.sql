-- Petitions by their legal kind (phản ánh, kiến nghị; tố cáo; khiếu nại):
-- the kind suggested at intake and confirmed at acceptance, when the
-- acceptance decision was taken (a tố cáo's 30 days run from it), the
-- suspension that stops the clock and the count of extensions. Deadline
-- rules are per kind, with the days of one extension; the rules stored
-- before are those of phản ánh.
ALTER TABLE petitions ADD COLUMN kind TEXT NOT NULL DEFAULT 'report';
ALTER TABLE petitions ADD COLUMN accepted_at TIMESTAMPTZ;
ALTER TABLE petitions ADD COLUMN suspended_at TIMESTAMPTZ;
ALTER TABLE petitions ADD COLUMN suspended_from TEXT NOT NULL DEFAULT '';
ALTER TABLE petitions ADD COLUMN extensions BIGINT NOT NULL DEFAULT 0;

ALTER TABLE petition_deadline_rules ADD COLUMN kind TEXT NOT NULL DEFAULT 'report';
ALTER TABLE petition_deadline_rules ADD COLUMN extend_days BIGINT NOT NULL DEFAULT 0;
ALTER TABLE petition_deadline_rules DROP CONSTRAINT petition_deadline_rules_stage_valid_from_key;
ALTER TABLE petition_deadline_rules ADD CONSTRAINT petition_deadline_rules_kind_stage_valid_from_key UNIQUE (kind, stage, valid_from);
