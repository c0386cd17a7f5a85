package sqldb

import (
	"sync"
	"time"
)

// TTLCache keeps a value per database (stored rules, say), read on first
// use, dropped by Drop (every write of it through this process) and read
// again after TTL, so that other servers see a write within it. Readers
// must not change the value.
type TTLCache[T any] struct {
	TTL time.Duration
	m   sync.Map // *DB → *ttlEntry[T]
}

type ttlEntry[T any] struct {
	mu     sync.Mutex
	v      T
	ok     bool
	loaded time.Time
}

func (c *TTLCache[T]) entry(db *DB) *ttlEntry[T] {
	e, _ := c.m.LoadOrStore(db, &ttlEntry[T]{})
	return e.(*ttlEntry[T])
}

// Get returns db's value, from the cache when read less than TTL ago, else
// read by load (one reader at a time per database).
func (c *TTLCache[T]) Get(db *DB, load func() (T, error)) (T, error) {
	e := c.entry(db)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ok && time.Since(e.loaded) < c.TTL {
		return e.v, nil
	}
	v, err := load()
	if err != nil {
		var zero T
		return zero, err
	}
	e.v, e.ok, e.loaded = v, true, time.Now()
	return v, nil
}

// Drop forgets db's value: the next Get reads it again.
func (c *TTLCache[T]) Drop(db *DB) {
	e := c.entry(db)
	e.mu.Lock()
	var zero T
	e.v, e.ok = zero, false
	e.mu.Unlock()
}
