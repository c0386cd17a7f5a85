package sqldb_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"congvu"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// 100 parallel hits on one key with a limit of 5: exactly 5 are allowed,
// on both engines.
func TestRateLimiterParallel(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		lim := sqldb.NewRateLimiter(db)
		var allowed atomic.Int64
		var wg sync.WaitGroup
		for range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := lim.Allow(context.Background(), "guess:PA-7KQ3-M2XD", 5, time.Hour)
				if err != nil {
					t.Error(err)
				}
				if ok {
					allowed.Add(1)
				}
			}()
		}
		wg.Wait()
		if n := allowed.Load(); n != 5 {
			t.Errorf("%d of 100 parallel hits allowed, want 5", n)
		}
	})
}

// No row of the limiter holds what its key was made of (an address, a
// code); each day has its own pseudonym key, and the keys older than the
// retention are deleted; limits keep counting up to midnight and start
// afresh after it, without error.
func TestPseudonymsRotateDaily(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clock := sqldbtest.SetClock(db)
		day := time.Date(2026, 3, 5, 23, 59, 0, 0, congvu.TimeZone)
		clock.Set(day)
		lim := sqldb.NewRateLimiter(db)
		for i := range 3 {
			if ok, err := lim.Allow(ctx, "api:ip:198.51.100.23", 3, time.Hour); err != nil || !ok {
				t.Fatalf("hit %d: %v %v", i, ok, err)
			}
		}
		if ok, _ := lim.Allow(ctx, "api:ip:198.51.100.23", 3, time.Hour); ok {
			t.Error("the fourth hit of the hour allowed")
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rate_limits WHERE key LIKE '%198.51%'`); n != 0 {
			t.Error("an address in clear in rate_limits")
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rate_limits WHERE key LIKE 'api:%'`); n != 1 {
			t.Errorf("%d rows named api:, want 1 (the name of the limit stays readable)", n)
		}
		a, err := db.DayPseudonym(ctx, "test.ip", "ip", "198.51.100.23", clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		a2, _ := db.DayPseudonym(ctx, "test.ip", "ip", "198.51.100.23", clock.Now().Add(-time.Hour))
		clock.Add(2 * time.Minute) // past midnight
		b, _ := db.DayPseudonym(ctx, "test.ip", "ip", "198.51.100.23", clock.Now())
		if a != a2 || a == b || a == "" {
			t.Errorf("pseudonyms: %s, %s the same day, %s the next", a, a2, b)
		}
		if ok, err := lim.Allow(ctx, "api:ip:198.51.100.23", 3, time.Hour); err != nil || !ok {
			t.Errorf("after midnight, a new window: %v %v", ok, err)
		}
		// Two days on, the first day's key is deleted: its pseudonyms can no
		// longer be recomputed from an address.
		keys := func() int {
			return sqldbtest.Count(t, db, `SELECT COUNT(*) FROM settings WHERE key LIKE '%@2026-03-05'`)
		}
		if keys() != 2 {
			t.Fatalf("%d keys of the first day, want 2 (limits, test)", keys())
		}
		clock.Add(sqldb.DayKeyRetention)
		if n, err := db.PruneDayKeys(ctx, clock.Now()); err != nil || n != 2 {
			t.Errorf("pruned %d: %v", n, err)
		}
		if keys() != 0 {
			t.Error("the first day's keys survive the retention")
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM settings WHERE key LIKE '%@2026-03-06'`); n != 2 {
			t.Errorf("%d keys of the second day, want them kept", n)
		}
	})
}

// BenchmarkRateLimiterContention reports Allow's throughput with 32
// goroutines on one key and how many of them a limit of 5 let through per
// window (must be 5), beside the machine's limit: the raw rate of
// single-row inserts on the same database.
func BenchmarkRateLimiterContention(b *testing.B) {
	sqldbtest.EachBench(b, func(b *testing.B, db *sqldb.DB) {
		ctx := context.Background()
		if _, err := db.Write.Exec(`CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
			b.Fatal(err)
		}
		const raw = 300
		start := time.Now()
		for i := range raw {
			if _, err := db.Write.Exec(`INSERT INTO bench_raw (id, v) VALUES ($1, $2)`, i+1, "x"); err != nil {
				b.Fatal(err)
			}
		}
		rawRate := raw / time.Since(start).Seconds()
		lim := sqldb.NewRateLimiter(db)
		var allowed, keys atomic.Int64
		var mu sync.Mutex
		perKey := map[string]int{}
		b.SetParallelism(16) // 32 goroutines on 2 cores
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for i := 0; pb.Next(); i++ {
				// 100 hits per key, so each key sees contention and its limit.
				key := fmt.Sprintf("bench:%d", keys.Add(1)/100)
				ok, err := lim.Allow(ctx, key, 5, time.Hour)
				if err != nil {
					b.Error(err)
					return
				}
				if ok {
					allowed.Add(1)
					mu.Lock()
					perKey[key]++
					mu.Unlock()
				}
			}
		})
		b.StopTimer()
		worst := 0
		for _, n := range perKey {
			worst = max(worst, n)
		}
		sqldbtest.ReportRate(b)
		b.ReportMetric(rawRate, "raw-inserts/s")
		b.ReportMetric(float64(worst), "max-allowed-per-key")
		if worst > 5 {
			b.Errorf("a key let %d through, limit 5", worst)
		}
	})
}
