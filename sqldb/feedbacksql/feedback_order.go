package feedbacksql

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"

	"congvu/sqldb"
)

// Lists for those who do not review feedback (see feedback.Filter.RedactFor)
// are ordered by Vietnam day, newest first, and within a day by a keyed
// hash of the rating's id: (id·a + b) mod p, a and b from a secret shared by
// every app server (the settings table), so pages agree across servers and
// restarts while the order within a day says nothing of who rated first.

// orderPrime is p, a prime above any rating id (and small enough that
// id·a + b fits in 64 bits).
const orderPrime = 2147483647

// orderKeys caches the secret's a and b per database.
var orderKeys sync.Map // *sqldb.DB → [2]uint64

// hiddenOrder is the ORDER BY of a list that must not be ordered by time
// (f is the rating table's alias).
func hiddenOrder(ctx context.Context, db *sqldb.DB) (string, error) {
	k, ok := orderKeys.Load(db)
	if !ok {
		sec, err := db.Secret(ctx, "feedback_order_key")
		if err != nil {
			return "", err
		}
		a := binary.BigEndian.Uint64(sec[0:8])%(orderPrime-1) + 1
		b := binary.BigEndian.Uint64(sec[8:16]) % orderPrime
		k, _ = orderKeys.LoadOrStore(db, [2]uint64{a, b})
	}
	ab := k.([2]uint64)
	day := "date(f.submitted_at, '+7 hours')" // stored in UTC; Vietnam has no DST
	if db.Engine == sqldb.Postgres {
		day = "((f.submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date"
	}
	return fmt.Sprintf("%s DESC, (f.id * %d + %d) %% %d, f.id", day, ab[0], ab[1], orderPrime), nil
}

// ratedUnitPaths returns the paths of the units of the ratings about an
// official (those a list of their ratings may hold).
func ratedUnitPaths(ctx context.Context, db *sqldb.DB, officialID int64) ([]string, error) {
	return sqldb.QueryAll(ctx, db, db.Read, "rated units", `SELECT path FROM units WHERE id IN (SELECT DISTINCT unit_id FROM feedback WHERE official_id = $1)`,
		func(sc sqldb.Scanner) (string, error) {
			var p string
			return p, sc.Scan(&p)
		}, officialID)
}
