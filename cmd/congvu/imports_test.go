package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// TestImportRestructuring2025 runs the commands an administrator runs
// with the real files, on both engines, with every capability's hooks
// linked in: import the 2025-03 national tree, preview the 01/07/2025
// reorganisation (nothing saved), apply it; it reports the times.
//
//	CONGVU_TEST_DATA=../shared/data go test ./cmd/congvu -run TestImportRestructuring2025 -v
func TestImportRestructuring2025(t *testing.T) {
	dir := os.Getenv("CONGVU_TEST_DATA")
	if dir == "" {
		t.Skip("CONGVU_TEST_DATA not set")
	}
	units, merges := filepath.Join(dir, "dvhcvn-2025-03-01.json"), filepath.Join(dir, "dvhcvn-merges-2025-07-01.json")
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		env := map[string]string{envDB: db.DSN, envFiles: filepath.Join(t.TempDir(), "files")}
		if r := cli(t, ctx, env, "", "import", "units", units); r.code != exitOK {
			t.Fatalf("import units: %d %s", r.code, r.stderr)
		}
		count := func(q string) int {
			var n int
			if err := db.Read.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		const allUnits = `SELECT COUNT(*) FROM units`
		before := count(allUnits)
		start := time.Now()
		r := cli(t, ctx, env, "", "import", "restructuring", "--dry-run", "--limit", "3", merges)
		t.Logf("%s: dry run of the 01/07/2025 file in %v", db.Engine, time.Since(start))
		if r.code != exitOK || !strings.Contains(r.stdout, "Units created: 3190\n") || !strings.Contains(r.stdout, "… and 3187 more") ||
			!strings.Contains(r.stdout, "Legal basis: Nghị quyết số 202/2025/QH15") || !strings.Contains(r.stdout, "nothing was saved") {
			t.Fatalf("dry run: %d %s %s", r.code, r.stdout, r.stderr)
		}
		if n := count(allUnits); n != before || count(`SELECT COUNT(*) FROM restructurings`) != 0 {
			t.Fatalf("the dry run saved units (%d, was %d) or restructurings", n, before)
		}
		start = time.Now()
		r = cli(t, ctx, env, "", "import", "restructuring", merges)
		t.Logf("%s: the 01/07/2025 file applied in %v", db.Engine, time.Since(start))
		if r.code != exitOK || !strings.Contains(r.stdout, "Applied 3928 operations (merge 3213, rename 24, abolish 691)") {
			t.Fatalf("import restructuring: %d %s %s", r.code, r.stdout, r.stderr)
		}
		if n := count(`SELECT COUNT(*) FROM units WHERE active = TRUE AND kind = 'province'`); n != 34 {
			t.Errorf("%d provinces", n)
		}
		if n := count(`SELECT COUNT(*) FROM units WHERE active = TRUE AND kind = 'commune'`); n != 3321 {
			t.Errorf("%d communes", n)
		}
	})
}
