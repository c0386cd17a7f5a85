package feedback

import (
	"congvu"
	"testing"
	"time"
)

func TestPeriodLabels(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, congvu.TimeZone) }
	for _, c := range []struct {
		p     Period
		at    time.Time
		start time.Time
		label string
	}{
		{PeriodWeek, day(2026, 10, 14), day(2026, 10, 12), "Tuần 42/2026"},
		{PeriodWeek, day(2026, 10, 18), day(2026, 10, 12), "Tuần 42/2026"}, // Sunday
		{PeriodWeek, day(2027, 1, 1), day(2026, 12, 28), "Tuần 53/2026"},   // ISO year
		{PeriodWeek, day(2025, 12, 30), day(2025, 12, 29), "Tuần 1/2026"},
		{PeriodMonth, day(2026, 10, 31), day(2026, 10, 1), "T10/2026"},
		{PeriodQuarter, day(2026, 9, 30), day(2026, 7, 1), "Q3/2026"},
		{PeriodQuarter, day(2026, 1, 1), day(2026, 1, 1), "Q1/2026"},
		// 23:30 UTC on 30 June is already 1 July in Vietnam.
		{PeriodMonth, time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC), day(2026, 7, 1), "T7/2026"},
	} {
		st := PeriodStart(c.p, c.at)
		if !st.Equal(c.start) || PeriodLabel(c.p, st) != c.label {
			t.Errorf("%s of %v: %v %q, want %v %q", c.p, c.at, st, PeriodLabel(c.p, st), c.start, c.label)
		}
		if n := NextPeriod(c.p, st); !n.After(c.at) || !PeriodStart(c.p, n).Equal(n) {
			t.Errorf("%s after %v: %v", c.p, st, n)
		}
	}
	if !PeriodWeek.Valid() || Period("day").Valid() || PeriodQuarter.Label() != "Theo quý" {
		t.Error("period validity or label")
	}
}

func TestWeakest(t *testing.T) {
	items := []ItemRate{
		{Code: "A", Asked: 50, Rate: 90}, {Code: "B", Asked: 10, Rate: 5}, {Code: "C", Asked: 40, Rate: 60},
		{Code: "D", Asked: 40, Rate: 100}, {Code: "E", Asked: 30, Rate: 60}, {Code: "F", Asked: 31, Rate: 95},
	}
	got := Weakest(items, 30, 3)
	if len(got) != 3 || got[0].Code != "C" || got[1].Code != "E" || got[2].Code != "A" {
		t.Errorf("weakest %+v", got)
	}
	if len(Weakest(items, 1000, 3)) != 0 {
		t.Error("weakest without enough answers")
	}
}

func TestTallyAdd(t *testing.T) {
	a := Tally{Total: 3, VerySatisfied: 1, Satisfied: 1, Dissatisfied: 1, Flagged: 2}
	a.Add(Tally{Total: 1, Satisfied: 1, Rejected: 4})
	if a != (Tally{Total: 4, VerySatisfied: 1, Satisfied: 2, Dissatisfied: 1, Flagged: 2, Rejected: 4}) || a.Received() != 10 || a.Index() != 75 {
		t.Errorf("%+v", a)
	}
}
