package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/demo"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/training"
)

// The demo's training as its visitors see it: noivu's province campaign
// assigns every official of the province, most complete it (coverage below
// 100 %), some are behind and the campaign is overdue; certificates exist;
// the ward chairman's remedial campaign names officials with the reasons
// Công vụ gave; canbo holds an assignment still to do, whose class is today
// and takes canbo's scan of the code on thutruong's screen; a second load
// adds nothing.
func TestLoadTraining(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newServices(t, db)
		ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
		res, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, Logf: t.Logf})
		if err != nil {
			t.Fatal(err)
		}
		tr := res.Training
		if tr == nil || tr.Campaigns != 4 || tr.ByQR <= tr.Marked || tr.Marked == 0 || tr.Online == 0 || tr.Certificates == 0 || tr.Retried == 0 {
			t.Fatalf("training: %+v", tr)
		}
		t.Logf("training: %+v", *tr)
		noivu := signedIn(t, ctx, s, "noivu")
		province, err := s.Units.FindUnitByCode(ctx, demo.ProvinceCode)
		if err != nil {
			t.Fatal(err)
		}
		today := congvu.Date(time.Now())
		list, _, err := s.Training.FindCampaigns(noivu, training.Filter{UnitID: province.ID, Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		var main *training.Campaign
		for _, c := range list {
			if c.Audience == training.AudienceAll && c.UnitID == province.ID {
				main = c
			}
		}
		if main == nil {
			t.Fatalf("no province campaign among %d", len(list))
		}
		if main.Assigned != demo.OfficialCount() {
			t.Errorf("the province's campaign assigned %d of %d officials", main.Assigned, demo.OfficialCount())
		}
		if rate := training.Rate(main.Completed, main.Assigned); rate < 70 || rate >= 100 {
			t.Errorf("coverage %.1f %% (%d of %d): want most, not all", rate, main.Completed, main.Assigned)
		}
		if !main.Overdue(today) {
			t.Errorf("the province's campaign (ends %s) is not overdue", main.EndsOn.Format("02/01/2006"))
		}
		behind, n, err := s.Training.Assignments(noivu, training.Filter{CampaignID: main.ID, Behind: true, Limit: congvu.MaxPageSize})
		if err != nil || n == 0 || n != main.Assigned-main.Completed {
			t.Fatalf("behind: %d listed of %d not complete (%v)", n, main.Assigned-main.Completed, err)
		}
		attendedNotPassed := 0
		for _, a := range behind {
			if a.AttendedAt != nil {
				attendedNotPassed++
			}
		}
		if attendedNotPassed == 0 || attendedNotPassed == n {
			t.Errorf("of %d behind, %d attended and have not passed: want both kinds", n, attendedNotPassed)
		}
		top, children, err := s.Training.Coverage(noivu, training.CoverageFilter{UnitID: province.ID, CampaignID: main.ID})
		if err != nil || top.Assigned != main.Assigned || len(children) < 10 {
			t.Fatalf("coverage: %+v, %d children (%v)", top, len(children), err)
		}

		// The results per standard show the ones people misunderstand.
		items, err := s.TrainingQuiz.ItemResults(noivu, main.ID, province.ID)
		if err != nil || len(items) < 10 {
			t.Fatalf("%d item results (%v)", len(items), err)
		}
		low, high := 100.0, 0.0
		for _, it := range items {
			if it.Answered >= 20 {
				low, high = min(low, it.Rate), max(high, it.Rate)
			}
		}
		if low > 80 || high-low < 15 {
			t.Errorf("results per item from %.0f %% to %.0f %%: want some standards misunderstood", low, high)
		}

		// canbo: the province's campaign complete with its certificate, the
		// ward centre's class still to do; today's class takes canbo's scan.
		canbo := signedIn(t, ctx, s, "canbo")
		mine, err := s.Training.Mine(canbo)
		if err != nil {
			t.Fatal(err)
		}
		var todo *training.Assignment
		done := 0
		for _, a := range mine {
			if a.CompletedAt == nil {
				todo = a
			} else {
				done++
			}
		}
		if todo == nil || done == 0 {
			t.Fatalf("canbo's assignments: %d complete, to do %+v", done, todo)
		}
		if tr.Today == 0 {
			t.Fatal("no class today")
		}
		today1, err := s.Training.FindSession(canbo, tr.Today)
		if err != nil || today1.CampaignID != todo.CampaignID {
			t.Fatalf("today's class %+v (%v) is not of canbo's campaign to do %d", today1, err, todo.CampaignID)
		}
		head := signedIn(t, ctx, s, "thutruong")
		code, err := s.Training.SessionCode(head, tr.Today)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Training.Attend(canbo, tr.Today, code); err != nil {
			t.Fatalf("canbo scans today's code: %v", err)
		}
		for _, a := range mine {
			if a.CompletedAt == nil {
				continue
			}
			cert, err := s.TrainingQuiz.Certificate(canbo, a.CampaignID, a.OfficialID)
			if err != nil {
				t.Fatalf("canbo's certificate: %v", err)
			}
			if !cert.IssuedAt.Before(today) {
				t.Errorf("canbo's certificate %s was issued now (%s), not by the demo", cert.Number, cert.IssuedAt)
			}
			if v, err := s.TrainingQuiz.VerifyCertificate(context.Background(), cert.Number); err != nil || v.OfficialName == "" {
				t.Errorf("verify %s: %+v %v", cert.Number, v, err)
			}
		}

		// The remedial campaign names officials with founded reports, with
		// the reasons Công vụ gave.
		named := 0
		for _, c := range list {
			if c.Audience == training.AudienceNamed {
				named++
				if !strings.Contains(c.Reason, "phản ánh có cơ sở") || c.Assigned < 3 || c.Assigned != tr.Named || c.Completed == c.Assigned {
					t.Errorf("remedial campaign: %d assigned of %d named, %d complete, reason %q", c.Assigned, tr.Named, c.Completed, c.Reason)
				}
			}
		}
		if named != 1 {
			t.Errorf("%d remedial campaigns", named)
		}

		again, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true})
		if err != nil {
			t.Fatal(err)
		}
		if !again.AlreadyLoaded && again.Training != nil && again.Training.Campaigns != 0 {
			t.Errorf("a second load: %s", fmt.Sprint(*again.Training))
		}
	})
}
