package petitionsql_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

// A dissolved unit keeps its past in the petition figures too: after Huyện
// Một is abolished (its commune moved up to the province), the figures of
// a period before the effective date are those of the tree as it stood,
// for the district, the province and the commune; after it, the province
// has the commune's petitions directly and the district none.
func TestPetitionStatsKeepTheTreeAsItStood(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		t0, _ := stFixture(t, x) // the clock is now t0 + 40 days
		eff := congvu.Date(t0).AddDate(0, 0, 20)
		viewer := sqldbtest.As(sqldbtest.Actor(911, congvu.RoleInspector, 1, congvu.RootUnitPath))
		stats := func(unit int64, from, to time.Time) string {
			t.Helper()
			st, err := x.ps.Stats(viewer, petition.StatsFilter{UnitID: unit, From: from, To: to})
			if err != nil {
				t.Fatal(err)
			}
			top := ""
			for _, r := range st.TopUnits {
				top += fmt.Sprintf("%s %d/%d ", r.Name, r.Founded, r.Concluded) // not its parent's name: that of today
			}
			return fmt.Sprintf("total %d, open %d, overdue %d; by unit %s; by category %s; by status %s; by item %s; top units %s", st.Total, st.Open, st.Overdue,
				// Xã Một, a child of the province today, is listed in it with 0.
				strings.ReplaceAll(stRows(st.ByUnit), ", Xã Một=0", ""), stRows(st.ByCategory), stRows(st.ByStatus), stRows(st.ByItem), top)
		}
		early, late := [2]time.Time{t0.AddDate(0, 0, -10), eff.AddDate(0, 0, -1)}, [2]time.Time{eff, t0.AddDate(0, 0, 40)}
		units := []int64{x.P1, x.D1, x.C1}
		before := map[int64]string{}
		for _, u := range units {
			before[u] = stats(u, early[0], early[1])
		}
		if _, err := orgsql.NewUnitService(db).Restructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: eff.Format(time.DateOnly),
			Decision: "Nghị quyết thử nghiệm", Operations: []org.RestructuringOp{{Op: org.RestructAbolish, From: []string{"P1D1"}}}}); err != nil {
			t.Fatal(err)
		}
		for _, u := range units {
			if got := stats(u, early[0], early[1]); got != before[u] {
				t.Errorf("unit %d before the date\n got %s\nwant %s", u, got, before[u])
			}
		}
		if got, want := stats(x.P1, early[0], early[1]), "Huyện Một=6, Huyện Hai=1"; !strings.Contains(got, "by unit "+want+";") {
			t.Errorf("the province before the date: %s, want by unit %s", got, want)
		}
		// After the date: the commune is the province's own.
		if got := stats(x.P1, late[0], late[1]); !strings.Contains(got, "total 1, open 1,") || !strings.Contains(got, "by unit Xã Một=1, Huyện Hai=0;") {
			t.Errorf("the province after the date: %s", got)
		}
		if got := stats(x.D1, late[0], late[1]); !strings.Contains(got, "total 0, open 0,") {
			t.Errorf("the abolished district after the date: %s", got)
		}
		// Over both: the district for its time, the commune after.
		if got := stats(x.P1, early[0], late[1]); !strings.Contains(got, "total 8,") || !strings.Contains(got, "by unit Huyện Một=6, Huyện Hai=1, Xã Một=1;") {
			t.Errorf("the province over both: %s", got)
		}
	})
}
