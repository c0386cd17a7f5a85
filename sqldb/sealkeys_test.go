package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// Two app servers rotated apart (each added a key of its own) and started
// together both read the old key's check: the first records its key, the
// second finds the check changed and refuses to start, instead of the last
// one winning; a server that records the key already recorded starts.
func TestSealKeyCheckRotationRace(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		old := sqldb.SealKeyCheck(sqldb.NewSealKey())
		a, b := sqldb.SealKeyCheck(sqldb.NewSealKey()), sqldb.SealKeyCheck(sqldb.NewSealKey())
		if _, err := db.Write.Exec(`INSERT INTO settings (key, value) VALUES ('seal_key_check', $1)`, old); err != nil {
			t.Fatal(err)
		}
		if err := sqldb.RecordSealCheck(ctx, db, old, a); err != nil {
			t.Fatalf("the first server: %v", err)
		}
		err := sqldb.RecordSealCheck(ctx, db, old, b)
		if err == nil || !strings.Contains(err.Error(), "same key file") {
			t.Errorf("the second server with another key: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM settings WHERE key = 'seal_key_check' AND value = $1`, a); n != 1 {
			t.Error("the second server overwrote the first one's key check")
		}
		if err := sqldb.RecordSealCheck(ctx, db, old, a); err != nil {
			t.Errorf("a second server with the same new key: %v", err)
		}
	})
}
