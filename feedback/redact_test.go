package feedback

import (
	"testing"
	"time"

	"congvu"
)

// A dashboard's range stops at the start of today for a reader who does
// not review every rating counted, and says so; a range of today alone is
// emptied to today, never reversed.
func TestDashboardFilterRedactFor(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, congvu.TimeZone).UTC() }
	now := time.Date(2026, 12, 7, 15, 4, 0, 0, congvu.TimeZone)
	reviewer := &congvu.Actor{UserID: 1, Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: 2, UnitPath: "/1/2/"}}}
	official := &congvu.Actor{UserID: 2, Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: 2, UnitPath: "/1/2/"}}}
	for _, c := range []struct {
		name             string
		actor            *congvu.Actor
		from, to         time.Time
		wantFrom, wantTo time.Time
		delayed, held    bool
	}{
		{"reviewer, to tomorrow", reviewer, day(1), day(8), day(1), day(8), false, false},
		{"official, past week", official, day(1), day(7), day(1), day(7), true, false},
		{"official, to tomorrow", official, day(1), day(8), day(1), day(7), true, true},
		{"official, today alone", official, day(7), day(8), day(7), day(7), true, true},
		{"official, future", official, day(9), day(10), day(7), day(7), true, true},
	} {
		f := DashboardFilter{From: c.from, To: c.to}
		delayed, held := f.RedactFor(c.actor, []string{"/1/2/"}, now)
		if delayed != c.delayed || held != c.held || !f.From.Equal(c.wantFrom) || !f.To.Equal(c.wantTo) {
			t.Errorf("%s: %s–%s delayed %v held %v; want %s–%s %v %v", c.name, f.From, f.To, delayed, held, c.wantFrom, c.wantTo, c.delayed, c.held)
		}
		d := Dashboard{From: f.From, To: f.To}
		if last := d.LastDay(); last.Before(d.From) {
			t.Errorf("%s: last day %s before the first %s", c.name, last, d.From)
		}
	}
}
