package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/commendation"
	"congvu/demo"
	"congvu/org"
	"congvu/services"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/violation"
)

// signedIn is the context of a demo account, as it signs in.
func signedIn(t *testing.T, ctx context.Context, s services.Set, username string) context.Context {
	t.Helper()
	for _, a := range demo.Accounts() {
		if a.Username != username {
			continue
		}
		list, _, err := s.Users.FindUsers(ctx, org.UserFilter{Query: username, Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range list {
			if u.Username == username {
				return congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName,
					OfficialID: u.OfficialID, Grants: u.Grants})
			}
		}
	}
	t.Fatalf("no demo account %s", username)
	return nil
}

func TestLoadViolations(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newServices(t, db)
		ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
		res, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, SkipTraining: true})
		if err != nil {
			t.Fatal(err)
		}
		vr := res.Violations
		if vr == nil {
			t.Fatal("no violations loaded")
		}
		t.Logf("violations and commendations loaded in %v: %+v %+v", vr.Elapsed, *vr, *vr.Commendations)
		if d := time.Until(db.Now()); d < -time.Minute || d > time.Minute {
			t.Errorf("the clock was not restored: off by %v", d)
		}
		noivu := signedIn(t, ctx, s, "noivu")

		// Violations: most handled by reminders, criticisms, corrections,
		// and acknowledged.
		province, err := s.Units.FindUnitByCode(ctx, demo.ProvinceCode)
		if err != nil {
			t.Fatal(err)
		}
		vs, total, err := s.Violations.FindViolations(noivu, violation.Filter{UnitID: province.ID, Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		handled := 0
		for _, v := range vs {
			for _, n := range v.Officials {
				if n.Outcome == violation.OutcomeHandled {
					handled++
				}
			}
		}
		if total < 8 || total != vr.Created || handled < 4 || vr.Acknowledged < 2 {
			t.Errorf("%d violations (load says %d), %d officials handled below discipline, %d acknowledged", total, vr.Created, handled, vr.Acknowledged)
		}

		// Discipline: one khiển trách under 172/2025 with a complaint
		// settled, one act before 01/07/2025 judged under 112/2020.
		cases, _, err := s.Discipline.FindCases(noivu, violation.CaseFilter{UnitID: province.ID, Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		var under172, under112, complaints, deferred int
		for _, c := range cases {
			full, err := s.Discipline.FindCase(noivu, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if full.Status == violation.CaseDeferred {
				deferred++
			}
			if full.Decision == nil {
				continue
			}
			if full.Decision.Form != "reprimand" {
				t.Errorf("case %d decided %s, want a reprimand (khiển trách)", c.ID, full.Decision.Form)
			}
			switch {
			case strings.Contains(full.RuleSetTitle, "172/2025"):
				under172++
				// The official's year shows the decision (conduct.Year on
				// the real services), for staff who may read violations.
				y, err := s.Conduct.Year(noivu, full.OfficialID, congvu.Date(full.Decision.EffectiveOn).Year())
				if err != nil {
					t.Fatal(err)
				}
				if d, ok := y.Disciplined(); !ok || d.CaseID != c.ID || d.Form != "reprimand" || !strings.Contains(d.RuleSet, "172/2025") || len(y.Violations) == 0 {
					t.Errorf("the year of the official disciplined: %+v %v", y, err)
				}
				if _, err := s.Conduct.Year(ctx, full.OfficialID, 2026); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
					t.Errorf("an administrator reads an official's year: %v, want forbidden", err)
				}
			case strings.Contains(full.RuleSetTitle, "112/2020"):
				under112++
				for _, id := range full.ViolationIDs {
					v, err := s.Violations.FindViolation(noivu, id)
					if err != nil || !congvu.Date(v.ActDate).Before(time.Date(2025, 7, 1, 0, 0, 0, 0, congvu.TimeZone)) {
						t.Errorf("the case under 112/2020 rests on violation %d: %+v %v, want an act before 01/07/2025", id, v, err)
					}
				}
			}
			if cp := full.Complaint; cp != nil && cp.SettledOn != nil {
				complaints++
			}
		}
		if under172 != 1 || under112 != 1 || complaints != 1 || deferred > 1 {
			t.Errorf("decisions: %d under 172/2025, %d under 112/2020, %d complaints settled, %d deferred; want 1, 1, 1 and at most 1", under172, under112, complaints, deferred)
		}

		// canbo has a reminder to acknowledge, and a praise.
		canbo := signedIn(t, ctx, s, "canbo")
		own, err := s.Violations.Mine(canbo)
		if err != nil {
			t.Fatal(err)
		}
		toAck := 0
		for _, v := range own.Violations {
			for _, h := range v.Handlings {
				if h.Kind == violation.HandlingReminder && h.AcknowledgedAt == nil && h.OfficialID == congvu.ActorFromContext(canbo).OfficialID {
					toAck++
				}
			}
		}
		if toAck != 1 {
			t.Errorf("canbo has %d reminders to acknowledge, want 1", toAck)
		}
		mine, _, err := s.Commendations.FindCommendations(canbo, commendation.Filter{OfficialID: congvu.ActorFromContext(canbo).OfficialID})
		if err != nil || len(mine) == 0 {
			t.Errorf("canbo's commendations: %d, %v", len(mine), err)
		}
		year, err := s.Conduct.Year(canbo, congvu.ActorFromContext(canbo).OfficialID, congvu.Date(time.Now()).Year())
		if err != nil || len(year.Handlings) != 1 || len(year.Commendations) == 0 {
			t.Errorf("canbo's year: %+v, %v", year, err)
		}

		// Loading again adds nothing.
		before := auditCount(t, ctx, s)
		again, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, SkipTraining: true})
		if err != nil || !again.AlreadyLoaded {
			t.Fatalf("second load: %+v %v", again, err)
		}
		if after := auditCount(t, ctx, s); after != before {
			t.Errorf("second load wrote %d audit events", after-before)
		}
	})
}
