package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/demo"
	"congvu/inspection"
	"congvu/services"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

func allInspections(t *testing.T, ctx context.Context, s services.Set) []*inspection.Inspection {
	t.Helper()
	list, total, err := s.Inspections.FindInspections(ctx, inspection.Filter{Limit: congvu.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	if total > len(list) {
		t.Fatalf("%d inspections, more than a page", total)
	}
	return list
}

func TestLoadInspections(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newServices(t, db)
		ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
		res, err := demo.Load(ctx, s, demo.Options{Clock: &db.Now, SkipRatings: true, SkipTraining: true})
		if err != nil {
			t.Fatal(err)
		}
		ir := res.Inspections
		if ir == nil {
			t.Fatal("no inspections loaded")
		}
		t.Logf("inspections loaded in %v (petitions %v): %+v", ir.Elapsed, res.Petitions.Elapsed, *ir)
		if n := demo.InspectionCount(); ir.Created != n || n < 35 || n > 45 || ir.Skipped != 0 || ir.PlansCreated != 3 {
			t.Errorf("created %d inspections (skipped %d), %d plans; the demo holds %d (want about 40)", ir.Created, ir.Skipped, ir.PlansCreated, n)
		}
		if d := time.Until(db.Now()); d < -time.Minute || d > time.Minute {
			t.Errorf("the clock was not restored: off by %v", d)
		}
		now := time.Now()

		// The current year's plans of both kinds, published.
		plans, _, err := s.Inspections.FindPlans(ctx, inspection.PlanFilter{Year: congvu.Date(now).Year(), Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[inspection.Kind]int{}
		for _, pl := range plans {
			if pl.Status != inspection.PlanPublished || len(pl.Targets) == 0 {
				t.Errorf("plan %q: %s, %d targets", pl.Title, pl.Status, len(pl.Targets))
			}
			kinds[pl.Kind]++
		}
		if len(plans) != 3 || kinds[inspection.KindInspection] != 1 || kinds[inspection.KindCheck] != 2 {
			t.Errorf("plans %d, by kind %v", len(plans), kinds)
		}

		// Every status of the work; visits on working days, within the
		// last twelve months; a few unannounced, some started from
		// evidence with the reasons Công vụ gave.
		cal, err := s.Calendar.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		all := allInspections(t, ctx, s)
		byStatus := map[inspection.Status]int{}
		var unannounced, evidence, appraised, breached, weak int
		var hidden, reviewed, issued *inspection.Inspection
		for _, x := range all {
			byStatus[x.Status]++
			if x.Unannounced {
				unannounced++
			}
			if x.Origin == inspection.OriginEvidence {
				evidence++
				if !strings.Contains(x.Reason, "Chưa được kiểm tra") && !strings.Contains(x.Reason, "Chỉ số hài lòng") && !strings.Contains(x.Reason, "phản ánh, kiến nghị") {
					t.Errorf("evidence inspection without the suggestion's reasons: %q", x.Reason)
				}
			}
			if x.VisitedAt != nil {
				v := x.VisitedAt.In(congvu.TimeZone)
				if !cal.IsWorkingDay(v) || v.Hour() < 7 || v.Hour() > 16 || v.After(now) || v.Before(now.AddDate(-1, 0, 0)) {
					t.Errorf("inspection %d visited %v", x.ID, v)
				}
			}
			if x.Kind == inspection.KindInspection && x.ConclusionStatus == inspection.ConclusionReviewed {
				appraised++
				reviewed = x
			}
			if x.Unannounced && x.Status == inspection.StatusPlanned && strings.Contains(x.TargetUnitName, "Thái Bình") {
				hidden = x
			}
			if x.Kind == inspection.KindInspection && x.Status == inspection.StatusConcluded && issued == nil {
				issued = x
			}
		}
		for _, st := range []inspection.Status{inspection.StatusPlanned, inspection.StatusInProgress, inspection.StatusRecorded} {
			if byStatus[st] < 2 {
				t.Errorf("%d inspections %s", byStatus[st], st)
			}
		}
		if byStatus[inspection.StatusConcluded] < 25 || ir.ByStatus[inspection.StatusConcluded] != byStatus[inspection.StatusConcluded] {
			t.Errorf("%d concluded (result %v)", byStatus[inspection.StatusConcluded], ir.ByStatus)
		}
		if unannounced < 4 || evidence < 3 || appraised != 1 || hidden == nil || issued == nil {
			t.Fatalf("%d unannounced, %d from evidence, %d thanh tra appraised, hidden %v, issued %v", unannounced, evidence, appraised, hidden != nil, issued != nil)
		}

		// Findings fall on the items citizens complain about; some name
		// the official, which is evidence for the violations to come.
		named, photos := 0, 0
		for _, x := range all {
			full, err := s.Inspections.FindInspection(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range full.Lines {
				if l.Result != inspection.ResultBreached {
					continue
				}
				breached++
				switch l.ItemCode {
				case "GT-XL", "GT-LN", "GT-MC", "GT-LS", "TP-TH", "TT-KL", "TT-KD":
					weak++
				}
			}
			ev, err := s.Inspections.EvidenceFor(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			named += len(ev)
			pc, err := s.InspectionPhotos.PhotoCounts(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range pc {
				photos += n
			}
			if x.Status == inspection.StatusConcluded && (full.Conclusion == "" || full.IssuedAt == nil) {
				t.Errorf("inspection %d concluded without its text", x.ID)
			}
		}
		if breached < 30 || weak*10 < breached*7 || named < 10 || photos < 5 || photos != ir.Photos {
			t.Errorf("%d breached lines, %d on the weakest items, %d naming an official, %d photos (%d taken)", breached, weak, named, photos, ir.Photos)
		}

		// Corrective actions: in Phường Thái Bình reported and verified,
		// closing their inspections; elsewhere some open, some overdue,
		// with the overdue notices in the outbox.
		if ir.Actions == 0 || byStatus[inspection.StatusClosed] < 2 || ir.Verified < 4 {
			t.Errorf("%d actions, %d verified, %d inspections closed", ir.Actions, ir.Verified, byStatus[inspection.StatusClosed])
		}
		overdue, n, err := s.InspectionActions.FindActions(ctx, inspection.ActionFilter{Overdue: true, Limit: congvu.MaxPageSize})
		if err != nil || n < 2 || n != ir.Overdue {
			t.Fatalf("%d actions overdue (result %d): %v", n, ir.Overdue, err)
		}
		a, err := s.InspectionActions.FindActionByID(ctx, overdue[0].ID)
		if err != nil || a.Status != inspection.ActionOpen || a.Events[len(a.Events)-1].Kind != inspection.EventOverdue {
			t.Errorf("overdue action %+v: %v", a, err)
		}
		if late := count(t, db, `SELECT COUNT(*) FROM outbox WHERE subject = $1`, "Biện pháp khắc phục đã quá hạn"); late < n {
			t.Errorf("%d overdue notices in the outbox for %d actions overdue", late, n)
		}
		open, _, err := s.InspectionActions.FindActions(ctx, inspection.ActionFilter{Status: inspection.ActionOpen, Limit: congvu.MaxPageSize})
		if err != nil || len(open) <= n {
			t.Errorf("%d actions open, %d of them overdue: %v", len(open), n, err)
		}

		// Phường Thái Bình's chairman does not see the unannounced visit
		// ahead, nor the appraised draft about his ward; he sees the issued
		// conclusions about it.
		thutruong := signIn(t, s, "thutruong")
		if _, err := s.Inspections.FindInspection(thutruong, hidden.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("the inspected unit sees the unannounced visit ahead: %v", err)
		}
		seen := allInspections(t, thutruong, s)
		var issuedToHim int
		for _, x := range seen {
			if x.ID == hidden.ID {
				t.Error("the unannounced visit ahead is listed to the inspected unit")
			}
			if x.ID == reviewed.ID && x.Conclusion != "" {
				t.Error("the inspected unit reads the appraised draft")
			}
			if x.ConclusionStatus == inspection.ConclusionIssued && x.Conclusion != "" {
				issuedToHim++
			}
		}
		if issuedToHim < 2 {
			t.Errorf("thutruong sees %d issued conclusions", issuedToHim)
		}
		theirPlans, _, err := s.Inspections.FindPlans(thutruong, inspection.PlanFilter{Limit: congvu.MaxPageSize})
		if err != nil || len(theirPlans) < 2 {
			t.Fatalf("thutruong sees %d plans: %v", len(theirPlans), err)
		}
		// Another unit's plan shows him only the announced visits of his ward.
		ward, err := s.Units.FindUnitByCode(ctx, demo.CityWard)
		if err != nil {
			t.Fatal(err)
		}
		for _, pl := range theirPlans {
			for _, tg := range pl.Targets {
				if pl.UnitID != ward.ID && (tg.Unannounced || !inspection.Within(tg.UnitPath, ward.Path)) {
					t.Errorf("plan %q shows the inspected unit the target %s (unannounced %v)", pl.Title, tg.UnitName, tg.Unannounced)
				}
			}
		}
		if _, err := s.Inspections.FindInspection(signIn(t, s, "thanhtra"), hidden.ID); err != nil {
			t.Errorf("the inspectorate cannot open its own visit ahead: %v", err)
		}

		// The printed pages exist.
		links, err := demo.InspectionLinks(ctx, s)
		if err != nil || len(links) < 4 {
			t.Fatalf("inspection links %v %v", links, err)
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
		if n := len(allInspections(t, ctx, s)); n != len(all) {
			t.Errorf("%d inspections after the second load, want %d", n, len(all))
		}
	})
}
