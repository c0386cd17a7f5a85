-- What the reporter reads of a conclusion whose text was not written for
-- them (conclusion_public false): every conclusion now leaves the reporter
-- one or the other, shown at /tra-cuu, in the API's tracking and in the
-- reply made from the conclusion at closing.
ALTER TABLE petitions ADD COLUMN reporter_summary TEXT NOT NULL DEFAULT '';
