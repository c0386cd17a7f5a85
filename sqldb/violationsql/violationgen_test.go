package violationsql_test

import (
	"context"
	"testing"

	"congvu"
	"congvu/devdata"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/sqldb/violationsql"
	"congvu/violation"
)

// The generator writes violations, outcomes and cases with their rollups
// as the services would: every dashboard of the tree equals the one
// counted from the rows, and officials are created up to the number asked.
func TestGenerateViolations(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tr := sqldbtest.MakeTree(t, db)
		sqldbtest.Unit(t, db, tr.D1Path, "C1", "Xã Một")
		sqldbtest.Unit(t, db, tr.D2Path, "C2", "Xã Hai")
		if _, err := standardsql.NewStandardService(db).EnsureCatalog(context.Background()); err != nil {
			t.Fatal(err)
		}
		res, err := devdata.GenerateViolations(sqldbtest.Sys(), db, devdata.ViolationGenOptions{Officials: 300, Violations: 3000, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if res.Officials != 300 || res.OfficialsCreated != 300 || res.Violations != 3000 || res.Handlings == 0 || res.Cases == 0 || res.Dismissed == 0 {
			t.Fatalf("generated %+v", res)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM violations`); n != 3000 {
			t.Errorf("%d violations", n)
		}
		ds := violationsql.NewDashboardService(db)
		ctx := sqldbtest.As(sqldbtest.Actor(1, congvu.RoleSupervisor, 1, congvu.RootUnitPath))
		for _, months := range []int{12, 60} {
			for _, u := range []int64{1, tr.P1, tr.D1, tr.P2} {
				f := violation.DashboardFilter{UnitID: u, From: congvu.Date(db.Now()).AddDate(0, -months, 0)}
				got, err := ds.Dashboard(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				want, err := ds.RawDashboard(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := jsonOf(got), jsonOf(want); g != w {
					t.Errorf("unit %d over %d months: rollups differ from rows:\nrollups %s\nrows    %s", u, months, g, w)
				}
				if u == 1 && (got.Officials != 300 || got.Total == 0 || len(got.ByForm) == 0 || got.DaysToDecision.Count == 0) {
					t.Errorf("the country over %d months: %+v", months, got)
				}
			}
		}
	})
}
