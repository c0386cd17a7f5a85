package petitionsql

import (
	"testing"
	"time"
)

// The spans of a range count each of its days once and no other day, and
// read a partial month as the month less its other days when that reads
// fewer days.
func TestStatsSpansCoverTheRange(t *testing.T) {
	d := func(s string) time.Time {
		t, _ := time.Parse(time.DateOnly, s)
		return t
	}
	cases := []struct {
		from, to string
		negative bool // some span is taken out
	}{
		{"2026-03-05", "2026-03-20", false}, // inside a month
		{"2025-12-08", "2026-12-08", true},  // the default year: December less its first week
		{"2026-01-09", "2026-04-15", true},  // January less its first days
		{"2026-02-23", "2026-04-15", false},
		{"2026-01-01", "2026-04-01", false}, // whole months
		{"2026-01-31", "2026-03-02", false},
	}
	for _, c := range cases {
		from, to := d(c.from), d(c.to)
		count := map[string]int{}
		neg := false
		for _, sp := range statsSpans(from, to) {
			step := 1
			if sp.neg {
				step, neg = -1, true
			}
			for x := d(sp.from); x.Before(d(sp.to)); x = x.AddDate(0, 0, 1) {
				if sp.grain == "_month" && x.Day() == 1 && d(sp.from).Day() != 1 {
					t.Errorf("%s – %s: a month span starts on %s", c.from, c.to, sp.from)
				}
				count[x.Format(time.DateOnly)] += step
			}
		}
		for x := from.AddDate(0, 0, -40); x.Before(to.AddDate(0, 0, 40)); x = x.AddDate(0, 0, 1) {
			want := 0
			if !x.Before(from) && x.Before(to) {
				want = 1
			}
			if got := count[x.Format(time.DateOnly)]; got != want {
				t.Errorf("%s – %s: day %s counted %d times", c.from, c.to, x.Format(time.DateOnly), got)
			}
		}
		if neg != c.negative {
			t.Errorf("%s – %s: a span taken out: %v, want %v", c.from, c.to, neg, c.negative)
		}
	}
}
