package petitionsql_test

import (
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// TestPetitionWorkFilters: the filters of a staff home's work counts (open,
// due soon, the actor's to handle) narrow the list the actor sees, with its
// conflict-of-interest rule, and agree with Petition.IsDueSoon.
func TestPetitionWorkFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		mk := func(tag string, edit func(in *petition.Input)) *petition.Receipt { return x.submitTagged(t, tag, edit) }
		// a: about An in C1, handled by D1; b: about Chi in D2, handled by
		// P1; c: about C1, handled by D1, rejected; d: about P2.
		a := mk("a", nil)
		b := mk("b", func(in *petition.Input) { in.BadgeToken, in.OfficialID = "", x.chi.ID })
		c := mk("c", func(in *petition.Input) { in.BadgeToken, in.UnitID = "", x.C1 })
		d := mk("d", func(in *petition.Input) { in.BadgeToken, in.UnitID = "", x.P2 })
		x.step(t, x.headD1, c.Petition.ID, petition.StepInput{Step: petition.StepReject, Reason: "Đã giải quyết tại phản ánh trước."})
		now := x.clock.Now()
		for _, due := range []struct {
			id int64
			at time.Time
		}{{a.Petition.ID, now.Add(-time.Hour)}, {b.Petition.ID, now.Add(20 * time.Hour)}, {d.Petition.ID, now.Add(5 * 24 * time.Hour)}} {
			if _, err := db.Write.Exec(`UPDATE petitions SET due_at = $1 WHERE id = $2`, due.at.UTC(), due.id); err != nil {
				t.Fatal(err)
			}
		}
		check := func(who *congvu.Actor, f petition.Filter, want string) {
			t.Helper()
			list, n, err := x.ps.FindPetitions(sqldbtest.As(who), f)
			if err != nil {
				t.Fatalf("find %+v: %v", f, err)
			}
			got := ptCodes(list)
			if wantN := len(strings.Split(want, ",")); got != want || want != "" && n != wantN || want == "" && n != 0 {
				t.Errorf("%s %+v: %q (%d), want %q", who.Username, f, got, n, want)
			}
			for _, p := range list {
				if f.DueSoon && !p.IsDueSoon(now) {
					t.Errorf("%s listed as due soon, due %v", p.TrackingCode, p.DueAt)
				}
			}
		}
		check(x.admin, petition.Filter{Open: true}, "d,b,a")
		check(x.admin, petition.Filter{Open: true, Overdue: true}, "a")
		check(x.admin, petition.Filter{DueSoon: true}, "b")
		check(x.admin, petition.Filter{Handling: true}, "") // an administrator oversees, handles nothing
		// D1's head handles a and c; c is over.
		check(x.headD1, petition.Filter{Handling: true}, "c,a")
		check(x.headD1, petition.Filter{Handling: true, Open: true}, "a")
		check(x.headD1, petition.Filter{Handling: true, DueSoon: true}, "")
		// An inspector of D2 sees b, handled by P1: nothing to handle.
		check(sqldbtest.Actor(9999, congvu.RoleInspector, x.D2, x.D2Path), petition.Filter{Open: true}, "b")
		check(sqldbtest.Actor(9999, congvu.RoleInspector, x.D2, x.D2Path), petition.Filter{Open: true, Handling: true}, "")
		// P1's inspector works in C1 (Bình): a concerns them, whatever the
		// filter; b is theirs to handle, due soon.
		check(x.inspBinh, petition.Filter{Open: true, Handling: true}, "b")
		check(x.inspBinh, petition.Filter{Open: true, Handling: true, Overdue: true}, "")
		check(x.inspBinh, petition.Filter{Handling: true, DueSoon: true}, "b")
		check(x.supAn, petition.Filter{Open: true, Handling: true}, "b")
	})
}

// TestPetitionAuditNamesTheTrackingCode: the audit log names a petition by
// its tracking code, on both engines.
func TestPetitionAuditNamesTheTrackingCode(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		r := x.submit(t, x.input())
		x.step(t, x.headD1, r.Petition.ID, petition.StepInput{Step: petition.StepAccept})
		events, _, err := sqldb.NewAuditService(db).FindAuditEvents(sqldbtest.As(x.admin), congvu.AuditFilter{Kind: "petition."})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 2 {
			t.Fatalf("%d petition events", len(events))
		}
		for _, ev := range events {
			if ev.EntityRef != r.TrackingCode {
				t.Errorf("%s names the petition %q, want %q", ev.Kind, ev.EntityRef, r.TrackingCode)
			}
		}
		others, _, err := sqldb.NewAuditService(db).FindAuditEvents(sqldbtest.As(x.admin), congvu.AuditFilter{Kind: "user."})
		if err != nil || len(others) == 0 || others[0].EntityRef != "" {
			t.Errorf("user events: %v %+v", err, others)
		}
	})
}
