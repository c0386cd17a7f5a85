package violationsql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/sqldb"
	"congvu/sqldb/inspectionsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/sqldb/violationsql"
	"congvu/violation"
)

// The violation benchmarks report figures, not pass/fail: the latency of
// the violation list (first page, scoped) and of the dashboard over twelve
// months, for a commune, a province and the whole country (2 million
// officials on the national unit tree, a decade of violations: 1 million
// by default), each beside a reference in the same run — the list beside
// the engine's bare lookup of the same page, the dashboard beside the same
// figures counted from the rows (RawDashboard) — on SQLite and (when
// CONGVU_TEST_POSTGRES is set) PostgreSQL.
//
//	export CONGVU_TEST_POSTGRES='postgres://congvu@127.0.0.1:55432/congvu?sslmode=disable'
//	go test ./sqldb/violationsql -run '^$' -bench 'ViolationDashboard|ViolationListNational' -benchtime 40x -timeout 3h
//
// The data set is generated once (minutes) into
// $CONGVU_BENCH_DIR/violations-<n>.db and the PostgreSQL schema
// bench_violations_<n>, and reused by later runs; delete them when done.
const (
	// EnvBenchDir is where the cached SQLite database lives (default:
	// os.TempDir()/congvu-bench).
	EnvBenchDir = "CONGVU_BENCH_DIR"
	// EnvBenchViolations is the number of violations (default 1000000).
	EnvBenchViolations = "CONGVU_BENCH_VIOLATIONS"
	// EnvBenchOfficials is the number of officials (default 2000000).
	EnvBenchOfficials = "CONGVU_BENCH_OFFICIALS"
)

// benchEnd is the day after the generated decade (fixed, so that cached
// data sets stay comparable).
var benchEnd = time.Date(2026, 12, 1, 0, 0, 0, 0, congvu.TimeZone)

func envInt(b *testing.B, name string, def int) int {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("%s=%q: not a positive number", name, v)
		}
		return n
	}
	return def
}

func benchViolationDB(b *testing.B, engine string, officials, n int) *sqldb.DB {
	ctx := sqldbtest.Sys()
	build := func(db *sqldb.DB) {
		units := filepath.Join(os.Getenv("CONGVU_TEST_DATA"), "dvhcvn-2025-03-01.json")
		if os.Getenv("CONGVU_TEST_DATA") == "" {
			units = filepath.Join("..", "..", "..", "shared", "data", "dvhcvn-2025-03-01.json")
		}
		f, err := os.Open(units)
		if err != nil {
			b.Skipf("the national unit file is needed (CONGVU_TEST_DATA): %v", err)
		}
		defer f.Close()
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := standardsql.NewStandardService(db).EnsureCatalog(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := orgsql.NewUnitService(db).ImportUnits(ctx, f, nil); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		res, err := devdata.GenerateViolations(ctx, db, devdata.ViolationGenOptions{Officials: officials, Violations: n,
			From: benchEnd.AddDate(-10, 0, 0), To: benchEnd, Seed: 12})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: generated in %v: %+v", db.Engine, time.Since(t0).Round(time.Second), *res)
	}
	name := fmt.Sprintf("violations_%d_%d", officials, n)
	if engine == sqldb.SQLite {
		dir := os.Getenv(EnvBenchDir)
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "congvu-bench")
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(dir, name+".db")
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			tmp := path + ".building"
			for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
				os.Remove(f)
			}
			db, err := sqldb.Open(tmp)
			if err != nil {
				b.Fatal(err)
			}
			build(db)
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
			if err := os.Rename(tmp, path); err != nil {
				b.Fatal(err)
			}
		}
		db, err := sqldb.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		return db
	}
	base := os.Getenv(sqldbtest.EnvPostgres)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	schema := "bench_" + name
	open := func(schema string) *sqldb.DB {
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		db, err := sqldb.Open(base + sep + "search_path=" + schema)
		if err != nil {
			b.Fatal(err)
		}
		return db
	}
	var exists bool
	if err := admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists); err != nil {
		b.Fatal(err)
	}
	if !exists {
		tmp := schema + "_building"
		if _, err := admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+tmp+` CASCADE; CREATE SCHEMA `+tmp); err != nil {
			b.Fatal(err)
		}
		db := open(tmp)
		build(db)
		db.Close()
		if _, err := admin.ExecContext(ctx, `ALTER SCHEMA `+tmp+` RENAME TO `+schema); err != nil {
			b.Fatal(err)
		}
	}
	db := open(schema)
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	return db
}

// benchSubjects are the units of the benchmarks: the country, the province
// with the most violations and its commune (a unit without sub-units) with
// the most.
func benchSubjects(b *testing.B, db *sqldb.DB) []struct {
	name string
	unit int64
	path string
} {
	one := func(q string, args ...any) (int64, string) {
		var id int64
		var path string
		if err := db.Read.QueryRow(q, args...).Scan(&id, &path); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
		return id, path
	}
	province, ppath := one(`SELECT u.id, u.path FROM units u JOIN rollup_violation_unit_day r ON r.unit_id = u.id WHERE u.depth = 1
		GROUP BY u.id, u.path ORDER BY SUM(r.open + r.handled) DESC, u.id LIMIT 1`)
	commune, cpath := one(`SELECT u.id, u.path FROM units u JOIN rollup_violation_unit_day r ON r.unit_id = u.id
		WHERE u.path > $1 AND u.path < $2 AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id)
		GROUP BY u.id, u.path ORDER BY SUM(r.open + r.handled) DESC, u.id LIMIT 1`, ppath, congvu.SubtreeUpper(ppath))
	return []struct {
		name string
		unit int64
		path string
	}{{"commune", commune, cpath}, {"province", province, ppath}, {"country", 1, congvu.RootUnitPath}}
}

func benchEngines() []string {
	engines := []string{sqldb.SQLite}
	if os.Getenv(sqldbtest.EnvPostgres) != "" {
		engines = append(engines, sqldb.Postgres)
	}
	return engines
}

// BenchmarkViolationDashboard reports the latency (p50, p95 in ms) of the
// violation dashboard over the twelve months before benchEnd, through the
// service as a supervisor of each unit: "rollups" is the whole dashboard
// (totals, months, items, sub-units per 100 officials, measures, forms,
// days to decision, cases past their limit), "rows" the same figures
// counted from the rows (RawDashboard), the reference in the same run.
func BenchmarkViolationDashboard(b *testing.B) {
	officials, n := envInt(b, EnvBenchOfficials, 2_000_000), envInt(b, EnvBenchViolations, 1_000_000)
	for _, engine := range benchEngines() {
		b.Run(engine, func(b *testing.B) {
			db := benchViolationDB(b, engine, officials, n)
			ds := violationsql.NewDashboardService(db)
			for _, s := range benchSubjects(b, db) {
				ctx := sqldbtest.As(sqldbtest.Actor(1, congvu.RoleSupervisor, s.unit, s.path))
				f := violation.DashboardFilter{UnitID: s.unit, From: benchEnd.AddDate(-1, 0, 0), To: benchEnd}
				var total int
				b.Run(s.name+"/rollups", func(b *testing.B) {
					sqldbtest.Latencies(b, func() error {
						d, err := ds.Dashboard(ctx, f)
						if err == nil {
							total = d.Total
						}
						return err
					})
					b.ReportMetric(float64(total), "violations")
				})
				b.Run(s.name+"/rows", func(b *testing.B) {
					var raw int
					sqldbtest.Latencies(b, func() error {
						d, err := ds.RawDashboard(context.WithoutCancel(ctx), f)
						if err == nil {
							raw = d.Total
						}
						return err
					})
					if raw != total {
						b.Errorf("rows count %d violations, rollups %d", raw, total)
					}
					b.ReportMetric(float64(raw), "violations")
				})
			}
		})
	}
}

// BenchmarkViolationListNational reports the latency (p50, p95 in ms) of the first
// page (20, newest act first) of the violation list, scoped to the actor's
// unit (a supervisor of it), through ViolationService.FindViolations
// (count, page, officials and items, the audited reading); "bare" is the
// engine's bare lookup of the same page's ids, the reference in the same
// run.
func BenchmarkViolationListNational(b *testing.B) {
	officials, n := envInt(b, EnvBenchOfficials, 2_000_000), envInt(b, EnvBenchViolations, 1_000_000)
	for _, engine := range benchEngines() {
		b.Run(engine, func(b *testing.B) {
			db := benchViolationDB(b, engine, officials, n)
			std := standardsql.NewStandardService(db)
			vs := violationsql.NewViolationService(db, std, nil, inspectionsql.NewInspectionService(db, std))
			subjects := benchSubjects(b, db)
			// Between the commune and the province, the province's biggest
			// district: near where the list changes its plan.
			d := subjects[0]
			d.name = "district"
			if err := db.Read.QueryRow(`SELECT u.id, u.path FROM units u JOIN rollup_violation_unit_month r ON r.unit_id = u.id
				WHERE u.depth = 2 AND u.path > $1 AND u.path < $2 GROUP BY u.id, u.path ORDER BY SUM(r.open + r.handled + r.dismissed) DESC, u.id LIMIT 1`,
				subjects[1].path, congvu.SubtreeUpper(subjects[1].path)).Scan(&d.unit, &d.path); err != nil {
				b.Fatal(err)
			}
			subjects = slices.Insert(subjects, 1, d)
			for _, s := range subjects {
				ctx := sqldbtest.As(sqldbtest.Actor(1, congvu.RoleSupervisor, s.unit, s.path))
				var first int64
				var total int
				b.Run(s.name+"/service", func(b *testing.B) {
					sqldbtest.Latencies(b, func() error {
						list, n, err := vs.FindViolations(ctx, violation.Filter{Limit: 20})
						if err == nil && len(list) > 0 {
							first, total = list[0].ID, n
						}
						return err
					})
					b.ReportMetric(float64(total), "violations")
				})
				b.Run(s.name+"/bare", func(b *testing.B) {
					var id int64
					sqldbtest.Latencies(b, func() error {
						rows, err := db.Read.Query(`SELECT v.id FROM violations v JOIN units u ON u.id = v.unit_id
							WHERE u.path >= $1 AND u.path < $2 ORDER BY v.act_date DESC, v.id DESC LIMIT 20`, s.path, congvu.SubtreeUpper(s.path))
						if err != nil {
							return err
						}
						defer rows.Close()
						for i := 0; rows.Next(); i++ {
							var x int64
							if err := rows.Scan(&x); err != nil {
								return err
							}
							if i == 0 {
								id = x
							}
						}
						return rows.Err()
					})
					if id != first {
						b.Errorf("bare lookup's first id %d, the service's %d", id, first)
					}
				})
			}
		})
	}
}
