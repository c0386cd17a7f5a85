// Package sqldbtest opens real, migrated, empty databases for tests: SQLite
// always, and PostgreSQL when CONGVU_TEST_POSTGRES holds a connection URL.
// Under CI (CI=true) a missing PostgreSQL is a failure, never a skip.
package sqldbtest

import (
	"congvu"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"congvu/sqldb"
)

// EnvPostgres names the variable holding the PostgreSQL test server URL.
const EnvPostgres = "CONGVU_TEST_POSTGRES"

// Engines returns one fresh migrated database per available engine, named by
// engine. Each is closed (and its PostgreSQL schema dropped) at cleanup.
func Engines(t testing.TB) map[string]*sqldb.DB {
	t.Helper()
	out := map[string]*sqldb.DB{sqldb.SQLite: SQLite(t)}
	if pg := Postgres(t); pg != nil {
		out[sqldb.Postgres] = pg
	}
	return out
}

// SQLite returns a fresh migrated SQLite database in a temporary directory.
func SQLite(t testing.TB) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(filepath.Join(t.TempDir(), "congvu.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.Seal = sqldb.NewSealKeys(sqldb.NewSealKey()) // as the binary loads them
	return db
}

// RequirePostgres reports whether the environment demands PostgreSQL (CI).
func RequirePostgres() bool { return os.Getenv("CI") != "" }

// Postgres returns a fresh migrated PostgreSQL database in a schema of its
// own, or nil when CONGVU_TEST_POSTGRES is unset outside CI.
func Postgres(t testing.TB) *sqldb.DB {
	t.Helper()
	dsn := postgresSchema(t)
	if dsn == "" {
		return nil
	}
	db, err := sqldb.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.Seal = sqldb.NewSealKeys(sqldb.NewSealKey()) // as the binary loads them
	return db
}

// EmptyDSNs returns, per available engine, the address of a fresh database
// that is not migrated yet (a SQLite file path, a PostgreSQL schema).
func EmptyDSNs(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{sqldb.SQLite: filepath.Join(t.TempDir(), "empty.db")}
	if dsn := postgresSchema(t); dsn != "" {
		out[sqldb.Postgres] = dsn
	}
	return out
}

// postgresSchema creates an empty schema on the test server, dropped at
// cleanup, and returns its URL; "" when CONGVU_TEST_POSTGRES is unset
// outside CI.
func postgresSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if RequirePostgres() {
			t.Fatalf("%s is not set: CI must test PostgreSQL (run .ci/run)", EnvPostgres)
		}
		return ""
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("t_%d_%s", time.Now().UnixNano(), congvu.RandomToken(4))
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create test schema on %s: %v", base, err)
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			a.Close()
		}
	})
	return base + sep + "search_path=" + schema
}

// Each runs fn as a subtest once per engine.
func Each(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for name, db := range Engines(t) {
		t.Run(name, func(t *testing.T) { fn(t, db) })
	}
}

// benchEngines runs fn once per engine as a sub-benchmark, each on a fresh
// database.
func EachBench(b *testing.B, fn func(b *testing.B, db *sqldb.DB)) {
	engines := []string{sqldb.SQLite}
	if Postgres(b) != nil {
		engines = append(engines, sqldb.Postgres)
	}
	for _, e := range engines {
		b.Run(e, func(b *testing.B) {
			var db *sqldb.DB
			if e == sqldb.SQLite {
				db = SQLite(b)
			} else {
				db = Postgres(b)
			}
			fn(b, db)
		})
	}
}

// ReportRate adds throughput in operations per second.
func ReportRate(b *testing.B) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "ops/s")
	}
}
