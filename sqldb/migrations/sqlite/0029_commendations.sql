-- Commendations: biểu dương by the unit head (issued at once) and
-- proposals of khen thưởng decided by the competent level under the Law on
-- Emulation and Commendation 06/2022, each resting on evidence. The rule
-- sets (forms, who decides, coefficients, base salary by date) are dated
-- data like the discipline rules: body is the JSON of
-- commendation.RuleSet's forms, salaries and thresholds.
CREATE TABLE commendation_rule_sets (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    valid_from  DATE,
    valid_until DATE,
    basis       TEXT NOT NULL,
    verified    BOOLEAN NOT NULL DEFAULT FALSE,
    body        TEXT NOT NULL,
    created_by  INTEGER,
    created_at  TIMESTAMP
);

CREATE TABLE commendations (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('praise', 'award')),
    official_id       INTEGER REFERENCES officials(id), -- NULL: the unit as a collective
    unit_id           INTEGER NOT NULL REFERENCES units(id),
    year              INTEGER NOT NULL,
    reason            TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected', 'withdrawn', 'issued')),
    form              TEXT NOT NULL DEFAULT '',
    form_label        TEXT NOT NULL DEFAULT '',
    rule_set_id       INTEGER REFERENCES commendation_rule_sets(id),
    proposing_unit_id INTEGER REFERENCES units(id),
    competent_unit_id INTEGER REFERENCES units(id),
    decision_number   TEXT NOT NULL DEFAULT '',
    decision_date     DATE,
    amount            INTEGER NOT NULL DEFAULT 0,
    reject_reason     TEXT NOT NULL DEFAULT '',
    search            TEXT NOT NULL DEFAULT '',
    created_by        INTEGER REFERENCES users(id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX commendations_unit ON commendations(unit_id, year);
CREATE INDEX commendations_official ON commendations(official_id, year);
CREATE INDEX commendations_competent ON commendations(competent_unit_id, status);

CREATE TABLE commendation_evidence (
    id              INTEGER PRIMARY KEY,
    commendation_id INTEGER NOT NULL REFERENCES commendations(id),
    kind            TEXT NOT NULL,
    ref_id          INTEGER NOT NULL DEFAULT 0,
    official_id     INTEGER REFERENCES officials(id),
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    evidence_date   TIMESTAMP NOT NULL,
    summary         TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX commendation_evidence_commendation ON commendation_evidence(commendation_id, id);
CREATE INDEX commendation_evidence_ref ON commendation_evidence(kind, ref_id);
