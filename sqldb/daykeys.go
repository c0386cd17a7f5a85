package sqldb

import (
	"context"
	"sync"
	"time"

	"congvu"
	"congvu/privacy"
)

// Pseudonyms of client addresses are HMACs under a key of the day: a key
// that never changes would let whoever reads the database try all of IPv4
// (about two hours) and recover every address. Each day in Vietnam's time
// zone has its own random key per ring (stored in settings as
// "<ring>@<YYYY-MM-DD>", shared by every server); PruneDayKeys deletes the
// keys past DayKeyRetention, after which that day's pseudonyms can no
// longer be reversed, by anyone. Limits keep working across midnight
// because their windows are aligned in the same time zone
// (congvu.LimitWindow): a window of a day or less lies within one day and
// so under one key.

// DayKeyRetention is how long the keys of a day are kept: the longest
// limit window (a day) and the day before, for a window begun just before
// midnight on a server whose clock lags.
const DayKeyRetention = privacy.AddressKeyRetention

// dayKeys caches the keys of the days in use (a handful).
type dayKeys struct {
	mu   sync.Mutex
	keys map[string][]byte // "<ring>@<day>"
}

// DayOf is the day (YYYY-MM-DD, Vietnam's time zone) whose key pseudonymises
// what happens at t.
func DayOf(t time.Time) string { return t.In(congvu.TimeZone).Format(time.DateOnly) }

// DayKey returns the key of ring for the day of t, creating it on first use.
func (db *DB) DayKey(ctx context.Context, ring string, t time.Time) ([]byte, error) {
	name := ring + "@" + DayOf(t)
	db.days.mu.Lock()
	defer db.days.mu.Unlock()
	if k, ok := db.days.keys[name]; ok {
		return k, nil
	}
	k, err := db.Secret(ctx, name)
	if err != nil {
		return nil, err
	}
	if db.days.keys == nil || len(db.days.keys) > 64 {
		db.days.keys = map[string][]byte{} // old days leave memory too
	}
	db.days.keys[name] = k
	return k, nil
}

// DayPseudonym is Pseudonym under the key of ring for the day of t ("" for
// an empty v).
func (db *DB) DayPseudonym(ctx context.Context, ring, kind, v string, t time.Time) (string, error) {
	if v == "" {
		return "", nil
	}
	k, err := db.DayKey(ctx, ring, t)
	if err != nil {
		return "", err
	}
	return Pseudonym(k, kind, v), nil
}

// PruneDayKeys deletes the day keys of every ring older than
// DayKeyRetention before now, in the database and in this server's memory,
// and returns how many rows it deleted. Run it daily or more often.
func (db *DB) PruneDayKeys(ctx context.Context, now time.Time) (int64, error) {
	cutoff := DayOf(now.Add(-DayKeyRetention))
	rows, err := db.Write.QueryContext(ctx, `SELECT key FROM settings WHERE key LIKE '%@____-__-__'`)
	if err != nil {
		return 0, db.Internal("list day keys", err)
	}
	var old []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return 0, db.Internal("list day keys", err)
		}
		if day := k[len(k)-len("2006-01-02"):]; day < cutoff {
			old = append(old, k)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, db.Internal("list day keys", err)
	}
	var n int64
	for _, k := range old {
		res, err := db.Write.ExecContext(ctx, `DELETE FROM settings WHERE key = $1`, k)
		if err != nil {
			return n, db.Internal("delete day key", err)
		}
		c, _ := res.RowsAffected()
		n += c
	}
	db.days.mu.Lock()
	for k := range db.days.keys {
		if k[len(k)-len("2006-01-02"):] < cutoff {
			delete(db.days.keys, k)
		}
	}
	db.days.mu.Unlock()
	return n, nil
}
