package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"congvu"
	"congvu/commendation"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// Through the API: the province head proposes a Bằng khen of the province
// for an official of commune A1 and decides it (the province is the
// competent level); the amount is the base salary of the decision date;
// the sibling commune's head sees nothing; the rule sets are read.
func TestCommendationThroughAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		year := time.Now().In(congvu.TimeZone).Year()
		r := f.do("POST", "/api/v1/commendations", f.headA, map[string]any{"kind": "award", "official_id": f.object.ID, "year": year,
			"form": "bang_khen_tinh", "reason": "Hoàn thành xuất sắc nhiệm vụ tiếp công dân"})
		wantStatus(t, r, http.StatusCreated, "propose")
		var c commendation.Commendation
		r.decode(t, &c)
		if c.CompetentUnitID != f.a.ID || c.Status != commendation.StatusProposed {
			t.Fatalf("proposal %+v", c)
		}
		path := fmt.Sprintf("/api/v1/commendations/%d", c.ID)
		wantStatus(t, f.do("GET", path, f.tokens[azSibling], nil), http.StatusNotFound, "sibling reads")
		wantStatus(t, f.do("POST", path+"/decision", f.tokens[azSibling], map[string]any{"approve": true, "number": "1/QĐ-UBND", "date": "2026-01-05"}),
			http.StatusNotFound, "sibling decides")
		wantStatus(t, f.do("POST", path+"/decision", f.headA, map[string]any{"approve": true, "number": "1/QĐ-UBND", "date": "05/01/2026"}),
			http.StatusBadRequest, "a date not yyyy-mm-dd")
		today := time.Now().In(congvu.TimeZone).Format(time.DateOnly)
		r = f.do("POST", path+"/decision", f.headA, map[string]any{"approve": true, "number": "1/QĐ-UBND", "date": today})
		wantStatus(t, r, http.StatusOK, "decide")
		r.decode(t, &c)
		if c.Status != commendation.StatusApproved || c.Amount != 2340000 || c.DecisionNumber != "1/QĐ-UBND" {
			t.Fatalf("decision %+v", c)
		}
		var sets struct {
			Items []commendation.RuleSet `json:"items"`
		}
		r = f.do("GET", "/api/v1/commendation-rule-sets", f.tokens[azOfficial], nil)
		wantStatus(t, r, http.StatusOK, "rule sets")
		r.decode(t, &sets)
		if len(sets.Items) != 1 || len(sets.Items[0].Forms) != 3 || sets.Items[0].Verified {
			t.Fatalf("rule sets %+v", sets)
		}
		wantStatus(t, f.do("GET", "/api/v1/commendation-suggestions?year=1999", f.headA, nil), http.StatusBadRequest, "a year before 2000")
	})
}
