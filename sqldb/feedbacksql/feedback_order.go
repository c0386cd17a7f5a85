package feedbacksql

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/sqldb"
)

// Lists for those who do not review feedback (see feedback.Filter.RedactFor)
// are ordered by Vietnam day, newest first, and within a day by a keyed
// hash of the rating's id: x = (id·a + b) mod p, then twice x = (x² + c) mod p
// (an affine map alone keeps consecutive ids in order), with a, b, c, d from
// a secret shared by every app server (the settings table), so pages agree
// across servers and restarts while the order within a day says nothing of
// who rated first. Every product stays below 2⁶², in SQLite's integers.

// orderPrime is p, a prime above any rating id (and small enough that
// id·a + b and x² fit in 63 bits).
const orderPrime = 2147483647

// orderKeys caches the secret's a, b, c, d per database.
var orderKeys sync.Map // *sqldb.DB → [4]uint64

// visibleClause is the condition under which a rating f is listed to actor
// at now when actor does not review every rating the list may hold
// (feedback.VisibleCut): its unit is one actor reviews, or it was made
// before today. pathCol is the rating's unit path; with inUnits it is a
// column of units, matched through f.unit_id. reviewed is the first half
// alone.
func visibleClause(actor *congvu.Actor, now time.Time, pathCol string, inUnits bool, a *sqldb.Args) (visible, reviewed string) {
	scopes, cut := feedback.VisibleCut(actor, now)
	reviewed = "1=0"
	if len(scopes) > 0 {
		reviewed = sqldb.ScopeClause(pathCol, scopes, a)
		if inUnits {
			reviewed = "f.unit_id IN (SELECT id FROM units WHERE " + reviewed + ")"
		}
	}
	return "(" + reviewed + " OR f.submitted_at < " + a.Add(cut.UTC()) + ")", reviewed
}

// hiddenOrder is the ORDER BY of a list that must not be ordered by time
// (f is the rating table's alias). With reviewed (a condition on f), the
// ratings it holds, which the actor reviews, come first within their day,
// newest first (ids follow submission order); the others follow in the
// keyed order, which says nothing of time.
func hiddenOrder(ctx context.Context, db *sqldb.DB, reviewed string) (string, error) {
	k, ok := orderKeys.Load(db)
	if !ok {
		sec, err := db.Secret(ctx, "feedback_order_key")
		if err != nil {
			return "", err
		}
		var ks [4]uint64
		for i := range ks {
			ks[i] = binary.BigEndian.Uint64(sec[i*8:i*8+8]) % orderPrime
		}
		ks[0] = ks[0]%(orderPrime-1) + 1 // a ≠ 0
		k, _ = orderKeys.LoadOrStore(db, ks)
	}
	ks := k.([4]uint64)
	day, id := "date(f.submitted_at, '+7 hours')", "f.id" // stored in UTC; Vietnam has no DST
	if db.Engine == sqldb.Postgres {
		day, id = "((f.submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date", "f.id::bigint"
	}
	x := fmt.Sprintf("((%s * %d + %d) %% %d)", id, ks[0], ks[1], orderPrime)
	for _, c := range ks[2:] {
		x = fmt.Sprintf("((%s * %s + %d) %% %d)", x, x, c, orderPrime)
	}
	if reviewed != "" && reviewed != "1=0" {
		return fmt.Sprintf("%s DESC, CASE WHEN %s THEN 0 ELSE 1 END, CASE WHEN %s THEN f.id ELSE 0 END DESC, %s, f.id", day, reviewed, reviewed, x), nil
	}
	return fmt.Sprintf("%s DESC, %s, f.id", day, x), nil
}

// ratedUnitPaths returns the paths of the units of the ratings about an
// official (those a list of their ratings may hold), from the pairs that
// migration 0049's trigger keeps (official_rated_units) as ratings are stored.
func ratedUnitPaths(ctx context.Context, db *sqldb.DB, officialID int64) ([]string, error) {
	return sqldb.QueryAll(ctx, db, db.Read, "rated units", `SELECT u.path FROM official_rated_units ou JOIN units u ON u.id = ou.unit_id WHERE ou.official_id = $1`,
		func(sc sqldb.Scanner) (string, error) {
			var p string
			return p, sc.Scan(&p)
		}, officialID)
}
