package violationsql_test

import (
	"testing"

	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/violationsql"
	"congvu/violation"
)

// Each write of the violation service keeps the dashboard's rollups in its
// transaction: opened violations count at once, a measure, no action and
// a dismissal move them, and the figures stay those counted from the rows.
func TestDashboardFollowsTheWrites(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		ds := violationsql.NewDashboardService(db)
		ctx := sqldbtest.As(x.sup)
		check := func(step string) *violation.Dashboard {
			t.Helper()
			f := violation.DashboardFilter{UnitID: x.P1}
			got, err := ds.Dashboard(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ds.RawDashboard(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := jsonOf(got), jsonOf(want); g != w {
				t.Errorf("%s: rollups differ from rows:\nrollups %s\nrows    %s", step, g, w)
			}
			return got
		}
		v1 := x.create(t, x.headD1, x.input(x.an.ID, x.binh.ID))
		v2 := x.create(t, x.headD1, x.input(x.an.ID))
		if d := check("opened"); d.Total != 2 || d.Pending != 2 || len(d.ByItem) != 1 || d.ByItem[0].Count != 2 {
			t.Errorf("opened: total %d pending %d items %+v, want 2, 2 and TT-TT twice", d.Total, d.Pending, d.ByItem)
		}
		if _, err := x.vs.Handle(sqldbtest.As(x.headD1), v1.ID, violation.HandlingInput{OfficialID: x.an.ID, Kind: violation.HandlingReminder,
			Severity: violation.SeverityMinor, Note: "Nhắc nhở về thái độ khi tiếp nhận hồ sơ"}); err != nil {
			t.Fatal(err)
		}
		if _, err := x.vs.NoAction(sqldbtest.As(x.headD1), v1.ID, x.binh.ID, "Không tham gia trực tiếp"); err != nil {
			t.Fatal(err)
		}
		d := check("handled")
		if d.Handled != 1 || d.Pending != 1 || len(d.ByMeasure) != 2 || d.DaysToDecision.Count != 2 || d.DaysToDecision.Median != 0 { // decided the day the petition was concluded
			t.Errorf("handled: handled %d pending %d measures %+v days %+v", d.Handled, d.Pending, d.ByMeasure, d.DaysToDecision)
		}
		if _, err := x.vs.Dismiss(sqldbtest.As(x.headD1), v2.ID, "Chứng cứ không đủ"); err != nil {
			t.Fatal(err)
		}
		if d := check("dismissed"); d.Total != 1 || d.Dismissed != 1 || d.ByItem[0].Count != 1 {
			t.Errorf("dismissed: total %d dismissed %d items %+v", d.Total, d.Dismissed, d.ByItem)
		}
		for unit, want := range map[int64]int{x.P1: 2, x.C1: 2, x.D2: 0} {
			if n, err := violationsql.SubtreeViolations(ctx, db, db.Read, unit); err != nil || n != want {
				t.Errorf("subtree of %d: %d violations (%v), want %d", unit, n, err, want)
			}
		}
	})
}
