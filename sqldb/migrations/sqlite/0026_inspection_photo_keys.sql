-- Field work on a phone: a photo sent again from the phone's queue (its
-- answer lost) is stored once, by the random key the phone gave it.
ALTER TABLE inspection_photos ADD COLUMN client_key TEXT;
CREATE UNIQUE INDEX inspection_photos_client_key ON inspection_photos(line_id, client_key) WHERE client_key IS NOT NULL;
