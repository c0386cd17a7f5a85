package sqldb_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// column is a column reduced to what both engines can agree on.
type column struct {
	name, family string
	notNull      bool
}

// family maps an engine's declared type to a portable family.
func family(t string) string {
	t = strings.ToUpper(t)
	switch {
	case strings.Contains(t, "INT"):
		return "integer"
	case strings.Contains(t, "BOOL"):
		return "boolean"
	case t == "REAL", t == "DOUBLE PRECISION":
		return "float"
	case strings.Contains(t, "TIMESTAMP"):
		return "timestamp"
	case t == "DATE":
		return "date"
	case strings.Contains(t, "JSON"), t == "TEXT":
		return "text" // JSON is TEXT on SQLite, JSONB on PostgreSQL
	}
	return t
}

func schemaOf(t *testing.T, db *sqldb.DB) map[string][]column {
	t.Helper()
	ctx := context.Background()
	out := map[string][]column{}
	var tables []string
	// The FTS5 search index of comments and its shadow tables exist on
	// SQLite only (PostgreSQL indexes the same column with GIN).
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts' AND name NOT LIKE '%_fts_%'`
	if db.Engine == sqldb.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`
	}
	rows, err := db.Read.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	for _, tbl := range tables {
		var cols []column
		if db.Engine == sqldb.Postgres {
			rows, err = db.Read.QueryContext(ctx, `SELECT column_name, data_type, is_nullable = 'NO' FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`, tbl)
		} else {
			rows, err = db.Read.QueryContext(ctx, fmt.Sprintf(`SELECT name, type, "notnull" OR pk FROM pragma_table_info('%s')`, tbl))
		}
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var c column
			if err := rows.Scan(&c.name, &c.family, &c.notNull); err != nil {
				t.Fatal(err)
			}
			// The stored tsvector of a search text exists on PostgreSQL
			// only (SQLite indexes the same text with FTS5), and so do the
			// petitions' top-level units its searches walk (0046).
			if db.Engine == sqldb.Postgres && (strings.HasSuffix(c.name, "_tsv") || tbl == "petitions" && strings.HasSuffix(c.name, "_top_id")) {
				continue
			}
			c.family = family(c.family)
			cols = append(cols, c)
		}
		rows.Close()
		slices.SortFunc(cols, func(a, b column) int { return strings.Compare(a.name, b.name) })
		out[tbl] = cols
	}
	return out
}

// TestSchemasMatch checks that the SQLite and PostgreSQL migrations produce
// the same tables and columns, with the same type families and nullability.
func TestSchemasMatch(t *testing.T) {
	pg := sqldbtest.Postgres(t)
	if pg == nil {
		t.Skip("CONGVU_TEST_POSTGRES not set")
	}
	lite, post := schemaOf(t, sqldbtest.SQLite(t)), schemaOf(t, pg)
	if len(lite) < 10 {
		t.Fatalf("only %d tables in SQLite", len(lite))
	}
	for tbl, lc := range lite {
		pc, ok := post[tbl]
		if !ok {
			t.Errorf("table %s missing in PostgreSQL", tbl)
			continue
		}
		if !slices.Equal(lc, pc) {
			t.Errorf("table %s differs:\n sqlite   %v\n postgres %v", tbl, lc, pc)
		}
	}
	for tbl := range post {
		if _, ok := lite[tbl]; !ok {
			t.Errorf("table %s missing in SQLite", tbl)
		}
	}
}
