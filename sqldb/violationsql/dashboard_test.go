package violationsql_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/violationsql"
	"congvu/violation"
)

func vdDay(day string, hour int) time.Time {
	d, _ := time.ParseInLocation(time.DateOnly, day, congvu.TimeZone)
	return d.Add(time.Duration(hour) * time.Hour)
}

// writer writes violations and their outcomes as the write paths do: the
// rows and the rollups in one transaction.
type writer struct {
	t  *testing.T
	db *sqldb.DB
}

func (w writer) tx(fn func(tx *sqldb.Tx) error) {
	w.t.Helper()
	if err := w.db.InTx(sqldbtest.Sys(), fn); err != nil {
		w.t.Fatal(err)
	}
}

// open opens a violation at unit, act day, naming official, breaching
// items; the evidence dates from the act day.
func (w writer) open(unit int64, act string, official int64, items ...string) int64 {
	w.t.Helper()
	var id int64
	w.tx(func(tx *sqldb.Tx) error {
		at := vdDay(act, 9).UTC()
		if err := tx.QueryRow(`INSERT INTO violations (unit_id, act_date, description, evidence_at, created_at, updated_at)
			VALUES ($1, $2, 'Thử', $3, $3, $3) RETURNING id`, unit, act, at).Scan(&id); err != nil {
			return err
		}
		for _, c := range items {
			if _, err := tx.Exec(`INSERT INTO violation_items (violation_id, item_code, item_title) VALUES ($1, $2, $2)`, id, c); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`INSERT INTO violation_officials (violation_id, official_id, unit_id) VALUES ($1, $2, $3)`, id, official, unit); err != nil {
			return err
		}
		return violationsql.AddViolationRollup(tx.Ctx, tx, id)
	})
	return id
}

// handle records a measure of kind on day for the official of violation id.
func (w writer) handle(id int64, kind, day string) {
	w.t.Helper()
	w.tx(func(tx *sqldb.Tx) error {
		return violationsql.RollupViolation(tx.Ctx, tx, id, func() error {
			at := vdDay(day, 10).UTC()
			if kind == violationsql.MeasureNoAction {
				_, err := tx.Exec(`UPDATE violation_officials SET outcome = 'no_action', reason = 'x', decided_at = $2 WHERE violation_id = $1`, id, at)
				if err == nil {
					_, err = tx.Exec(`UPDATE violations SET status = 'handled', closed_at = $2 WHERE id = $1`, id, at)
				}
				return err
			}
			if _, err := tx.Exec(`INSERT INTO violation_handlings (violation_id, official_id, kind, decided_at)
				SELECT violation_id, official_id, $2, $3 FROM violation_officials WHERE violation_id = $1`, id, kind, at); err != nil {
				return err
			}
			if _, err := tx.Exec(`UPDATE violation_officials SET outcome = 'handled', decided_at = $2 WHERE violation_id = $1`, id, at); err != nil {
				return err
			}
			_, err := tx.Exec(`UPDATE violations SET status = 'handled', severity = 'minor', closed_at = $2 WHERE id = $1`, id, at)
			return err
		})
	})
}

func (w writer) dismiss(id int64) {
	w.t.Helper()
	w.tx(func(tx *sqldb.Tx) error {
		return violationsql.RollupViolation(tx.Ctx, tx, id, func() error {
			_, err := tx.Exec(`UPDATE violations SET status = 'dismissed', dismiss_reason = 'Không đủ căn cứ' WHERE id = $1`, id)
			return err
		})
	})
}

// discipline opens a case for the official of violation id at unit, due
// on due, and decides it with form on day ("": not decided).
func (w writer) discipline(id, official, unit int64, due, form, day string) int64 {
	w.t.Helper()
	var cid int64
	w.tx(func(tx *sqldb.Tx) error {
		var rs int64
		if err := tx.QueryRow(`SELECT MIN(id) FROM discipline_rule_sets`).Scan(&rs); err != nil {
			return err
		}
		now := w.db.Now().UTC()
		if err := tx.QueryRow(`INSERT INTO discipline_cases (official_id, category, unit_id, competent_unit_id, rule_set_id, severity, proposed_form, status,
			opened_at, due_at, created_at, updated_at) VALUES ($1, 'civil_servant', $2, $2, $3, 'minor', 'reprimand', 'review', $4, $5, $4, $4) RETURNING id`,
			official, unit, rs, now, vdDay(due, 17).UTC()).Scan(&cid); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO discipline_case_violations (case_id, violation_id) VALUES ($1, $2)`, cid, id); err != nil {
			return err
		}
		return violationsql.RollupViolation(tx.Ctx, tx, id, func() error {
			_, err := tx.Exec(`UPDATE violation_officials SET outcome = 'discipline', case_id = $2 WHERE violation_id = $1`, id, cid)
			return err
		})
	})
	if form != "" {
		w.tx(func(tx *sqldb.Tx) error {
			return violationsql.RollupCase(tx.Ctx, tx, cid, func() error {
				_, err := tx.Exec(`UPDATE discipline_cases SET status = 'decided', decision_form = $2, decided_at = $3, decision_number = '1/QĐ-KL' WHERE id = $1`,
					cid, form, vdDay(day, 15).UTC())
				return err
			})
		})
	}
	return cid
}

// The dashboard, read from the rollups kept by each write, gives the
// figures counted from the rows, for the province, a district and a
// commune: violations per item, per sub-unit per 100 officials, per
// month, measures, forms, days to decision and cases past their limit;
// and a restructuring (a commune merged into one of another district)
// moves the figures from its effective day on, not before.
func TestDashboardFromRollups(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		clock.Set(vdDay("2026-03-01", 9))
		P, pPath := sqldbtest.Unit(t, db, "/1/", "P", "Tỉnh Một")
		D1, d1Path := sqldbtest.Unit(t, db, pPath, "D1", "Huyện Một")
		D2, d2Path := sqldbtest.Unit(t, db, pPath, "D2", "Huyện Hai")
		C1, _ := sqldbtest.Unit(t, db, d1Path, "C1", "Xã Một")
		C2, _ := sqldbtest.Unit(t, db, d1Path, "C2", "Xã Hai")
		X, _ := sqldbtest.Unit(t, db, d2Path, "X", "Xã Ba")
		offs := orgsql.NewOfficialService(db)
		off := map[int64]int64{}
		for i, u := range []int64{C1, C2, X, C1, C1, X, D1} {
			o := sqldbtest.Official(t, offs, u, fmt.Sprintf("CB%d", i), fmt.Sprintf("Cán bộ %d", i), org.CategoryCivilServant)
			off[u] = o.ID
		}
		w := writer{t, db}
		a := w.open(C1, "2026-03-02", off[C1], "GT-XP", "GT-NN")
		b := w.open(C1, "2026-03-20", off[C1], "GT-XP")
		c := w.open(C2, "2026-04-05", off[C2], "GT-NN")
		dd := w.open(X, "2026-04-06", off[X], "GT-XP")
		e := w.open(C2, "2026-07-20", off[C2], "GT-XP")
		w.open(C2, "2026-07-05", off[C2], "GT-NN") // before the merger, in its month
		f := w.open(C1, "2026-05-01", off[C1], "GT-NN")
		w.open(D1, "2026-05-02", off[D1], "GT-NN") // stays open
		w.handle(a, "reminder", "2026-03-12")      // 10 days
		w.handle(b, "criticism", "2026-06-01")     // 73 days
		w.handle(c, violationsql.MeasureNoAction, "2026-04-06")
		w.dismiss(dd)
		w.discipline(e, off[C2], C2, "2026-08-01", "reprimand", "2026-07-30")
		w.discipline(f, off[C1], C1, "2026-06-01", "", "") // past its limit
		clock.Set(vdDay("2026-09-01", 9))

		ds := violationsql.NewDashboardService(db)
		sup := sqldbtest.As(sqldbtest.Actor(900, congvu.RoleSupervisor, P, pPath))
		year := violation.DashboardFilter{From: vdDay("2026-01-01", 0), To: vdDay("2026-12-31", 0)}
		check := func(unit int64, f violation.DashboardFilter) *violation.Dashboard {
			t.Helper()
			f.UnitID = unit
			got, err := ds.Dashboard(sup, f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ds.RawDashboard(sup, f)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := jsonOf(got), jsonOf(want); g != w {
				t.Errorf("unit %d %v: rollups differ from rows:\nrollups %s\nrows    %s", unit, f.From, g, w)
			}
			return got
		}
		for _, u := range []int64{P, D1, D2, C1, C2, X} {
			check(u, year)
		}
		p := check(P, year)
		if p.Total != 7 || p.Handled != 3 || p.Pending != 4 || p.Dismissed != 1 || p.Officials != 7 {
			t.Errorf("province: total %d handled %d pending %d dismissed %d officials %d, want 7 3 4 1 7", p.Total, p.Handled, p.Pending, p.Dismissed, p.Officials)
		}
		if len(p.ByUnit) != 2 || p.ByUnit[0].UnitID != D1 || p.ByUnit[0].Count != 7 || p.ByUnit[0].Officials != 5 || p.ByUnit[0].Per100 != 140 {
			t.Errorf("province by unit: %+v", p.ByUnit)
		}
		if len(p.ByItem) != 2 || p.ByItem[0].Key != "GT-NN" || p.ByItem[0].Count != 5 {
			t.Errorf("province by item: %+v", p.ByItem)
		}
		if fmt.Sprint(p.ByForm) != "[{reprimand Khiển trách 1}]" || len(p.ByMeasure) != 3 {
			t.Errorf("province forms %v measures %v", p.ByForm, p.ByMeasure)
		}
		if p.DaysToDecision.Count != 4 || p.DaysToDecision.Median != 10 || p.OverdueTotal != 1 || len(p.Overdue) != 1 || p.Overdue[0].UnitID != C1 || p.Overdue[0].OfficialID != 0 || p.Overdue[0].OfficialName != "" {
			t.Errorf("province delays %+v overdue %d %+v", p.DaysToDecision, p.OverdueTotal, p.Overdue)
		}
		if x := check(X, year); x.Total != 0 || x.Dismissed != 1 {
			t.Errorf("Xã Ba: %+v", x)
		}

		// The backfill of migration 0030, run again on empty rollups,
		// gives the same figures (the tree has not moved yet).
		body, err := os.ReadFile(filepath.Join("..", "migrations", db.Engine, "0030_violation_rollups.sql"))
		if err != nil {
			t.Fatal(err)
		}
		_, backfill, ok := strings.Cut(string(body), "-- Backfill (violationsql tests run it again from here)")
		if !ok {
			t.Fatal("no backfill in migration 0030")
		}
		_, backfill, _ = strings.Cut(backfill, "\n") // the rest of the comment
		for _, tbl := range []string{"unit", "item", "outcome", "delay"} {
			for _, grain := range []string{"_day", "_month"} {
				if _, err := db.Write.Exec(`DELETE FROM rollup_violation_` + tbl + grain); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := db.Write.Exec(backfill); err != nil {
			t.Fatalf("backfill: %v", err)
		}
		for _, u := range []int64{P, D1, D2, C1, C2, X} {
			check(u, year)
		}
		if got := check(P, year); jsonOf(got) != jsonOf(p) {
			t.Errorf("after the backfill: %s\nbefore: %s", jsonOf(got), jsonOf(p))
		}

		// Xã Hai merges into Xã Ba from 15/07: its violation of 20/07 and
		// the decision on it go to Huyện Hai; April and 05/07 stay with
		// Huyện Một (July is cut in two: its month rows split as its days).
		us := orgsql.NewUnitService(db)
		if _, err := us.Restructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: "2026-07-15", Decision: "Nghị quyết thử nghiệm", Operations: []org.RestructuringOp{
			{Op: org.RestructMerge, From: []string{"C2"}, Into: &org.NewUnitSpec{Code: "X"}},
		}}); err != nil {
			t.Fatal(err)
		}
		apr := violation.DashboardFilter{From: vdDay("2026-04-01", 0), To: vdDay("2026-04-30", 0)}
		jul := violation.DashboardFilter{From: vdDay("2026-07-01", 0), To: vdDay("2026-07-31", 0)}
		for _, u := range []int64{P, D1, D2, X} {
			check(u, apr)
			check(u, jul)
			check(u, year)
		}
		if got := check(D1, apr); got.Total != 1 {
			t.Errorf("Huyện Một in April after the merger: %d violations, want 1", got.Total)
		}
		if got := check(D2, jul); got.Total != 1 || len(got.ByForm) != 1 {
			t.Errorf("Huyện Hai in July after the merger: %d violations, forms %v, want 1 and the reprimand", got.Total, got.ByForm)
		}
		if got := check(D1, jul); got.Total != 1 {
			t.Errorf("Huyện Một in July after the merger: %d violations, want 1 (of 05/07)", got.Total)
		}
	})
}

// Only those who may see the violations of a subtree see its dashboard: a
// unit head of a sibling district, an official and the system
// administrator do not.
func TestDashboardScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tr := sqldbtest.MakeTree(t, db)
		ds := violationsql.NewDashboardService(db)
		f := violation.DashboardFilter{UnitID: tr.D1}
		if _, err := ds.Dashboard(sqldbtest.As(sqldbtest.Actor(1, congvu.RoleUnitHead, tr.D1, tr.D1Path)), f); err != nil {
			t.Fatalf("the district's head: %v", err)
		}
		_, err := ds.Dashboard(sqldbtest.As(sqldbtest.Actor(2, congvu.RoleUnitHead, tr.D2, tr.D2Path)), f)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = ds.Dashboard(sqldbtest.As(sqldbtest.Actor(3, congvu.RoleOfficial, tr.D1, tr.D1Path)), f)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = ds.Dashboard(sqldbtest.As(sqldbtest.Actor(4, congvu.RoleAdmin, 1, "/1/")), f)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = ds.Dashboard(sqldbtest.As(sqldbtest.Actor(4, congvu.RoleAdmin, 1, "/1/")), violation.DashboardFilter{})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = ds.Dashboard(sqldbtest.As(&congvu.Actor{}), f)
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		_, err = ds.Dashboard(sqldbtest.As(sqldbtest.Actor(1, congvu.RoleUnitHead, tr.D1, tr.D1Path)),
			violation.DashboardFilter{UnitID: tr.D1, From: vdDay("2026-05-01", 0), To: vdDay("2026-04-01", 0)})
		sqldbtest.Code(t, err, congvu.EINVALID)
	})
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
