package sqldb_test

import (
	"context"
	"testing"

	"congvu/sqldb/sqldbtest"
)

// The statement cache must give the same answers as no cache: repeated
// queries, the same query nested while its rows are open, queries after an
// error and inside a transaction that rolls back.
func TestStatementCache(t *testing.T) {
	db := sqldbtest.SQLite(t)
	ctx := context.Background()
	for i := range 5 {
		if _, err := db.Write.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, string(rune('a'+i)), "v"); err != nil {
			t.Fatal(err)
		}
	}
	const q = `SELECT key FROM settings WHERE key >= $1 ORDER BY key`
	conn, err := db.Read.Conn(ctx) // one connection, so the cache is surely shared
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	count := func(from string) int {
		rows, err := conn.QueryContext(ctx, q, from)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			n++
		}
		return n
	}
	for range 3 {
		if n := count("a"); n != 5 {
			t.Fatalf("repeated query: %d rows", n)
		}
	}
	// Nested: the outer rows stay open while the same text runs again.
	outer, err := conn.QueryContext(ctx, q, "c")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for outer.Next() {
		var k string
		outer.Scan(&k)
		keys = append(keys, k)
		if n := count(k); n < 1 {
			t.Fatalf("nested query from %s: %d rows", k, n)
		}
	}
	outer.Close()
	if len(keys) != 3 || keys[0] != "c" {
		t.Fatalf("outer rows disturbed by nested use: %v", keys)
	}
	// An error leaves the cache usable.
	if _, err := conn.QueryContext(ctx, `SELECT nope FROM settings`); err == nil {
		t.Fatal("bad query succeeded")
	}
	if n := count("b"); n != 4 {
		t.Fatalf("after an error: %d rows", n)
	}
	// Inside a transaction that rolls back, on the writer.
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('z', 'v')`)
	var n int
	tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n)
	tx.Rollback()
	var m int
	db.Write.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&m)
	if n != 6 || m != 5 {
		t.Fatalf("in tx %d rows, after rollback %d", n, m)
	}
}
