package inspection_test

import (
	"congvu"
	"congvu/inspection"
	"congvu/org"
	"slices"
	"strings"
	"testing"
	"time"
)

func actor(role congvu.Role, path string) *congvu.Actor {
	return &congvu.Actor{UserID: 1, Grants: []congvu.Grant{{Role: role, UnitID: 9, UnitPath: path}}}
}

// Thanh tra is owned by the Government or a province from 01/07/2025 (Law
// 84/2025/QH15, two tiers); before, a district inspectorate could own one.
// Kiểm tra công vụ belongs to heads and home-affairs staff at any level,
// never to an inspector alone when concluding.
func TestAllowedByRoleLevelAndDate(t *testing.T) {
	vn := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 8, 0, 0, 0, congvu.TimeZone) }
	district := inspection.Owner{ID: 5, Path: "/1/2/5/", Kind: org.KindDistrict}
	province := inspection.Owner{ID: 2, Path: "/1/2/", Kind: org.KindProvince}
	insp := actor(congvu.RoleInspector, "/1/2/")
	head := actor(congvu.RoleUnitHead, "/1/2/")
	for _, c := range []struct {
		name string
		a    *congvu.Actor
		k    inspection.Kind
		s    inspection.Step
		o    inspection.Owner
		at   time.Time
		want string
	}{
		{"inspector, province, 2026", insp, inspection.KindInspection, inspection.StepPlan, province, vn(2026, 1, 5), ""},
		{"inspector, district, 2026", insp, inspection.KindInspection, inspection.StepRun, district, vn(2026, 1, 5), congvu.EFORBIDDEN},
		{"inspector, district, 30/6/2025", insp, inspection.KindInspection, inspection.StepRun, district, vn(2025, 6, 30), ""},
		{"inspector, district, 1/7/2025", insp, inspection.KindInspection, inspection.StepRun, district, vn(2025, 7, 1), congvu.EFORBIDDEN},
		{"head plans thanh tra", head, inspection.KindInspection, inspection.StepPlan, province, vn(2026, 1, 5), congvu.EFORBIDDEN},
		{"head checks a district", head, inspection.KindCheck, inspection.StepConclude, district, vn(2026, 1, 5), ""},
		{"inspector runs a check", insp, inspection.KindCheck, inspection.StepRun, district, vn(2026, 1, 5), ""},
		{"inspector concludes a check", insp, inspection.KindCheck, inspection.StepConclude, district, vn(2026, 1, 5), congvu.EFORBIDDEN},
		{"head of another province", actor(congvu.RoleUnitHead, "/1/3/"), inspection.KindCheck, inspection.StepPlan, district, vn(2026, 1, 5), congvu.EFORBIDDEN},
	} {
		err := inspection.Allowed(c.a, inspection.DefaultRules, c.k, c.s, c.o, c.at)
		if got := congvu.ErrorCode(err); got != c.want {
			t.Errorf("%s: %q (%v), want %q", c.name, got, err, c.want)
		}
		if err != nil && !strings.ContainsAny(congvu.ErrorMessage(err), "ạảấộđ") {
			t.Errorf("%s: message not Vietnamese: %v", c.name, err)
		}
	}
	for _, k := range inspection.Kinds {
		for _, r := range inspection.DefaultRules {
			if r.Kind == k && r.Basis == "" {
				t.Errorf("rule of %s without citation", k)
			}
		}
	}
}

// The inspected side sees nothing of an unannounced inspection before the
// visit, and never a draft conclusion; the owner sees everything.
func TestInspectionForSide(t *testing.T) {
	visited := time.Date(2026, 3, 5, 1, 0, 0, 0, time.UTC)
	x := &inspection.Inspection{Unannounced: true, Status: inspection.StatusPlanned, Conclusion: "nháp", ConclusionStatus: inspection.ConclusionDraft,
		Lines: []*inspection.Line{{ItemCode: "GT-XC"}}}
	if x.ForSide(inspection.SideTarget) != nil || x.ForSide(inspection.SideNone) != nil || x.ForSide(inspection.SideOwner) != x {
		t.Fatal("unannounced before the visit")
	}
	x.VisitedAt, x.Status = &visited, inspection.StatusRecorded
	got := x.ForSide(inspection.SideTarget)
	if got == nil || got.Conclusion != "" || got.ConclusionStatus != "" || len(got.Lines) != 1 || x.Conclusion != "nháp" {
		t.Fatalf("target side after the record: %+v", got)
	}
	x.ConclusionStatus = inspection.ConclusionIssued
	if got = x.ForSide(inspection.SideTarget); got.Conclusion != "nháp" {
		t.Fatal("issued conclusion hidden")
	}
	p := &inspection.Plan{Status: inspection.PlanPublished, Team: []string{"A"}, Targets: []*inspection.PlanTarget{
		{UnitID: 5, UnitPath: "/1/2/5/"}, {UnitID: 6, UnitPath: "/1/2/6/", Unannounced: true}, {UnitID: 7, UnitPath: "/1/2/7/"}}}
	seen := p.ForSide(inspection.SideTarget, []string{"/1/2/5/", "/1/2/6/"})
	if seen == nil || len(seen.Targets) != 1 || seen.Targets[0].UnitID != 5 || len(p.Targets) != 3 {
		t.Fatalf("plan seen %+v", seen)
	}
	if p.ForSide(inspection.SideTarget, []string{"/1/2/6/"}) != nil {
		t.Fatal("a unit whose only target is unannounced sees the plan")
	}
	p.Status = inspection.PlanApproved
	if p.ForSide(inspection.SideTarget, []string{"/1/2/5/"}) != nil {
		t.Fatal("an unpublished plan is seen")
	}
}

func TestRankReasons(t *testing.T) {
	now := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	last := now.AddDate(-2, 0, 0)
	g := &inspection.Suggestion{Ratings: 40, Index: 62.5, FoundedPetition: 2, OverdueActions: 1, LastInspected: &last}
	inspection.Rank(g, now)
	want := []string{"Chỉ số hài lòng 62,5% (dưới 80,0%) trên 40 lượt đánh giá trong 180 ngày qua.",
		"2 phản ánh, kiến nghị được kết luận là đúng hoặc đúng một phần trong 180 ngày qua.",
		"1 biện pháp khắc phục sau kiểm tra đã quá hạn mà chưa được xác nhận hoàn thành.",
		"Đã 24 tháng chưa được kiểm tra (lần gần nhất ngày 05/03/2024)."}
	if strings.Join(g.Reasons, "|") != strings.Join(want, "|") || g.Score != 17.5+20+5+5 {
		t.Fatalf("%v %v", g.Score, g.Reasons)
	}
	small := &inspection.Suggestion{Ratings: 10, Index: 0, LastInspected: &now}
	if inspection.Rank(small, now); small.Score != 0 || len(small.Reasons) != 0 {
		t.Fatalf("under the minimum sample: %+v", small)
	}
}

func TestEvidence(t *testing.T) {
	at := time.Date(2026, 3, 5, 20, 0, 0, 0, time.UTC) // 6 March in Vietnam
	x := &inspection.Inspection{TargetUnitID: 5, Status: inspection.StatusInProgress, Lines: []*inspection.Line{
		{ID: 1, ItemCode: "GT-XC", Result: inspection.ResultBreached, OfficialID: 7, RecordedAt: &at},
		{ID: 2, ItemCode: "TP-TH", Result: inspection.ResultBreached},
		{ID: 3, ItemCode: "GT-XL", Result: inspection.ResultKept, OfficialID: 7}}}
	if len(inspection.Evidence(x)) != 0 {
		t.Fatal("evidence before the record is closed")
	}
	x.Status = inspection.StatusRecorded
	refs := inspection.Evidence(x)
	if len(refs) != 1 || refs[0].ID != 1 || refs[0].OfficialID != 7 || refs[0].UnitID != 5 || refs[0].Date.Day() != 6 || refs[0].ItemCodes[0] != "GT-XC" {
		t.Fatalf("%+v", refs)
	}
}

// A rule added from a date replaces the older one of its kind from that
// date, not before; a rule added without a citation or dated in the past
// is refused with field messages.
func TestRuleOnNewestAndRuleInput(t *testing.T) {
	from := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	rules := append(slices.Clone(inspection.DefaultRules), inspection.Rule{ID: 9, Kind: inspection.KindInspection,
		Levels: []org.UnitKind{org.KindNation}, From: from, Basis: "Luật X"})
	before := time.Date(2026, 12, 31, 5, 0, 0, 0, time.UTC)
	if r := inspection.RuleOn(rules, inspection.KindInspection, before); r == nil || r.ID == 9 || !r.Verified {
		t.Fatalf("before: %+v", r)
	}
	if r := inspection.RuleOn(rules, inspection.KindInspection, from); r == nil || r.ID != 9 {
		t.Fatalf("from: %+v", r)
	}
	in := inspection.RuleInput{Kind: "x", From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		Levels: []org.UnitKind{"moon"}}
	err := in.Validate(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	for _, f := range []string{"kind", "levels", "valid_from", "valid_until", "basis"} {
		if congvu.ErrorFields(err)[f] == "" {
			t.Errorf("no message on %s: %v", f, err)
		}
	}
}
