package inspectionsql_test

import (
	"testing"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/inspection"
	"congvu/sqldb"
	"congvu/sqldb/inspectionsql"
	"congvu/sqldb/sqldbtest"
)

// The generator writes what recording the lines would: rollups equal to the
// raw lines for the root, a district and a commune, both kinds; a line
// recorded afterwards on a generated day adds to the same rollup row.
func TestGenerateInspections(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		clock.Set(vnAt("2026-07-01", 9))
		_, pPath := sqldbtest.Unit(t, db, "/1/", "P", "Tỉnh Một")
		D, dPath := sqldbtest.Unit(t, db, pPath, "D", "Huyện Một")
		C1, _ := sqldbtest.Unit(t, db, dPath, "C1", "Xã Một")
		sqldbtest.Unit(t, db, dPath, "C2", "Xã Hai")
		from, to := vnAt("2026-01-01", 0), vnAt("2026-07-01", 0)
		res, err := devdata.GenerateInspections(sqldbtest.Sys(), db, devdata.InspectionGenOptions{Inspections: 120, Lines: 40, From: from, To: to, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if res.Inspections != 120 || res.Lines != 4800 || res.Breached == 0 || res.Units != 2 {
			t.Fatalf("result %+v", res)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM inspection_lines`); n != 4800 {
			t.Fatalf("%d lines", n)
		}
		ds := inspectionsql.NewDashboardService(db)
		for _, id := range []int64{1, D, C1} {
			for _, kind := range []inspection.Kind{"", inspection.KindInspection} {
				f := inspection.ComplianceFilter{UnitID: id, Kind: kind, From: from, To: to}
				got, err := ds.Compliance(sqldbtest.Sys(), f)
				if err != nil {
					t.Fatal(err)
				}
				want, err := ds.RawCompliance(sqldbtest.Sys(), f)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := figures(got), figures(want); g != w {
					t.Errorf("unit %d %q:\nrollups %s\nlines   %s", id, kind, g, w)
				}
			}
		}
		d, err := ds.Compliance(sqldbtest.Sys(), inspection.ComplianceFilter{UnitID: 1, From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		if d.Rate < 50 || d.Rate > 99 || len(d.Items) != 40 || len(d.Weakest) == 0 || d.Trend[0].Checked() == 0 {
			t.Errorf("implausible: rate %v, %d items, weakest %v", d.Rate, len(d.Items), d.Weakest)
		}
		// Units not inspected: a commune opened after the generated months
		// is listed first (never inspected) on its province's dashboard;
		// the country looks two levels down only (provinces, districts).
		pID := sqldb.PathIDs(pPath)[1]
		C3, _ := sqldbtest.Unit(t, db, dPath, "C3", "Xã Ba")
		for unit, want := range map[int64]bool{pID: true, 1: false} {
			d, err := ds.Compliance(sqldbtest.Sys(), inspection.ComplianceFilter{UnitID: unit, From: from, To: to, StaleMonths: 3})
			if err != nil {
				t.Fatal(err)
			}
			listed := len(d.Stale) > 0 && d.Stale[0].UnitID == C3 && d.Stale[0].LastDay.IsZero()
			if listed != want || d.StaleTotal != len(d.Stale) {
				t.Errorf("unit %d: units not inspected %+v (%d), want Xã Ba listed: %v", unit, d.Stale, d.StaleTotal, want)
			}
			for _, x := range d.Stale {
				if x.UnitID == C1 {
					t.Errorf("unit %d: Xã Một, inspected, listed as not inspected", unit)
				}
			}
		}

		// A line recorded later on a generated day lands on the same row.
		rows := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rollup_inspection_unit_day`)
		var insp int64
		var visited time.Time
		if err := db.Read.QueryRow(`SELECT id, visited_at FROM inspections WHERE target_unit_id = $1 ORDER BY id LIMIT 1`, C1).Scan(&insp, &visited); err != nil {
			t.Fatal(err)
		}
		lineRecorder{t, db}.set(insp, 0, "GT-XC", inspection.ResultBreached, visited.Add(time.Minute))
		if after := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rollup_inspection_unit_day`); after != rows {
			t.Errorf("a line on a generated day added %d rollup rows: days stored differently", after-rows)
		}
		_ = congvu.TimeZone
	})
}
