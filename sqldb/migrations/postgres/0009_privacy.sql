-- Tracking codes are found by their canonical form, I read as L (see
-- petition.TrackingKeySQL): codes issued before may hold an I that the
-- reporter types as 1 or L.
CREATE INDEX petitions_tracking_key ON petitions ((REPLACE(tracking_code, 'I', 'L')));

-- Addresses are pseudonyms under a key of the day now (sqldb.DayKey); the
-- lasting key of the petitions is deleted, so that the pseudonyms stored
-- under it can no longer be reversed by trying every address.
DELETE FROM settings WHERE key IN ('petition.ip_hmac_secret', 'feedback.ip_hmac_secret');
