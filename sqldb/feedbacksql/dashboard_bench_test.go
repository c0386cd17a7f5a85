package feedbacksql_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
)

// EnvBenchDB names a database loaded with `congvu gen-feedback` (a SQLite
// path or a postgres:// URL) for BenchmarkDashboard.
const EnvBenchDB = "CONGVU_BENCH_DB"

// BenchmarkDashboard reports the latency (p50, p95, p99 in ms) of
// dashboards and comment feeds on a database holding millions of ratings:
// one commune, the busiest province, the national root (90 days by month,
// and twelve months by week), one official. Run it after
//
//	congvu gen-feedback --db bench.db --units ../shared/data/dvhcvn-2025-03-01.json
//	CONGVU_BENCH_DB=bench.db go test ./sqldb/feedbacksql -run '^$' -bench Dashboard -benchtime 200x
func BenchmarkDashboard(b *testing.B) {
	dsn := os.Getenv(EnvBenchDB)
	if dsn == "" {
		b.Skipf("%s is not set: load a database with congvu gen-feedback first", EnvBenchDB)
	}
	db, err := sqldb.Open(dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	one := func(q string, args ...any) int64 {
		var id int64
		if err := db.Read.QueryRow(q, args...).Scan(&id); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
		return id
	}
	var ratings int64
	db.Read.QueryRow(`SELECT COALESCE(SUM(total + flagged + rejected), 0) FROM rollup_unit_day WHERE unit_id = 1`).Scan(&ratings)
	// The median commune by id, the province with the most ratings, and an
	// official of the commune.
	communes := one(`SELECT COUNT(*) FROM units WHERE kind = 'commune' AND active = TRUE`)
	commune := one(`SELECT id FROM units WHERE kind = 'commune' AND active = TRUE ORDER BY id LIMIT 1 OFFSET $1`, communes/2)
	province := one(`SELECT u.id FROM units u JOIN rollup_unit_day r ON r.unit_id = u.id WHERE u.kind = 'province' GROUP BY u.id ORDER BY SUM(r.total) DESC LIMIT 1`)
	official := one(`SELECT COALESCE(MIN(id), 0) FROM officials WHERE unit_id = $1`, commune)
	b.Logf("%s database with %d ratings; commune %d, province %d, official %d", db.Engine, ratings, commune, province, official)

	ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("benchmark"))
	svc := feedbacksql.NewDashboardService(db)
	now := congvu.Date(time.Now())
	run := func(name string, do func() error) {
		b.Run(name, func(b *testing.B) {
			var ds []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if err := do(); err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(t0))
			}
			slices.Sort(ds)
			pct := func(p float64) float64 {
				return float64(ds[min(len(ds)-1, int(p*float64(len(ds))))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.95), "p95-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
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
