-- Violations (vi phạm) opened from evidence, the officials they name and
-- what became of each, the evidence they rest on (one piece may support
-- several violations), and the measures short of discipline (nhắc nhở,
-- phê bình, chấn chỉnh) with the official's acknowledgement. Sensitive
-- personal data (Law 91/2025): the service audits every reading.
CREATE TABLE violations (
    id                 INTEGER PRIMARY KEY,
    unit_id            INTEGER NOT NULL REFERENCES units(id),  -- where the act happened
    act_date           DATE NOT NULL,                          -- Vietnam day of the act
    catalog_version_id INTEGER REFERENCES standard_versions(id),
    description        TEXT NOT NULL,
    severity           TEXT NOT NULL DEFAULT '' CHECK (severity IN ('', 'minor', 'serious', 'grave')),
    status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'handled', 'dismissed')),
    dismiss_reason     TEXT NOT NULL DEFAULT '',
    evidence_at        TIMESTAMP NOT NULL,   -- date of the earliest evidence
    search             TEXT NOT NULL DEFAULT '', -- folded words: officials' names and codes, unit, description
    created_by         INTEGER REFERENCES users(id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    closed_at          TIMESTAMP
);
CREATE INDEX violations_unit ON violations(unit_id, act_date);
CREATE INDEX violations_act ON violations(act_date, id);

CREATE TABLE violation_items (
    violation_id INTEGER NOT NULL REFERENCES violations(id),
    item_code    TEXT NOT NULL,
    item_title   TEXT NOT NULL,
    PRIMARY KEY (violation_id, item_code)
);
CREATE INDEX violation_items_code ON violation_items(item_code, violation_id);

CREATE TABLE violation_officials (
    violation_id INTEGER NOT NULL REFERENCES violations(id),
    official_id  INTEGER NOT NULL REFERENCES officials(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id), -- the official's unit on the act date
    outcome      TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'handled', 'discipline', 'no_action')),
    reason       TEXT NOT NULL DEFAULT '',
    case_id      INTEGER,                               -- discipline_cases(id) when outcome = 'discipline'
    decided_at   TIMESTAMP,
    PRIMARY KEY (violation_id, official_id)
);
CREATE INDEX violation_officials_official ON violation_officials(official_id, violation_id);

-- ref_id is the id in the other capability (inspection line, petition);
-- 0 for an observation or a ratings pattern.
CREATE TABLE violation_evidence (
    id               INTEGER PRIMARY KEY,
    violation_id     INTEGER NOT NULL REFERENCES violations(id),
    kind             TEXT NOT NULL,
    ref_id           INTEGER NOT NULL DEFAULT 0,
    official_id      INTEGER REFERENCES officials(id),
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    item_codes       TEXT NOT NULL DEFAULT '', -- comma-separated
    evidence_date    TIMESTAMP NOT NULL,
    summary          TEXT NOT NULL,            -- for staff
    official_summary TEXT NOT NULL,            -- for the official concerned: no reporter, no tracking code
    note             TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX violation_evidence_violation ON violation_evidence(violation_id, id);
CREATE INDEX violation_evidence_ref ON violation_evidence(kind, ref_id);
CREATE UNIQUE INDEX violation_evidence_once ON violation_evidence(violation_id, kind, ref_id) WHERE ref_id <> 0;

CREATE TABLE violation_handlings (
    id              INTEGER PRIMARY KEY,
    violation_id    INTEGER NOT NULL REFERENCES violations(id),
    official_id     INTEGER NOT NULL REFERENCES officials(id),
    kind            TEXT NOT NULL CHECK (kind IN ('reminder', 'criticism', 'correction')),
    note            TEXT NOT NULL DEFAULT '',
    decided_by      INTEGER REFERENCES users(id),
    decider_name    TEXT NOT NULL DEFAULT '',
    decided_at      TIMESTAMP NOT NULL,
    acknowledged_at TIMESTAMP,
    ack_note        TEXT NOT NULL DEFAULT '',
    UNIQUE (violation_id, official_id)
);
CREATE INDEX violation_handlings_official ON violation_handlings(official_id, decided_at);

-- Discipline rule sets: dated data with their citation (design/law.md),
-- chosen by the date of the act and the official's category. body holds
-- the JSON of violation.RuleSet's forms, deferrals, time bars, limits,
-- steps and competence. Never edited: an administrator adds a new one.
CREATE TABLE discipline_rule_sets (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    title       TEXT NOT NULL,
    categories  TEXT NOT NULL,  -- comma-separated org.Category
    valid_from  DATE,           -- NULL: always
    valid_until DATE,           -- NULL: still in force
    basis       TEXT NOT NULL,
    verified    BOOLEAN NOT NULL DEFAULT FALSE,
    body        TEXT NOT NULL,
    created_by  INTEGER,
    created_at  TIMESTAMP       -- NULL: shipped with the product
);

-- A discipline case: one official, one or several violations, one
-- decision. The council, decision and complaint are columns of the case
-- (one each at most).
CREATE TABLE discipline_cases (
    id                   INTEGER PRIMARY KEY,
    official_id          INTEGER NOT NULL REFERENCES officials(id),
    category             TEXT NOT NULL,
    leader               BOOLEAN NOT NULL DEFAULT FALSE,
    unit_id              INTEGER NOT NULL REFERENCES units(id),
    competent_unit_id    INTEGER NOT NULL REFERENCES units(id),
    rule_set_id          INTEGER NOT NULL REFERENCES discipline_rule_sets(id),
    severity             TEXT NOT NULL CHECK (severity IN ('minor', 'serious', 'grave')),
    proposed_form        TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('review', 'council', 'decision', 'decided', 'notified', 'complaint', 'closed', 'deferred', 'dropped')),
    resume_status        TEXT NOT NULL DEFAULT '', -- where a deferred case resumes
    reason               TEXT NOT NULL DEFAULT '',
    deferral_code        TEXT NOT NULL DEFAULT '',
    opened_at            TIMESTAMP NOT NULL,
    due_at               TIMESTAMP NOT NULL,
    council              TEXT NOT NULL DEFAULT '', -- JSON of violation.Council
    decision_number      TEXT NOT NULL DEFAULT '',
    decision_signed_on   DATE,
    decision_effective_on DATE,
    decision_form        TEXT NOT NULL DEFAULT '',
    decision_lasts_until DATE,
    decision_signer      TEXT NOT NULL DEFAULT '',
    decided_at           TIMESTAMP,
    complaint_filed_on   DATE,
    complaint_text       TEXT NOT NULL DEFAULT '',
    complaint_outcome    TEXT NOT NULL DEFAULT '',
    complaint_new_form   TEXT NOT NULL DEFAULT '',
    complaint_settled_on DATE,
    complaint_reply      TEXT NOT NULL DEFAULT '',
    search               TEXT NOT NULL DEFAULT '',
    created_by           INTEGER REFERENCES users(id),
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX discipline_cases_official ON discipline_cases(official_id, opened_at);
CREATE INDEX discipline_cases_unit ON discipline_cases(unit_id, status);
CREATE INDEX discipline_cases_competent ON discipline_cases(competent_unit_id, status);
CREATE INDEX discipline_cases_due ON discipline_cases(due_at) WHERE status NOT IN ('closed', 'dropped', 'deferred');

CREATE TABLE discipline_case_violations (
    case_id      INTEGER NOT NULL REFERENCES discipline_cases(id),
    violation_id INTEGER NOT NULL REFERENCES violations(id),
    PRIMARY KEY (case_id, violation_id)
);
CREATE INDEX discipline_case_violations_violation ON discipline_case_violations(violation_id);

CREATE TABLE discipline_case_steps (
    case_id INTEGER NOT NULL REFERENCES discipline_cases(id),
    step    TEXT NOT NULL CHECK (step IN ('review', 'council', 'decision', 'notify', 'complaint')),
    due_on  DATE NOT NULL,
    done_at TIMESTAMP,
    note    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, step)
);
