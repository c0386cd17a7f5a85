package evaluationsql_test

import (
	"congvu"
	"congvu/evaluation"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/sqldb/trainingsql"
	"congvu/training"
	"context"
	"testing"
	"time"
)

// The year's training is part of an official's evidence: in a campaign
// of D1 in March 2026 A was marked present (complete, its hours counted)
// and B was not (required, not complete); C, in D2, had nothing required.
// Each summary says so, with the yearly minimum of the rule in force, the
// official reading their own too, and the unit's table says the same.
func TestSummaryTraining(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := newEvFixture(t, db)
		if _, err := standardsql.NewStandardService(db).EnsureCatalog(context.Background()); err != nil {
			t.Fatal(err)
		}
		ts := trainingsql.NewService(db, nil)
		sup := sqldbtest.As(x.sup)
		c, err := ts.CreateCampaign(sup, training.CampaignInput{UnitID: x.tree.D1, Title: "Quán triệt Đề án văn hóa công vụ", Audience: training.AudienceAll,
			StartsOn: time.Date(2026, 3, 1, 0, 0, 0, 0, congvu.TimeZone), EndsOn: time.Date(2026, 3, 31, 0, 0, 0, 0, congvu.TimeZone), Hours: 4})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ts.OpenCampaign(sup, c.ID); err != nil {
			t.Fatal(err)
		}
		s, err := ts.CreateSession(sup, training.SessionInput{CampaignID: c.ID, Title: "Lớp 1", Mode: training.ModeInPerson, Place: "Hội trường",
			StartsAt: time.Date(2026, 3, 5, 2, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 3, 5, 4, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ts.Mark(sup, s.ID, []int64{x.a.ID}); err != nil {
			t.Fatal(err)
		}
		minHours := training.RuleSetFor(training.DefaultRuleSets(), time.Date(2026, 1, 1, 0, 0, 0, 0, congvu.TimeZone)).MinHours
		want := map[int64]*evaluation.Training{
			x.a.ID: {Required: 1, Completed: 1, Hours: 4, MinHours: minHours},
			x.b.ID: {Required: 1, Completed: 0, Hours: 0, MinHours: minHours},
			x.c.ID: nil,
		}
		for _, as := range []*congvu.Actor{x.sup, x.own} {
			for id, w := range want {
				if as == x.own && id != x.a.ID {
					continue
				}
				sm, err := x.svc.Summary(sqldbtest.As(as), id, 2026)
				if err != nil {
					t.Fatal(err)
				}
				if g := sm.Training; (g == nil) != (w == nil) || g != nil && *g != *w {
					t.Errorf("%s reads official %d's training %+v, want %+v", as.Username, id, g, w)
				}
			}
		}
		// Nothing of 2026 in 2025.
		if sm, err := x.svc.Summary(sup, x.a.ID, 2025); err != nil || sm.Training != nil {
			t.Errorf("A's 2025: %+v %v", sm.Training, err)
		}
		rows, err := x.svc.Summaries(sup, x.tree.P1, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 {
			t.Fatalf("%d rows", len(rows))
		}
		for _, r := range rows {
			w := want[r.OfficialID]
			if g := r.Training; (g == nil) != (w == nil) || g != nil && *g != *w {
				t.Errorf("the table's official %d: training %+v, want %+v", r.OfficialID, g, w)
			}
		}
	})
}
