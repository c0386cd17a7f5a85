package feedbacksql_test

import (
	"fmt"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

// A dissolved unit keeps its past: figures for a period are those of the
// tree as it stood then. Xã Hai merges (from 01/07) into Xã Ba of another
// district, then Huyện Một is abolished (from 01/08) and Xã Một moves up to
// the province. The same dashboards asked before and after, for May (before
// both), give the same figures; for July Xã Ba and Huyện Hai have Xã Hai's
// ratings and Huyện Một no longer; for August Huyện Một has none and the
// province all.
func TestDashboardKeepsTheTreeAsItStood(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		P, pPath := sqldbtest.Unit(t, db, "/1/", "P", "Tỉnh Một")
		D1, d1Path := sqldbtest.Unit(t, db, pPath, "D1", "Huyện Một")
		D2, d2Path := sqldbtest.Unit(t, db, pPath, "D2", "Huyện Hai")
		C1, _ := sqldbtest.Unit(t, db, d1Path, "C1", "Xã Một")
		C2, _ := sqldbtest.Unit(t, db, d1Path, "C2", "Xã Hai")
		X, _ := sqldbtest.Unit(t, db, d2Path, "X", "Xã Ba")
		offs := orgsql.NewOfficialService(db)
		officials := map[int64]*org.Official{
			C1: sqldbtest.Official(t, offs, C1, "AN", "Nguyễn Văn An", org.CategoryCivilServant),
			C2: sqldbtest.Official(t, offs, C2, "BINH", "Trần Thị Bình", org.CategoryCivilServant),
			X:  sqldbtest.Official(t, offs, X, "CHI", "Lê Văn Chí", org.CategoryCivilServant),
		}
		fs := feedbacksql.NewFeedbackService(db)
		t.Cleanup(fs.Close)
		rate := func(day string, unit int64, n int, sat feedback.Satisfaction, no ...string) {
			t.Helper()
			d, _ := time.ParseInLocation(time.DateOnly, day, congvu.TimeZone)
			clock.Set(d.Add(8 * time.Hour))
			for range n {
				clock.Add(time.Hour) // beyond the burst window of one official
				fb, err := fs.Submit(fbPublic(), feedback.Input{BadgeToken: officials[unit].BadgeToken, Satisfaction: sat, Answers: fbAllYes(no...)})
				if err != nil || fb.Status != feedback.Accepted {
					t.Fatalf("rating of %s: %+v %v", day, fb, err)
				}
			}
		}
		rate("2026-05-10", C1, 2, feedback.VerySatisfied)
		rate("2026-05-11", C2, 3, feedback.Dissatisfied, "GT-XP")
		rate("2026-05-12", X, 1, feedback.Satisfied)
		rate("2026-07-10", C1, 1, feedback.Satisfied)
		rate("2026-07-11", C2, 2, feedback.VerySatisfied, "GT-NN")
		rate("2026-07-12", X, 1, feedback.Dissatisfied)
		rate("2026-08-10", C1, 4, feedback.Satisfied, "GT-XP")
		rate("2026-08-11", C2, 1, feedback.Dissatisfied)
		rate("2026-08-12", X, 2, feedback.VerySatisfied)
		// A rating of May in Xã Hai held for review (too quick).
		clock.Set(time.Date(2026, 5, 20, 3, 0, 0, 0, time.UTC))
		held, err := fs.Submit(fbPublic(), feedback.Input{BadgeToken: officials[C2].BadgeToken, Satisfaction: feedback.Dissatisfied,
			Answers: fbAllYes(), Comment: "Chờ lâu", FillTime: 2 * time.Second})
		if err != nil || held.Status != feedback.Flagged {
			t.Fatalf("held rating: %+v %v", held, err)
		}
		clock.Set(time.Date(2026, 8, 20, 3, 0, 0, 0, time.UTC))

		ds := feedbacksql.NewDashboardService(db)
		month := func(m time.Month) [2]time.Time {
			return [2]time.Time{time.Date(2026, m, 1, 0, 0, 0, 0, congvu.TimeZone), time.Date(2026, m+1, 1, 0, 0, 0, 0, congvu.TimeZone)}
		}
		may, jul, aug := month(time.May), month(time.July), month(time.August)
		type figures struct {
			tally feedback.Tally
			items string
		}
		dash := func(unit int64, r [2]time.Time) figures {
			t.Helper()
			d, err := ds.Dashboard(sqldbtest.Sys(), feedback.DashboardFilter{UnitID: unit, From: r[0], To: r[1]})
			if err != nil {
				t.Fatal(err)
			}
			f := figures{tally: d.Tally}
			for _, it := range d.Items {
				f.items += fmt.Sprintf("%s %d/%d ", it.Code, it.Yes, it.Asked)
			}
			return f
		}
		sum := func(fs ...figures) feedback.Tally {
			var t feedback.Tally
			for _, f := range fs {
				t.Add(f.tally)
			}
			return t
		}
		units := []int64{P, D1, D2, C1, C2, X}
		name := map[int64]string{P: "tỉnh", D1: "huyện Một", D2: "huyện Hai", C1: "xã Một", C2: "xã Hai", X: "xã Ba"}
		before := map[[2]time.Time]map[int64]figures{}
		for _, r := range [][2]time.Time{may, jul, aug} {
			before[r] = map[int64]figures{}
			for _, u := range units {
				before[r][u] = dash(u, r)
			}
		}
		if got := before[may][P].tally.Total; got != 6 {
			t.Fatalf("the province in May before: %d ratings, want 6", got)
		}

		us := orgsql.NewUnitService(db)
		if _, err := us.Restructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: "2026-07-01", Decision: "Nghị quyết thử nghiệm 1", Operations: []org.RestructuringOp{
			{Op: org.RestructMerge, From: []string{"C2"}, Into: &org.NewUnitSpec{Code: "X"}},
		}}); err != nil {
			t.Fatal(err)
		}
		if _, err := us.Restructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: "2026-08-01", Decision: "Nghị quyết thử nghiệm 2", Operations: []org.RestructuringOp{
			{Op: org.RestructAbolish, From: []string{"D1"}},
		}}); err != nil {
			t.Fatal(err)
		}

		// Before both effective dates: nothing changes, for anyone.
		for _, u := range units {
			if got := dash(u, may); got != before[may][u] {
				t.Errorf("%s in May: %+v after the restructurings, %+v before", name[u], got, before[may][u])
			}
		}
		// Reviewed now, the rating of May counts where Xã Hai stood in May.
		if _, err := fs.ReviewFeedback(sqldbtest.Sys(), held.ID, feedback.Accepted, ""); err != nil {
			t.Fatal(err)
		}
		for _, u := range units {
			want := before[may][u].tally
			if u == P || u == D1 || u == C2 {
				want.Total, want.Dissatisfied, want.Flagged = want.Total+1, want.Dissatisfied+1, want.Flagged-1
			}
			if got := dash(u, may).tally; got != want {
				t.Errorf("%s in May after a review: %+v, want %+v", name[u], got, want)
			}
		}

		// Its comment is in the feed of Huyện Một for May, not in Xã Ba's.
		for u, want := range map[int64]int{D1: 1, P: 1, C2: 1, X: 0, D2: 0} {
			list, n, err := ds.Comments(sqldbtest.Sys(), feedback.Filter{UnitID: u, From: may[0], To: may[1]})
			if err != nil || n != want || len(list) != want {
				t.Errorf("%s's comments of May: %d %v, want %d", name[u], n, err, want)
			}
		}

		// An old rating of Xã Một imported now counts where it stood in May.
		if _, err := fs.ImportFeedback(sqldbtest.Sys(), feedback.Import{Key: "lich-su", Ratings: []feedback.Record{{Channel: feedback.ChannelCounter,
			UnitID: C1, Satisfaction: feedback.Satisfied, IP: "192.0.2.9", SubmittedAt: time.Date(2026, 5, 25, 9, 0, 0, 0, congvu.TimeZone)}}}); err != nil {
			t.Fatal(err)
		}
		if got, want := dash(D1, may).tally.Total, before[may][D1].tally.Total+2; got != want {
			t.Errorf("huyện Một in May after an import: %d ratings, want %d", got, want)
		}
		if got, want := dash(P, may).tally.Total, before[may][P].tally.Total+2; got != want {
			t.Errorf("the province in May after an import: %d ratings, want %d", got, want)
		}

		// July: Xã Hai's ratings count in Xã Ba and Huyện Hai, no longer in
		// Huyện Một; the province and Xã Một are unchanged.
		b := before[jul]
		want := map[int64]feedback.Tally{P: b[P].tally, C1: b[C1].tally, C2: b[C2].tally, D1: b[C1].tally,
			D2: sum(b[D2], b[C2]), X: sum(b[X], b[C2])}
		for _, u := range units {
			if got := dash(u, jul).tally; got != want[u] {
				t.Errorf("%s in July: %+v, want %+v", name[u], got, want[u])
			}
		}
		// August: Huyện Một is gone; its ratings are the province's.
		b = before[aug]
		want = map[int64]feedback.Tally{P: b[P].tally, C1: b[C1].tally, C2: b[C2].tally, D1: {},
			D2: sum(b[D2], b[C2]), X: sum(b[X], b[C2])}
		for _, u := range units {
			if got := dash(u, aug).tally; got != want[u] {
				t.Errorf("%s in August: %+v, want %+v", name[u], got, want[u])
			}
		}
		if got := dash(X, aug).items; got == b[X].items {
			t.Errorf("xã Ba's items in August did not take in xã Hai's: %s", got)
		}

		// The successors' dashboards list their predecessors with their
		// figures before the date they took them over.
		preds := func(unit int64, from time.Time) string {
			t.Helper()
			rows, err := ds.Predecessors(sqldbtest.Sys(), feedback.DashboardFilter{UnitID: unit, From: from, To: aug[1]})
			if err != nil {
				t.Fatal(err)
			}
			var s string
			for _, r := range rows {
				s += fmt.Sprintf("%s %s–%s: %d; ", r.Name, r.From.Format("02/01"), r.To.Format("02/01"), r.Tally.Total)
			}
			return s
		}
		wantX := fmt.Sprintf("Xã Hai 01/05–01/07: %d; ", before[may][C2].tally.Total+1)
		if got := preds(X, may[0]); got != wantX {
			t.Errorf("xã Ba's predecessors from May: %q, want %q", got, wantX)
		}
		wantP := fmt.Sprintf("Huyện Một 01/05–01/08: %d; ", before[may][D1].tally.Total+2+before[jul][C1].tally.Total)
		if got := preds(P, may[0]); got != wantP {
			t.Errorf("the province's predecessors from May: %q, want %q", got, wantP)
		}
		if got := preds(X, jul[0]); got != "" {
			t.Errorf("xã Ba's predecessors from July: %q, want none", got)
		}

		// A rating made now, after both, counts in the tree as it is.
		rate("2026-08-21", C1, 1, feedback.Satisfied)
		clock.Set(time.Date(2026, 8, 23, 3, 0, 0, 0, time.UTC))
		rest := [2]time.Time{aug[0], time.Date(2026, 8, 22, 0, 0, 0, 0, congvu.TimeZone)}
		if got := dash(P, rest).tally.Total; got != b[P].tally.Total+1 {
			t.Errorf("the province in August after a new rating: %d, want %d", got, b[P].tally.Total+1)
		}
		if got := dash(D1, rest).tally.Total; got != 0 {
			t.Errorf("the abolished district in August after a new rating: %d, want 0", got)
		}
	})
}
