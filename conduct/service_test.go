package conduct_test

import (
	"congvu"
	"congvu/commendation"
	"congvu/conduct"
	"congvu/org"
	"congvu/violation"
	"context"
	"testing"
	"time"
)

// The fakes answer as the real services do for an actor who may read: the
// lists filtered by official, Mine for the official's own record.

type fakeViolations struct {
	violation.Service
	all   []*violation.Violation
	mine  *violation.Own
	reads int
}

func (f *fakeViolations) FindViolations(_ context.Context, flt violation.Filter) ([]*violation.Violation, int, error) {
	var out []*violation.Violation
	for _, v := range f.all {
		named := false
		for _, n := range v.Officials {
			named = named || n.OfficialID == flt.OfficialID
		}
		act := congvu.Date(v.ActDate)
		if named && !act.Before(congvu.Date(flt.From)) && !act.After(congvu.Date(flt.To)) {
			c := *v
			c.Handlings = nil // lists come without handlings
			out = append(out, &c)
		}
	}
	return out, len(out), nil
}

func (f *fakeViolations) FindViolation(_ context.Context, id int64) (*violation.Violation, error) {
	f.reads++
	for _, v := range f.all {
		if v.ID == id {
			return v, nil
		}
	}
	return nil, congvu.Errorf(congvu.ENOTFOUND, "")
}

func (f *fakeViolations) Mine(context.Context) (*violation.Own, error) { return f.mine, nil }

type fakeDiscipline struct {
	violation.DisciplineService
	cases []*violation.Case
}

func (f *fakeDiscipline) FindCases(_ context.Context, flt violation.CaseFilter) ([]*violation.Case, int, error) {
	var out []*violation.Case
	for _, c := range f.cases {
		if c.OfficialID == flt.OfficialID {
			l := *c
			l.Decision, l.Complaint = nil, nil // lists come without the detail
			out = append(out, &l)
		}
	}
	return out, len(out), nil
}

func (f *fakeDiscipline) FindCase(_ context.Context, id int64) (*violation.Case, error) {
	for _, c := range f.cases {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, congvu.Errorf(congvu.ENOTFOUND, "")
}

func (f *fakeDiscipline) RuleSets(context.Context) ([]violation.RuleSet, error) {
	return []violation.RuleSet{{ID: 7, Forms: []violation.Form{{Code: "reprimand", Label: "Khiển trách"}, {Code: "warning", Label: "Cảnh cáo"}}}}, nil
}

type fakeOfficials struct{ org.OfficialService }

// FindOfficialByID places officials 5 and 6 in commune /1/2/3/; the
// actor's sight is not the point here.
func (fakeOfficials) FindOfficialByID(_ context.Context, id int64) (*org.Official, error) {
	if id == 5 || id == 6 {
		return &org.Official{ID: id, UnitPath: "/1/2/3/"}, nil
	}
	return nil, congvu.Errorf(congvu.ENOTFOUND, "")
}

type fakeCommendations struct {
	commendation.Service
	all []*commendation.Commendation
}

func (f *fakeCommendations) FindCommendations(_ context.Context, flt commendation.Filter) ([]*commendation.Commendation, int, error) {
	var out []*commendation.Commendation
	for _, c := range f.all {
		if c.OfficialID == flt.OfficialID && (flt.Year == 0 || c.Year == flt.Year) {
			out = append(out, c)
		}
	}
	return out, len(out), nil
}

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 9, 0, 0, 0, congvu.TimeZone)
}

func ptr[T any](v T) *T { return &v }

// fixture: official 5 in 2026 has a violation of 2026 handled by reminder,
// a violation of 2025 handled in January 2026, a reprimand effective in
// 2026, a warning changed to a reprimand on complaint, a decision annulled,
// a decision of 2025, a praise and an award approved of 2026, a proposal
// still pending and a praise of 2025.
func fixture() (*fakeViolations, *fakeDiscipline, *fakeCommendations) {
	named := func(id int64, o violation.Outcome) []*violation.Named {
		return []*violation.Named{{OfficialID: id, Outcome: o}}
	}
	v26 := &violation.Violation{ID: 1, ActDate: day(2026, 3, 2), Officials: named(5, violation.OutcomeHandled),
		Handlings: []*violation.Handling{{ID: 11, ViolationID: 1, OfficialID: 5, Kind: violation.HandlingReminder, DecidedAt: day(2026, 3, 20)}}}
	v25 := &violation.Violation{ID: 2, ActDate: day(2025, 12, 10), Officials: named(5, violation.OutcomeHandled),
		Handlings: []*violation.Handling{{ID: 12, ViolationID: 2, OfficialID: 5, Kind: violation.HandlingCriticism, DecidedAt: day(2026, 1, 8)}}}
	vDis := &violation.Violation{ID: 3, ActDate: day(2026, 5, 4), Officials: named(5, violation.OutcomeDiscipline)}
	vOther := &violation.Violation{ID: 4, ActDate: day(2026, 5, 4), Officials: named(6, violation.OutcomeHandled)}
	v27 := &violation.Violation{ID: 5, ActDate: day(2027, 1, 4), Officials: named(5, violation.OutcomePending)}
	vs := &fakeViolations{all: []*violation.Violation{v26, v25, vDis, vOther, v27}}
	dec := func(form, label string, eff time.Time) *violation.Decision {
		return &violation.Decision{Number: "1/QĐ", Form: form, FormLabel: label, SignedOn: eff.AddDate(0, 0, -1), EffectiveOn: eff}
	}
	cases := []*violation.Case{
		{ID: 21, OfficialID: 5, RuleSetID: 7, RuleSetTitle: "Nghị định 172/2025/NĐ-CP", Status: violation.CaseClosed, Decision: dec("reprimand", "Khiển trách", day(2026, 6, 1))},
		{ID: 22, OfficialID: 5, RuleSetID: 7, Status: violation.CaseClosed, Decision: dec("warning", "Cảnh cáo", day(2026, 8, 1)),
			Complaint: &violation.Complaint{Outcome: violation.ComplaintChanged, NewForm: "reprimand", SettledOn: ptr(day(2026, 9, 1))}},
		{ID: 23, OfficialID: 5, RuleSetID: 7, Status: violation.CaseClosed, Decision: dec("warning", "Cảnh cáo", day(2026, 10, 1)),
			Complaint: &violation.Complaint{Outcome: violation.ComplaintAnnulled, SettledOn: ptr(day(2026, 11, 1))}},
		{ID: 24, OfficialID: 5, RuleSetID: 7, Status: violation.CaseClosed, Decision: dec("reprimand", "Khiển trách", day(2025, 12, 1))},
		{ID: 25, OfficialID: 5, RuleSetID: 7, Status: violation.CaseReview},
		{ID: 26, OfficialID: 6, RuleSetID: 7, Status: violation.CaseClosed, Decision: dec("reprimand", "Khiển trách", day(2026, 6, 1))},
	}
	ds := &fakeDiscipline{cases: cases}
	cs := &fakeCommendations{all: []*commendation.Commendation{
		{ID: 31, OfficialID: 5, Year: 2026, Kind: commendation.KindPraise, Status: commendation.StatusIssued},
		{ID: 32, OfficialID: 5, Year: 2026, Kind: commendation.KindAward, Status: commendation.StatusApproved},
		{ID: 33, OfficialID: 5, Year: 2026, Kind: commendation.KindAward, Status: commendation.StatusProposed},
		{ID: 34, OfficialID: 5, Year: 2025, Kind: commendation.KindPraise, Status: commendation.StatusIssued},
		{ID: 35, OfficialID: 6, Year: 2026, Kind: commendation.KindPraise, Status: commendation.StatusIssued},
	}}
	vs.mine = &violation.Own{Violations: []*violation.Violation{v26, v25, vDis, v27}, Cases: cases[:5]}
	return vs, ds, cs
}

func checkYear(t *testing.T, y *conduct.Year) {
	t.Helper()
	var vids []int64
	for _, v := range y.Violations {
		vids = append(vids, v.ID)
	}
	if len(vids) != 2 || vids[0] != 1 || vids[1] != 3 {
		t.Errorf("violations of 2026 = %v, want [1 3] (acts of the year naming the official)", vids)
	}
	if len(y.Handlings) != 2 || y.Handlings[0].ID != 12 || y.Handlings[1].ID != 11 {
		t.Errorf("handlings of 2026 = %+v, want 12 (act of 2025, handled in 2026) then 11", y.Handlings)
	}
	if len(y.Disciplines) != 2 {
		t.Fatalf("disciplines = %+v, want the reprimand and the warning changed to a reprimand (annulled and 2025 out)", y.Disciplines)
	}
	if d := y.Disciplines[0]; d.CaseID != 21 || d.Form != "reprimand" || d.RuleSet != "Nghị định 172/2025/NĐ-CP" {
		t.Errorf("first discipline = %+v", d)
	}
	if d := y.Disciplines[1]; d.CaseID != 22 || d.Form != "reprimand" || d.FormLabel != "Khiển trách" {
		t.Errorf("changed decision = %+v, want the new form reprimand, Khiển trách", d)
	}
	if d, ok := y.Disciplined(); !ok || d.CaseID != 21 {
		t.Errorf("Disciplined = %+v %v", d, ok)
	}
	var cids []int64
	for _, c := range y.Commendations {
		cids = append(cids, c.ID)
	}
	if len(cids) != 2 || cids[0] != 31 || cids[1] != 32 {
		t.Errorf("commendations = %v, want [31 32] (issued and approved of 2026)", cids)
	}
}

func TestYearStaff(t *testing.T) {
	vs, ds, cs := fixture()
	svc := conduct.New(vs, ds, cs, fakeOfficials{})
	head := &congvu.Actor{UserID: 3, OfficialID: 9, Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitPath: "/1/2/"}}}
	y, err := svc.Year(congvu.NewContextWithActor(context.Background(), head), 5, 2026)
	if err != nil {
		t.Fatal(err)
	}
	checkYear(t, y)
	if vs.reads != 2 {
		t.Errorf("read %d violations in full, want 2 (those handled below discipline)", vs.reads)
	}
}

func TestYearOwn(t *testing.T) {
	vs, ds, cs := fixture()
	svc := conduct.New(vs, ds, cs, fakeOfficials{})
	me := &congvu.Actor{UserID: 4, OfficialID: 5}
	y, err := svc.Year(congvu.NewContextWithActor(context.Background(), me), 5, 2026)
	if err != nil {
		t.Fatal(err)
	}
	checkYear(t, y)
}

func TestYearRefused(t *testing.T) {
	vs, ds, cs := fixture()
	svc := conduct.New(vs, ds, cs, fakeOfficials{})
	for name, tc := range map[string]struct {
		actor *congvu.Actor
		year  int
		code  string
	}{
		"anonymous":          {nil, 2026, congvu.EUNAUTH},
		"another official":   {&congvu.Actor{UserID: 4, OfficialID: 6}, 2026, congvu.EFORBIDDEN},
		"admin without view": {&congvu.Actor{UserID: 4, Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitPath: "/1/"}}}, 2026, congvu.EFORBIDDEN},
		"year out of reason": {&congvu.Actor{UserID: 4, OfficialID: 5}, 99, congvu.EINVALID},
	} {
		ctx := context.Background()
		if tc.actor != nil {
			ctx = congvu.NewContextWithActor(ctx, tc.actor)
		}
		if _, err := svc.Year(ctx, 5, tc.year); congvu.ErrorCode(err) != tc.code {
			t.Errorf("%s: err = %v, want %s", name, err, tc.code)
		}
	}
}
