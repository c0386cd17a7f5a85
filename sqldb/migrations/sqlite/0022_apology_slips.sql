-- The apology slip (phiếu xin lỗi và hẹn lại ngày trả kết quả) is recorded:
-- issued by the agency at fault, which the dossier now records, once per
-- dossier (the unique dossier_id), listed and counted per unit.
ALTER TABLE dossiers ADD COLUMN delay_unit_id INTEGER REFERENCES units(id);
-- The agency at fault finds its dossiers by code (FindDossier).
CREATE INDEX dossiers_delay_unit ON dossiers(delay_unit_id, code) WHERE delay_unit_id IS NOT NULL;

CREATE TABLE apology_slips (
    id                INTEGER PRIMARY KEY,
    dossier_id        INTEGER NOT NULL UNIQUE REFERENCES dossiers(id),
    unit_id           INTEGER NOT NULL REFERENCES units(id),
    number            TEXT NOT NULL DEFAULT '',
    issued_at         TIMESTAMP NOT NULL,
    due_at            TIMESTAMP NOT NULL,
    new_due_at        TIMESTAMP NOT NULL,
    reason            TEXT NOT NULL,
    recipient         TEXT NOT NULL,
    recipient_address TEXT NOT NULL,
    copies_to         TEXT NOT NULL DEFAULT '',
    signer_title      TEXT NOT NULL DEFAULT '',
    signer            TEXT NOT NULL DEFAULT '',
    form              TEXT NOT NULL
);
CREATE INDEX apology_slips_unit ON apology_slips(unit_id, issued_at);
