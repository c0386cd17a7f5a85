-- Official unit codes are unique among units in force only: after 2025 a
-- new commune may carry the code of an old, dissolved one (Xã Ia Mơ took
-- 23737 from Xã Ia Mơ Nông). Dissolved units keep their codes.
ALTER TABLE units DROP CONSTRAINT units_code_key;
CREATE UNIQUE INDEX units_code_active ON units(code) WHERE active;
CREATE INDEX units_code ON units(code);
