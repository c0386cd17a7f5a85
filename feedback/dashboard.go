package feedback

import (
	"congvu"
	"fmt"
	"time"
)

// Dashboard defaults and limits.
const (
	// DefaultDashboardDays is the range of a dashboard when none is given:
	// the last 90 days, today included.
	DefaultDashboardDays = 90
	// MaxDashboardDays bounds the range of one dashboard (five years).
	MaxDashboardDays = 5*366 + 1
	// WeakestShown is how many of the weakest standards a dashboard names.
	WeakestShown = 3
	// MaxCommentCount bounds the count of a comment feed: Comments counts
	// at most MaxCommentCount+1 matching ratings, so a feed over the whole
	// country stays fast; a total above MaxCommentCount means "more than",
	// and the feed's pages stop there (twenty pages of ten): dates or words
	// narrow it. At 1,000 a province's search counted 149 matches a
	// quarter at 1M ratings and 1,001 at 30M, 4.2 times the time (issue 15).
	MaxCommentCount = 200
)

// Periods lists the trend grains, shortest first.
var Periods = []Period{PeriodWeek, PeriodMonth, PeriodQuarter}

// Valid reports whether p is a known period.
func (p Period) Valid() bool {
	return p == PeriodWeek || p == PeriodMonth || p == PeriodQuarter
}

// Label is the Vietnamese name of the grain ("Theo tuần").
func (p Period) Label() string {
	switch p {
	case PeriodWeek:
		return "Theo tuần"
	case PeriodMonth:
		return "Theo tháng"
	case PeriodQuarter:
		return "Theo quý"
	}
	return string(p)
}

// Noun is the Vietnamese word for one period ("tuần", "tháng", "quý").
func (p Period) Noun() string {
	switch p {
	case PeriodWeek:
		return "tuần"
	case PeriodMonth:
		return "tháng"
	case PeriodQuarter:
		return "quý"
	}
	return string(p)
}

// PeriodStart returns the first day of the period holding the Vietnam
// date of t, at midnight in TimeZone: the Monday of its ISO week, the first
// of its month or of its quarter.
func PeriodStart(p Period, t time.Time) time.Time {
	d := congvu.Date(t)
	switch p {
	case PeriodWeek:
		wd := (int(d.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
		return d.AddDate(0, 0, -wd)
	case PeriodQuarter:
		m := (int(d.Month())-1)/3*3 + 1
		return time.Date(d.Year(), time.Month(m), 1, 0, 0, 0, 0, congvu.TimeZone)
	default:
		return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, congvu.TimeZone)
	}
}

// NextPeriod returns the start of the period after the one starting at
// start.
func NextPeriod(p Period, start time.Time) time.Time {
	switch p {
	case PeriodWeek:
		return start.AddDate(0, 0, 7)
	case PeriodQuarter:
		return start.AddDate(0, 3, 0)
	default:
		return start.AddDate(0, 1, 0)
	}
}

// PeriodLabel names the period starting at start the way Vietnamese
// reports do: "Tuần 42/2026" (ISO week and year), "T10/2026", "Q3/2026".
func PeriodLabel(p Period, start time.Time) string {
	d := start.In(congvu.TimeZone)
	switch p {
	case PeriodWeek:
		y, w := d.ISOWeek()
		return fmt.Sprintf("Tuần %d/%d", w, y)
	case PeriodQuarter:
		return fmt.Sprintf("Q%d/%d", (int(d.Month())-1)/3+1, d.Year())
	default:
		return fmt.Sprintf("T%d/%d", int(d.Month()), d.Year())
	}
}

// Weakest returns up to n items with at least minAsked answers and a
// compliance below 100%, lowest first (ties keep the catalog order).
func Weakest(items []ItemRate, minAsked, n int) []ItemRate {
	var out []ItemRate
	for _, it := range items {
		if it.Asked >= minAsked && it.Rate < 100 {
			out = append(out, it)
		}
	}
	// Insertion sort: eight items, stable.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Rate < out[j-1].Rate; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// Add adds the counts of u to t.
func (t *Tally) Add(u Tally) {
	t.Total += u.Total
	t.VerySatisfied += u.VerySatisfied
	t.Satisfied += u.Satisfied
	t.Dissatisfied += u.Dissatisfied
	t.Flagged += u.Flagged
	t.Rejected += u.Rejected
}

// Received is every rating received, counted or not.
func (t Tally) Received() int { return t.Total + t.Flagged + t.Rejected }
