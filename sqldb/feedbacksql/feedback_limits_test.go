package feedbacksql_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/sqldbtest"
)

// A one-stop centre's Wi-Fi or a carrier's shared address: a hundred
// people rating a hundred officials from one address are all counted.
// Only a flood past the hard cap per address is refused, and the refusal
// is kept.
func TestFeedbackSharedAddress(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		wifi := fbFromIP("203.0.113.80")
		for i := range 100 {
			o := sqldbtest.Official(t, x.offs, x.C1, fmt.Sprintf("CB%03d", i), fmt.Sprintf("Cán Bộ %d", i), org.CategoryCivilServant)
			fb, err := x.fs.Submit(wifi, feedback.Input{BadgeToken: o.BadgeToken, Satisfaction: feedback.Satisfied, Comment: "Tận tình", FillTime: feedback.MinFillTime})
			if err != nil || fb.Status != feedback.Accepted {
				t.Fatalf("rating %d from the shared address: %+v %v", i+1, fb, err)
			}
		}
		// A flood: past MaxPerAddressPerHour in the hour, exactly one of
		// these concurrent ratings is refused, and stored as rejected.
		n := feedback.MaxPerAddressPerHour - 100 + 1
		offs := []*org.Official{x.an, x.binh, x.chi}
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := x.fs.Submit(wifi, feedback.Input{BadgeToken: offs[i%3].BadgeToken, Satisfaction: feedback.Satisfied})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		refused := 0
		for err := range errs {
			switch congvu.ErrorCode(err) {
			case "":
			case congvu.ELIMIT:
				refused++
			default:
				t.Fatal(err)
			}
		}
		if refused != 1 {
			t.Errorf("%d refused past the hard cap, want 1", refused)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback WHERE status = 'rejected' AND flag_reason LIKE '%địa chỉ mạng%'`); n != 1 {
			t.Errorf("%d refusals stored", n)
		}
		x.checkRollups(t)
	})
}

// The counters are the database's: two app servers count into the same
// ones, and a restarted server remembers them.
func TestFeedbackCountersShared(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		other := feedbacksql.NewFeedbackService(db)
		t.Cleanup(other.Close)
		ip := fbFromIP("198.51.100.9")
		rate := func(s *feedbacksql.FeedbackService) *feedback.Feedback {
			t.Helper()
			fb, err := s.Submit(ip, feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.VerySatisfied})
			if err != nil {
				t.Fatal(err)
			}
			return fb
		}
		// Half the allowance through each server.
		for i := range feedback.MaxPerAddressOfficialPerHour {
			if fb := rate([]*feedbacksql.FeedbackService{x.fs, other}[i%2]); fb.Status != feedback.Accepted {
				t.Fatalf("rating %d: %s %s", i+1, fb.Status, fb.FlagReason)
			}
		}
		// A restart of the first server forgets nothing.
		x.fs.Close()
		restarted := feedbacksql.NewFeedbackService(db)
		t.Cleanup(restarted.Close)
		if fb := rate(restarted); fb.Status != feedback.Flagged || !strings.Contains(fb.FlagReason, "cùng một cán bộ") {
			t.Errorf("past the allowance, counted across servers and a restart: %s %q", fb.Status, fb.FlagReason)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback_counters WHERE key LIKE '%198.51.100.9%'`); n != 0 {
			t.Errorf("an address in clear in a counter key")
		}
	})
}

// A deployment upgrading in place keeps its counters: the hits counted
// under the keys and table of migration 0011 count on after migration
// 0044 renamed the keys and rebuilt the table.
func TestFeedbackCountersMigrated(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		ip := fbFromIP("198.51.100.23")
		rate := func(s *feedbacksql.FeedbackService) *feedback.Feedback {
			t.Helper()
			fb, err := s.Submit(ip, feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.Satisfied})
			if err != nil {
				t.Fatal(err)
			}
			return fb
		}
		for i := range feedback.MaxPerAddressOfficialPerHour {
			if fb := rate(x.fs); fb.Status != feedback.Accepted {
				t.Fatalf("rating %d: %s %s", i+1, fb.Status, fb.FlagReason)
			}
		}
		x.fs.Close()
		// Put the counters back as migration 0011 kept them.
		type counter struct {
			key   string
			start time.Time
			hits  int64
		}
		var old []counter
		rows, err := db.Read.Query(`SELECT key, window_start, hits FROM feedback_counters`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var c counter
			if err := rows.Scan(&c.key, &c.start, &c.hits); err != nil {
				t.Fatal(err)
			}
			if rest, ok := strings.CutPrefix(c.key, "ip:"); ok {
				if h, id, ok := strings.Cut(rest, ":off:"); ok {
					c.key = "ip-off:" + h + ":" + id
				} else if h, id, ok := strings.Cut(rest, ":unit:"); ok {
					c.key = "ip-unit:" + h + ":" + id
				}
			}
			old = append(old, c)
		}
		rows.Close()
		if len(old) < 3 {
			t.Fatalf("%d counters", len(old))
		}
		ddl := []string{`DROP TABLE feedback_counters`,
			`CREATE TABLE feedback_counters (key TEXT PRIMARY KEY, window_start TIMESTAMP NOT NULL, hits INTEGER NOT NULL)`,
			`CREATE INDEX feedback_counters_window ON feedback_counters(window_start)`}
		if db.Engine == sqldb.Postgres {
			ddl = []string{`DROP TABLE feedback_counters`,
				`CREATE TABLE feedback_counters (key TEXT PRIMARY KEY, window_start TIMESTAMPTZ NOT NULL, hits BIGINT NOT NULL)`,
				`CREATE INDEX feedback_counters_window ON feedback_counters(window_start)`}
		}
		ddl = append(ddl, `DELETE FROM schema_migrations WHERE name = '0044_feedback_counters_clustered.sql'`)
		for _, q := range ddl {
			if _, err := db.Write.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range old {
			if _, err := db.Write.Exec(`INSERT INTO feedback_counters (key, window_start, hits) VALUES ($1, $2, $3)`, c.key, c.start, c.hits); err != nil {
				t.Fatal(err)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback_counters WHERE key LIKE 'ip-off:%'`); n != 1 {
			t.Fatalf("%d counters per address and official before the upgrade", n)
		}
		applied, err := db.Migrate(context.Background())
		if err != nil || len(applied) != 1 {
			t.Fatalf("upgrade applied %v, %v", applied, err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback_counters`); n != len(old) {
			t.Errorf("%d counters after the upgrade, want %d", n, len(old))
		}
		upgraded := feedbacksql.NewFeedbackService(db)
		t.Cleanup(upgraded.Close)
		if fb := rate(upgraded); fb.Status != feedback.Flagged || !strings.Contains(fb.FlagReason, "cùng một cán bộ") {
			t.Errorf("past the allowance, counted across the upgrade: %s %q", fb.Status, fb.FlagReason)
		}
	})
}
