package trainingsql_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/trainingsql"
	"congvu/training"
)

// genNow is the date of the generated data in the tests and benchmarks
// (fixed, so that cached data sets stay comparable).
var genNow = time.Date(2026, 12, 1, 0, 0, 0, 0, congvu.TimeZone)

// rawRollups counts, from the assignments, what every rollup row of year
// must hold: per campaign the assignments of the unit's subtree, per year
// (campaign 0) its officials, complete when all their assignments are,
// passed when they passed every quiz of the year. Keyed "unit/campaign".
func rawRollups(t testing.TB, db *sqldb.DB, year int) map[string][3]int {
	out := map[string][3]int{}
	scan := func(q string) {
		rows, err := db.Read.Query(q, year)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var unit, campaign int64
			var n [3]int
			if err := rows.Scan(&unit, &campaign, &n[0], &n[1], &n[2]); err != nil {
				t.Fatal(err)
			}
			out[fmt.Sprintf("%d/%d", unit, campaign)] = n
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	scan(`SELECT anc.id, a.campaign_id, COUNT(*), COUNT(a.completed_at), COUNT(a.passed_at)
		FROM training_assignments a JOIN units u ON u.id = a.unit_id JOIN units anc ON u.path LIKE anc.path || '%'
		WHERE a.year = $1 GROUP BY anc.id, a.campaign_id`)
	scan(`SELECT anc.id, 0, COUNT(*), SUM(CASE WHEN y.done = y.n THEN 1 ELSE 0 END), SUM(CASE WHEN y.quizzes > 0 AND y.passed = y.quizzes THEN 1 ELSE 0 END)
		FROM (SELECT a.official_id, MIN(a.unit_id) AS unit_id, COUNT(*) AS n, COUNT(a.completed_at) AS done,
			SUM(CASE WHEN c.quiz_questions > 0 THEN 1 ELSE 0 END) AS quizzes, COUNT(a.passed_at) AS passed
			FROM training_assignments a JOIN training_campaigns c ON c.id = a.campaign_id WHERE a.year = $1 GROUP BY a.official_id) y
		JOIN units u ON u.id = y.unit_id JOIN units anc ON u.path LIKE anc.path || '%' GROUP BY anc.id`)
	return out
}

func storedRollups(t testing.TB, db *sqldb.DB, year int) map[string][3]int {
	out := map[string][3]int{}
	rows, err := db.Read.Query(`SELECT unit_id, campaign_id, assigned, completed, passed FROM training_rollups WHERE year = $1`, year)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var unit, campaign int64
		var n [3]int
		if err := rows.Scan(&unit, &campaign, &n[0], &n[1], &n[2]); err != nil {
			t.Fatal(err)
		}
		if n != [3]int{} {
			out[fmt.Sprintf("%d/%d", unit, campaign)] = n
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The generator writes a year of training with its rollups as the
// progress step keeps them: every rollup row equals the count from the
// assignments, the officials' years agree with their assignments, and
// officials are created up to the number asked.
func TestGenerateTraining(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tr := sqldbtest.MakeTree(t, db)
		sqldbtest.Unit(t, db, tr.D1Path, "C1", "Xã Một")
		sqldbtest.Unit(t, db, tr.D2Path, "C2", "Xã Hai")
		o := devdata.TrainingGenOptions{Officials: 1500, Year: 2026, Now: genNow, Seed: 7}
		res, err := devdata.GenerateTraining(sqldbtest.Sys(), db, o)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%+v", *res)
		if res.Officials != 1500 || res.OfficialsCreated != 1500 || res.Campaigns != 5 || res.Assignments < 2900 || res.Completed == 0 ||
			res.Completed == res.Assignments || res.Passed == 0 || res.OfficialYears != 1500 {
			t.Fatalf("generated %+v", res)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM training_assignments`); n != res.Assignments {
			t.Errorf("%d assignments, reported %d", n, res.Assignments)
		}
		checkRollups(t, db) // the progress step's recount
		raw, stored := rawRollups(t, db, 2026), storedRollups(t, db, 2026)
		if len(raw) != len(stored) {
			t.Errorf("%d rollup rows, %d from the rows", len(stored), len(raw))
		}
		for k, w := range raw {
			if g := stored[k]; g != w {
				t.Errorf("rollup %s: %v, the rows count %v", k, g, w)
			}
		}
		if w := raw["1/0"]; w[0] != 1500 || w[1] == 0 || w[1] == 1500 {
			t.Errorf("the country's year: %v", w)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM training_official_years y WHERE y.required <> (SELECT COUNT(*) FROM training_assignments a
			WHERE a.official_id = y.official_id AND a.year = y.year) OR y.completed <> (SELECT COUNT(a.completed_at) FROM training_assignments a
			WHERE a.official_id = y.official_id AND a.year = y.year)`); n != 0 {
			t.Errorf("%d officials' years disagree with their assignments", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM training_assignments WHERE attended_at IS NOT NULL AND NOT EXISTS (SELECT 1
			FROM training_attendances t JOIN training_sessions s ON s.id = t.session_id
			WHERE s.campaign_id = training_assignments.campaign_id AND t.official_id = training_assignments.official_id)`); n != 0 {
			t.Errorf("%d attended assignments without an attendance", n)
		}
		// The progress step carries on from the generated rows: officials
		// behind in the national campaign marked present and passing its
		// quiz keep every rollup equal to the rows.
		var session, campaign int64
		if err := db.Read.QueryRow(`SELECT s.id, c.id FROM training_sessions s JOIN training_campaigns c ON c.id = s.campaign_id
			WHERE c.unit_id = 1 AND s.mode = 'online'`).Scan(&session, &campaign); err != nil {
			t.Fatal(err)
		}
		var behind []int64
		rows, err := db.Read.Query(`SELECT official_id FROM training_assignments WHERE campaign_id = $1 AND attended_at IS NULL ORDER BY official_id LIMIT 5`, campaign)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			behind = append(behind, id)
		}
		rows.Close()
		if len(behind) != 5 {
			t.Fatalf("%d behind in the national campaign", len(behind))
		}
		svc := trainingsql.NewService(db, nil)
		u := sqldbtest.User(t, orgsql.NewUserService(db), "noivu", congvu.RoleSupervisor, 1)
		if n, err := svc.Mark(sqldbtest.As(sqldbtest.Actor(u.ID, congvu.RoleSupervisor, 1, congvu.RootUnitPath)), session, behind); err != nil || n != 5 {
			t.Fatalf("marked %d: %v", n, err)
		}
		if err := db.InTx(sqldbtest.Sys(), func(tx *sqldb.Tx) error {
			for _, id := range behind[:3] {
				if err := svc.RecordQuiz(tx, campaign, id, 90, true, db.Now()); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db)
		raw, stored = rawRollups(t, db, 2026), storedRollups(t, db, 2026)
		for k, w := range raw {
			if g := stored[k]; g != w {
				t.Errorf("after the progress step, rollup %s: %v, the rows count %v", k, g, w)
			}
		}
		if _, err := devdata.GenerateTraining(sqldbtest.Sys(), db, o); err == nil {
			t.Error("a second run over the same year was accepted")
		}
	})
}

// The page of assignments read from the rollups' units (no status asked)
// is the page counted and sorted from the rows (a status asked: every
// generated campaign is open), for every page, scope and filter.
func TestAssignmentPagesFromRollups(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tr := sqldbtest.MakeTree(t, db)
		sqldbtest.Unit(t, db, tr.D1Path, "C1", "Xã Một")
		sqldbtest.Unit(t, db, tr.D2Path, "C2", "Xã Hai")
		if _, err := devdata.GenerateTraining(sqldbtest.Sys(), db, devdata.TrainingGenOptions{Officials: 400, Year: 2026, Now: genNow, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		var national int64
		if err := db.Read.QueryRow(`SELECT id FROM training_campaigns WHERE unit_id = 1`).Scan(&national); err != nil {
			t.Fatal(err)
		}
		svc := trainingsql.NewService(db, nil)
		ctx := sqldbtest.As(sqldbtest.Actor(1, congvu.RoleSupervisor, 1, congvu.RootUnitPath))
		ids := func(l []*training.Assignment) string {
			var b strings.Builder
			for _, a := range l {
				fmt.Fprintf(&b, "%d/%d ", a.CampaignID, a.OfficialID)
			}
			return b.String()
		}
		for _, unit := range []int64{1, tr.P1, tr.D1, tr.P2} {
			for _, f := range []training.Filter{{Year: 2026, Behind: true}, {Year: 2026}, {CampaignID: national, Behind: true}, {Behind: true}} {
				f.UnitID, f.Limit = unit, 25
				for f.Offset = 0; ; f.Offset += 25 {
					got, n, err := svc.Assignments(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					slow := f
					slow.Status = training.CampaignOpen
					want, wn, err := svc.Assignments(ctx, slow)
					if err != nil {
						t.Fatal(err)
					}
					if n != wn || ids(got) != ids(want) {
						t.Fatalf("unit %d %+v: %d %s\nthe rows: %d %s", unit, f, n, ids(got), wn, ids(want))
					}
					if len(want) < 25 {
						if unit == 1 && f.Offset == 0 {
							t.Fatalf("%+v: one short page", f)
						}
						break
					}
				}
			}
		}
	})
}
