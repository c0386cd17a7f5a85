package feedbacksql_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/sqldbtest"
)

// fbOldSchema turns a database back into the shape migrations 0002–0004
// gave it, with the rows the writer of that time would have written: one
// feedback_answers row per answer, one item rollup row per (id, day, item),
// rollup tables with a rowid and a unique index. Plus a stray answer and
// item row with a code outside the eight, which only a hand-made insert
// could have stored.
func fbOldSchema(t *testing.T, db *sqldb.DB) {
	t.Helper()
	var q []string
	q = append(q, `CREATE TABLE feedback_answers (feedback_id BIGINT NOT NULL, item_code TEXT NOT NULL, yes BOOLEAN NOT NULL, PRIMARY KEY (feedback_id, item_code))`)
	for i, code := range feedback.FourXinCodes {
		q = append(q, fmt.Sprintf(`INSERT INTO feedback_answers SELECT id, '%s', (answers_yes & %d) <> 0 FROM feedback WHERE (answers_asked & %d) <> 0`, code, 1<<i, 1<<i))
	}
	q = append(q, `ALTER TABLE feedback DROP COLUMN answers_asked`, `ALTER TABLE feedback DROP COLUMN answers_yes`)
	for _, x := range []struct{ kind, col string }{{"unit", "unit_id"}, {"official", "official_id"}} {
		items := `rollup_` + x.kind + `_item_day`
		q = append(q, `CREATE TABLE `+items+` (`+x.col+` BIGINT NOT NULL, day DATE NOT NULL, item_code TEXT NOT NULL,
			yes BIGINT NOT NULL DEFAULT 0, asked BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (`+x.col+`, day, item_code))`)
		for _, code := range feedback.FourXinCodes {
			c := fbItemCol(code)
			q = append(q, `INSERT INTO `+items+` SELECT `+x.col+`, day, '`+code+`', `+c+`_yes, `+c+`_asked FROM rollup_`+x.kind+`_day WHERE `+c+`_asked <> 0`)
		}
		q = append(q, `INSERT INTO `+items+` SELECT `+x.col+`, day, 'GT-XX', 1, 1 FROM rollup_`+x.kind+`_day`)
		days := `rollup_` + x.kind + `_day`
		q = append(q, `CREATE TABLE old_`+days+` (`+x.col+` BIGINT NOT NULL, day DATE NOT NULL, total BIGINT NOT NULL DEFAULT 0,
			very_satisfied BIGINT NOT NULL DEFAULT 0, satisfied BIGINT NOT NULL DEFAULT 0, dissatisfied BIGINT NOT NULL DEFAULT 0,
			flagged BIGINT NOT NULL DEFAULT 0, rejected BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (`+x.col+`, day))`,
			`INSERT INTO old_`+days+` SELECT `+x.col+`, day, total, very_satisfied, satisfied, dissatisfied, flagged, rejected FROM `+days,
			`DROP TABLE `+days, `ALTER TABLE old_`+days+` RENAME TO `+days)
	}
	q = append(q, `INSERT INTO feedback_answers SELECT id, 'GT-XX', TRUE FROM feedback`)
	for _, s := range q {
		if _, err := db.Write.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// Ratings stored before migration 0043 (answers as rows, behaviours as item
// rollup rows) read the same after it: each rating's answers, and every
// dashboard figure of each unit and official; and new ratings add to them.
func TestMigration0043KeepsRatings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		ds := feedbacksql.NewDashboardService(db)
		sys := sqldbtest.Sys()
		submit := func(token string, sat feedback.Satisfaction, answers map[string]bool) *feedback.Feedback {
			t.Helper()
			f, err := x.fs.Submit(fbPublic(), feedback.Input{BadgeToken: token, Satisfaction: sat, Answers: answers, FillTime: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		submit(x.an.BadgeToken, feedback.VerySatisfied, fbAllYes())
		submit(x.an.BadgeToken, feedback.Satisfied, fbAllYes("GT-XL", "GT-GD"))
		submit(x.binh.BadgeToken, feedback.Dissatisfied, map[string]bool{"GT-XC": false, "GT-MC": true})
		x.clock.Add(30 * time.Hour)
		submit(x.chi.BadgeToken, feedback.Satisfied, nil)
		gone := submit(x.binh.BadgeToken, feedback.Satisfied, fbAllYes("GT-NN"))
		if _, err := x.fs.ReviewFeedback(sys, gone.ID, feedback.Rejected, "thử"); err != nil {
			t.Fatal(err)
		}

		type figures struct {
			Tally feedback.Tally
			Items []feedback.ItemRate
		}
		read := func() (map[int64]map[string]bool, map[string]figures) {
			t.Helper()
			list, _, err := x.fs.FindFeedback(sys, feedback.Filter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			answers := map[int64]map[string]bool{}
			for _, f := range list {
				answers[f.ID] = f.Answers
			}
			r := sqldb.DayRange{From: congvu.Date(x.clock.Now()).AddDate(0, 0, -5), To: congvu.Date(x.clock.Now()).AddDate(0, 0, 1)}
			figs := map[string]figures{}
			for name, ids := range map[string][2]int64{"root": {0, 1}, "P1": {0, x.P1}, "C1": {0, x.C1}, "D2": {0, x.D2},
				"an": {x.an.ID, 0}, "binh": {x.binh.ID, 0}, "chi": {x.chi.ID, 0}} {
				tally, items, err := ds.Figures(sys, ids[0], ids[1], r)
				if err != nil {
					t.Fatal(err)
				}
				figs[name] = figures{tally, items}
			}
			return answers, figs
		}
		wantAnswers, wantFigs := read()
		if len(wantAnswers) != 5 || len(wantAnswers[gone.ID]) != 8 || wantFigs["root"].Tally.Total != 4 || wantFigs["C1"].Items[0].Asked != 3 {
			t.Fatalf("before: answers %v, figures %+v", wantAnswers, wantFigs)
		}

		fbOldSchema(t, db)
		body, err := os.ReadFile(filepath.Join("..", "migrations", db.Engine, "0043_feedback_packed.sql"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Write.Exec(string(body)); err != nil {
			t.Fatal(err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback WHERE answers_asked <> 0`); n != 4 {
			t.Fatalf("%d ratings with answers after the migration, want 4", n)
		}
		gotAnswers, gotFigs := read()
		if !reflect.DeepEqual(gotAnswers, wantAnswers) {
			t.Errorf("answers after the migration %v, before %v", gotAnswers, wantAnswers)
		}
		if !reflect.DeepEqual(gotFigs, wantFigs) {
			t.Errorf("figures after the migration %+v, before %+v", gotFigs, wantFigs)
		}
		// The writer goes on from there.
		submit(x.an.BadgeToken, feedback.Satisfied, fbAllYes("GT-XC"))
		x.checkRollups(t)
	})
}
