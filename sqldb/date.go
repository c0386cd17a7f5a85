package sqldb

import (
	"database/sql"
	"fmt"
	"time"

	"congvu"
)

// DateOf reads a DATE column (a time from either driver, or the text SQLite
// keeps) as that calendar day at midnight in congvu.TimeZone.
func DateOf(v any) (time.Time, error) {
	var s string
	switch x := v.(type) {
	case time.Time:
		return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, congvu.TimeZone), nil
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return time.Time{}, fmt.Errorf("day of type %T", v)
	}
	if len(s) < 10 {
		return time.Time{}, fmt.Errorf("day %q", s)
	}
	return time.ParseInLocation(time.DateOnly, s[:10], congvu.TimeZone)
}

// NullDate is a DATE column read as a time: that day at midnight UTC, zero
// when NULL.
func NullDate(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	d := t.Time
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}
