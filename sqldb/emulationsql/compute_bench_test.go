package emulationsql_test

import (
	"congvu"
	"congvu/emulation"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/commendationsql"
	"congvu/sqldb/emulationsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/violationsql"
	"database/sql"
	"fmt"
	"testing"
	"time"
)

// BenchmarkComputeScores computes a year of a movement with 50 units and
// 1.000 officials registered (ratings on 20 days each): the per-call time
// is the figure (ms/compute).
func BenchmarkComputeScores(b *testing.B) {
	sqldbtest.EachBench(b, func(b *testing.B, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		svc := emulationsql.NewEmulationService(db)
		svc.UseDiscipline(violationsql.NewDisciplineService(db, calendarsql.NewCalendarService(db)))
		svc.UseCommendations(commendationsql.NewCommendationService(db))
		now := db.Now().UTC()
		var p1 int64
		if err := db.Write.QueryRow(`INSERT INTO units (code, name, search_name, kind, parent_id, path, depth, active, created_at, updated_at)
			VALUES ('P1', 'Tỉnh Một', 'tinh mot', 'province', 1, '', 1, TRUE, $1, $1) RETURNING id`, now).Scan(&p1); err != nil {
			b.Fatal(err)
		}
		p1Path := congvu.PathOf("/1/", p1)
		if _, err := db.Write.Exec(`UPDATE units SET path = $1 WHERE id = $2`, p1Path, p1); err != nil {
			b.Fatal(err)
		}
		sup := sqldbtest.As(sqldbtest.Actor(-1, congvu.RoleSupervisor, p1, p1Path)) // the operator, as a supervisor
		m, err := svc.CreateMovement(sup, emulation.MovementInput{UnitID: p1, Title: "Văn hóa công vụ", FromYear: 2026, ToYear: 2030, Criteria: emulation.OfficeCultureCriteria()})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.OpenMovement(sup, m.ID); err != nil {
			b.Fatal(err)
		}
		tx, err := db.Write.Begin()
		if err != nil {
			b.Fatal(err)
		}
		for i := range 50 {
			var uid int64
			if err := tx.QueryRow(`INSERT INTO units (code, name, search_name, kind, parent_id, path, depth, active, created_at, updated_at)
				VALUES ($1, $2, $2, 'commune', $3, '', 2, TRUE, $4, $4) RETURNING id`, fmt.Sprintf("X%d", i), fmt.Sprintf("Xã %d", i), p1, now).Scan(&uid); err != nil {
				b.Fatal(err)
			}
			path := congvu.PathOf(p1Path, uid)
			mustExec(b, tx, `UPDATE units SET path = $1 WHERE id = $2`, path, uid)
			mustExec(b, tx, `INSERT INTO emulation_registrations (movement_id, year, subject, unit_id, subject_key, registered_at) VALUES ($1, 2026, 'collective', $2, $2, $3)`, m.ID, uid, now)
			for d := range 20 {
				mustExec(b, tx, `INSERT INTO rollup_unit_day (unit_id, day, total, very_satisfied, satisfied, dissatisfied) VALUES ($1, $2, 40, 30, 5, 5)`, uid, fmt.Sprintf("2026-02-%02d", d+1))
			}
			for j := range 20 {
				var oid int64
				if err := tx.QueryRow(`INSERT INTO officials (unit_id, employee_code, full_name, search_name, category, badge_token, active, created_at, updated_at)
					VALUES ($1, $2, $3, $3, 'civil_servant', $2, TRUE, $4, $4) RETURNING id`, uid, fmt.Sprintf("E%d-%d", i, j), fmt.Sprintf("Cán bộ %d-%d", i, j), now).Scan(&oid); err != nil {
					b.Fatal(err)
				}
				mustExec(b, tx, `INSERT INTO emulation_registrations (movement_id, year, subject, unit_id, official_id, subject_key, registered_at) VALUES ($1, 2026, 'individual', $2, $3, $3, $4)`, m.ID, uid, oid, now)
				for d := range 20 {
					mustExec(b, tx, `INSERT INTO rollup_official_day (official_id, day, total, very_satisfied, satisfied, dissatisfied) VALUES ($1, $2, 6, 4, 1, 1)`, oid, fmt.Sprintf("2026-02-%02d", d+1))
				}
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		start := time.Now()
		for b.Loop() {
			res, err := svc.ComputeScores(sup, m.ID, 2026)
			if err != nil || res.Scored != 1050 {
				b.Fatalf("%+v %v", res, err)
			}
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/compute")
	})
}

func mustExec(b *testing.B, tx *sql.Tx, q string, args ...any) {
	b.Helper()
	if _, err := tx.Exec(q, args...); err != nil {
		b.Fatalf("%s: %v", q, err)
	}
}
