package petitionsql_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// A petition submitted while a restructuring moves its unit to another
// province (the move written, not yet committed) is found by the staff of
// the province the unit lies in once both are done, and not by those of the
// province it left: its top-level unit (migration 0046) is not the one the
// submission read before the move committed.
func TestPetitionSubmittedDuringAMoveFollowsIt(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		ctx := context.Background()
		tx, err := db.Write.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		newD1 := x.P2Path + strings.TrimPrefix(x.D1Path, x.P1Path)
		if _, err := tx.ExecContext(ctx, `UPDATE units SET parent_id = CASE WHEN id = $1 THEN $2 ELSE parent_id END,
			path = $3 || substr(path, $4) WHERE path >= $5 AND path < $6`,
			x.D1, x.P2, newD1, len(x.D1Path)+1, x.D1Path, congvu.SubtreeUpper(x.D1Path)); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := x.ps.Submit(ptFrom("203.0.113.7"), x.input()) // about An, in C1 under D1
			done <- err
		}()
		time.Sleep(500 * time.Millisecond) // the submission reads the unit meanwhile
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			a    *congvu.Actor
			want int
		}{
			{"P1 (left)", sqldbtest.Actor(9997, congvu.RoleInspector, x.P1, x.P1Path), 0},
			{"P2 (joined)", sqldbtest.Actor(9996, congvu.RoleInspector, x.P2, x.P2Path), 1},
		} {
			list, n, err := x.ps.FindPetitions(sqldbtest.As(c.a), petition.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != c.want || n != c.want {
				t.Errorf("%s staff find %d petitions (total %d), want %d", c.name, len(list), n, c.want)
			}
		}
	})
}
