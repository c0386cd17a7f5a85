package demo_test

import (
	"context"
	"testing"

	"congvu"
	"congvu/demo"
	"congvu/incident"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// The demo's incident log as the ward's chairman sees it: a handful of
// incidents, one serious reported to the province with one notice, one
// abuse suffered by canbo; canbo reads the ones canbo recorded; a second
// load adds none.
func TestLoadIncidents(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newServices(t, db)
		ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
		res, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, SkipTraining: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Incidents == nil || res.Incidents.Recorded < 4 || res.Incidents.Escalated != 1 {
			t.Fatalf("incidents: %+v", res.Incidents)
		}
		head := signedIn(t, ctx, s, "thutruong")
		ward, err := s.Units.FindUnitByCode(ctx, demo.CityWard)
		if err != nil {
			t.Fatal(err)
		}
		list, total, err := s.Incidents.FindIncidents(head, incident.Filter{UnitID: ward.ID})
		if err != nil || total != res.Incidents.Recorded {
			t.Fatalf("the chairman lists %d of %d: %v", total, res.Incidents.Recorded, err)
		}
		abuse, escalated := 0, 0
		for _, x := range list {
			if x.Kind == incident.KindStaffAbuse {
				abuse++
			}
			if x.Status == incident.StatusEscalated && x.Severity == incident.SeveritySerious {
				escalated++
			}
		}
		if abuse == 0 || escalated != 1 {
			t.Errorf("%d abuse suffered by staff, %d serious escalated", abuse, escalated)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Báo cáo sự việc nghiêm trọng%'`); n != 1 {
			t.Errorf("%d escalation notices", n)
		}
		canbo := signedIn(t, ctx, s, "canbo")
		if _, n, err := s.Incidents.FindIncidents(canbo, incident.Filter{}); err != nil || n == 0 {
			t.Errorf("canbo reads %d incidents (%v)", n, err)
		}
		again, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, SkipTraining: true})
		if err != nil {
			t.Fatal(err)
		}
		if again.Incidents != nil && again.Incidents.Recorded != 0 {
			t.Errorf("a second load recorded %d incidents", again.Incidents.Recorded)
		}
	})
}
