package sqldbtest

import (
	"database/sql"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"congvu/sqldb"
)

// EnvBenchDir is the folder of the cached SQLite benchmark data sets
// (default: congvu-bench in the temporary folder).
const EnvBenchDir = "CONGVU_BENCH_DIR"

// CachedBenchDB opens the benchmark data set called name on engine — the
// SQLite file <name>.db under EnvBenchDir, or the PostgreSQL schema
// bench_<name> — building it with build first when it is missing. A data
// set is built under a temporary name and renamed once complete, so an
// interrupted build is never taken for a data set. prepare, when not nil,
// is applied to every handle opened (e.g. to set the sealing keys).
func CachedBenchDB(b *testing.B, engine, name string, prepare, build func(*sqldb.DB)) *sqldb.DB {
	b.Helper()
	ctx := Sys()
	opened := func(db *sqldb.DB, err error) *sqldb.DB {
		if err != nil {
			b.Fatal(err)
		}
		if prepare != nil {
			prepare(db)
		}
		return db
	}
	var db *sqldb.DB
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
			tdb := opened(sqldb.Open(tmp))
			build(tdb)
			if err := tdb.Close(); err != nil {
				b.Fatal(err)
			}
			if err := os.Rename(tmp, path); err != nil {
				b.Fatal(err)
			}
		}
		db = opened(sqldb.Open(path))
	} else {
		base := os.Getenv(EnvPostgres)
		admin, err := sql.Open("pgx", base)
		if err != nil {
			b.Fatal(err)
		}
		defer admin.Close()
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		open := func(schema string) *sqldb.DB { return opened(sqldb.Open(base + sep + "search_path=" + schema)) }
		schema := "bench_" + name
		var exists bool
		if err := admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists); err != nil {
			b.Fatal(err)
		}
		if !exists {
			tmp := schema + "_building"
			if _, err := admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+tmp+` CASCADE; CREATE SCHEMA `+tmp); err != nil {
				b.Fatal(err)
			}
			tdb := open(tmp)
			build(tdb)
			tdb.Close()
			if _, err := admin.ExecContext(ctx, `ALTER SCHEMA `+tmp+` RENAME TO `+schema); err != nil {
				b.Fatal(err)
			}
		}
		db = open(schema)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	return db
}

// Latencies reports the p50 and p95 (nearest rank) in ms of do, the mean
// as ns/op and the number of samples. One call before, untimed, warms the
// caches; fast calls run several times per b.Loop iteration (up to 10,
// about 200 ms), slow ones once.
func Latencies(b *testing.B, do func() error) {
	b.Helper()
	t0 := time.Now()
	if err := do(); err != nil {
		b.Fatal(err)
	}
	rep := int(min(max(200*time.Millisecond/max(time.Since(t0), time.Microsecond), 1), 10))
	var ds []time.Duration
	var sum time.Duration
	for b.Loop() {
		for range rep {
			t := time.Now()
			if err := do(); err != nil {
				b.Fatal(err)
			}
			d := time.Since(t)
			ds = append(ds, d)
			sum += d
		}
	}
	slices.Sort(ds)
	pct := func(p float64) float64 {
		i := max(int(math.Ceil(p*float64(len(ds))))-1, 0)
		return float64(ds[i].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(float64(sum.Nanoseconds())/float64(len(ds)), "ns/op")
	b.ReportMetric(float64(len(ds)), "samples")
}
