package petitionsql_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/petitionsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
)

// 100 parallel guesses at one code from one address: exactly
// MaxTrackFailuresPerCode are checked (and fail), every other one is
// refused, and the right secret is refused too afterwards.
func TestTrackGuessesInParallel(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		r := x.submit(t, x.input())
		guesser := ptFrom("198.51.100.77")
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[string]int{}
		for i := 0; i < 100; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, err := x.ps.Track(guesser, r.TrackingCode, fmt.Sprintf("sai-ma-%03d", i))
				mu.Lock()
				codes[congvu.ErrorCode(err)]++
				mu.Unlock()
			}(i)
		}
		wg.Wait()
		if codes[congvu.ENOTFOUND] != petition.MaxTrackFailuresPerCode || codes[congvu.ELIMIT] != 100-petition.MaxTrackFailuresPerCode {
			t.Errorf("100 parallel guesses: %v, want %d checked and the rest refused", codes, petition.MaxTrackFailuresPerCode)
		}
		_, err := x.ps.Track(guesser, r.TrackingCode, r.Secret)
		sqldbtest.Code(t, err, congvu.ELIMIT)
	})
}

// Codes issued before I was read as L hold an I or an O; the reporter may
// type them with 1, l, L, I, 0 or O, and finds the petition every way.
func TestTrackOldCodesWithIAndO(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		r := x.submit(t, x.input())
		if _, err := db.Write.Exec(`UPDATE petitions SET tracking_code = 'PA-IO7K-Q3LI' WHERE id = $1`, r.Petition.ID); err != nil {
			t.Fatal(err)
		}
		for i, typed := range []string{"PA-IO7K-Q3LI", "pa-107k-q311", "PA-LO7K-Q3LL", "pa io7k q3li", "PA-1O7K-Q3L1", "PAI07KQ3LI"} {
			p, err := x.ps.Track(ptFrom(fmt.Sprintf("203.0.113.%d", i+1)), typed, r.Secret)
			if err != nil {
				t.Errorf("typed %q: %v", typed, err)
				continue
			}
			if p.TrackingCode != "PA-IO7K-Q3LI" {
				t.Errorf("typed %q: found %s", typed, p.TrackingCode)
			}
		}
		// Staff find it by the code typed either way too.
		list, _, err := x.ps.FindPetitions(sqldbtest.As(x.admin), petition.Filter{Query: "PA-107K-Q311", Limit: 5})
		if err != nil || len(list) != 1 {
			t.Errorf("staff search by the code with ones: %d found, %v", len(list), err)
		}
	})
}

// A wrong secret on a real code and an unknown code cost the same: the
// benchmark reports the median of each (interleaved, each attempt from its
// own address so that no limit interferes) and their difference in
// percent. The issue measured 2.20 against 1.87 ms (+18%); an attacker
// needs a steady difference, noise of a shared machine is not one.
func BenchmarkTrackTiming(b *testing.B) {
	sqldbtest.EachBench(b, func(b *testing.B, db *sqldb.DB) {
		{
			ps := petitionsql.NewPetitionService(db, nil, calendarsql.NewCalendarService(db))
			code := benchOnePetition(b, db, ps)
			var real, unknown []time.Duration
			n := 0
			for b.Loop() {
				ctx := ptFrom(fmt.Sprintf("10.%d.%d.%d", n/65536%256, n/256%256, n%256))
				c := code
				if n%2 == 1 {
					c = "PA-ZZZZ-ZZZZ"
				}
				start := time.Now()
				_, err := ps.Track(ctx, c, "sai-ma-bi-mat-x")
				d := time.Since(start)
				if congvu.ErrorCode(err) != congvu.ENOTFOUND {
					b.Fatalf("track: %v", err)
				}
				if n%2 == 0 {
					real = append(real, d)
				} else {
					unknown = append(unknown, d)
				}
				n++
			}
			if len(real) == 0 || len(unknown) == 0 {
				return
			}
			slices.Sort(real)
			slices.Sort(unknown)
			mr, mu := real[len(real)/2], unknown[len(unknown)/2]
			b.ReportMetric(float64(mr.Microseconds())/1000, "ms-median-real-code")
			b.ReportMetric(float64(mu.Microseconds())/1000, "ms-median-unknown-code")
			b.ReportMetric(100*(float64(mr)/float64(mu)-1), "%-difference")
		}
	})
}

// benchOnePetition files an anonymous petition about a new unit and
// returns its tracking code.
func benchOnePetition(b *testing.B, db *sqldb.DB, ps *petitionsql.PetitionService) string {
	now := db.Now().UTC()
	var id int64
	if err := db.Write.QueryRow(`INSERT INTO units (code, name, search_name, kind, parent_id, path, depth, active, created_at, updated_at)
		VALUES ('BT', 'Xã Đo', 'xã đo', 'agency', 1, '', 1, TRUE, $1, $1) RETURNING id`, now).Scan(&id); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Write.Exec(`UPDATE units SET path = $1 WHERE id = $2`, congvu.PathOf(congvu.RootUnitPath, id), id); err != nil {
		b.Fatal(err)
	}
	if _, err := standardsql.NewStandardService(db).EnsureCatalog(context.Background()); err != nil {
		b.Fatal(err)
	}
	r, err := ps.Submit(ptFrom("203.0.113.7"), petition.Input{UnitID: id, Category: petition.Harassment, Anonymous: true, Consent: true,
		Description: "Cán bộ đòi thêm giấy tờ không có trong quy định.", FillTime: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	return r.TrackingCode
}
