package inspectionsql_test

import (
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/inspection"
	"congvu/sqldb"
	"congvu/sqldb/inspectionsql"
	"congvu/sqldb/sqldbtest"
)

// Recording lines through the service keeps the rollups: a line recorded,
// recorded again by a resend (nothing doubled), corrected, an older record
// synced late (ignored), a finding off the checklist; after each, the
// dashboard of the district, the province and the country equals the raw
// lines.
func TestRecordLineKeepsRollups(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		ds := inspectionsql.NewDashboardService(db)
		x := f.adhoc(t, false)
		x, err := f.svc.GenerateChecklist(f.headP1, x.ID, inspection.ChecklistInput{Groups: []string{"GT"}})
		if err != nil {
			t.Fatal(err)
		}
		check := func(stage string, wantChecked int) {
			t.Helper()
			for _, unit := range []int64{f.x.D1, f.x.P1, 1} {
				fl := inspection.ComplianceFilter{UnitID: unit}
				got, err := ds.Compliance(sqldbtest.Sys(), fl)
				if err != nil {
					t.Fatal(err)
				}
				want, err := ds.RawCompliance(sqldbtest.Sys(), fl)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := figures(got), figures(want); g != w {
					t.Errorf("%s, unit %d:\nrollups %s\nlines   %s", stage, unit, g, w)
				}
				if got.Checked() != wantChecked {
					t.Errorf("%s, unit %d: %d lines checked, want %d", stage, unit, got.Checked(), wantChecked)
				}
			}
		}
		rec := func(in inspection.LineInput) {
			t.Helper()
			if _, err := f.svc.RecordLine(f.headP1, x.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		rec(inspection.LineInput{LineID: x.Lines[0].ID, Result: inspection.ResultBreached, Note: "Không chào", ClientKey: "p/1"})
		rec(inspection.LineInput{LineID: x.Lines[0].ID, Result: inspection.ResultBreached, Note: "Không chào", ClientKey: "p/1"})
		rec(inspection.LineInput{LineID: x.Lines[1].ID, Result: inspection.ResultKept})
		rec(inspection.LineInput{LineID: x.Lines[2].ID, Result: inspection.ResultNotObserved})
		check("recorded and resent", 2)
		rec(inspection.LineInput{LineID: x.Lines[0].ID, Result: inspection.ResultKept})
		old := db.Now().Add(-time.Hour)
		rec(inspection.LineInput{LineID: x.Lines[1].ID, Result: inspection.ResultBreached, Note: "Không cười", RecordedAt: &old})
		check("corrected, and an older record synced late", 2)
		rec(inspection.LineInput{ItemCode: "TP-TH", Result: inspection.ResultBreached, Note: "Không đeo thẻ", ClientKey: "p/extra"})
		check("a finding off the checklist", 3)
		d, err := ds.Compliance(sqldbtest.Sys(), inspection.ComplianceFilter{UnitID: f.x.P1})
		if err != nil {
			t.Fatal(err)
		}
		if d.Kept != 2 || d.Breached != 1 || d.NotObserved != 1 {
			t.Errorf("province: %+v", d.Tally)
		}
	})
}

// Devices syncing the same lines at once leave rollups equal to the lines:
// each update moves the rollups from what it replaced, read under the
// row's lock.
func TestConcurrentSyncsKeepRollups(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		ds := inspectionsql.NewDashboardService(db)
		x := f.adhoc(t, false)
		x, err := f.svc.GenerateChecklist(f.headP1, x.ID, inspection.ChecklistInput{Groups: []string{"GT"}})
		if err != nil {
			t.Fatal(err)
		}
		results := []inspection.LineResult{inspection.ResultKept, inspection.ResultBreached, inspection.ResultNotObserved}
		var wg sync.WaitGroup
		for dev := range 4 {
			wg.Go(func() {
				for round := range 3 {
					for i, l := range x.Lines[:min(len(x.Lines), 4)] {
						r := results[(dev+round+i)%3]
						in := inspection.LineInput{LineID: l.ID, Result: r}
						if r == inspection.ResultBreached {
							in.Note = "Vi phạm"
						}
						if _, err := f.svc.RecordLine(f.headP1, x.ID, in); err != nil && !isBusy(err) {
							t.Error(err)
						}
					}
				}
			})
		}
		wg.Wait()
		for _, unit := range []int64{f.x.D1, f.x.P1} {
			got, err := ds.Compliance(sqldbtest.Sys(), inspection.ComplianceFilter{UnitID: unit})
			if err != nil {
				t.Fatal(err)
			}
			want, err := ds.RawCompliance(sqldbtest.Sys(), inspection.ComplianceFilter{UnitID: unit})
			if err != nil {
				t.Fatal(err)
			}
			if g, w := figures(got), figures(want); g != w || got.Checked()+got.NotObserved != min(len(x.Lines), 4) {
				t.Errorf("unit %d after concurrent syncs:\nrollups %s\nlines   %s", unit, g, w)
			}
		}
	})
}

// isBusy reports a refusal a device retries (a conflict of concurrent
// writers), not a wrong result.
func isBusy(err error) bool { return err != nil && congvu.ErrorCode(err) == congvu.ECONFLICT }
