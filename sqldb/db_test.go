package sqldb_test

import (
	"context"
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
