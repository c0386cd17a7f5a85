package evaluationsql_test

import (
	"congvu"
	"congvu/devdata"
	"congvu/evaluation"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices"
	"congvu/sqldb/standardsql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchEnv reads a size of the evidence benchmark from the environment.
func benchEnv(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// evidenceProvince builds a province of 30 districts × 50 communes with
// CONGVU_BENCH_EVIDENCE_OFFICIALS officials (default 30,000, spread evenly
// over the communes) and a year (2025) of evidence from the bulk
// generators of devdata: ratings (CONGVU_BENCH_EVIDENCE_RATINGS, default
// 600,000: twenty an official), violations with their handling and
// discipline (default 20,000), petitions (default 10,000, over two years)
// and inspections (default 1,000 of 40 lines).
func evidenceProvince(b *testing.B, db *sqldb.DB) (province int64, officials []int64) {
	b.Helper()
	ctx := sqldbtest.Sys()
	nOff := benchEnv("CONGVU_BENCH_EVIDENCE_OFFICIALS", 30000)
	const districts, communes = 30, 50
	now := db.Now().UTC()
	var root int64
	if err := db.Write.QueryRow(`SELECT id FROM units WHERE path = $1`, congvu.RootUnitPath).Scan(&root); err != nil {
		b.Fatal(err)
	}
	unit := func(parent int64, parentPath, kind, code, name string, depth int) (int64, string) {
		var id int64
		if err := db.Write.QueryRow(`INSERT INTO units (code, name, search_name, kind, parent_id, path, depth, active, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, '', $6, TRUE, $7, $7) RETURNING id`, code, name, strings.ToLower(name), kind, parent, depth, now).Scan(&id); err != nil {
			b.Fatal(err)
		}
		path := congvu.PathOf(parentPath, id)
		if _, err := db.Write.Exec(`UPDATE units SET path = $1 WHERE id = $2`, path, id); err != nil {
			b.Fatal(err)
		}
		return id, path
	}
	start := time.Now()
	if _, err := standardsql.NewStandardService(db).EnsureCatalog(sqldbtest.Sys()); err != nil { // the items violations cite
		b.Fatal(err)
	}
	province, ppath := unit(root, congvu.RootUnitPath, "province", "BP", "Tỉnh Thử Nghiệm", 2)
	for d := range districts {
		did, dpath := unit(province, ppath, "district", fmt.Sprintf("BP-D%02d", d), fmt.Sprintf("Huyện %02d", d), 3)
		for c := range communes {
			unit(did, dpath, "commune", fmt.Sprintf("BP-D%02d-C%02d", d, c), fmt.Sprintf("Xã %02d-%02d", d, c), 4)
		}
	}
	year := func(y int) (time.Time, time.Time) {
		return time.Date(y, 1, 1, 0, 0, 0, 0, congvu.TimeZone), time.Date(y+1, 1, 1, 0, 0, 0, 0, congvu.TimeZone)
	}
	from, to := year(2025)
	fr, err := devdata.GenerateFeedback(ctx, db, devdata.GenOptions{Ratings: benchEnv("CONGVU_BENCH_EVIDENCE_RATINGS", 600000), From: from, To: to,
		Seed: 13, OfficialsPerUnit: (nOff + districts*communes - 1) / (districts * communes)})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("ratings %d, officials created %d, rollup rows %d (%s)", fr.Ratings, fr.OfficialsCreated, fr.RollupRows, time.Since(start).Round(time.Second))
	if _, err := devdata.GenerateViolations(ctx, db, devdata.ViolationGenOptions{Officials: 1, Violations: benchEnv("CONGVU_BENCH_EVIDENCE_VIOLATIONS", 20000),
		From: from, To: to, Seed: 13}); err != nil {
		b.Fatal(err)
	}
	if err := devdata.GeneratePetitions(ctx, db, benchEnv("CONGVU_BENCH_EVIDENCE_PETITIONS", 10000), nil); err != nil {
		b.Fatal(err)
	}
	if _, err := devdata.GenerateInspections(ctx, db, devdata.InspectionGenOptions{Inspections: benchEnv("CONGVU_BENCH_EVIDENCE_INSPECTIONS", 1000),
		From: from, To: to, Seed: 13}); err != nil {
		b.Fatal(err)
	}
	// The generator names no official on its lines: name one of the
	// inspected commune's officials on each breached line, as a record of
	// conduct at a desk would.
	if _, err := db.Write.Exec(`UPDATE inspection_lines SET official_id = (SELECT MIN(o.id) FROM officials o
		WHERE o.unit_id = (SELECT i.target_unit_id FROM inspections i WHERE i.id = inspection_lines.inspection_id))
		WHERE result = 'breached'`); err != nil {
		b.Fatal(err)
	}
	officials, err = sqldb.QueryAll(ctx, db, db.Read, "bench officials", `SELECT o.id FROM officials o JOIN units u ON u.id = o.unit_id
		WHERE u.path >= $1 AND u.path < $2 AND o.active = TRUE ORDER BY o.id`, func(sc sqldb.Scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, ppath, congvu.SubtreeUpper(ppath))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Write.Exec(`ANALYZE`); err != nil { // the planners see the province's sizes
		b.Fatal(err)
	}
	b.Logf("province of %d officials built in %s", len(officials), time.Since(start).Round(time.Second))
	return province, officials
}

// BenchmarkEvaluationSummaries times Summaries over a province of 30,000
// officials with a year of ratings and evidence (the issue asks under 10 s
// on both engines), and beside it, in the same run, what it replaces: the
// per-official loop of Summary (timed on a sample, extrapolated to the
// province) and the raw GROUP BY scans of the ratings (the feedback table
// instead of the rollups). Only with -bench (and not -short): building the
// province takes a few minutes.
func BenchmarkEvaluationSummaries(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a province of 30,000 officials")
	}
	sqldbtest.EachBench(b, func(b *testing.B, db *sqldb.DB) {
		sqldbtest.SetClock(db) // 5 March 2026: the year 2025 is whole
		province, officials := evidenceProvince(b, db)
		w := sqlservices.New(db, nil)
		var prov string
		if err := db.Read.QueryRow(`SELECT path FROM units WHERE id = $1`, province).Scan(&prov); err != nil {
			b.Fatal(err)
		}
		ctx := sqldbtest.As(sqldbtest.Actor(1, congvu.RoleSupervisor, province, prov))
		var rows []*evaluation.SummaryRow
		var err error
		for b.Loop() {
			if rows, err = w.EvaluationEvidence.Summaries(ctx, province, 2025); err != nil {
				b.Fatal(err)
			}
		}
		perCall := b.Elapsed().Seconds() / float64(b.N)
		if len(rows) != len(officials) {
			b.Fatalf("%d rows for %d officials", len(rows), len(officials))
		}
		rated, founded, breaches, violations := 0, 0, 0, 0
		for _, r := range rows {
			if r.Ratings > 0 {
				rated++
			}
			founded += r.FoundedPetitions
			breaches += r.Breaches
			violations += r.Violations
		}
		b.Logf("%d officials: %d rated, %d founded petitions, %d breached lines, %d violations", len(rows), rated, founded, breaches, violations)
		b.ReportMetric(perCall, "s/summaries")
		b.ReportMetric(10, "limit-s")
		b.ReportMetric(float64(len(rows)), "officials")

		// The per-official loop it replaces: Summary for a sample, times
		// the province.
		sample := benchEnv("CONGVU_BENCH_EVIDENCE_SAMPLE", 30)
		step := max(1, len(officials)/sample)
		t0 := time.Now()
		n := 0
		for i := 0; i < len(officials) && n < sample; i += step {
			if _, err := w.EvaluationEvidence.Summary(ctx, officials[i], 2025); err != nil {
				b.Fatal(err)
			}
			n++
		}
		loop := time.Since(t0).Seconds() / float64(n) * float64(len(officials))
		b.ReportMetric(loop, "s/loop-extrapolated")

		// The raw GROUP BY scans: the year's ratings counted from the
		// ratings themselves rather than the rollups.
		t0 = time.Now()
		var a sqldb.Args
		raw, err := sqldb.QueryAll(ctx, db, db.Read, "raw ratings", `SELECT f.official_id, COUNT(*),
			SUM(CASE WHEN f.satisfaction IN ('very_satisfied', 'satisfied') THEN 1 ELSE 0 END)
			FROM feedback f JOIN units u ON u.id = f.unit_id WHERE `+sqldb.ScopeClause("u.path", []string{prov}, &a)+`
			AND f.status = 'accepted' AND f.official_id IS NOT NULL AND f.submitted_at >= `+a.Add(time.Date(2024, 12, 31, 17, 0, 0, 0, time.UTC))+`
			AND f.submitted_at < `+a.Add(time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC))+` GROUP BY f.official_id`,
			func(sc sqldb.Scanner) ([3]int64, error) {
				var r [3]int64
				return r, sc.Scan(&r[0], &r[1], &r[2])
			}, a...)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(t0).Seconds(), "s/raw-ratings-groupby")
		b.Logf("raw scan: %d officials rated", len(raw))
	})
}
