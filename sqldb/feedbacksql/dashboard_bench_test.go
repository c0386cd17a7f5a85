package feedbacksql_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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
// data set (default 1000000), or several numbers separated by commas: the
// cost curve, each query run on every set in turn in the same run.
const EnvBenchRatings = "CONGVU_BENCH_RATINGS"

// BenchmarkDashboard reports the latency (p50 and p95 in ms) of dashboards
// and comment feeds on a database holding millions of ratings: one commune,
// the busiest province, the national root (90 days by month, and twelve
// months by week), one official; the comment feeds and their searches over
// the last 90 days. The data set is the national tree of
// $CONGVU_TEST_DATA/dvhcvn-2025-03-01.json with $CONGVU_BENCH_RATINGS
// ratings over the twelve months up to yesterday, as `congvu gen-feedback`
// writes them (seed 1), built once (minutes per million) into
// $CONGVU_BENCH_DIR/feedback_<ratings>.db and reused. Given several sizes,
// each query runs on every data set in turn (the machine's load falls on
// all alike) and reports p95-ms-<size> for each, and p95-ratio, the
// largest size's p95 over the smallest's, beside p95-limit (2: a dashboard
// must not get slower as the country's ratings grow):
//
//	CONGVU_BENCH_RATINGS=1000000,10000000,30000000 go test ./sqldb/feedbacksql -run '^$' -bench Dashboard -benchtime 200x -timeout 12h
//
// bench/dashboard-curve.sh prints that as a table. CONGVU_BENCH_DB runs it
// on a database given instead (a SQLite path or a postgres:// URL loaded
// with congvu gen-feedback).
func BenchmarkDashboard(b *testing.B) {
	var dbs []*sqldb.DB
	var labels []string
	if dsn := os.Getenv(EnvBenchDB); dsn != "" {
		db, err := sqldb.Open(dsn)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Migrate(context.Background()); err != nil {
			b.Fatal(err)
		}
		dbs, labels = append(dbs, db), append(labels, "")
	} else {
		sizes := strings.Split(os.Getenv(EnvBenchRatings), ",")
		if sizes[0] == "" {
			sizes = []string{"1000000"}
		}
		for _, v := range sizes {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n <= 0 {
				b.Fatalf("%s: %q is not a number of ratings", EnvBenchRatings, v)
			}
			dbs = append(dbs, sqldbtest.CachedBenchDB(b, sqldb.SQLite, fmt.Sprintf("feedback_%d", n), nil, func(db *sqldb.DB) { dashBenchBuild(b, db, n) }))
			labels = append(labels, sizeLabel(n))
		}
	}
	ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("benchmark"))
	now := congvu.Date(time.Now())
	sets := make([]dashBenchSet, len(dbs))
	for i, db := range dbs {
		sets[i] = newDashBenchSet(b, ctx, db, now)
	}
	run := func(name string, do func(s dashBenchSet) func() error) {
		b.Run(name, func(b *testing.B) {
			if len(sets) == 1 {
				sqldbtest.Latencies(b, do(sets[0]))
				return
			}
			fs := make([]func() error, len(sets))
			for i, s := range sets {
				fs[i] = do(s)
				if err := fs[i](); err != nil { // warm up
					b.Fatal(err)
				}
			}
			ds := make([][]time.Duration, len(sets))
			for b.Loop() {
				for i, f := range fs {
					t0 := time.Now()
					if err := f(); err != nil {
						b.Fatal(err)
					}
					ds[i] = append(ds[i], time.Since(t0))
				}
			}
			p95 := make([]float64, len(sets))
			for i := range ds {
				slices.Sort(ds[i])
				p95[i] = float64(ds[i][max(int(math.Ceil(0.95*float64(len(ds[i]))))-1, 0)].Microseconds()) / 1000
				b.ReportMetric(float64(ds[i][len(ds[i])/2].Microseconds())/1000, "p50-ms-"+labels[i])
				b.ReportMetric(p95[i], "p95-ms-"+labels[i])
			}
			b.ReportMetric(p95[len(p95)-1]/max(p95[0], 0.001), "p95-ratio")
			b.ReportMetric(2, "p95-limit")
		})
	}
	dash := func(f func(s dashBenchSet) feedback.DashboardFilter) func(s dashBenchSet) func() error {
		return func(s dashBenchSet) func() error {
			return func() error { _, err := s.svc.Dashboard(ctx, f(s)); return err }
		}
	}
	comments := func(f func(s dashBenchSet) feedback.Filter) func(s dashBenchSet) func() error {
		return func(s dashBenchSet) func() error {
			ff := f(s)
			ff.From, ff.To, ff.Limit = now.AddDate(0, 0, -89), now.AddDate(0, 0, 1), 10 // the last 90 days
			return func() error { _, _, err := s.svc.Comments(ctx, ff); return err }
		}
	}
	type (
		df = feedback.DashboardFilter
		cf = feedback.Filter
	)
	run("commune", dash(func(s dashBenchSet) df { return df{UnitID: s.commune} }))
	run("province", dash(func(s dashBenchSet) df { return df{UnitID: s.province} }))
	run("root", dash(func(s dashBenchSet) df { return df{UnitID: 1} }))
	run("root-year-weeks", dash(func(s dashBenchSet) df {
		return df{UnitID: 1, From: now.AddDate(-1, 0, 0), Period: feedback.PeriodWeek}
	}))
	run("official", dash(func(s dashBenchSet) df { return df{OfficialID: s.official} }))
	run("comments-commune", comments(func(s dashBenchSet) cf { return cf{UnitID: s.commune} }))
	run("comments-province", comments(func(s dashBenchSet) cf { return cf{UnitID: s.province} }))
	run("comments-root", comments(func(s dashBenchSet) cf { return cf{UnitID: 1} }))
	run("search-commune", comments(func(s dashBenchSet) cf { return cf{UnitID: s.commune, Query: "tan tinh"} }))
	run("search-province", comments(func(s dashBenchSet) cf { return cf{UnitID: s.province, Query: "tan tinh"} }))
	run("search-root", comments(func(s dashBenchSet) cf { return cf{UnitID: 1, Query: "tan tinh"} }))
	run("search-root-rare", comments(func(s dashBenchSet) cf { return cf{UnitID: 1, Query: "khong co dau"} }))
}

// sizeLabel is n ratings in millions ("5M"), else thousands.
func sizeLabel(n int) string {
	if n%1_000_000 == 0 {
		return fmt.Sprintf("%dM", n/1_000_000)
	}
	return fmt.Sprintf("%dk", n/1000)
}

// dashBenchSet is one data set of BenchmarkDashboard and what it asks for.
type dashBenchSet struct {
	svc                         *feedbacksql.DashboardService
	commune, province, official int64
}

// newDashBenchSet picks, on db, the median commune by id, an official of
// it and the province with the most ratings in the last year (from the
// national dashboard, whatever the rollups' layout).
func newDashBenchSet(b *testing.B, ctx context.Context, db *sqldb.DB, now time.Time) dashBenchSet {
	one := func(q string, args ...any) int64 {
		var id int64
		if err := db.Read.QueryRow(q, args...).Scan(&id); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
		return id
	}
	s := dashBenchSet{svc: feedbacksql.NewDashboardService(db)}
	year, err := s.svc.Dashboard(ctx, feedback.DashboardFilter{UnitID: 1, From: now.AddDate(-1, 0, -1), To: now.AddDate(0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	best := -1
	for _, c := range year.Children {
		if c.Tally.Total > best {
			s.province, best = c.UnitID, c.Tally.Total
		}
	}
	communes := one(`SELECT COUNT(*) FROM units WHERE kind = 'commune' AND active = TRUE`)
	s.commune = one(`SELECT id FROM units WHERE kind = 'commune' AND active = TRUE ORDER BY id LIMIT 1 OFFSET $1`, communes/2)
	s.official = one(`SELECT COALESCE(MIN(id), 0) FROM officials WHERE unit_id = $1`, s.commune)
	b.Logf("%s database with %d ratings in the year; commune %d, province %d, official %d", db.Engine,
		year.Tally.Total+year.Tally.Flagged+year.Tally.Rejected, s.commune, s.province, s.official)
	return s
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
