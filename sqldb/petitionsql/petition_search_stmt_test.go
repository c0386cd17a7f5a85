package petitionsql_test

import (
	"fmt"
	"testing"
	"time"

	"congvu/petition"
	"congvu/sqldb/sqldbtest"
)

// A PostgreSQL phrase search writes its words into the SQL text; each
// distinct phrase is then a statement of its own, which must not be kept
// prepared on the connection (in the server's memory and the driver's
// cache, up to 512 a connection) for a search that is seldom repeated.
func TestPetitionSearchesKeepNoStatements(t *testing.T) {
	db := sqldbtest.Postgres(t)
	if db == nil {
		t.Skip("no PostgreSQL")
	}
	x := ptSetup(t, db)
	x.submit(t, x.input())
	db.Read.SetMaxOpenConns(1) // one connection: the statements it keeps are counted there
	kept := func() int { return sqldbtest.Count(t, db, `SELECT COUNT(*) FROM pg_prepared_statements`) }
	search := func(i int) {
		t.Helper()
		for _, f := range []petition.Filter{{Query: fmt.Sprintf("nhung tu%d", i)}, {Query: fmt.Sprintf("nhung tu%d", i), Sort: "due"}} {
			if _, _, err := x.ps.FindPetitions(sqldbtest.As(x.admin), f); err != nil {
				t.Fatal(err)
			}
			if _, _, err := x.ps.FindPetitions(sqldbtest.As(x.inspBinh), f); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Every kind of argument travels as well that way.
	now := x.clock.Now()
	list, n, err := x.ps.FindPetitions(sqldbtest.As(x.admin), petition.Filter{Query: "nhung nhieu", From: now.Add(-time.Hour), To: now.Add(time.Hour),
		OfficialID: x.an.ID, Category: petition.Harassment, Open: true})
	if err != nil || len(list) != 1 || n != 1 {
		t.Fatalf("a search with every filter: %d (%d), %v", len(list), n, err)
	}
	search(0)
	before := kept()
	for i := 1; i <= 40; i++ {
		search(i)
	}
	if after := kept(); after > before+2 {
		t.Errorf("%d statements kept prepared after 40 distinct searches, %d before", after, before)
	}
}
