-- The one-time key of the public form that filed a petition (a hash of the
-- form's nonce): a form sent again (a reload of the receipt, the back
-- button) finds the petition it filed and files no second one. NULL for
-- petitions filed otherwise (the API, the demo, before this migration);
-- NULLs never collide in a unique index, on either engine.
ALTER TABLE petitions ADD COLUMN form_key TEXT;
CREATE UNIQUE INDEX petitions_form_key ON petitions(form_key);
