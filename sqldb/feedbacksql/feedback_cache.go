package feedbacksql

import (
	"congvu/feedback"
	"congvu/sqldb"
	"context"
	"database/sql"
	"strings"
	"sync"
	"time"
)

// targetCache keeps recently resolved public tokens (badge, unit, kiosk;
// never a dossier's one-time token), so the hot path of Submit does not
// query the database per rating. It is safe because the batcher checks
// every cached token again inside the transaction that writes the rating
// (recheck): a revoked badge or kiosk is refused at once, and an
// official moved to another unit is counted in the new one.
type targetCache struct {
	mu sync.Mutex
	m  map[string]cachedTarget
}

type cachedTarget struct {
	t     ratingTarget
	until time.Time
}

const (
	targetCacheTTL = time.Minute
	targetCacheMax = 100_000 // entries; the map is emptied when it would grow beyond
)

func newTargetCache() *targetCache { return &targetCache{m: map[string]cachedTarget{}} }

// get returns a copy of the cached target of key, or nil.
func (c *targetCache) get(key string) *ratingTarget {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok {
		return nil
	}
	if time.Now().After(e.until) {
		delete(c.m, key)
		return nil
	}
	t := e.t
	return &t
}

func (c *targetCache) put(key string, t *ratingTarget) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= targetCacheMax {
		clear(c.m)
	}
	c.m[key] = cachedTarget{t: *t, until: time.Now().Add(targetCacheTTL)}
}

// forget drops every entry resolved from a stored token.
func (c *targetCache) forget(ch feedback.Channel, key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.m {
		if e.t.Channel == ch && e.t.key == key {
			delete(c.m, k)
		}
	}
}

// inList returns "$i, $j, ..." for vals, added to a.
func inList[T any](a *sqldb.Args, vals []T) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = a.Add(v)
	}
	return strings.Join(ph, ", ")
}

// unitRow is a unit as the batch writer needs it.
type unitRow struct {
	id   int64
	name string
	path string
}

// recheck runs inside the batch transaction, before anything is written.
// It checks that the token of each badge, counter and kiosk rating still
// works (a rating whose token was revoked gets ENOTFOUND and is dropped),
// moves each rated official's rating to the unit they work in now, and
// returns the current path of every unit the ratings count in. On
// PostgreSQL those units are share-locked, so a restructuring that moves
// one waits for the batch, or the batch sees the new path. Most batches
// need one query (badges) or two.
func (s *FeedbackService) recheck(ctx context.Context, tx *sql.Tx, ps []*pendingRating) ([]*pendingRating, map[int64]unitRow, error) {
	lock := ""
	if s.db.Engine == sqldb.Postgres {
		lock = " FOR SHARE OF u"
	}
	keys := map[feedback.Channel][]string{}
	seenKey := map[string]bool{}
	var officials, units []int64
	seenOff, seenUnit := map[int64]bool{}, map[int64]bool{}
	for _, p := range ps {
		t := p.target
		switch {
		case t.Channel == feedback.ChannelBadge || ((t.Channel == feedback.ChannelCounter || t.Channel == feedback.ChannelKiosk) && t.OfficialID == 0):
			if k := string(t.Channel) + "\x00" + t.key; !seenKey[k] {
				seenKey[k] = true
				keys[t.Channel] = append(keys[t.Channel], t.key)
			}
		case t.Channel == feedback.ChannelCounter || t.Channel == feedback.ChannelKiosk:
			// The token and the chosen official, who gives the unit.
			if k := string(t.Channel) + "\x00" + t.key; !seenKey[k] {
				seenKey[k] = true
				keys[t.Channel] = append(keys[t.Channel], t.key)
			}
			if !seenOff[t.OfficialID] {
				seenOff[t.OfficialID] = true
				officials = append(officials, t.OfficialID)
			}
		case t.Channel == feedback.ChannelAPI && t.OfficialID != 0:
			if !seenOff[t.OfficialID] {
				seenOff[t.OfficialID] = true
				officials = append(officials, t.OfficialID)
			}
		default: // a dossier (its unit stays), or a unit rated through the API
			if !seenUnit[p.fb.UnitID] {
				seenUnit[p.fb.UnitID] = true
				units = append(units, p.fb.UnitID)
			}
		}
	}
	valid := map[string]unitRow{}  // channel + key → unit
	offUnit := map[int64]unitRow{} // active official → unit
	paths := map[int64]unitRow{}   // unit id → unit
	scan := func(q string, vals []any, fn func(rows *sql.Rows) error) error {
		rows, err := tx.QueryContext(ctx, q, vals...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	for _, q := range []struct {
		ch  feedback.Channel
		sql string
	}{
		{feedback.ChannelBadge, `SELECT o.badge_token, u.id, u.name, u.path FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.active = TRUE AND o.badge_token IN (?)`},
		{feedback.ChannelCounter, `SELECT t.token, u.id, u.name, u.path FROM unit_tokens t JOIN units u ON u.id = t.unit_id WHERE u.active = TRUE AND t.token IN (?)`},
		{feedback.ChannelKiosk, `SELECT k.key_hash, u.id, u.name, u.path FROM kiosks k JOIN units u ON u.id = k.unit_id WHERE k.active = TRUE AND u.active = TRUE AND k.key_hash IN (?)`},
	} {
		list := keys[q.ch]
		if len(list) == 0 {
			continue
		}
		var a sqldb.Args
		err := scan(strings.Replace(q.sql, "(?)", "("+inList(&a, list)+")", 1)+lock, a, func(rows *sql.Rows) error {
			var k string
			var u unitRow
			if err := rows.Scan(&k, &u.id, &u.name, &u.path); err != nil {
				return err
			}
			valid[string(q.ch)+"\x00"+k] = u
			paths[u.id] = u
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if len(officials) > 0 {
		var a sqldb.Args
		err := scan(`SELECT o.id, u.id, u.name, u.path FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.active = TRUE AND o.id IN (`+inList(&a, officials)+`)`+lock, a,
			func(rows *sql.Rows) error {
				var id int64
				var u unitRow
				if err := rows.Scan(&id, &u.id, &u.name, &u.path); err != nil {
					return err
				}
				offUnit[id] = u
				paths[u.id] = u
				return nil
			})
		if err != nil {
			return nil, nil, err
		}
	}
	if len(units) > 0 {
		var a sqldb.Args
		err := scan(`SELECT u.id, u.name, u.path FROM units u WHERE u.id IN (`+inList(&a, units)+`)`+lock, a, func(rows *sql.Rows) error {
			var u unitRow
			if err := rows.Scan(&u.id, &u.name, &u.path); err != nil {
				return err
			}
			paths[u.id] = u
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	out := ps[:0:0]
	for _, p := range ps {
		t := p.target
		ok := true
		var u unitRow
		switch {
		case t.Channel == feedback.ChannelBadge || ((t.Channel == feedback.ChannelCounter || t.Channel == feedback.ChannelKiosk) && t.OfficialID == 0):
			u, ok = valid[string(t.Channel)+"\x00"+t.key]
		case t.Channel == feedback.ChannelCounter || t.Channel == feedback.ChannelKiosk:
			_, ok = valid[string(t.Channel)+"\x00"+t.key]
			var active bool
			u, active = offUnit[t.OfficialID]
			ok = ok && active
		case t.Channel == feedback.ChannelAPI && t.OfficialID != 0:
			u, ok = offUnit[t.OfficialID]
		default:
			u, ok = paths[p.fb.UnitID]
		}
		if !ok {
			s.targets.forget(t.Channel, t.key)
			p.result = batchResult{err: errNoTarget(t.Channel)}
			continue
		}
		p.fb.UnitID, p.fb.UnitName = u.id, u.name
		out = append(out, p)
	}
	return out, paths, nil
}
