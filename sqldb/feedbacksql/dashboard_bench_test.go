package feedbacksql_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
)

// EnvBenchDB names a database loaded with `congvu gen-feedback` (a SQLite
// path or a postgres:// URL) for BenchmarkDashboard, instead of its cached
// data set.
const EnvBenchDB = "CONGVU_BENCH_DB"

// EnvBenchRatings is the number of ratings of BenchmarkDashboard's cached
// data set (default 1000000).
const EnvBenchRatings = "CONGVU_BENCH_RATINGS"

// BenchmarkDashboard reports the latency (p50 and p95 in ms) of dashboards
// and comment feeds on a database holding millions of ratings: one commune,
// the busiest province, the national root (90 days by month, and twelve
// months by week), one official; the comment feeds and their searches over
// the last 90 days. The data set is the national tree of
// $CONGVU_TEST_DATA/dvhcvn-2025-03-01.json with $CONGVU_BENCH_RATINGS
// ratings over the twelve months up to yesterday, as `congvu gen-feedback`
// writes them (seed 1), built once (minutes per million) into
// $CONGVU_BENCH_DIR/feedback_<ratings>.db and reused:
//
//	CONGVU_BENCH_RATINGS=1000000 go test ./sqldb/feedbacksql -run '^$' -bench Dashboard -benchtime 200x -timeout 6h
//
// bench/dashboard-curve.sh runs it at several sizes and prints each
// query's p95 and the ratio of the largest size to the smallest beside the
// 2x limit. CONGVU_BENCH_DB runs it on a database given instead.
func BenchmarkDashboard(b *testing.B) {
	var db *sqldb.DB
	if dsn := os.Getenv(EnvBenchDB); dsn != "" {
		var err error
		if db, err = sqldb.Open(dsn); err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Migrate(context.Background()); err != nil {
			b.Fatal(err)
		}
	} else {
		n := 1_000_000
		if v, err := strconv.Atoi(os.Getenv(EnvBenchRatings)); err == nil && v > 0 {
			n = v
		}
		db = sqldbtest.CachedBenchDB(b, sqldb.SQLite, fmt.Sprintf("feedback_%d", n), nil, func(db *sqldb.DB) { dashBenchBuild(b, db, n) })
	}
	one := func(q string, args ...any) int64 {
		var id int64
		if err := db.Read.QueryRow(q, args...).Scan(&id); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
		return id
	}
	ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("benchmark"))
	svc := feedbacksql.NewDashboardService(db)
	now := congvu.Date(time.Now())
	// The year's ratings and the province with the most, from the national
	// dashboard (whatever the rollups' layout); the median commune by id,
	// and an official of it.
	year, err := svc.Dashboard(ctx, feedback.DashboardFilter{UnitID: 1, From: now.AddDate(-1, 0, -1), To: now.AddDate(0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	var province int64
	best := -1
	for _, c := range year.Children {
		if c.Tally.Total > best {
			province, best = c.UnitID, c.Tally.Total
		}
	}
	ratings := year.Tally.Total + year.Tally.Flagged + year.Tally.Rejected
	communes := one(`SELECT COUNT(*) FROM units WHERE kind = 'commune' AND active = TRUE`)
	commune := one(`SELECT id FROM units WHERE kind = 'commune' AND active = TRUE ORDER BY id LIMIT 1 OFFSET $1`, communes/2)
	official := one(`SELECT COALESCE(MIN(id), 0) FROM officials WHERE unit_id = $1`, commune)
	b.Logf("%s database with %d ratings; commune %d, province %d, official %d", db.Engine, ratings, commune, province, official)

	run := func(name string, do func() error) {
		b.Run(name, func(b *testing.B) { sqldbtest.Latencies(b, do) })
	}
	dash := func(f feedback.DashboardFilter) func() error {
		return func() error { _, err := svc.Dashboard(ctx, f); return err }
	}
	comments := func(f feedback.Filter) func() error {
		return func() error { _, _, err := svc.Comments(ctx, f); return err }
	}
	run("commune", dash(feedback.DashboardFilter{UnitID: commune}))
	run("province", dash(feedback.DashboardFilter{UnitID: province}))
	run("root", dash(feedback.DashboardFilter{UnitID: 1}))
	run("root-year-weeks", dash(feedback.DashboardFilter{UnitID: 1, From: now.AddDate(-1, 0, 0), Period: feedback.PeriodWeek}))
	if official != 0 {
		run("official", dash(feedback.DashboardFilter{OfficialID: official}))
	}
	last90 := func(f feedback.Filter) feedback.Filter {
		f.From, f.To, f.Limit = now.AddDate(0, 0, -89), now.AddDate(0, 0, 1), 10
		return f
	}
	run("comments-commune", comments(last90(feedback.Filter{UnitID: commune})))
	run("comments-province", comments(last90(feedback.Filter{UnitID: province})))
	run("comments-root", comments(last90(feedback.Filter{UnitID: 1})))
	run("search-commune", comments(last90(feedback.Filter{UnitID: commune, Query: "tan tinh"})))
	run("search-province", comments(last90(feedback.Filter{UnitID: province, Query: "tan tinh"})))
	run("search-root", comments(last90(feedback.Filter{UnitID: 1, Query: "tan tinh"})))
	run("search-root-rare", comments(last90(feedback.Filter{UnitID: 1, Query: "khong co dau"})))
}

// dashBenchBuild loads the national tree and n ratings into db, as
// `congvu gen-feedback --ratings n` does.
func dashBenchBuild(b *testing.B, db *sqldb.DB, n int) {
	ctx := sqldbtest.Sys()
	start := time.Now()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := standardsql.NewStandardService(db).EnsureCatalog(ctx); err != nil {
		b.Fatal(err)
	}
	dir := os.Getenv("CONGVU_TEST_DATA")
	if dir == "" {
		dir = "../../../shared/data"
	}
	f, err := os.Open(filepath.Join(dir, "dvhcvn-2025-03-01.json"))
	if err != nil {
		b.Skipf("the national unit file: %v (set CONGVU_TEST_DATA)", err)
	}
	defer f.Close()
	if _, err := orgsql.NewUnitService(db).ImportUnits(ctx, f, nil); err != nil {
		b.Fatal(err)
	}
	to := congvu.Date(time.Now())
	step := max(n/10, 1)
	res, err := devdata.GenerateFeedback(ctx, db, devdata.GenOptions{Ratings: n, From: to.AddDate(0, -12, 0), To: to, Seed: 1,
		Progress: func(done, total int) {
			if done%step < total/300+1 {
				b.Logf("%d/%d ratings, %v", done, total, time.Since(start).Round(time.Second))
			}
		}})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("built: %d ratings, %d comments, %d rollup rows in %v", res.Ratings, res.Comments, res.RollupRows, time.Since(start).Round(time.Second))
}
