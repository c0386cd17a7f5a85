package api_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/violation"
)

// Who may use the discipline routes, on a khiển trách case about an
// official of commune A1 opened by the head of province A. Running steps:
// supervisors and heads over A1 (the insider too: their record is not
// named); deciding: the head over the competent unit; reading: who views
// A1's violations; the official role reads only their own cases, a system
// administrator none.
func init() {
	readers := azAllow(azSuperv, azHead, azInspect, azInsider)
	runs := azAllow(azSuperv, azHead, azInsider)
	decides := azAllow(azHead)
	for k, v := range map[string]apiAccess{
		"GET /discipline-cases":                 {allowed: azAllow(azSuperv, azHead, azInspect, azOfficial, azInsider, azSibling)},
		"POST /discipline-cases":                {allowed: azAllow(azSuperv, azHead, azInsider, azSibling)},
		"GET /discipline-cases/{id}":            {allowed: readers, object: "case"},
		"POST /discipline-cases/{id}/review":    {allowed: runs, object: "case"},
		"POST /discipline-cases/{id}/council":   {allowed: runs, object: "case"},
		"POST /discipline-cases/{id}/decision":  {allowed: decides, object: "case"},
		"POST /discipline-cases/{id}/notify":    {allowed: runs, object: "case"},
		"POST /discipline-cases/{id}/complaint": {allowed: runs, object: "case"},
		"POST /discipline-cases/{id}/settle":    {allowed: decides, object: "case"},
		"POST /discipline-cases/{id}/defer":     {allowed: decides, object: "case"},
		"POST /discipline-cases/{id}/resume":    {allowed: runs, object: "case"},
		"POST /discipline-cases/{id}/drop":      {allowed: decides, object: "case"},
		"GET /discipline-rule-sets":             {allowed: azSigned},
		"POST /discipline-rule-sets":            {allowed: azAllow(azNational)},
		"GET /discipline-rule-sets/on":          {allowed: azSigned},
	} {
		apiAuthzTable[k] = v
	}
}

// openCase opens, as the holder of token, a violation naming o (act
// today) and a khiển trách case for it through the API.
func (f *fixture) openCase(o *org.Official, token string) int64 {
	f.t.Helper()
	a, err := f.svc.Users.ActorByAPIToken(context.Background(), token)
	if err != nil {
		f.t.Fatal(err)
	}
	v, err := f.svc.Violations.CreateViolation(congvu.NewContextWithActor(context.Background(), a), violation.Input{UnitID: o.UnitID,
		ActDate: congvu.Date(time.Now()), ItemCodes: []string{"GT-XC"}, Description: "Quát nạt người dân tại bộ phận một cửa.",
		OfficialIDs: []int64{o.ID}, Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}}, Notes: map[int]string{0: "Biên bản ghi nhận."}})
	if err != nil {
		f.t.Fatalf("violation: %v %v", err, congvu.ErrorFields(err))
	}
	r := f.do("POST", "/api/v1/discipline-cases", token, map[string]any{"official_id": o.ID, "violation_ids": []int64{v.ID},
		"severity": "minor", "proposed_form": "reprimand"})
	wantStatus(f.t, r, http.StatusCreated, "open case")
	var c violation.Case
	r.decode(f.t, &c)
	if r.Header.Get("Location") != "/api/v1/discipline-cases/"+strconv.FormatInt(c.ID, 10) {
		f.t.Errorf("Location %q", r.Header.Get("Location"))
	}
	return c.ID
}

// The main task through the API, on both engines: the head opens a
// khiển trách case under 172/2025, records the review, decides and
// notifies; a bad decision number is refused in Vietnamese and saves
// nothing; the official concerned reads the decision and not the case of
// anyone else; the rule for an act is the one of its date.
func TestDisciplineCaseAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		o := f.official(org.OfficialInput{UnitID: f.a1.ID, EmployeeCode: "A1-KL", FullName: "Nguyễn Văn Đức", Category: org.CategoryCivilServant})
		self := f.staffToken("canbo.duc", o.ID, congvu.Grant{Role: congvu.RoleOfficial, UnitID: f.a1.ID})
		id := f.openCase(o, f.headA)
		path := "/api/v1/discipline-cases/" + strconv.FormatInt(id, 10)
		var c violation.Case
		f.do("GET", path, f.headA, nil).decode(t, &c)
		if c.Status != violation.CaseReview || c.RuleSetTitle == "" || c.ProposedForm != "reprimand" || len(c.Steps) == 0 {
			t.Fatalf("opened case %+v", c)
		}
		today := congvu.Date(time.Now()).Format(time.DateOnly)
		r := f.do("POST", path+"/review", f.headA, map[string]any{"minutes": "Ông Đức nhận khuyết điểm, xin sửa chữa.", "on": "2026-02-30"})
		wantStatus(t, r, http.StatusBadRequest, "bad review date")
		if e := r.err(t); e.Error.Fields["on"] == "" {
			t.Errorf("bad date: %+v", e)
		}
		wantStatus(t, f.do("POST", path+"/review", f.headA, map[string]any{"minutes": "Ông Đức nhận khuyết điểm, xin sửa chữa.", "on": today}), http.StatusOK, "review")
		bad := map[string]any{"number": "mười lăm", "signed_on": today, "effective_on": today, "form": "reprimand", "signer": "Trần Văn Bình, Chủ tịch"}
		r = f.do("POST", path+"/decision", f.headA, bad)
		wantStatus(t, r, http.StatusBadRequest, "bad decision number")
		if e := r.err(t); e.Error.Fields["number"] == "" {
			t.Errorf("bad number: %+v", e)
		}
		f.do("GET", path, f.headA, nil).decode(t, &c)
		if c.Decision != nil || c.Status != violation.CaseDecision {
			t.Fatalf("a refused decision saved something: %+v", c)
		}
		bad["number"] = "15/QĐ-UBND"
		wantStatus(t, f.do("POST", path+"/decision", f.headA, bad), http.StatusOK, "decision")
		wantStatus(t, f.do("POST", path+"/notify", f.headA, map[string]any{"note": "Ông Nguyễn Văn Đức\nUBND xã Đông Hòa", "on": today}), http.StatusOK, "notify")

		var own struct {
			Items []violation.Case `json:"items"`
			Total int              `json:"total"`
		}
		f.do("GET", "/api/v1/discipline-cases", self, nil).decode(t, &own)
		if own.Total != 1 || own.Items[0].ID != id || own.Items[0].Decision == nil || own.Items[0].Decision.Number != "15/QĐ-UBND" {
			t.Fatalf("the official's own cases: %+v", own)
		}
		f.do("GET", path, self, nil).decode(t, &c)
		if c.Decision == nil || c.Decision.Form != "reprimand" || c.Status != violation.CaseNotified {
			t.Errorf("the official reads %+v", c)
		}
		wantStatus(t, f.do("GET", path, f.admin, nil), http.StatusForbidden, "a system administrator reads no case")

		var rs violation.RuleSet
		for date, want := range map[string]string{"2025-06-30": "112/2020-cbcc", "2025-07-01": "172/2025-cbcc"} {
			r := f.do("GET", "/api/v1/discipline-rule-sets/on?category=civil_servant&date="+date, f.headA, nil)
			wantStatus(t, r, http.StatusOK, "rule on "+date)
			r.decode(t, &rs)
			if rs.Code != want {
				t.Errorf("rule on %s: %s, want %s", date, rs.Code, want)
			}
		}
		r = f.do("GET", "/api/v1/discipline-rule-sets/on?category=civil_servant&date=30/06/2025", f.headA, nil)
		wantStatus(t, r, http.StatusBadRequest, "bad date")
		if e := r.err(t); e.Error.Fields["date"] == "" {
			t.Errorf("bad rule date: %+v", e)
		}
		r = f.do("POST", "/api/v1/discipline-rule-sets", f.admin, map[string]any{"code": "thu", "title": "Thử", "from": "2020-01-01", "basis": "Thử"})
		wantStatus(t, r, http.StatusBadRequest, "rule set in the past")
		if e := r.err(t); e.Error.Fields["valid_from"] == "" {
			t.Errorf("rule set in the past: %+v", e)
		}
	})
}
