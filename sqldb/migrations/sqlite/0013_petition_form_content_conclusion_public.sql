-- The content a form filed (form_digest: a hash of the form's nonce and
-- petition.FormContent): the same form sent again with the same content
-- gets its receipt back; with other content it files nothing and is not
-- told the code of the petition filed first. NULL before this migration:
-- such a form sent again is treated as other content.
ALTER TABLE petitions ADD COLUMN form_digest TEXT;
-- Whether the conclusion's text was written for the reporter to read (the
-- conclude step under the hint "Người phản ánh đọc được nội dung này"):
-- only then is it shown at /tra-cuu, in the API's tracking and in the reply
-- made from the conclusion. Conclusions written before were internal text.
ALTER TABLE petitions ADD COLUMN conclusion_public BOOLEAN NOT NULL DEFAULT FALSE;
