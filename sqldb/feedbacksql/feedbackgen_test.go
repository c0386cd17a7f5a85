package feedbacksql_test

import (
	"context"
	"testing"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/sqldbtest"
)

// TestGenerateFeedback checks that generated ratings are what the feedback
// service would have written: rollups equal to the raw ratings, rollup days
// and times stored in the service's form (a rating submitted afterwards on
// a generated day adds to the same rollup row), ids the service continues.
func TestGenerateFeedback(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := fixtureNow
		db.Now = func() time.Time { return clock }
		fx := newDashTree(t, db)
		ctx := sqldbtest.Sys()
		from, to := vnDay(2026, 1, 1), vnDay(2026, 3, 1)
		calls := 0
		res, err := devdata.GenerateFeedback(ctx, db, devdata.GenOptions{Ratings: 3000, From: from, To: to, Seed: 42, Progress: func(done, total int) { calls++ }})
		if err != nil {
			t.Fatal(err)
		}
		if res.Ratings != 3000 || res.Days != 59 || calls != 59 || res.Units != 3 || res.OfficialsCreated != 2 || res.Comments == 0 || res.Flagged == 0 {
			t.Fatalf("result %+v, %d progress calls", res, calls)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback`); n != 3000 {
			t.Fatalf("%d ratings", n)
		}
		if n := fbAnswerCount(t, db); n != res.Answers || n < 3000*7 {
			t.Fatalf("%d answers, result says %d", n, res.Answers)
		}
		// Only the closed commune gets nothing; C2 got generated officials.
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback WHERE unit_id = $1`, fx.units["C3"].ID); n != 0 {
			t.Errorf("%d ratings in a closed commune", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM officials WHERE unit_id = $1`, fx.units["C2"].ID); n != 2 {
			t.Errorf("%d officials created in C2", n)
		}
		// A second run on the same days adds to the rollup rows already there.
		if _, err := devdata.GenerateFeedback(ctx, db, devdata.GenOptions{Ratings: 700, From: from.AddDate(0, 0, 20), To: to, Seed: 43}); err != nil {
			t.Fatal(err)
		}
		// Rollups equal the raw ratings, for every unit and official.
		for code, u := range fx.units {
			if got, want := fbRollup(t, db, "rollup_unit_day", "unit_id", u.ID), fbRaw(t, db, u.Path, 0); got != want {
				t.Errorf("%s: rollup %+v, raw %+v", code, got, want)
			}
			if got, want := fbItems(t, db, "rollup_unit_day", "unit_id", u.ID), fbRawItems(t, db, u.Path, 0); len(got) != len(want) {
				t.Errorf("%s items: %v, raw %v", code, got, want)
			} else {
				for c, v := range want {
					if got[c] != v {
						t.Errorf("%s %s: %v, raw %v", code, c, got[c], v)
					}
				}
			}
		}
		rows, err := db.Read.Query(`SELECT id FROM officials`)
		if err != nil {
			t.Fatal(err)
		}
		var offs []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			offs = append(offs, id)
		}
		rows.Close()
		for _, id := range offs {
			if got, want := fbRollup(t, db, "rollup_official_day", "official_id", id), fbRaw(t, db, "", id); got != want {
				t.Errorf("official %d: rollup %+v, raw %+v", id, got, want)
			}
		}
		// Weekly rhythm: Sundays are quiet.
		sunday := sqldbtest.Count(t, db, `SELECT COALESCE(SUM(total + flagged + rejected), 0) FROM rollup_unit_day WHERE unit_id = 1 AND day = $1`, feedbacksql.RollupDay(vnDay(2026, 2, 1).Add(time.Hour)))
		monday := sqldbtest.Count(t, db, `SELECT COALESCE(SUM(total + flagged + rejected), 0) FROM rollup_unit_day WHERE unit_id = 1 AND day = $1`, feedbacksql.RollupDay(vnDay(2026, 2, 2).Add(time.Hour)))
		if sunday*5 > monday || monday == 0 {
			t.Errorf("Sunday %d, Monday %d", sunday, monday)
		}

		// The service goes on where the generator stopped, on the same rows.
		clock = vnDay(2026, 2, 2).Add(9 * time.Hour)
		fs := feedbacksql.NewFeedbackService(db)
		defer fs.Close()
		before := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rollup_unit_day`)
		c1Before := fbRollup(t, db, "rollup_unit_day", "unit_id", fx.units["C1"].ID)
		fb, err := fs.Submit(context.Background(), feedback.Input{BadgeToken: fx.o1.BadgeToken, Satisfaction: feedback.VerySatisfied, FillTime: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if fb.ID <= 3700 {
			t.Errorf("new rating id %d collides with generated ones", fb.ID)
		}
		if after := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rollup_unit_day`); after != before {
			t.Errorf("a rating on a generated day added %d rollup rows: days stored differently", after-before)
		}
		if c1 := fbRollup(t, db, "rollup_unit_day", "unit_id", fx.units["C1"].ID); c1.total != c1Before.total+1 {
			t.Errorf("C1 %+v after %+v", c1, c1Before)
		}

		// Dashboards and the comment feed read generated data.
		admin := withRole(congvu.RoleAdmin, fx.units["VN"], 0)
		d, err := feedbacksql.NewDashboardService(db).Dashboard(admin, feedback.DashboardFilter{UnitID: fx.units["D"].ID, From: from, To: to, Period: feedback.PeriodWeek})
		if err != nil {
			t.Fatal(err)
		}
		if raw := fbRaw(t, db, fx.units["D"].Path, 0); d.Tally.Total != raw.total || d.Tally.Flagged != raw.flagged {
			t.Errorf("dashboard %+v, raw %+v", d.Tally, raw)
		}
		if d.Index < 50 || d.Index > 99 || d.Items[1].Rate >= d.Items[0].Rate {
			t.Errorf("implausible: index %v, xin lỗi %v vs xin chào %v", d.Index, d.Items[1].Rate, d.Items[0].Rate)
		}
		list, total, err := feedbacksql.NewDashboardService(db).Comments(admin, feedback.Filter{UnitID: fx.units["VN"].ID, Query: "cho qua lau"})
		if err != nil || total == 0 || len(list) == 0 {
			t.Errorf("search generated comments: %d, %v", total, err)
		}
	})
}
