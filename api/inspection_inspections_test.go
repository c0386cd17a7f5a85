package api_test

import (
	"congvu"
	"congvu/inspection"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

type inspectionList struct {
	Items []inspection.Inspection `json:"items"`
	Total int                     `json:"total"`
}

// An unannounced inspection of commune A1 from province A's plan: A1's head
// finds neither the inspection nor the plan, by id or by list, until the
// team arrives; then sees the record but never the draft conclusion, and
// the conclusion once issued. The province's inspector runs a thanh tra;
// A1's head cannot act on it.
func TestAPIInspectionUnannouncedAndConclusion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		headA1 := f.staffToken("thutruong.a1", 0, congvu.Grant{Role: congvu.RoleUnitHead, UnitID: f.a1.ID})
		inspA := f.staffToken("thanhtra.a", 0, congvu.Grant{Role: congvu.RoleInspector, UnitID: f.a.ID})

		var plan inspection.Plan
		r := f.do("POST", "/api/v1/inspection-plans", inspA, map[string]any{"unit_id": f.a.ID, "kind": "inspection", "year": 2026,
			"title": "Kế hoạch thanh tra năm 2026", "team": []string{"Trưởng đoàn"}, "targets": []map[string]any{{"unit_id": f.a1.ID, "month": 6, "unannounced": true}}})
		wantStatus(t, r, http.StatusCreated, "plan")
		r.decode(t, &plan)
		for _, step := range []string{"approve", "publish"} {
			wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/inspection-plans/%d/%s", plan.ID, step), inspA, nil), http.StatusOK, step)
		}
		var x inspection.Inspection
		r = f.do("POST", "/api/v1/inspections", inspA, map[string]any{"origin": "plan", "plan_target_id": plan.Targets[0].ID})
		wantStatus(t, r, http.StatusCreated, "inspection")
		r.decode(t, &x)
		hidden := func(what string) {
			t.Helper()
			wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/inspections/%d", x.ID), headA1, nil), http.StatusNotFound, what+": by id")
			wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/inspection-plans/%d", plan.ID), headA1, nil), http.StatusNotFound, what+": the plan")
			var l inspectionList
			f.do("GET", "/api/v1/inspections", headA1, nil).decode(t, &l)
			if l.Total != 0 || len(l.Items) != 0 {
				t.Fatalf("%s: A1's head lists %d inspections", what, l.Total)
			}
			var pl struct{ Total int }
			f.do("GET", "/api/v1/inspection-plans", headA1, nil).decode(t, &pl)
			if pl.Total != 0 {
				t.Fatalf("%s: A1's head lists %d plans", what, pl.Total)
			}
		}
		hidden("before the visit")
		r = f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/checklist", x.ID), inspA, map[string]any{"items": []map[string]any{{"item_code": "GT-XC"}}})
		wantStatus(t, r, http.StatusOK, "checklist")
		r.decode(t, &x)
		hidden("with a checklist")

		line := map[string]any{"line_id": x.Lines[0].ID, "result": "breached", "note": "Không chào", "official_id": f.offA1.ID, "client_key": "k1"}
		for range 2 { // a phone syncing twice
			wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/lines", x.ID), inspA, line), http.StatusOK, "line")
		}
		wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/lines", x.ID), headA1, line), http.StatusForbidden, "the inspected unit records")
		wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/record", x.ID), inspA, nil), http.StatusOK, "record")
		wantStatus(t, f.do("PUT", fmt.Sprintf("/api/v1/inspections/%d/conclusion", x.ID), inspA, map[string]any{"conclusion": "DỰ THẢO: kiểm điểm cán bộ."}), http.StatusOK, "draft")
		wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/conclusion/review", x.ID), inspA, nil), http.StatusOK, "appraise")

		r = f.do("GET", fmt.Sprintf("/api/v1/inspections/%d", x.ID), headA1, nil)
		wantStatus(t, r, http.StatusOK, "after the visit")
		if strings.Contains(string(r.Body), "DỰ THẢO") {
			t.Fatalf("A1's head reads the draft conclusion: %s", r.Body)
		}
		var l inspectionList
		f.do("GET", "/api/v1/inspections", headA1, nil).decode(t, &l)
		if l.Total != 1 {
			t.Fatalf("after the visit A1's head lists %d", l.Total)
		}
		wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/inspections/%d/conclusion/issue", x.ID), inspA, nil), http.StatusOK, "issue")
		r = f.do("GET", fmt.Sprintf("/api/v1/inspections/%d", x.ID), headA1, nil)
		if !strings.Contains(string(r.Body), "DỰ THẢO: kiểm điểm cán bộ.") {
			t.Fatalf("A1's head does not read the issued conclusion: %s", r.Body)
		}
		var ev struct {
			Items []congvu.EvidenceRef `json:"items"`
		}
		f.do("GET", fmt.Sprintf("/api/v1/inspections/%d/evidence", x.ID), inspA, nil).decode(t, &ev)
		if len(ev.Items) != 1 || ev.Items[0].OfficialID != f.offA1.ID || ev.Items[0].Kind != congvu.EvidenceInspectionLine {
			t.Fatalf("evidence %+v", ev.Items)
		}
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/inspections/%d/evidence", x.ID), headA1, nil), http.StatusNotFound, "A1 reads the evidence")
	})
}
