package sqldb

import (
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
