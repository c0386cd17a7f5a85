package feedbacksql

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/sqldb"
)

// The rules against ballot stuffing are feedback.Judge's; this file counts
// what they weigh. Counters live in the feedback_counters table, one row
// per counter holding the start of its current fixed window and the hits
// in it, updated in the batch's own transaction: every app server counts
// into the same rows, a restart forgets nothing, and a batch that rolls
// back takes its hits with it. Windows are aligned in Vietnam's time zone
// (congvu.LimitWindow), so all servers agree on them.

// The counters a rating counts against.
const (
	ctAddress       = iota // ratings from an address pseudonym, per hour
	ctAddressTarget        // of them, about one official (or one unit as a whole)
	ctDevice               // from a device (a kiosk, a browser), per hour
	ctBurst                // about one official, from anywhere, per BurstWindow
	nCounters
)

// counterWindow is the window length of each counter kind.
var counterWindow = [nCounters]time.Duration{time.Hour, time.Hour, time.Hour, feedback.BurstWindow}

// counterKeys returns the keys of the counters p counts against, "" where
// none applies. Addresses and devices appear only as pseudonyms. An
// address's own counter and its counters per official (or unit) share the
// prefix "ip:<pseudonym>", so they sort next to each other and a rating
// touches one page of the counters table for both (migration 0044 renamed
// the older "ip-off:" and "ip-unit:" keys).
func (p *pendingRating) counterKeys() [nCounters]string {
	var k [nCounters]string
	f := p.fb
	if p.checkIP && p.ipHash != "" {
		k[ctAddress] = "ip:" + p.ipHash
		if f.OfficialID != 0 {
			k[ctAddressTarget] = k[ctAddress] + ":off:" + strconv.FormatInt(f.OfficialID, 10)
		} else {
			k[ctAddressTarget] = k[ctAddress] + ":unit:" + strconv.FormatInt(f.UnitID, 10)
		}
	}
	if p.device != "" {
		k[ctDevice] = "dev:" + p.device
	}
	if f.OfficialID != 0 {
		k[ctBurst] = "off:" + strconv.FormatInt(f.OfficialID, 10)
	}
	return k
}

// counterHit is what a batch adds to one counter.
type counterHit struct {
	key    string
	start  time.Time // the window the hits fall in
	n      int64     // hits to add
	before int64     // set by the store: the window's hits before these
}

// counterStore adds each hit's n to its counter and sets its before. Hits
// come sorted by key, so that concurrent batches lock rows in one order.
type counterStore func(ctx context.Context, hits []*counterHit) error

// judge counts the ratings of ps, in order and all at time at, with add,
// and sets each one's status and reason from feedback.Judge; a rating a
// hard cap refused is marked overLimit (Submit answers ELIMIT).
func judge(ctx context.Context, ps []*pendingRating, at time.Time, add counterStore) error {
	byKey := map[string]*counterHit{}
	var hits []*counterHit
	keys := make([][nCounters]string, len(ps))
	for i, p := range ps {
		if !p.keyed {
			p.keys, p.keyed = p.counterKeys(), true
		}
		keys[i] = p.keys
		for kind, k := range keys[i] {
			if k == "" {
				continue
			}
			h := byKey[k]
			if h == nil {
				h = &counterHit{key: k, start: congvu.LimitWindow(at, counterWindow[kind])}
				byKey[k] = h
				hits = append(hits, h)
			}
			h.n++
		}
	}
	if len(hits) > 0 {
		slices.SortFunc(hits, func(a, b *counterHit) int { return cmp.Compare(a.key, b.key) })
		if err := add(ctx, hits); err != nil {
			return err
		}
	}
	seen := make(map[string]int64, len(hits))
	for i, p := range ps {
		var c [nCounters]int
		for kind, k := range keys[i] {
			if k != "" {
				seen[k]++
				c[kind] = int(byKey[k].before + seen[k])
			}
		}
		p.fb.Status, p.fb.FlagReason, p.overLimit = feedback.Judge(feedback.Signals{
			Honeypot: p.honeypot, FillTime: p.fillTime,
			Address: c[ctAddress], AddressTarget: c[ctAddressTarget], UnitLevel: p.fb.OfficialID == 0,
			Device: c[ctDevice], Kiosk: p.target.kioskID != 0, Burst: c[ctBurst],
		})
	}
	return nil
}

// counterUpsertSQL adds hits to a counter and returns its new count. A
// stored window later than the hits' (a server whose clock runs ahead) is
// kept and counted into, rather than reset back and forth.
const counterUpsertSQL = ` ON CONFLICT (key) DO UPDATE SET
	hits = CASE WHEN feedback_counters.window_start >= excluded.window_start THEN feedback_counters.hits + excluded.hits ELSE excluded.hits END,
	window_start = CASE WHEN feedback_counters.window_start >= excluded.window_start THEN feedback_counters.window_start ELSE excluded.window_start END
	RETURNING key, hits`

// dbCounters is the counterStore of a batch transaction.
func (s *FeedbackService) dbCounters(tx *sql.Tx) counterStore {
	return func(ctx context.Context, hits []*counterHit) error {
		if s.db.Engine == sqldb.Postgres {
			keys, starts, ns := make([]string, len(hits)), make([]time.Time, len(hits)), make([]int64, len(hits))
			for i, h := range hits {
				keys[i], starts[i], ns[i] = h.key, h.start, h.n
			}
			byKey := make(map[string]*counterHit, len(hits))
			for _, h := range hits {
				byKey[h.key] = h
			}
			rows, err := tx.QueryContext(ctx, `INSERT INTO feedback_counters (key, window_start, hits)
				SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::bigint[])`+counterUpsertSQL, keys, starts, ns)
			if err != nil {
				return err
			}
			return scanCounters(rows, byKey)
		}
		// SQLite: one statement per window start (a batch has one or
		// two), its keys and hits a JSON object walked by json_each, rather
		// than a statement per counter.
		st := tx.StmtContext(ctx, s.sq.counter)
		for len(hits) > 0 {
			start := hits[0].start
			var rest []*counterHit
			byKey := make(map[string]*counterHit, len(hits))
			var b strings.Builder
			b.WriteByte('{')
			for _, h := range hits {
				if !h.start.Equal(start) {
					rest = append(rest, h)
					continue
				}
				if len(byKey) > 0 {
					b.WriteByte(',')
				}
				byKey[h.key] = h
				k, _ := json.Marshal(h.key)
				b.Write(k)
				b.WriteByte(':')
				b.WriteString(strconv.FormatInt(h.n, 10))
			}
			b.WriteByte('}')
			rows, err := st.QueryContext(ctx, b.String(), start)
			if err != nil {
				return err
			}
			if err := scanCounters(rows, byKey); err != nil {
				return err
			}
			hits = rest
		}
		return nil
	}
}

// counterBatchSQLite adds the hits of a JSON object {key: n} ($1) in the
// window starting at $2 and returns each counter's new count.
const counterBatchSQLite = `INSERT INTO feedback_counters (key, window_start, hits)
	SELECT j.key, $2, j.value FROM json_each($1) AS j WHERE true` + counterUpsertSQL

// scanCounters reads the keys and new counts that an upsert of the hits
// of byKey returns, sets each hit's before, and closes rows.
func scanCounters(rows *sql.Rows, byKey map[string]*counterHit) error {
	defer rows.Close()
	n := 0
	for rows.Next() {
		var k string
		var total int64
		if err := rows.Scan(&k, &total); err != nil {
			return err
		}
		if h := byKey[k]; h != nil {
			h.before = total - h.n
			n++
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n != len(byKey) {
		return fmt.Errorf("counted %d of %d counters", n, len(byKey))
	}
	return nil
}

// counterPruneEvery is how often the batcher deletes counters of windows
// long past (their rows are recreated on the next hit).
const counterPruneEvery = time.Hour

// pruneCounters deletes counters whose window ended more than an hour ago,
// at most once per counterPruneEvery. Only the batcher calls it. The
// table has no index of window_start (migration 0044): the delete scans
// it, once an hour, rather than every upsert keeping such an index.
func (s *FeedbackService) pruneCounters(ctx context.Context, now time.Time) {
	if now.Sub(s.lastPrune) < counterPruneEvery {
		return
	}
	s.lastPrune = now
	if _, err := s.db.Write.ExecContext(ctx, `DELETE FROM feedback_counters WHERE window_start < $1`, now.Add(-2*time.Hour)); err != nil {
		s.db.Log.Warn("prune feedback counters", "err", err)
	}
}

// memCounters is a counterStore in memory, for an import's historical
// ratings (each judged at its own time, in order).
type memCounters struct {
	m         map[string]*memCounter
	lastSweep time.Time
}

type memCounter struct {
	start time.Time
	hits  int64
}

func newMemCounters() *memCounters { return &memCounters{m: map[string]*memCounter{}} }

func (c *memCounters) add(_ context.Context, hits []*counterHit) error {
	for _, h := range hits {
		if h.start.Sub(c.lastSweep) > 2*time.Hour {
			// Counters of windows over an hour old count nothing any more.
			for k, v := range c.m {
				if h.start.Sub(v.start) > time.Hour {
					delete(c.m, k)
				}
			}
			c.lastSweep = h.start
		}
		v := c.m[h.key]
		if v == nil || h.start.After(v.start) {
			v = &memCounter{start: h.start}
			c.m[h.key] = v
		}
		h.before = v.hits
		v.hits += h.n
	}
	return nil
}
