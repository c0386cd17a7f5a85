package sqldb

import (
	"time"

	"congvu"
)

// DayRange is a dashboard's range of Vietnam dates, [From, To).
type DayRange struct{ From, To time.Time }

// Bounds are the range as the strings compared with rollup days: a plain
// "yyyy-mm-dd" sorts right against every form a DATE takes on both engines.
func (r DayRange) Bounds() (string, string) {
	return r.From.Format(time.DateOnly), r.To.Format(time.DateOnly)
}

// NormalizeDayRange is the range of a dashboard filter's from and to, the
// one rule of every dashboard: no to is through today, a to with a time of
// day counts its whole day, no from is defaultFrom(to); the range must not
// be empty, longer than maxDays or outside the years 2000-9999, else v says
// why.
func NormalizeDayRange(v congvu.Validation, now, from, to time.Time, defaultFrom func(to time.Time) time.Time, maxDays int) DayRange {
	var r DayRange
	if to.IsZero() {
		r.To = congvu.Date(now).AddDate(0, 0, 1)
	} else {
		r.To = congvu.Date(to)
		if !r.To.Equal(to) {
			r.To = r.To.AddDate(0, 0, 1) // a time of day counts its whole day
		}
	}
	if from.IsZero() {
		r.From = defaultFrom(r.To)
	} else {
		r.From = congvu.Date(from)
	}
	switch {
	case !r.From.Before(r.To):
		v.Add("to", "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")
	case r.To.Sub(r.From) > time.Duration(maxDays)*24*time.Hour:
		v.Add("from", "Chỉ xem được tối đa 5 năm một lần.")
	case r.From.Year() < 2000 || r.To.Year() > 9999:
		v.Add("from", "Ngày không hợp lệ.")
	}
	return r
}
