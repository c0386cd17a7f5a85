package congvu

import (
	"context"
	"time"
)

// RateLimiter counts hits per key in fixed windows, in the database, so any
// number of stateless app servers share one limit.
type RateLimiter interface {
	// Allow records a hit on key and reports whether it is within limit hits
	// per window.
	Allow(ctx context.Context, key string, limit int, window time.Duration) (bool, error)
}

// LimitWindow returns the start of the rate-limit window of the given length
// that holds t. Windows are aligned in TimeZone, so a daily limit resets at
// midnight in Vietnam, as its message ("hôm nay") says, and every server
// agrees on them.
func LimitWindow(t time.Time, window time.Duration) time.Time {
	_, off := t.In(TimeZone).Zone()
	shift := time.Duration(off) * time.Second
	return t.UTC().Add(shift).Truncate(window).Add(-shift)
}
