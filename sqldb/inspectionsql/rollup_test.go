package inspectionsql_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/inspectionsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

// lineRecorder records line results as the core's line recording does: the
// line's row and its rollups in one transaction.
type lineRecorder struct {
	t  *testing.T
	db *sqldb.DB
}

func vnAt(day string, hour int) time.Time {
	d, _ := time.ParseInLocation(time.DateOnly, day, congvu.TimeZone)
	return d.Add(time.Duration(hour) * time.Hour)
}

// inspect creates an inspection of kind of target unit and returns its id.
func (r lineRecorder) inspect(kind inspection.Kind, target int64) int64 {
	r.t.Helper()
	return newInspection(r.t, r.db, kind, target)
}

// set records result on line id (0: a new line of inspection insp with
// item code) at instant at, and returns the line's id.
func (r lineRecorder) set(insp, id int64, code string, res inspection.LineResult, at time.Time) int64 {
	r.t.Helper()
	err := r.db.InTx(sqldbtest.Sys(), func(tx *sqldb.Tx) error {
		var kind string
		var target int64
		if err := tx.QueryRow(`SELECT kind, target_unit_id FROM inspections WHERE id = $1`, insp).Scan(&kind, &target); err != nil {
			return err
		}
		var before inspectionsql.LineFact
		if id != 0 {
			var old string
			var oldAt time.Time
			if err := tx.QueryRow(`SELECT item_code, result, recorded_at FROM inspection_lines WHERE id = $1`, id).Scan(&code, &old, &oldAt); err != nil {
				return err
			}
			before = inspectionsql.LineFact{TargetUnitID: target, Kind: inspection.Kind(kind), ItemCode: code, Result: inspection.LineResult(old), RecordedAt: oldAt}
			if _, err := tx.Exec(`UPDATE inspection_lines SET result = $1, recorded_at = $2 WHERE id = $3`, string(res), at.UTC(), id); err != nil {
				return err
			}
		} else {
			id = insertLine(r.t, tx, insp, code, res, at)
		}
		after := inspectionsql.LineFact{TargetUnitID: target, Kind: inspection.Kind(kind), ItemCode: code, Result: res, RecordedAt: at}
		return inspectionsql.AddLineRollup(context.Background(), tx, before, after)
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return id
}

// figures is what the rollup and raw dashboards must agree on.
func figures(d *inspection.Compliance) string {
	s := fmt.Sprintf("tally %+v;", d.Tally)
	for _, it := range d.Items {
		s += fmt.Sprintf(" %s %d/%d", it.Code, it.Kept, it.Checked())
	}
	s += ";"
	for _, u := range d.Units {
		s += fmt.Sprintf(" %s %+v", u.Code, u.Tally)
	}
	return s
}

// Rollups equal the raw lines, for every unit and month and both kinds
// together or apart: after recording, after changing and clearing results,
// after restructurings (a commune merged into one of another district, a
// district abolished), and for a line synced late for a day before them.
func TestRollupsEqualRawLines(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		clock.Set(vnAt("2026-05-01", 8))
		_, pPath := sqldbtest.Unit(t, db, "/1/", "P", "Tỉnh Một")
		D1, d1Path := sqldbtest.Unit(t, db, pPath, "D1", "Huyện Một")
		D2, d2Path := sqldbtest.Unit(t, db, pPath, "D2", "Huyện Hai")
		C1, _ := sqldbtest.Unit(t, db, d1Path, "C1", "Xã Một")
		C2, _ := sqldbtest.Unit(t, db, d1Path, "C2", "Xã Hai")
		X, _ := sqldbtest.Unit(t, db, d2Path, "X", "Xã Ba")
		P := sqldb.PathIDs(pPath)[1]
		r := lineRecorder{t, db}
		k1, k2, k3 := r.inspect(inspection.KindCheck, C1), r.inspect(inspection.KindInspection, C2), r.inspect(inspection.KindCheck, X)
		var changeMe, clearMe int64
		for i, c := range []string{"GT-XC", "GT-XL", "GT-CO", "GT-XP"} {
			r.set(k1, 0, c, inspection.ResultKept, vnAt("2026-05-10", 9+i))
			id := r.set(k2, 0, c, []inspection.LineResult{inspection.ResultBreached, inspection.ResultKept, inspection.ResultNotObserved, inspection.ResultBreached}[i], vnAt("2026-05-11", 23))
			if i == 0 {
				changeMe = id
			}
			r.set(k3, 0, c, inspection.ResultKept, vnAt("2026-07-12", 10))
			r.set(k1, 0, c, inspection.ResultBreached, vnAt("2026-07-10", 10))
			id = r.set(k2, 0, c, inspection.ResultKept, vnAt("2026-07-11", 10))
			if i == 1 {
				clearMe = id
			}
			r.set(k3, 0, c, inspection.ResultBreached, vnAt("2026-08-12", 10))
			r.set(k1, 0, c, inspection.ResultKept, vnAt("2026-08-10", 10))
		}
		// A line corrected (to kept, on another day) and one cleared.
		r.set(k2, changeMe, "", inspection.ResultKept, vnAt("2026-05-12", 7))
		r.set(k2, clearMe, "", "", vnAt("2026-07-11", 11))
		clock.Set(vnAt("2026-08-20", 10))

		ds := inspectionsql.NewDashboardService(db)
		months := []string{"2026-05-01", "2026-07-01", "2026-08-01"}
		units := map[string]int64{"P": P, "D1": D1, "D2": D2, "C1": C1, "C2": C2, "X": X}
		check := func(stage string) map[string]string {
			t.Helper()
			out := map[string]string{}
			for _, m := range months {
				from := vnAt(m, 0)
				for name, id := range units {
					for _, kind := range []inspection.Kind{"", inspection.KindCheck, inspection.KindInspection} {
						f := inspection.ComplianceFilter{UnitID: id, Kind: kind, From: from, To: from.AddDate(0, 1, 0)}
						got, err := ds.Compliance(sqldbtest.Sys(), f)
						if err != nil {
							t.Fatal(err)
						}
						want, err := ds.RawCompliance(sqldbtest.Sys(), f)
						if err != nil {
							t.Fatal(err)
						}
						if g, w := figures(got), figures(want); g != w {
							t.Errorf("%s, %s %s %q:\nrollups %s\nlines   %s", stage, name, m, kind, g, w)
						}
						out[name+m+string(kind)] = figures(got)
					}
				}
			}
			return out
		}
		before := check("recorded")
		if got := before["P2026-05-01"]; got != "tally {Kept:6 Breached:1 NotObserved:1}; GT-CO 1/1 GT-XC 2/2 GT-XL 2/2 GT-XP 1/2; D1 {Kept:6 Breached:1 NotObserved:1} D2 {Kept:0 Breached:0 NotObserved:0}" {
			t.Errorf("the province in May: %s", got)
		}

		us := orgsql.NewUnitService(db)
		if _, err := us.Restructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: "2026-07-01", Decision: "Nghị quyết thử nghiệm 1", Operations: []org.RestructuringOp{
			{Op: org.RestructMerge, From: []string{"C2"}, Into: &org.NewUnitSpec{Code: "X"}},
		}}); err != nil {
			t.Fatal(err)
		}
		if _, err := us.Restructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: "2026-08-01", Decision: "Nghị quyết thử nghiệm 2", Operations: []org.RestructuringOp{
			{Op: org.RestructAbolish, From: []string{"D1"}},
		}}); err != nil {
			t.Fatal(err)
		}
		after := check("restructured")
		// May's figures stay (Huyện Một, abolished, has no sub-unit to rank
		// any more).
		figs := func(s string) string { return strings.Join(strings.SplitN(s, ";", 3)[:2], ";") }
		if figs(after["P2026-05-01"]) != figs(before["P2026-05-01"]) || figs(after["D12026-05-01"]) != figs(before["D12026-05-01"]) {
			t.Errorf("May changed with the restructurings: %s, was %s", after["D12026-05-01"], before["D12026-05-01"])
		}
		// A May line of Xã Một synced after the restructurings goes to
		// Huyện Một, where Xã Một stood in May.
		r.set(k1, 0, "GT-NN", inspection.ResultBreached, vnAt("2026-05-20", 9))
		late := check("synced late")
		if late["D12026-05-01"] == after["D12026-05-01"] {
			t.Errorf("a late May line did not reach Huyện Một: %s", late["D12026-05-01"])
		}
	})
}
