-- Ratings at national scale (issue 15): fewer rows and pages per rating.
-- 1. A rating's answers to the eight "4 xin, 4 luôn" questions move from
--    eight feedback_answers rows into two bitmasks of its feedback row
--    (feedback.PackAnswers: bit i stands for feedback.FourXinCodes[i]).
-- 2. The per-item rollup tables fold into the day rollups: one row per
--    (unit or official, day) carries each behaviour's yes and asked counts
--    as columns, instead of one row per item. Item codes outside the eight
--    were never accepted (feedback.ValidateInput) nor read.
-- 3. On SQLite the rollup tables are rebuilt WITHOUT ROWID: clustered on
--    their key, with no separate unique index.
ALTER TABLE feedback ADD COLUMN answers_asked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feedback ADD COLUMN answers_yes INTEGER NOT NULL DEFAULT 0;
UPDATE feedback SET answers_asked = t.asked, answers_yes = t.yes
FROM (SELECT feedback_id, COALESCE(SUM(bit), 0) AS asked, COALESCE(SUM(CASE WHEN yes THEN bit ELSE 0 END), 0) AS yes
	FROM (SELECT feedback_id, yes, CASE item_code WHEN 'GT-XC' THEN 1 WHEN 'GT-XL' THEN 2 WHEN 'GT-XCO' THEN 4 WHEN 'GT-XP' THEN 8 WHEN 'GT-MC' THEN 16 WHEN 'GT-NN' THEN 32 WHEN 'GT-LN' THEN 64 WHEN 'GT-GD' THEN 128 END AS bit FROM feedback_answers) AS a
	GROUP BY feedback_id) AS t
WHERE t.feedback_id = feedback.id;
DROP TABLE feedback_answers;

CREATE TABLE rollup_unit_day_new (
    unit_id        INTEGER NOT NULL,
    day            DATE NOT NULL,
    total          INTEGER NOT NULL DEFAULT 0,
    very_satisfied INTEGER NOT NULL DEFAULT 0,
    satisfied      INTEGER NOT NULL DEFAULT 0,
    dissatisfied   INTEGER NOT NULL DEFAULT 0,
    flagged        INTEGER NOT NULL DEFAULT 0,
    rejected       INTEGER NOT NULL DEFAULT 0,
    gt_xc_yes      INTEGER NOT NULL DEFAULT 0,
    gt_xc_asked    INTEGER NOT NULL DEFAULT 0,
    gt_xl_yes      INTEGER NOT NULL DEFAULT 0,
    gt_xl_asked    INTEGER NOT NULL DEFAULT 0,
    gt_xco_yes     INTEGER NOT NULL DEFAULT 0,
    gt_xco_asked   INTEGER NOT NULL DEFAULT 0,
    gt_xp_yes      INTEGER NOT NULL DEFAULT 0,
    gt_xp_asked    INTEGER NOT NULL DEFAULT 0,
    gt_mc_yes      INTEGER NOT NULL DEFAULT 0,
    gt_mc_asked    INTEGER NOT NULL DEFAULT 0,
    gt_nn_yes      INTEGER NOT NULL DEFAULT 0,
    gt_nn_asked    INTEGER NOT NULL DEFAULT 0,
    gt_ln_yes      INTEGER NOT NULL DEFAULT 0,
    gt_ln_asked    INTEGER NOT NULL DEFAULT 0,
    gt_gd_yes      INTEGER NOT NULL DEFAULT 0,
    gt_gd_asked    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day)
) WITHOUT ROWID;
INSERT INTO rollup_unit_day_new (unit_id, day, total, very_satisfied, satisfied, dissatisfied, flagged, rejected)
SELECT unit_id, day, total, very_satisfied, satisfied, dissatisfied, flagged, rejected FROM rollup_unit_day;
INSERT INTO rollup_unit_day_new (unit_id, day, gt_xc_yes, gt_xc_asked, gt_xl_yes, gt_xl_asked, gt_xco_yes, gt_xco_asked, gt_xp_yes, gt_xp_asked, gt_mc_yes, gt_mc_asked, gt_nn_yes, gt_nn_asked, gt_ln_yes, gt_ln_asked, gt_gd_yes, gt_gd_asked)
SELECT unit_id, day,
		SUM(CASE WHEN item_code = 'GT-XC' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-XC' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-XL' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-XL' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-XCO' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-XCO' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-XP' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-XP' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-MC' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-MC' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-NN' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-NN' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-LN' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-LN' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-GD' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-GD' THEN asked ELSE 0 END)
	FROM rollup_unit_item_day WHERE TRUE GROUP BY unit_id, day
ON CONFLICT (unit_id, day) DO UPDATE SET
	gt_xc_yes = excluded.gt_xc_yes, gt_xc_asked = excluded.gt_xc_asked,
	gt_xl_yes = excluded.gt_xl_yes, gt_xl_asked = excluded.gt_xl_asked,
	gt_xco_yes = excluded.gt_xco_yes, gt_xco_asked = excluded.gt_xco_asked,
	gt_xp_yes = excluded.gt_xp_yes, gt_xp_asked = excluded.gt_xp_asked,
	gt_mc_yes = excluded.gt_mc_yes, gt_mc_asked = excluded.gt_mc_asked,
	gt_nn_yes = excluded.gt_nn_yes, gt_nn_asked = excluded.gt_nn_asked,
	gt_ln_yes = excluded.gt_ln_yes, gt_ln_asked = excluded.gt_ln_asked,
	gt_gd_yes = excluded.gt_gd_yes, gt_gd_asked = excluded.gt_gd_asked;
DROP TABLE rollup_unit_day;
DROP TABLE rollup_unit_item_day;
ALTER TABLE rollup_unit_day_new RENAME TO rollup_unit_day;

CREATE TABLE rollup_official_day_new (
    official_id    INTEGER NOT NULL,
    day            DATE NOT NULL,
    total          INTEGER NOT NULL DEFAULT 0,
    very_satisfied INTEGER NOT NULL DEFAULT 0,
    satisfied      INTEGER NOT NULL DEFAULT 0,
    dissatisfied   INTEGER NOT NULL DEFAULT 0,
    flagged        INTEGER NOT NULL DEFAULT 0,
    rejected       INTEGER NOT NULL DEFAULT 0,
    gt_xc_yes      INTEGER NOT NULL DEFAULT 0,
    gt_xc_asked    INTEGER NOT NULL DEFAULT 0,
    gt_xl_yes      INTEGER NOT NULL DEFAULT 0,
    gt_xl_asked    INTEGER NOT NULL DEFAULT 0,
    gt_xco_yes     INTEGER NOT NULL DEFAULT 0,
    gt_xco_asked   INTEGER NOT NULL DEFAULT 0,
    gt_xp_yes      INTEGER NOT NULL DEFAULT 0,
    gt_xp_asked    INTEGER NOT NULL DEFAULT 0,
    gt_mc_yes      INTEGER NOT NULL DEFAULT 0,
    gt_mc_asked    INTEGER NOT NULL DEFAULT 0,
    gt_nn_yes      INTEGER NOT NULL DEFAULT 0,
    gt_nn_asked    INTEGER NOT NULL DEFAULT 0,
    gt_ln_yes      INTEGER NOT NULL DEFAULT 0,
    gt_ln_asked    INTEGER NOT NULL DEFAULT 0,
    gt_gd_yes      INTEGER NOT NULL DEFAULT 0,
    gt_gd_asked    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (official_id, day)
) WITHOUT ROWID;
INSERT INTO rollup_official_day_new (official_id, day, total, very_satisfied, satisfied, dissatisfied, flagged, rejected)
SELECT official_id, day, total, very_satisfied, satisfied, dissatisfied, flagged, rejected FROM rollup_official_day;
INSERT INTO rollup_official_day_new (official_id, day, gt_xc_yes, gt_xc_asked, gt_xl_yes, gt_xl_asked, gt_xco_yes, gt_xco_asked, gt_xp_yes, gt_xp_asked, gt_mc_yes, gt_mc_asked, gt_nn_yes, gt_nn_asked, gt_ln_yes, gt_ln_asked, gt_gd_yes, gt_gd_asked)
SELECT official_id, day,
		SUM(CASE WHEN item_code = 'GT-XC' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-XC' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-XL' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-XL' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-XCO' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-XCO' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-XP' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-XP' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-MC' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-MC' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-NN' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-NN' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-LN' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-LN' THEN asked ELSE 0 END),
		SUM(CASE WHEN item_code = 'GT-GD' THEN yes ELSE 0 END), SUM(CASE WHEN item_code = 'GT-GD' THEN asked ELSE 0 END)
	FROM rollup_official_item_day WHERE TRUE GROUP BY official_id, day
ON CONFLICT (official_id, day) DO UPDATE SET
	gt_xc_yes = excluded.gt_xc_yes, gt_xc_asked = excluded.gt_xc_asked,
	gt_xl_yes = excluded.gt_xl_yes, gt_xl_asked = excluded.gt_xl_asked,
	gt_xco_yes = excluded.gt_xco_yes, gt_xco_asked = excluded.gt_xco_asked,
	gt_xp_yes = excluded.gt_xp_yes, gt_xp_asked = excluded.gt_xp_asked,
	gt_mc_yes = excluded.gt_mc_yes, gt_mc_asked = excluded.gt_mc_asked,
	gt_nn_yes = excluded.gt_nn_yes, gt_nn_asked = excluded.gt_nn_asked,
	gt_ln_yes = excluded.gt_ln_yes, gt_ln_asked = excluded.gt_ln_asked,
	gt_gd_yes = excluded.gt_gd_yes, gt_gd_asked = excluded.gt_gd_asked;
DROP TABLE rollup_official_day;
DROP TABLE rollup_official_item_day;
ALTER TABLE rollup_official_day_new RENAME TO rollup_official_day;
