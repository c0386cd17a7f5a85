package sqldb

import (
	"context"
	"strings"
	"time"

	"congvu"
)

// RateLimiter implements congvu.RateLimiter on the rate_limits table: one
// row per key holding the start of its current fixed window and the hits in
// it, so every app server sharing the database shares the limit. Hits are
// bookkeeping, not domain writes, and are not audited.
//
// Keys often hold what must not be kept (a client address, a tracking code,
// a user name): the table stores only the key's name (up to its first ':')
// and a pseudonym of the whole key under the key of the window's day (see
// DayKey), so no row can be read back into an address.
type RateLimiter struct{ db *DB }

// NewRateLimiter returns the rate limiter of db.
func NewRateLimiter(db *DB) *RateLimiter { return &RateLimiter{db: db} }

var _ congvu.RateLimiter = (*RateLimiter)(nil)

// rateLimitRing is the ring of day keys the stored keys are pseudonyms under.
const rateLimitRing = "rate_limits"

// stored returns the row key of key for the window starting at start.
func (r *RateLimiter) stored(ctx context.Context, key string, start time.Time) (string, error) {
	name, _, named := strings.Cut(key, ":")
	if !named {
		name = "" // a key without a name may be anything
	}
	p, err := r.db.DayPseudonym(ctx, rateLimitRing, "limit", key, start)
	if err != nil {
		return "", err
	}
	return name + ":" + p, nil
}

// Allow records a hit on key and reports whether it is among the first limit
// hits of the current window. Windows are aligned in Vietnam's time zone
// (see congvu.LimitWindow), so all servers agree on them and daily limits
// reset at midnight. A limit of zero or less allows nothing.
//
// The hit is counted and its number returned by one statement, so that
// concurrent requests each see their own count: of any number of parallel
// hits exactly limit are allowed.
func (r *RateLimiter) Allow(ctx context.Context, key string, limit int, window time.Duration) (bool, error) {
	if window <= 0 {
		window = time.Minute
	}
	start := congvu.LimitWindow(r.db.Now(), window)
	row, err := r.stored(ctx, key, start)
	if err != nil {
		return false, err
	}
	var hits int64
	// A window that began later than ours (a server whose clock runs ahead)
	// is kept and counted into, rather than reset back and forth.
	err = r.db.Write.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_limits.window_start >= $2 THEN rate_limits.hits + 1 ELSE 1 END,
			window_start = CASE WHEN rate_limits.window_start >= $2 THEN rate_limits.window_start ELSE $2 END
		RETURNING hits`, row, start).Scan(&hits)
	if err != nil {
		return false, r.db.Internal("rate limit", err)
	}
	return hits <= int64(limit), nil
}

// Release takes back one hit that Allow counted in the current window, for
// a limit on failures: count the attempt first (so parallel attempts cannot
// all pass a check made before any of them is counted), then release it
// when the attempt succeeds.
func (r *RateLimiter) Release(ctx context.Context, key string, window time.Duration) error {
	if window <= 0 {
		window = time.Minute
	}
	start := congvu.LimitWindow(r.db.Now(), window)
	row, err := r.stored(ctx, key, start)
	if err != nil {
		return err
	}
	if _, err := r.db.Write.ExecContext(ctx, `UPDATE rate_limits SET hits = hits - 1 WHERE key = $1 AND window_start = $2 AND hits > 0`,
		row, start); err != nil {
		return r.db.Internal("rate limit", err)
	}
	return nil
}

// Prune deletes the counters of windows that started before the given time,
// and returns how many it deleted. Call it now and then (for example hourly
// with a time a day ago); counters are recreated on the next hit.
func (r *RateLimiter) Prune(ctx context.Context, before time.Time) (int64, error) {
	res, err := r.db.Write.ExecContext(ctx, `DELETE FROM rate_limits WHERE window_start < $1`, before.UTC())
	if err != nil {
		return 0, r.db.Internal("prune rate limits", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
