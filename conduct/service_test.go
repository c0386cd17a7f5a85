package conduct_test

import (
	"congvu"
	"congvu/commendation"
	"congvu/conduct"
	"congvu/violation"
	"context"
	"testing"
	"time"
)

type fakeViolations struct {
	violation.Service
	list []*violation.Violation
}

func (f *fakeViolations) FindViolations(ctx context.Context, _ violation.Filter) ([]*violation.Violation, int, error) {
	return f.list, len(f.list), nil
}
func (f *fakeViolations) FindViolation(ctx context.Context, id int64) (*violation.Violation, error) {
	for _, v := range f.list {
		if v.ID == id {
			return v, nil
		}
	}
	return nil, congvu.Errorf(congvu.ENOTFOUND, "x")
}
func (f *fakeViolations) Mine(ctx context.Context) (*violation.Own, error) {
	return &violation.Own{Violations: f.list}, nil
}

type fakeCases struct {
	violation.DisciplineService
	list []*violation.Case
}

func (f *fakeCases) FindCases(ctx context.Context, _ violation.CaseFilter) ([]*violation.Case, int, error) {
	return f.list, len(f.list), nil
}

type fakeCommendations struct {
	commendation.Service
	list []*commendation.Commendation
}

func (f *fakeCommendations) FindCommendations(ctx context.Context, _ commendation.Filter) ([]*commendation.Commendation, int, error) {
	return f.list, len(f.list), nil
}

func vn(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, congvu.TimeZone) }

// The year holds the acts, handlings and decisions of the year only, an
// annulled decision not at all, a changed one with its new form, and the
// praises and awards decided, not the proposals.
func TestYear(t *testing.T) {
	named := []*violation.Named{{OfficialID: 7}}
	v := &fakeViolations{list: []*violation.Violation{
		{ID: 1, ActDate: vn(2026, 3, 2), Officials: named, Handlings: []*violation.Handling{{OfficialID: 7, DecidedAt: vn(2026, 3, 9)}, {OfficialID: 8, DecidedAt: vn(2026, 3, 9)}}},
		{ID: 2, ActDate: vn(2025, 12, 20), Officials: named, Handlings: []*violation.Handling{{OfficialID: 7, DecidedAt: vn(2026, 1, 5)}}},
	}}
	settled := vn(2026, 8, 1)
	d := &fakeCases{list: []*violation.Case{
		{ID: 10, OfficialID: 7, RuleSetTitle: "Nghị định 172/2025", Decision: &violation.Decision{Form: "khien_trach", FormLabel: "Khiển trách", EffectiveOn: vn(2026, 5, 1)}},
		{ID: 11, OfficialID: 7, Decision: &violation.Decision{Form: "canh_cao", EffectiveOn: vn(2026, 6, 1)},
			Complaint: &violation.Complaint{Outcome: violation.ComplaintAnnulled, SettledOn: &settled}},
		{ID: 12, OfficialID: 7, Decision: &violation.Decision{Form: "canh_cao", EffectiveOn: vn(2025, 6, 1)}},
	}}
	c := &fakeCommendations{list: []*commendation.Commendation{{ID: 1, Status: commendation.StatusIssued}, {ID: 2, Status: commendation.StatusProposed}}}
	svc := conduct.New(v, d, c)
	staff := congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: 3, Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: 1, UnitPath: "/1/"}}})
	y, err := svc.Year(staff, 7, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(y.Violations) != 1 || len(y.Handlings) != 2 || len(y.Disciplines) != 1 || y.Disciplines[0].CaseID != 10 || len(y.Commendations) != 1 {
		t.Fatalf("%+v", y)
	}
	if got, ok := y.Disciplined(); !ok || got.FormLabel != "Khiển trách" {
		t.Fatalf("disciplined %+v %v", got, ok)
	}
	nobody := congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: 4, Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: 1, UnitPath: "/1/"}}})
	if _, err := svc.Year(nobody, 7, 2026); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
		t.Fatalf("another official: %v", err)
	}
	self := congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: 5, OfficialID: 7})
	if y, err := svc.Year(self, 7, 2026); err != nil || len(y.Violations) != 1 {
		t.Fatalf("own year %v %v", y, err)
	}
}
