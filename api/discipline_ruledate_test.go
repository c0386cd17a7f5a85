package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/violation"
)

// Through the API end to end, the case of an act of 30/06/2025 is judged
// under Decree 112/2020 and the case of an act of 01/07/2025 under Decree
// 172/2025 (the act's date as the client sends it, yyyy-mm-dd).
func TestDisciplineAPICaseRuleByActDate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		for i, tc := range []struct{ act, want string }{{"2025-06-30", "112/2020"}, {"2025-07-01", "172/2025"}} {
			o := f.official(org.OfficialInput{UnitID: f.a1.ID, EmployeeCode: fmt.Sprintf("A1-RD%d", i), FullName: "Nguyễn Văn Đức", Category: org.CategoryCivilServant})
			// At A1 since 2020 (the fixture creates the record today).
			if _, err := db.Write.Exec(`UPDATE official_units SET started_at = $1 WHERE official_id = $2`, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), o.ID); err != nil {
				t.Fatal(err)
			}
			r := f.do("POST", "/api/v1/violations", f.headA, map[string]any{"unit_id": f.a1.ID, "act_date": tc.act, "item_codes": []string{"GT-XC"},
				"description": "Cán bộ quát nạt người dân tại bộ phận một cửa.", "official_ids": []int64{o.ID},
				"evidence": []map[string]any{{"kind": "observation", "note": "Biên bản ghi nhận của thủ trưởng đơn vị."}}})
			wantStatus(t, r, http.StatusCreated, "violation of "+tc.act)
			var v violation.Violation
			r.decode(t, &v)
			r = f.do("POST", "/api/v1/discipline-cases", f.headA, map[string]any{"official_id": o.ID, "violation_ids": []int64{v.ID},
				"severity": "minor", "proposed_form": "reprimand"})
			wantStatus(t, r, http.StatusCreated, "case of "+tc.act)
			var c violation.Case
			r.decode(t, &c)
			if !strings.Contains(c.RuleSetTitle, tc.want) {
				t.Errorf("act of %s judged under %q, want %s", tc.act, c.RuleSetTitle, tc.want)
			}
		}
	})
}
