package sqldb

import (
	"context"
	"sync"
)

// The change counters of migration 0047 (table change_counters).
const (
	// ChangeOfficials counts the writes to officials and units.
	ChangeOfficials = "officials"
	// ChangeActors counts the writes that change who a session is: a
	// session ended, a user's names, official or active flag, a grant,
	// a unit's name or path.
	ChangeActors = "actors"
)

// ChangeCounter reads a change counter. Triggers raise it in the
// transaction of every write to the tables it covers, so that what was
// read from them after reading the counter stays valid while the counter
// stays the same, on every server of the database.
func (db *DB) ChangeCounter(ctx context.Context, name string) (int64, error) {
	var n int64
	if err := db.Read.QueryRowContext(ctx, `SELECT n FROM change_counters WHERE name = $1`, name).Scan(&n); err != nil {
		return 0, db.Internal("read change counter", err)
	}
	return n, nil
}

// Cache keeps values read from the database while a change counter stays
// the same: read the counter, Get; on a miss read the value and Put it
// with the counter read before it. Every entry belongs to the last counter
// Get saw; another one empties the cache, and so does reaching its size.
// A lower one too: a counter goes back when the database does (a standby
// promoted without the last commits, a copy put back), and the values kept
// at the higher one were read from a state that is lost, which the counter
// would reach again with new writes. (A request that read a lower counter
// because it raced with a write only empties the cache: what it keeps was
// read after its counter.) The values are shared: callers copy what they
// hand out.
type Cache[K comparable, V any] struct {
	mu   sync.Mutex
	n    int64
	max  int
	vals map[K]V
}

// NewCache returns a cache of at most size entries.
func NewCache[K comparable, V any](size int) *Cache[K, V] {
	return &Cache[K, V]{max: size, vals: map[K]V{}}
}

// Get returns the value of key read at counter n.
func (c *Cache[K, V]) Get(n int64, key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n != c.n {
		clear(c.vals)
		c.n = n
		var zero V
		return zero, false
	}
	v, ok := c.vals[key]
	return v, ok
}

// Put keeps the value of key read after counter n was read; a value of
// another counter than the last Get saw is dropped.
func (c *Cache[K, V]) Put(n int64, key K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n != c.n {
		return
	}
	if len(c.vals) >= c.max {
		clear(c.vals)
	}
	c.vals[key] = v
}
