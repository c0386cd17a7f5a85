package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/violation"
)

func init() {
	// Violations of commune A1 (sensitive data): read by home-affairs
	// staff, heads and inspectors of A (the insider too: their own record
	// is not named), never by administrators nor the sibling commune's
	// head; handled by the head of A; acknowledged by the official the
	// handling is about (the official role's own record) alone.
	staff := azAllow(azSuperv, azHead, azInspect, azInsider)
	for k, v := range map[string]apiAccess{
		"GET /violations":                            {allowed: azSigned}, // each sees what they may (the official: their own)
		"POST /violations":                           {allowed: staff},
		"GET /violations/mine":                       {allowed: azSigned},
		"GET /violations/{id}":                       {allowed: staff, object: "violation"},
		"POST /violations/{id}/evidence":             {allowed: staff, object: "violation"},
		"POST /violations/{id}/handlings":            {allowed: azAllow(azHead), object: "violation"},
		"POST /violations/{id}/no-action":            {allowed: azAllow(azHead), object: "violation"},
		"POST /violations/{id}/dismiss":              {allowed: azAllow(azHead), object: "violation"},
		"POST /violation-handlings/{id}/acknowledge": {allowed: azAllow(azOfficial), object: "handling"},
		"GET /violation-suggestions":                 {allowed: azSigned}, // without unit_id: 400 for anyone signed in
	} {
		apiAuthzTable[k] = v
	}
}

// violationOf opens, as the system, a violation at commune A1 naming o on
// an observation.
func (f *azFixture) violationOf(t *testing.T, o *org.Official) *violation.Violation {
	t.Helper()
	v, err := f.svc.Violations.CreateViolation(f.sys, violation.Input{UnitID: f.a1.ID, ActDate: time.Now().In(congvu.TimeZone),
		ItemCodes: []string{"GT-XC"}, Description: "Cán bộ không chào hỏi người dân đến làm thủ tục.", OfficialIDs: []int64{o.ID},
		Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}}, Notes: map[int]string{0: "Biên bản ghi nhận của thủ trưởng đơn vị."}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// violationObjects are the table's violation (about the object official
// of A1) and a handling about the official role's own record.
func (f *azFixture) violationObjects(t *testing.T) map[string]string {
	t.Helper()
	v := f.violationOf(t, f.object)
	own, _, err := f.svc.Officials.FindOfficials(f.sys, org.OfficialFilter{Query: "A1-OWN", Limit: 1})
	if err != nil || len(own) == 0 {
		t.Fatalf("own record: %v", err)
	}
	mine := f.violationOf(t, own[0])
	h, err := f.svc.Violations.Handle(f.sys, mine.ID, violation.HandlingInput{OfficialID: own[0].ID, Kind: violation.HandlingReminder,
		Note: "Đồng chí cần chào hỏi người dân."})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"violation": itoa(v.ID), "handling": itoa(h.ID)}
}

// violationBodies pass validation, so that authorization decides.
func (f *azFixture) violationBodies() map[string]any {
	return map[string]any{
		"POST /violations": map[string]any{"unit_id": f.a1.ID, "act_date": time.Now().In(congvu.TimeZone).Format(time.DateOnly), "item_codes": []string{"GT-XC"},
			"description": "Cán bộ không chào hỏi người dân đến làm thủ tục.", "official_ids": []int64{f.object.ID},
			"evidence": []map[string]any{{"kind": "observation", "note": "Biên bản ghi nhận của thủ trưởng đơn vị."}}},
		"POST /violations/{id}/evidence":             map[string]any{"kind": "observation", "note": "Ghi nhận bổ sung của thủ trưởng đơn vị."},
		"POST /violations/{id}/handlings":            map[string]any{"official_id": f.object.ID, "kind": "reminder", "note": "Đồng chí cần chào hỏi người dân."},
		"POST /violations/{id}/no-action":            map[string]any{"official_id": f.object.ID, "reason": "Cán bộ đã tự nhận lỗi và xin lỗi."},
		"POST /violations/{id}/dismiss":              map[string]any{"reason": "Bằng chứng không đủ căn cứ kết luận."},
		"POST /violation-handlings/{id}/acknowledge": map[string]any{"note": "Tôi xin tiếp thu."},
	}
}

// The official concerned reads their violation through the API (their
// own list, the violation itself) with its handling, and never the
// petition's tracking code, its id, nor the reporter's name; staff read
// all of it. Then the official acknowledges.
func TestViolationAPIOfficialNeverSeesReporter(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		const reporter = "Lê Thị Phương Thảo"
		subject := f.official(org.OfficialInput{UnitID: f.a1.ID, EmployeeCode: "A1-777", FullName: "Bùi Văn Khánh", Category: org.CategoryCivilServant})
		body := petitionAbout(f.badge(subject))
		body["anonymous"] = false
		body["consent"] = true
		body["reporter"] = map[string]any{"name": reporter, "phone": "0987 654 321", "email": "thao.le@example.org"}
		rc := f.submit(body)
		pid := f.idOf(rc.TrackingCode)
		for _, st := range []map[string]any{{"step": "accept"}, {"step": "assign"}, {"step": "verify"},
			{"step": "conclude", "conclusion": "founded", "text": "Có vi phạm.", "items": []string{"GT-XC"}, "conclusion_public": true}} {
			wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/petitions/%d/steps", pid), f.headA, st), http.StatusOK, fmt.Sprint(st["step"]))
		}
		r := f.do("POST", "/api/v1/violations", f.headA, map[string]any{"unit_id": f.a1.ID, "act_date": time.Now().In(congvu.TimeZone).Format(time.DateOnly),
			"item_codes": []string{"gt-xc"}, "description": "Cán bộ quát nạt người dân tại bộ phận một cửa.", "official_ids": []int64{subject.ID},
			"evidence": []map[string]any{{"kind": "petition", "id": pid}}})
		wantStatus(t, r, http.StatusCreated, "create")
		var v violation.Violation
		r.decode(t, &v)
		if !strings.Contains(string(r.Body), rc.TrackingCode) {
			t.Errorf("staff do not see the evidence: %s", r.Body)
		}
		var h violation.Handling
		r = f.do("POST", fmt.Sprintf("/api/v1/violations/%d/handlings", v.ID), f.headA, map[string]any{"official_id": subject.ID, "kind": "reminder",
			"severity": "minor", "note": "Đồng chí cần chào hỏi, lắng nghe người dân."})
		wantStatus(t, r, http.StatusCreated, "handle")
		r.decode(t, &h)

		off := f.staffToken("canbo.duc", subject.ID, congvu.Grant{Role: congvu.RoleOfficial, UnitID: f.a1.ID})
		for _, path := range []string{"/api/v1/violations/mine", fmt.Sprintf("/api/v1/violations/%d", v.ID), "/api/v1/violations"} {
			r := f.do("GET", path, off, nil)
			wantStatus(t, r, http.StatusOK, path)
			b := string(r.Body)
			if !strings.Contains(b, "Đồng chí cần chào hỏi") && path != "/api/v1/violations" {
				t.Errorf("%s: the official does not see their handling: %s", path, b)
			}
			for _, secret := range []string{rc.TrackingCode, reporter, "0987 654 321", "thao.le@example.org", fmt.Sprintf(`"id":%d,"item_codes"`, pid)} {
				if strings.Contains(b, secret) {
					t.Errorf("%s: the official sees %q: %s", path, secret, b)
				}
			}
		}
		r = f.do("POST", fmt.Sprintf("/api/v1/violation-handlings/%d/acknowledge", h.ID), f.headA, map[string]any{"note": ""})
		if r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
			t.Errorf("the head acknowledges for the official: %d", r.Status)
		}
		r = f.do("POST", fmt.Sprintf("/api/v1/violation-handlings/%d/acknowledge", h.ID), off, map[string]any{"note": "Tôi xin tiếp thu."})
		wantStatus(t, r, http.StatusOK, "acknowledge")
		r.decode(t, &h)
		if h.AcknowledgedAt == nil || h.AckNote != "Tôi xin tiếp thu." {
			t.Errorf("acknowledged: %+v", h)
		}
	})
}

// Bad input gets a Vietnamese error naming its field, and saves nothing.
func TestViolationAPIBadInputSavesNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		good := func() map[string]any {
			return map[string]any{"unit_id": f.a1.ID, "act_date": time.Now().In(congvu.TimeZone).Format(time.DateOnly), "item_codes": []string{"GT-XC"},
				"description": "Cán bộ quát nạt người dân tại bộ phận một cửa.", "official_ids": []int64{f.offA1.ID},
				"evidence": []map[string]any{{"kind": "observation", "note": "Biên bản ghi nhận của thủ trưởng đơn vị."}}}
		}
		for name, c := range map[string]struct {
			mod   func(map[string]any)
			field string
		}{
			"date":        {func(b map[string]any) { b["act_date"] = "31/02/2026" }, "act_date"},
			"future":      {func(b map[string]any) { b["act_date"] = time.Now().AddDate(0, 0, 3).Format(time.DateOnly) }, "act_date"},
			"items":       {func(b map[string]any) { b["item_codes"] = []string{} }, "item_codes"},
			"unknown":     {func(b map[string]any) { b["item_codes"] = []string{"KHONG-CO"} }, "item_codes"},
			"evidence":    {func(b map[string]any) { b["evidence"] = []map[string]any{} }, "evidence"},
			"kind":        {func(b map[string]any) { b["evidence"] = []map[string]any{{"kind": "tin-don", "id": 3}} }, "evidence.0"},
			"description": {func(b map[string]any) { b["description"] = "ngắn" }, "description"},
			"official":    {func(b map[string]any) { b["official_ids"] = []int64{f.offB.ID} }, "official_ids"},
		} {
			b := good()
			c.mod(b)
			r := f.do("POST", "/api/v1/violations", f.headA, b)
			wantStatus(t, r, http.StatusBadRequest, name)
			e := r.err(t)
			if e.Error.Code != congvu.EINVALID || !hasVietnamese(e.Error.Fields[c.field]) {
				t.Errorf("%s: %+v, want a Vietnamese message on %s", name, e.Error, c.field)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM violations`); n != 0 {
			t.Fatalf("%d violations saved from bad input", n)
		}
		wantStatus(t, f.do("GET", "/api/v1/violations?status=bogus&from=hôm-nay", f.headA, nil), http.StatusBadRequest, "filters")
	})
}

// Suggestions: the founded petition about commune A1 for the head of
// province A, nothing for the sibling commune's head nor the official.
func TestViolationAPISuggestions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		for _, st := range []map[string]any{{"step": "accept"}, {"step": "assign"}, {"step": "verify"},
			{"step": "conclude", "conclusion": "founded", "text": "Có vi phạm.", "items": []string{"GT-XC"}, "conclusion_public": true}} {
			wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/petitions/%d/steps", f.officialPet), f.headA, st), http.StatusOK, fmt.Sprint(st["step"]))
		}
		path := fmt.Sprintf("/api/v1/violation-suggestions?unit_id=%d", f.a1.ID)
		r := f.do("GET", path, f.headA, nil)
		wantStatus(t, r, http.StatusOK, "head")
		if !strings.Contains(string(r.Body), f.officialPetCode) {
			t.Errorf("the founded petition is not suggested: %s", r.Body)
		}
		for _, role := range []string{azSibling, azOfficial, azAdmin} {
			if r := f.do("GET", path, f.tokens[role], nil); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
				t.Errorf("%s reads the suggestions of A1: %d %s", role, r.Status, r.Body)
			}
		}
		wantStatus(t, f.do("GET", "/api/v1/violation-suggestions?unit_id=x", f.headA, nil), http.StatusBadRequest, "bad unit")
	})
}
