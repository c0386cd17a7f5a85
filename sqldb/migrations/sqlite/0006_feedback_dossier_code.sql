-- The dossier code a citizen may type on an ordinary rating (not verified;
-- a rating made with a dossier's one-time link also links dossier_id).
ALTER TABLE feedback ADD COLUMN dossier_code TEXT NOT NULL DEFAULT '';
