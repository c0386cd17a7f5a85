package sqldb

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"time"

	"congvu"
)

// targetCache keeps recently resolved public tokens (badge, unit, kiosk;
// never a dossier's one-time token), so the hot path of Submit does not
// query the database per rating. It is safe because the batcher checks
// every cached token again inside the transaction that writes the rating
// (revalidate): a revoked badge or kiosk is refused at once, and an
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
func (c *targetCache) forget(ch congvu.Channel, key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.m {
		if e.t.Channel == ch && e.t.key == key {
			delete(c.m, k)
		}
	}
}

// inList returns "$i, $j, ..." for vals, added to a.
func inList(a *args, vals []string) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = a.add(v)
	}
	return strings.Join(ph, ", ")
}

// revalidate checks, inside the batch transaction, that the token of each
// badge, counter and kiosk rating still works, and refreshes the unit of
// each rated official (they may have moved). A rating whose token no longer
// works gets ENOTFOUND and is dropped from the returned list.
func (s *FeedbackService) revalidate(ctx context.Context, tx *sql.Tx, ps []*pendingRating) ([]*pendingRating, error) {
	keys := map[congvu.Channel][]string{}
	seen := map[string]bool{}
	officials := map[int64]bool{}
	for _, p := range ps {
		if p.target.Channel == congvu.ChannelDossier {
			continue // checked by its own conditional update
		}
		t := p.target
		switch t.Channel {
		case congvu.ChannelBadge, congvu.ChannelCounter, congvu.ChannelKiosk:
			if k := string(t.Channel) + "\x00" + t.key; !seen[k] {
				seen[k] = true
				keys[t.Channel] = append(keys[t.Channel], t.key)
			}
		}
		if t.OfficialID != 0 {
			officials[t.OfficialID] = true
		}
	}
	valid := map[string]bool{}
	query := func(ch congvu.Channel, q string) error {
		list := keys[ch]
		if len(list) == 0 {
			return nil
		}
		var a args
		rows, err := tx.QueryContext(ctx, strings.Replace(q, "(?)", "("+inList(&a, list)+")", 1), a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				return err
			}
			valid[string(ch)+"\x00"+k] = true
		}
		return rows.Err()
	}
	if err := query(congvu.ChannelBadge, `SELECT badge_token FROM officials WHERE active = TRUE AND badge_token IN (?)`); err != nil {
		return nil, err
	}
	if err := query(congvu.ChannelCounter, `SELECT t.token FROM unit_tokens t JOIN units u ON u.id = t.unit_id WHERE u.active = TRUE AND t.token IN (?)`); err != nil {
		return nil, err
	}
	if err := query(congvu.ChannelKiosk, `SELECT k.key_hash FROM kiosks k JOIN units u ON u.id = k.unit_id WHERE k.active = TRUE AND u.active = TRUE AND k.key_hash IN (?)`); err != nil {
		return nil, err
	}
	// Where each rated official works now (and whether they still do).
	type unitRef struct {
		id   int64
		name string
	}
	unitOf := map[int64]unitRef{}
	if len(officials) > 0 {
		var a args
		var ph []string
		for id := range officials {
			ph = append(ph, a.add(id))
		}
		rows, err := tx.QueryContext(ctx, `SELECT o.id, u.id, u.name FROM officials o JOIN units u ON u.id = o.unit_id
			WHERE o.active = TRUE AND o.id IN (`+strings.Join(ph, ", ")+`)`, a...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var u unitRef
			if err := rows.Scan(&id, &u.id, &u.name); err != nil {
				rows.Close()
				return nil, err
			}
			unitOf[id] = u
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := ps[:0:0]
	for _, p := range ps {
		t := p.target
		ok := true
		switch t.Channel {
		case congvu.ChannelBadge, congvu.ChannelCounter, congvu.ChannelKiosk:
			ok = valid[string(t.Channel)+"\x00"+t.key]
		}
		// A dossier stays with the unit that handled it, whoever the
		// official is now; any other rating of an official counts where
		// they work.
		if t.OfficialID != 0 && t.Channel != congvu.ChannelDossier {
			u, active := unitOf[t.OfficialID]
			if active {
				p.fb.UnitID, p.fb.UnitName = u.id, u.name
			}
			ok = ok && active
		}
		if !ok {
			s.targets.forget(t.Channel, t.key)
			p.result = batchResult{err: errNoTarget(t.Channel)}
			continue
		}
		out = append(out, p)
	}
	return out, nil
}
