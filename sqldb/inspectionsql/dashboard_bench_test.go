package inspectionsql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/inspection"
	"congvu/sqldb"
	"congvu/sqldb/inspectionsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
)

// The compliance benchmark reports figures, not pass/fail: the latency of
// the compliance dashboard over the whole country (100 000 inspections of
// 40 lines by default, over the national unit tree and twelve months), read
// from the rollups, beside the same figures counted from the raw lines in
// the same run, on SQLite and (when CONGVU_TEST_POSTGRES is set) PostgreSQL.
//
//	export CONGVU_TEST_POSTGRES='postgres://congvu@127.0.0.1:55432/congvu?sslmode=disable'
//	go test ./sqldb/inspectionsql -run '^$' -bench ComplianceDashboard -benchtime 20x -timeout 2h
//
// The data set is generated once (minutes) into
// $CONGVU_BENCH_DIR/inspections-<n>.db and the PostgreSQL schema
// bench_inspections_<n>, and reused by later runs.
const (
	// EnvBenchDir is where the cached SQLite database lives (default:
	// os.TempDir()/congvu-bench).
	EnvBenchDir = "CONGVU_BENCH_DIR"
	// EnvBenchInspections is the number of inspections (default 100000).
	EnvBenchInspections = "CONGVU_BENCH_INSPECTIONS"
	// EnvBenchUnits names the national unit file (default
	// $CONGVU_TEST_DATA/dvhcvn-2025-03-01.json, else
	// ../../../shared/data/dvhcvn-2025-03-01.json).
	EnvBenchUnits = "CONGVU_BENCH_UNITS"
)

// benchEnd is the day after the generated year (fixed, so that cached
// data sets stay comparable).
var benchEnd = time.Date(2026, 7, 1, 0, 0, 0, 0, congvu.TimeZone)

func benchInspectionDB(b *testing.B, engine string, n int) *sqldb.DB {
	ctx := sqldbtest.Sys()
	build := func(db *sqldb.DB) {
		units := os.Getenv(EnvBenchUnits)
		if units == "" && os.Getenv("CONGVU_TEST_DATA") != "" {
			units = filepath.Join(os.Getenv("CONGVU_TEST_DATA"), "dvhcvn-2025-03-01.json")
		}
		if units == "" {
			units = filepath.Join("..", "..", "..", "shared", "data", "dvhcvn-2025-03-01.json")
		}
		f, err := os.Open(units)
		if err != nil {
			b.Skipf("the national unit file is needed (%s): %v", EnvBenchUnits, err)
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
		res, err := devdata.GenerateInspections(ctx, db, devdata.InspectionGenOptions{Inspections: n, Lines: 40,
			From: benchEnd.AddDate(-1, 0, 0), To: benchEnd, Seed: 11})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: %d inspections, %d lines, %d rollup rows generated in %v", db.Engine, res.Inspections, res.Lines, res.RollupRows, time.Since(t0).Round(time.Second))
	}
	if engine == sqldb.SQLite {
		dir := os.Getenv(EnvBenchDir)
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "congvu-bench")
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("inspections-%d.db", n))
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
	schema := fmt.Sprintf("bench_inspections_%d", n)
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

// BenchmarkComplianceDashboard reports the latency (p50, p95 in ms) of the
// compliance dashboard over twelve months, through the service with the
// system actor: of the whole country, of the province with the most lines
// and of a commune; "rollups" is the whole dashboard (tally, trend by
// month, items, weakest, sub-unit ranking, units not inspected in 12
// months), "lines" the tally, items and sub-unit ranking counted from the
// raw lines (RawCompliance), the reference in the same run.
func BenchmarkComplianceDashboard(b *testing.B) {
	n := 100_000
	if v := os.Getenv(EnvBenchInspections); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("%s=%q: not a positive number", EnvBenchInspections, v)
		}
	}
	engines := []string{sqldb.SQLite}
	if os.Getenv(sqldbtest.EnvPostgres) != "" {
		engines = append(engines, sqldb.Postgres)
	}
	for _, engine := range engines {
		b.Run(engine, func(b *testing.B) {
			db := benchInspectionDB(b, engine, n)
			ctx := sqldbtest.Sys()
			one := func(q string, args ...any) int64 {
				var id int64
				if err := db.Read.QueryRow(q, args...).Scan(&id); err != nil {
					b.Fatalf("%s: %v", q, err)
				}
				return id
			}
			lines := one(`SELECT COUNT(*) FROM inspection_lines`)
			province := one(`SELECT u.id FROM units u JOIN rollup_inspection_unit_day r ON r.unit_id = u.id WHERE u.depth = 1
				GROUP BY u.id ORDER BY SUM(r.kept + r.breached) DESC, u.id LIMIT 1`)
			commune := one(`SELECT target_unit_id FROM inspections ORDER BY id LIMIT 1`)
			b.Logf("%s: %d inspections, %d lines; province %d, commune %d", engine, one(`SELECT COUNT(*) FROM inspections`), lines, province, commune)
			ds := inspectionsql.NewDashboardService(db)
			for _, s := range []struct {
				name string
				unit int64
			}{{"country", 1}, {"province", province}, {"commune", commune}} {
				f := inspection.ComplianceFilter{UnitID: s.unit, From: benchEnd.AddDate(-1, 0, 0), To: benchEnd}
				var checked int
				b.Run(s.name+"/rollups", func(b *testing.B) {
					sqldbtest.Latencies(b, func() error {
						d, err := ds.Compliance(ctx, f)
						if err == nil {
							checked = d.Checked()
						}
						return err
					})
					b.ReportMetric(float64(checked), "lines-checked")
				})
				b.Run(s.name+"/lines", func(b *testing.B) {
					var raw int
					sqldbtest.Latencies(b, func() error {
						d, err := ds.RawCompliance(context.WithoutCancel(ctx), f)
						if err == nil {
							raw = d.Checked()
						}
						return err
					})
					if raw != checked {
						b.Errorf("lines count %d checked, rollups %d", raw, checked)
					}
					b.ReportMetric(float64(raw), "lines-checked")
				})
			}
		})
	}
}
