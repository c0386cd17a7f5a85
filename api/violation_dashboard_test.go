package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"congvu"
	"congvu/devdata"
	"congvu/sqldb/sqldbtest"
	"congvu/violation"
)

// The API gives the violation dashboard the page shows: the figures of the
// rollups; the head of commune A1 asking for its province A gets
// 404, an administrator 403, and a bad date a 400 naming the field.
func TestViolationDashboardAPI(t *testing.T) {
	f := newFixture(t, sqldbtest.SQLite(t))
	if _, err := devdata.GenerateViolations(f.sys, f.db, devdata.ViolationGenOptions{Officials: 60, Violations: 200, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	var open, handled int
	if err := f.db.Read.QueryRow(`SELECT SUM(open), SUM(handled) FROM rollup_violation_unit_day WHERE unit_id = $1 AND day >= $2`,
		f.a.ID, congvu.Date(f.db.Now()).AddDate(-1, 0, 0).Format("2006-01-02")).Scan(&open, &handled); err != nil {
		t.Fatal(err)
	}
	var d violation.Dashboard
	r := f.do("GET", fmt.Sprintf("/api/v1/violation-dashboard?unit_id=%d", f.a.ID), f.headA, nil)
	wantStatus(t, r, http.StatusOK, "dashboard of A")
	r.decode(t, &d)
	if d.UnitID != f.a.ID || d.Total != open+handled || d.Total == 0 || len(d.ByMonth) < 12 || d.ByItem == nil || d.Overdue == nil {
		t.Errorf("dashboard of A: total %d, rollups %d open %d handled; %d months", d.Total, open, handled, len(d.ByMonth))
	}
	headA1, _ := f.token("truong.a2", congvu.Grant{Role: congvu.RoleUnitHead, UnitID: f.a1.ID})
	wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/violation-dashboard?unit_id=%d", f.a.ID), headA1, nil), http.StatusNotFound, "province A to a commune's head")
	wantStatus(t, f.do("GET", "/api/v1/violation-dashboard", f.admin, nil), http.StatusForbidden, "an administrator")
	r = f.do("GET", "/api/v1/violation-dashboard?from=2026-13-01", f.headA, nil)
	wantStatus(t, r, http.StatusBadRequest, "bad date")
	if r.err(t).Error.Fields["from"] == "" {
		t.Errorf("bad date: no field named: %s", r.Body)
	}
}
