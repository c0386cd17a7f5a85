package violationsql_test

import (
	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/violationsql"
	"congvu/violation"
	"strconv"
	"strings"
	"testing"
)

// The dashboard lists the cases past their limit (page and CSV/XLSX
// export): a list of cases, so its reading is audited like any other
// (discipline.read, with the ids shown); a dashboard with no such case
// writes nothing.
func TestDashboardOverdueListAudited(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		clock.Set(vdDay("2026-03-01", 9))
		_, pPath := sqldbtest.Unit(t, db, "/1/", "P", "Tỉnh Một")
		C1, _ := sqldbtest.Unit(t, db, pPath, "C1", "Xã Một")
		C2, _ := sqldbtest.Unit(t, db, pPath, "C2", "Xã Hai")
		o := sqldbtest.Official(t, orgsql.NewOfficialService(db), C1, "CB1", "Cán bộ Một", org.CategoryCivilServant)
		w := writer{t, db}
		v := w.open(C1, "2026-03-02", o.ID, "GT-NN")
		cid := w.discipline(v, o.ID, C1, "2026-06-01", "", "") // past its limit
		clock.Set(vdDay("2026-09-01", 9))

		ds := violationsql.NewDashboardService(db)
		sup := sqldbtest.As(sqldbtest.Actor(900, congvu.RoleSupervisor, C1, pPath+strconv.FormatInt(C1, 10)+"/"))
		reads := func() int {
			return sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'discipline.read'`)
		}
		year := violation.DashboardFilter{From: vdDay("2026-01-01", 0), To: vdDay("2026-12-31", 0)}
		f := year
		f.UnitID = C1
		d, err := ds.Dashboard(sup, f)
		if err != nil || len(d.Overdue) != 1 || d.Overdue[0].ID != cid {
			t.Fatalf("dashboard %+v %v", d, err)
		}
		if n := reads(); n != 1 {
			t.Fatalf("%d readings audited for a dashboard listing an overdue case, want 1", n)
		}
		var after string
		if err := db.Read.QueryRow(`SELECT CAST(after_json AS TEXT) FROM audit_events WHERE kind = 'discipline.read'`).Scan(&after); err != nil ||
			!strings.Contains(after, strconv.FormatInt(cid, 10)) {
			t.Fatalf("audit of the overdue list: %q %v", after, err)
		}
		sup2 := sqldbtest.As(sqldbtest.Actor(901, congvu.RoleSupervisor, C2, pPath+strconv.FormatInt(C2, 10)+"/"))
		f.UnitID = C2
		if d, err := ds.Dashboard(sup2, f); err != nil || len(d.Overdue) != 0 {
			t.Fatalf("dashboard of C2 %+v %v", d, err)
		}
		if n := reads(); n != 1 {
			t.Fatalf("a dashboard without overdue cases audited a reading")
		}
	})
}
