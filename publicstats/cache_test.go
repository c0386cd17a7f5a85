package publicstats_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"congvu/org"
	"congvu/petition"
	"congvu/publicstats"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices/sqlservicestest"
)

// gatedUnits counts the reads of the public figures (each starts with
// FindUnitByCode) and holds each until the test opens the gate.
type gatedUnits struct {
	org.UnitService
	reads atomic.Int32
	gate  chan struct{}
}

func (g *gatedUnits) FindUnitByCode(ctx context.Context, code string) (*org.Unit, error) {
	g.reads.Add(1)
	<-g.gate
	return g.UnitService.FindUnitByCode(ctx, code)
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
	}
}

// A province's figures take seconds to read cold at national scale
// (BenchmarkPublicFigures): twenty citizens opening a unit's page at once
// cause one read, not twenty; once the figures are older than the TTL the
// page is served at once from them while one read renews them in the
// background.
func TestFiguresReadOnceAtATime(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.MakeTree(t, db)
		w := sqlservicestest.Wire(t, db)
		units := &gatedUnits{UnitService: w.Units, gate: make(chan struct{})}
		pub := publicstats.New(units, w.Dashboards, w.Feedback, w.Petitions, w.Inspections, w.Compliance, func() time.Time { return db.Now() })

		var wg sync.WaitGroup
		got := make([]*publicstats.Figures, 20)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f, err := pub.Figures(context.Background(), "P1D1")
				if err != nil {
					t.Error(err)
				}
				got[i] = f
			}()
		}
		waitFor(t, "the first read", func() bool { return units.reads.Load() == 1 })
		time.Sleep(50 * time.Millisecond) // the other requests arrive meanwhile
		close(units.gate)
		wg.Wait()
		if n := units.reads.Load(); n != 1 {
			t.Fatalf("20 requests at once read the figures %d times", n)
		}
		for _, f := range got {
			if f == nil || f != got[0] {
				t.Fatal("the requests did not all get the one read's figures")
			}
		}

		// Past the TTL: served at once from the figures kept, while one
		// read (held at the gate) renews them.
		pub.TTL = time.Millisecond
		time.Sleep(2 * time.Millisecond)
		units.gate = make(chan struct{})
		for range 5 {
			f, err := pub.Figures(context.Background(), "P1D1")
			if err != nil || f != got[0] {
				t.Fatalf("stale figures not served while renewed: %v", err)
			}
		}
		waitFor(t, "the renewal", func() bool { return units.reads.Load() == 2 })
		close(units.gate)
		waitFor(t, "the renewed figures", func() bool {
			f, _ := pub.Figures(context.Background(), "P1D1")
			return f != got[0]
		})
	})
}

// countedPetitions counts the petition figures read per unit.
type countedPetitions struct {
	petition.Service
	mu    sync.Mutex
	stats map[int64]int
}

func (c *countedPetitions) Stats(ctx context.Context, f petition.StatsFilter) (*petition.Stats, error) {
	c.mu.Lock()
	c.stats[f.UnitID]++
	c.mu.Unlock()
	return c.Service.Stats(ctx, f)
}

// The districts of a province compare themselves with the province's own
// figures of the year: read once for the province's page and its
// districts', not once per district; still the same figures.
func TestFiguresShareTheProvince(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tree := sqldbtest.MakeTree(t, db)
		w := sqlservicestest.Wire(t, db)
		pets := &countedPetitions{Service: w.Petitions, stats: map[int64]int{}}
		pub := publicstats.New(w.Units, w.Dashboards, w.Feedback, pets, w.Inspections, w.Compliance, func() time.Time { return db.Now() })
		var kept []*publicstats.Figures
		for _, code := range []string{"P1D1", "P1", "P1D2"} {
			f, err := pub.Figures(context.Background(), code)
			if err != nil {
				t.Fatal(err)
			}
			kept = append(kept, f)
		}
		// This year and last year for the province's page, this year once
		// more for the first district, read before the province.
		if n := pets.stats[tree.P1]; n != 3 {
			t.Fatalf("the province's petition figures read %d times for its page and two districts, want 3", n)
		}
		if *kept[0].InProvince != kept[1].This || *kept[2].InProvince != kept[1].This {
			t.Fatalf("the districts compare with %+v and %+v, the province's page says %+v", kept[0].InProvince, kept[2].InProvince, kept[1].This)
		}
	})
}
