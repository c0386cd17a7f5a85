package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"congvu"
	"congvu/devdata"
	"congvu/inspection"
	"congvu/sqldb/sqldbtest"
)

// The API gives the compliance dashboard the page shows: the figures of the
// rollups; an inspector of province B asking for province A gets 404, and
// a bad kind or period a 400 naming the field.
func TestComplianceDashboardAPI(t *testing.T) {
	f := newFixture(t, sqldbtest.SQLite(t))
	if _, err := devdata.GenerateInspections(f.sys, f.db, devdata.InspectionGenOptions{Inspections: 30, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	var kept, breached int
	if err := f.db.Read.QueryRow(`SELECT SUM(kept), SUM(breached) FROM rollup_inspection_unit_day WHERE unit_id = $1`, f.a.ID).Scan(&kept, &breached); err != nil {
		t.Fatal(err)
	}
	var d inspection.Compliance
	r := f.do("GET", fmt.Sprintf("/api/v1/inspections/dashboard?unit_id=%d&months=6&period=quarter", f.a.ID), f.admin, nil)
	wantStatus(t, r, http.StatusOK, "dashboard of A")
	r.decode(t, &d)
	if d.Kept != kept || d.Breached != breached || d.Kept == 0 || len(d.Items) == 0 || len(d.Units) != 1 || d.StaleMonths != 6 || d.Period != "quarter" {
		t.Errorf("dashboard of A: %+v, rollups %d kept %d breached", d.Tally, kept, breached)
	}
	inspB, _ := f.token("thanhtra.b", congvu.Grant{Role: congvu.RoleInspector, UnitID: f.b.ID})
	wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/inspections/dashboard?unit_id=%d", f.a.ID), inspB, nil), http.StatusNotFound, "province A to B's inspector")
	r = f.do("GET", "/api/v1/inspections/dashboard", inspB, nil)
	wantStatus(t, r, http.StatusOK, "B's own dashboard by default")
	r.decode(t, &d)
	if d.UnitID != f.b.ID {
		t.Errorf("default unit %d, want B %d", d.UnitID, f.b.ID)
	}
	for _, q := range []string{"kind=audit", "period=day", "months=99"} {
		r := f.do("GET", "/api/v1/inspections/dashboard?"+q, f.admin, nil)
		wantStatus(t, r, http.StatusBadRequest, q)
		if len(r.err(t).Error.Fields) == 0 {
			t.Errorf("%s: no field named: %s", q, r.Body)
		}
	}
	wantStatus(t, f.do("GET", "/api/v1/inspections/dashboard", f.headA, nil), http.StatusForbidden, "a unit head")
}
