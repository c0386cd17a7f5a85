package violation_test

import (
	"congvu"
	"congvu/violation"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func sample() *violation.Violation {
	return &violation.Violation{ID: 7, UnitID: 3, UnitPath: "/1/2/3/", CreatedBy: 42, Status: violation.StatusOpen,
		Officials: []*violation.Named{
			{OfficialID: 10, FullName: "An", NowUnitPath: "/1/2/3/", Outcome: violation.OutcomePending},
			{OfficialID: 11, FullName: "Bình", NowUnitPath: "/1/5/", Outcome: violation.OutcomeNoAction, Reason: "Lý do riêng của Bình", CaseID: 9},
		},
		Evidence: []*violation.Evidence{{EvidenceRef: congvu.EvidenceRef{Kind: congvu.EvidencePetition, ID: 901, OfficialID: 11},
			Summary: "Phản ánh PA-SECRET kết luận đúng", Official: "Phản ánh của người dân", Note: "ghi chú"}},
		Handlings: []*violation.Handling{{ID: 1, OfficialID: 11, Note: "Phê bình Bình", DecidedBy: 42}, {ID: 2, OfficialID: 10, Note: "Nhắc nhở An", DecidedBy: 42}},
	}
}

func actor(official int64, role congvu.Role, path string) *congvu.Actor {
	return &congvu.Actor{UserID: 1, OfficialID: official, Grants: []congvu.Grant{{Role: role, UnitPath: path}}}
}

func TestForOfficial(t *testing.T) {
	v := sample()
	got := violation.ForOfficial(v, 10)
	b, _ := json.Marshal(got)
	for _, bad := range []string{"PA-SECRET", "901", "Lý do riêng", "no_action", "Phê bình Bình", "ghi chú", `"case_id"`} {
		if strings.Contains(string(b), bad) {
			t.Errorf("official 10 sees %q: %s", bad, b)
		}
	}
	if got.CreatedBy != 0 || len(got.Handlings) != 1 || got.Handlings[0].ID != 2 || got.Evidence[0].Summary != "Phản ánh của người dân" ||
		got.Evidence[0].OfficialID != 0 || got.Named(10).Outcome != violation.OutcomePending || got.Named(11).FullName != "Bình" {
		t.Errorf("reduced %+v", got)
	}
	if v.CreatedBy != 42 || v.Evidence[0].ID != 901 || v.Officials[1].Reason == "" || len(v.Handlings) != 2 {
		t.Error("ForOfficial changed its argument")
	}
}

func TestConflictedAndScope(t *testing.T) {
	v := sample()
	for _, c := range []struct {
		name               string
		a                  *congvu.Actor
		view, handle, conf bool
	}{
		{"head of the unit", actor(0, congvu.RoleUnitHead, "/1/2/3/"), true, true, false},
		{"head of the unit, named", actor(10, congvu.RoleUnitHead, "/1/2/3/"), true, false, true},
		{"head above", actor(0, congvu.RoleUnitHead, "/1/2/"), true, true, false},
		{"head of Bình's unit today", actor(0, congvu.RoleUnitHead, "/1/5/"), true, false, false},
		{"sibling head", actor(0, congvu.RoleUnitHead, "/1/6/"), false, false, false},
		{"supervisor", actor(0, congvu.RoleSupervisor, "/1/"), true, false, false},
		{"system administrator", actor(0, congvu.RoleAdmin, "/1/"), false, false, false},
		{"official", actor(11, congvu.RoleOfficial, "/1/5/"), false, false, true},
	} {
		if got := violation.CanView(c.a, v); got != c.view {
			t.Errorf("%s: view %v", c.name, got)
		}
		if got := violation.CanHandle(c.a, v, v.Officials[0]); got != c.handle {
			t.Errorf("%s: handle %v", c.name, got)
		}
		if got := violation.Conflicted(c.a, v); got != c.conf {
			t.Errorf("%s: conflicted %v", c.name, got)
		}
	}
	// The head of Bình's unit today may handle Bình.
	if !violation.CanHandle(actor(0, congvu.RoleUnitHead, "/1/5/"), v, v.Officials[1]) {
		t.Error("head of Bình's unit may not handle Bình")
	}
}

func TestValidate(t *testing.T) {
	now := time.Date(2026, 3, 5, 10, 0, 0, 0, congvu.TimeZone)
	ok := func() violation.Input {
		return violation.Input{UnitID: 3, ActDate: now.AddDate(0, 0, -3), ItemCodes: []string{" tt-tt ", "TT-TT"},
			Description: "Đòi thêm giấy tờ không có trong quy định.", OfficialIDs: []int64{5, 5},
			Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidencePetition, ID: 1}}}
	}
	in := ok()
	if err := in.Validate(now); err != nil {
		t.Fatal(err)
	}
	if strings.Join(in.ItemCodes, ",") != "TT-TT" || len(in.OfficialIDs) != 1 {
		t.Errorf("normalised %v %v", in.ItemCodes, in.OfficialIDs)
	}
	for field, change := range map[string]func(*violation.Input){
		"act_date":     func(in *violation.Input) { in.ActDate = now.AddDate(0, 0, 1) },
		"description":  func(in *violation.Input) { in.Description = strings.Repeat("a", violation.MaxDescription+1) },
		"item_codes":   func(in *violation.Input) { in.ItemCodes = []string{""} },
		"official_ids": func(in *violation.Input) { in.AboutUnit = true },
		"evidence.0": func(in *violation.Input) {
			in.Evidence = []congvu.EvidenceRef{{Kind: congvu.EvidenceRatings, OfficialID: 5}}
		},
		"evidence": func(in *violation.Input) { in.Evidence = nil },
		"unit_id":  func(in *violation.Input) { in.UnitID = 0 },
	} {
		in := ok()
		change(&in)
		err := in.Validate(now)
		if congvu.ErrorCode(err) != congvu.EINVALID || congvu.ErrorFields(err)[field] == "" {
			t.Errorf("%s: %v", field, err)
		}
	}
	// Today is fine, in Vietnam's day (01:00 on the 6th is still the 5th in UTC).
	in = ok()
	in.ActDate = time.Date(2026, 3, 5, 23, 0, 0, 0, congvu.TimeZone)
	if err := in.Validate(now); err != nil {
		t.Errorf("today: %v", err)
	}
	h := violation.HandlingInput{OfficialID: 5, Kind: "warning", Severity: "light", Note: "ngắn"}
	if f := congvu.ErrorFields(h.Validate()); f["kind"] == "" || f["severity"] == "" || f["note"] == "" {
		t.Errorf("handling fields %v", f)
	}
	if r, ok := violation.RatingsReason(40, 50, 90); !ok || !strings.Contains(r, "50,0%") {
		t.Errorf("ratings reason %q %v", r, ok)
	}
	if _, ok := violation.RatingsReason(29, 0, 90); ok {
		t.Error("29 ratings suggest a violation")
	}
}
