package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

func TestMigrateIsIdempotentAndRootExists(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		again, err := db.Migrate(ctx)
		if err != nil || len(again) != 0 {
			t.Fatalf("second Migrate applied %v, err %v", again, err)
		}
		var path string
		if err := db.Read.QueryRowContext(ctx, `SELECT path FROM units WHERE code = 'VN'`).Scan(&path); err != nil || path != "/1/" {
			t.Fatalf("root path %q, err %v", path, err)
		}
	})
}

// Both drivers bind $N by number, so one SQL text serves both engines.
func TestPlaceholdersBindByNumber(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		var s string
		if err := db.Read.QueryRow(`SELECT CAST($2 AS TEXT) || CAST($1 AS TEXT)`, "a", "b").Scan(&s); err != nil || s != "ba" {
			t.Fatalf("got %q, %v", s, err)
		}
	})
}

func TestMigrationFilesMatch(t *testing.T) {
	a, b := sqldb.MigrationNames(sqldb.SQLite), sqldb.MigrationNames(sqldb.Postgres)
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("sqlite %v, postgres %v", a, b)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("migration %d: sqlite %s, postgres %s", i, a[i], b[i])
		}
	}
}

func TestUniqueViolationByCode(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		_, err := db.Write.Exec(`INSERT INTO units (code, name, search_name, kind, path, depth, created_at, updated_at) VALUES ('VN', 'x', 'x', 'nation', '/x/', 0, $1, $1)`, db.Now())
		if !sqldb.IsUniqueViolation(err) {
			t.Fatalf("duplicate code: %v not recognised as unique violation", err)
		}
		_, err = db.Write.Exec(`INSERT INTO units (code, name, search_name, kind, path, depth, created_at, updated_at) VALUES (NULL, 'x', 'x', 'nation', '/x/', 0, $1, $1)`, db.Now())
		if err == nil || sqldb.IsUniqueViolation(err) {
			t.Fatalf("NOT NULL violation reported as unique: %v", err)
		}
	})
}

func TestSecretIsCreatedOnceAndShared(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		a, err := db.Secret(ctx, "test.secret")
		if err != nil || len(a) != 32 {
			t.Fatalf("%x %v", a, err)
		}
		b, _ := db.Secret(ctx, "test.secret")
		c, _ := db.Secret(ctx, "other.secret")
		if string(a) != string(b) || string(a) == string(c) {
			t.Fatalf("same key gave %x then %x; other key %x", a, b, c)
		}
	})
}

// Migration numbers are unique, so the order of the schema never depends on
// the rest of a file name.
func TestMigrationNumbersUnique(t *testing.T) {
	seen := map[string]string{}
	for _, name := range sqldb.MigrationNames(sqldb.SQLite) {
		num, _, _ := strings.Cut(name, "_")
		if other, ok := seen[num]; ok {
			t.Errorf("migrations %s and %s share the number %s", other, name, num)
		}
		seen[num] = name
	}
}

// Servers started together migrate one after the other: every one succeeds
// and each migration is applied once.
func TestMigrateConcurrently(t *testing.T) {
	for engine, dsn := range sqldbtest.EmptyDSNs(t) {
		t.Run(engine, func(t *testing.T) {
			const servers = 4
			errs := make(chan error, servers)
			applied := make(chan int, servers)
			for range servers {
				go func() {
					db, err := sqldb.Open(dsn)
					if err != nil {
						errs <- err
						return
					}
					defer db.Close()
					names, err := db.Migrate(context.Background())
					applied <- len(names)
					errs <- err
				}()
			}
			total := 0
			for range servers {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
			for range servers {
				total += <-applied
			}
			if want := len(sqldb.MigrationNames(engine)); total != want {
				t.Fatalf("%d migrations applied in all, want each of the %d once", total, want)
			}
		})
	}
}

// A database that recorded a migration under its former name does not apply
// it again, and records it under its name now.
func TestMigrateRenamed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if _, err := db.Write.Exec(`UPDATE schema_migrations SET name = '0003_feedback_dossier_code.sql' WHERE name = '0006_feedback_dossier_code.sql'`); err != nil {
			t.Fatal(err)
		}
		applied, err := db.Migrate(ctx)
		if err != nil || len(applied) != 0 {
			t.Fatalf("applied %v, %v; want nothing", applied, err)
		}
		var n int
		db.Read.QueryRow(`SELECT COUNT(*) FROM schema_migrations WHERE name = '0006_feedback_dossier_code.sql'`).Scan(&n)
		if n != 1 {
			t.Fatalf("the renamed migration is recorded %d times under its new name", n)
		}
	})
}
