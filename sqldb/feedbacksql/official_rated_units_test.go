package feedbacksql_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"congvu/devdata"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/sqldbtest"
)

// ratedPairs returns the (official, unit) pairs of query, sorted.
func ratedPairs(t *testing.T, db *sqldb.DB, query string) []string {
	t.Helper()
	rows, err := db.Read.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o, u int64
		if err := rows.Scan(&o, &u); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d/%d", o, u))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// The units an official was rated in (migration 0049) are those of their
// ratings, however the ratings were written: the batch writer, the
// generator's multi-row statements, a single INSERT; and the migration
// fills them from the ratings already stored.
func TestOfficialRatedUnitsFollowRatings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		db.Now = func() time.Time { return fixtureNow }
		fx := newDashTree(t, db)
		ctx := sqldbtest.Sys()
		const kept = `SELECT official_id, unit_id FROM official_rated_units`
		const raw = `SELECT DISTINCT official_id, unit_id FROM feedback WHERE official_id IS NOT NULL`
		check := func(when string) {
			t.Helper()
			got, want := ratedPairs(t, db, kept), ratedPairs(t, db, raw)
			if !slices.Equal(got, want) {
				t.Fatalf("%s: kept %v, ratings have %v", when, got, want)
			}
		}
		check("empty")
		fs := feedbacksql.NewFeedbackService(db)
		defer fs.Close()
		for i := range 6 {
			tok := fx.o1.BadgeToken
			if i%2 == 1 {
				tok = fx.o3.BadgeToken
			}
			if _, err := fs.Submit(context.Background(), feedback.Input{BadgeToken: tok, Satisfaction: feedback.Satisfied, FillTime: 30 * time.Second}); err != nil {
				t.Fatal(err)
			}
		}
		check("after the batch writer")
		if n := len(ratedPairs(t, db, kept)); n != 2 {
			t.Fatalf("%d pairs after rating two officials", n)
		}
		// An official rated in a unit other than their own (they moved).
		if _, err := db.Write.Exec(`INSERT INTO feedback (unit_id, official_id, channel, satisfaction, status, submitted_at)
			VALUES ($1, $2, 'badge', 'satisfied', 'accepted', $3)`, fx.units["C2"].ID, fx.o3.ID, fixtureNow.UTC()); err != nil {
			t.Fatal(err)
		}
		check("after a single insert")
		if !slices.Contains(ratedPairs(t, db, kept), fmt.Sprintf("%d/%d", fx.o3.ID, fx.units["C2"].ID)) {
			t.Fatal("the moved official's new unit is not kept")
		}
		if _, err := devdata.GenerateFeedback(ctx, db, devdata.GenOptions{Ratings: 1500, From: vnDay(2026, 1, 1), To: vnDay(2026, 3, 1), Seed: 7}); err != nil {
			t.Fatal(err)
		}
		check("after the generator")
		before := ratedPairs(t, db, kept)
		if len(before) < 4 {
			t.Fatalf("only %d pairs after generating ratings", len(before))
		}

		// The migration fills the pairs from the ratings of a database
		// written before it.
		undo := `DROP TRIGGER feedback_official_rated_units; DROP TABLE official_rated_units;`
		if db.Engine == sqldb.Postgres {
			undo = `DROP TRIGGER feedback_official_rated_units ON feedback; DROP FUNCTION feedback_official_rated_units(); DROP TABLE official_rated_units;`
		}
		if _, err := db.Write.Exec(undo + ` DELETE FROM schema_migrations WHERE name = '0049_official_rated_units.sql'`); err != nil {
			t.Fatal(err)
		}
		if applied, err := db.Migrate(ctx); err != nil || len(applied) != 1 {
			t.Fatalf("migrate: %v %v", applied, err)
		}
		if got := ratedPairs(t, db, kept); !slices.Equal(got, before) {
			t.Fatalf("after the migration %v, before %v", got, before)
		}
	})
}
