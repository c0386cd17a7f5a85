package evaluationsql

import (
	"congvu"
	"congvu/evaluation"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"fmt"
	"testing"
	"time"
)

// benchUnits and benchPerUnit size the quota benchmark: the unit checked
// and its neighbours, 500 officials each, all evaluated in 2026.
const (
	benchUnits   = 6
	benchPerUnit = 500
)

// seedQuota inserts benchUnits units of benchPerUnit officials with their
// 2026 evaluations: nine in ten rated good or better (proposed or
// decided), one in ten decided excellent. It returns the first unit and
// one of its evaluations proposed excellent, not decided.
func seedQuota(b *testing.B, db *sqldb.DB) (int64, *evaluation.Evaluation) {
	b.Helper()
	var rs int64
	if err := db.Read.QueryRow(`SELECT id FROM evaluation_rule_sets WHERE code = '335/2025-cc'`).Scan(&rs); err != nil {
		b.Fatal(err)
	}
	var first, pending int64
	now := time.Date(2026, 12, 10, 2, 0, 0, 0, time.UTC)
	tx, err := db.Write.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	for u := range benchUnits {
		var unit int64
		if err := tx.QueryRow(`INSERT INTO units (code, name, search_name, kind, parent_id, path, depth, active, created_at, updated_at)
			VALUES ($1, $2, $2, 'agency', 1, '', 2, TRUE, $3, $3) RETURNING id`, fmt.Sprintf("QB%d", u), fmt.Sprintf("Sở %d", u), now).Scan(&unit); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`UPDATE units SET path = $1 WHERE id = $2`, congvu.PathOf(congvu.RootUnitPath, unit), unit); err != nil {
			b.Fatal(err)
		}
		if u == 0 {
			first = unit
		}
		for i := range benchPerUnit {
			var off int64
			code := fmt.Sprintf("QB%d-%04d", u, i)
			if err := tx.QueryRow(`INSERT INTO officials (unit_id, employee_code, full_name, search_name, category, badge_token, created_at, updated_at)
				VALUES ($1, $2, $2, $2, 'civil_servant', $2, $3, $3) RETURNING id`, unit, code, now).Scan(&off); err != nil {
				b.Fatal(err)
			}
			status, proposed, final := "self_assessed", "", ""
			switch {
			case i%10 == 0:
				status, proposed, final = "decided", "excellent", "excellent"
			case i%10 < 8:
				status, proposed = "proposed", "good"
				if i%2 == 0 {
					status, final = "decided", "good"
				}
			case i%10 == 8:
				status, proposed = "proposed", "excellent"
			}
			var id int64
			if err := tx.QueryRow(`INSERT INTO evaluations (official_id, unit_id, year, category, rule_set_id, status, proposed, level, final_level, created_at, updated_at)
				VALUES ($1, $2, 2026, 'civil_servant', $3, $4, $5, $6, $6, $7, $7) RETURNING id`, off, unit, rs, status, proposed, final, now).Scan(&id); err != nil {
				b.Fatal(err)
			}
			if u == 0 && i == 8 {
				pending = id
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	s := &EvaluationService{db: db}
	e, err := s.load(b.Context(), db.Read, pending)
	if err != nil {
		b.Fatal(err)
	}
	return first, e
}

// BenchmarkEvaluationQuota is the quota check of a unit of 500 officials
// per call, on each engine: "decide" is the check a decision of excellent
// runs in its transaction (the group's lock on PostgreSQL, the count,
// the rule), rolled back; "service" the Quota a page shows; "raw" the one
// COUNT query they run, alone, as the floor.
func BenchmarkEvaluationQuota(b *testing.B) {
	sqldbtest.EachBench(b, func(b *testing.B, db *sqldb.DB) {
		unit, e := seedQuota(b, db)
		s := &EvaluationService{db: db}
		rs, err := s.ruleSetByID(b.Context(), e.RuleSetID)
		if err != nil {
			b.Fatal(err)
		}
		ctx := sqldbtest.As(sqldbtest.Actor(1, congvu.RoleUnitHead, 1, congvu.RootUnitPath))
		ms := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		}
		b.Run("decide", func(b *testing.B) {
			for b.Loop() {
				tx, err := db.Begin(ctx)
				if err != nil {
					b.Fatal(err)
				}
				err = s.checkQuota(tx, e, rs, evaluation.LevelExcellent)
				tx.Rollback()
				if err != nil { // 50 excellent of 450 rated good or better: 90 allowed
					b.Fatal(err)
				}
			}
			ms(b)
		})
		b.Run("service", func(b *testing.B) {
			var q *evaluation.Quota
			for b.Loop() {
				if q, err = s.Quota(ctx, unit, 2026, ""); err != nil {
					b.Fatal(err)
				}
			}
			if q.Base != benchPerUnit*9/10 || q.Excellent != benchPerUnit/10 {
				b.Fatalf("quota %+v", q)
			}
			ms(b)
			b.ReportMetric(float64(q.Base), "base")
		})
		b.Run("raw", func(b *testing.B) {
			for b.Loop() {
				var base, excellent int
				if err := db.Read.QueryRowContext(ctx, quotaCountSQL, unit, 2026, "", e.RuleSetID, 0).Scan(&base, &excellent); err != nil {
					b.Fatal(err)
				}
			}
			ms(b)
		})
	})
}
