package feedbacksql

import (
	"cmp"
	"congvu/feedback"
	"congvu/sqldb"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The rollup tables (migration 0002) hold, per day in congvu.TimeZone (see
// RollupDay):
//
//   - rollup_unit_day, rollup_unit_item_day: a unit's whole subtree — a
//     rating is added to its unit and to every ancestor, up to the root;
//   - rollup_official_day, rollup_official_item_day: one official.
//
// total, very_satisfied, satisfied, dissatisfied and the item rows count
// accepted ratings only; flagged and rejected ratings are counted in the
// flagged and rejected columns and nowhere else.

// rollupTally is a delta of one *_day row.
type rollupTally struct{ total, very, sat, dis, flagged, rejected int64 }

// rollupItem is a delta of one *_item_day row.
type rollupItem struct{ yes, asked int64 }

type rollupKey struct {
	id  int64
	day string // yyyy-mm-dd
}

type rollupItemKey struct {
	id   int64
	day  string
	code string
}

// rollupDelta aggregates changes to the rollups in memory, so each row is
// written once however many ratings touch it.
type rollupDelta struct {
	unit     map[rollupKey]*rollupTally
	unitItem map[rollupItemKey]*rollupItem
	off      map[rollupKey]*rollupTally
	offItem  map[rollupItemKey]*rollupItem
}

func newRollupDelta() *rollupDelta {
	return &rollupDelta{unit: map[rollupKey]*rollupTally{}, unitItem: map[rollupItemKey]*rollupItem{},
		off: map[rollupKey]*rollupTally{}, offItem: map[rollupItemKey]*rollupItem{}}
}

// addFeedback adds (sign 1) or removes (sign -1) what f contributes to the
// rollups of every unit in units (the rating's unit and its ancestors) and
// of its official.
func (d *rollupDelta) addFeedback(units []int64, f *feedback.Feedback, sign int64) {
	day := RollupDay(f.SubmittedAt).Format(time.DateOnly)
	var t rollupTally
	switch f.Status {
	case feedback.Accepted:
		t.total = sign
		switch f.Satisfaction {
		case feedback.VerySatisfied:
			t.very = sign
		case feedback.Satisfied:
			t.sat = sign
		case feedback.Dissatisfied:
			t.dis = sign
		}
	case feedback.Flagged:
		t.flagged = sign
	case feedback.Rejected:
		t.rejected = sign
	default:
		return
	}
	ids := units
	tables := []struct {
		tally map[rollupKey]*rollupTally
		items map[rollupItemKey]*rollupItem
		ids   []int64
	}{{d.unit, d.unitItem, ids}}
	if f.OfficialID != 0 {
		tables = append(tables, struct {
			tally map[rollupKey]*rollupTally
			items map[rollupItemKey]*rollupItem
			ids   []int64
		}{d.off, d.offItem, []int64{f.OfficialID}})
	}
	for _, tb := range tables {
		for _, id := range tb.ids {
			k := rollupKey{id, day}
			r := tb.tally[k]
			if r == nil {
				r = &rollupTally{}
				tb.tally[k] = r
			}
			r.total += t.total
			r.very += t.very
			r.sat += t.sat
			r.dis += t.dis
			r.flagged += t.flagged
			r.rejected += t.rejected
			if f.Status != feedback.Accepted {
				continue
			}
			for code, yes := range f.Answers {
				ik := rollupItemKey{id, day, code}
				it := tb.items[ik]
				if it == nil {
					it = &rollupItem{}
					tb.items[ik] = it
				}
				it.asked += sign
				if yes {
					it.yes += sign
				}
			}
		}
	}
}

func dayValue(day string) time.Time {
	t, _ := time.Parse(time.DateOnly, day)
	return t
}

// flush upserts the aggregated deltas, in key order (so concurrent writers
// lock rows in the same order), many rows per statement.
func (d *rollupDelta) flush(ctx context.Context, tx sqldb.Querier) error {
	if err := flushTallies(ctx, tx, "rollup_unit_day", "unit_id", d.unit); err != nil {
		return err
	}
	if err := flushItems(ctx, tx, "rollup_unit_item_day", "unit_id", d.unitItem); err != nil {
		return err
	}
	if err := flushTallies(ctx, tx, "rollup_official_day", "official_id", d.off); err != nil {
		return err
	}
	return flushItems(ctx, tx, "rollup_official_item_day", "official_id", d.offItem)
}

const rollupChunk = 400

// sortedTallyKeys returns the keys of m with a non-zero delta, in lock
// order.
func sortedTallyKeys(m map[rollupKey]*rollupTally) []rollupKey {
	keys := make([]rollupKey, 0, len(m))
	for k, v := range m {
		if *v != (rollupTally{}) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b rollupKey) int { return cmp.Or(cmp.Compare(a.id, b.id), strings.Compare(a.day, b.day)) })
	return keys
}

// sortedItemKeys returns the keys of m with a non-zero delta, in lock order.
func sortedItemKeys(m map[rollupItemKey]*rollupItem) []rollupItemKey {
	keys := make([]rollupItemKey, 0, len(m))
	for k, v := range m {
		if *v != (rollupItem{}) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b rollupItemKey) int {
		return cmp.Or(cmp.Compare(a.id, b.id), strings.Compare(a.day, b.day), strings.Compare(a.code, b.code))
	})
	return keys
}

func flushTallies(ctx context.Context, tx sqldb.Querier, table, idCol string, m map[rollupKey]*rollupTally) error {
	keys := sortedTallyKeys(m)
	for start := 0; start < len(keys); start += rollupChunk {
		var a sqldb.Args
		var vals []string
		for _, k := range keys[start:min(start+rollupChunk, len(keys))] {
			v := m[k]
			vals = append(vals, fmt.Sprintf("(%s, %s, %s, %s, %s, %s, %s, %s)", a.Add(k.id), a.Add(dayValue(k.day)),
				a.Add(v.total), a.Add(v.very), a.Add(v.sat), a.Add(v.dis), a.Add(v.flagged), a.Add(v.rejected)))
		}
		q := `INSERT INTO ` + table + ` (` + idCol + `, day, total, very_satisfied, satisfied, dissatisfied, flagged, rejected) VALUES ` +
			strings.Join(vals, ", ") + ` ON CONFLICT (` + idCol + `, day) DO UPDATE SET ` + sqldb.AddExcluded(table, "total", "very_satisfied", "satisfied", "dissatisfied", "flagged", "rejected")
		if _, err := tx.ExecContext(ctx, q, a...); err != nil {
			return fmt.Errorf("upsert %s: %w", table, err)
		}
	}
	return nil
}

func flushItems(ctx context.Context, tx sqldb.Querier, table, idCol string, m map[rollupItemKey]*rollupItem) error {
	keys := sortedItemKeys(m)
	for start := 0; start < len(keys); start += rollupChunk {
		var a sqldb.Args
		var vals []string
		for _, k := range keys[start:min(start+rollupChunk, len(keys))] {
			v := m[k]
			vals = append(vals, fmt.Sprintf("(%s, %s, %s, %s, %s)", a.Add(k.id), a.Add(dayValue(k.day)), a.Add(k.code), a.Add(v.yes), a.Add(v.asked)))
		}
		q := `INSERT INTO ` + table + ` (` + idCol + `, day, item_code, yes, asked) VALUES ` + strings.Join(vals, ", ") +
			` ON CONFLICT (` + idCol + `, day, item_code) DO UPDATE SET ` + sqldb.AddExcluded(table, "yes", "asked")
		if _, err := tx.ExecContext(ctx, q, a...); err != nil {
			return fmt.Errorf("upsert %s: %w", table, err)
		}
	}
	return nil
}

func init() { sqldb.RegisterUnitMove("feedback", adjustRollupsOnMove) }

// adjustRollupsOnMove keeps the subtree rollups right when unit unitID (with
// its subtree) moves from under oldAncestors to under newAncestors (ids,
// without unitID itself). Figures for a period are those of the tree as it
// stood then: the unit's own rollup rows already hold its whole subtree, so
// its rows of from (the restructuring's effective date) and later are
// subtracted from each old ancestor that is not also a new one, and added to
// each new ancestor that was not an old one; its rows before from stay where
// they are, so a dissolved district keeps its past and a successor does not
// take over its predecessor's. Official rollups do not depend on the tree
// and are left alone.
func adjustRollupsOnMove(ctx context.Context, tx *sqldb.Tx, unitID int64, oldAncestors, newAncestors []int64, from time.Time) error {
	day := from.Format(time.DateOnly) // compared as the dashboard does (sqldb.DayRange.Bounds)
	// Rows are locked in id order, as the batcher does.
	for _, c := range sqldb.AncestorMoves(unitID, oldAncestors, newAncestors) {
		sg := c.Sign
		if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_unit_day (unit_id, day, total, very_satisfied, satisfied, dissatisfied, flagged, rejected)
			SELECT CAST($1 AS BIGINT), day, `+sg+`total, `+sg+`very_satisfied, `+sg+`satisfied, `+sg+`dissatisfied, `+sg+`flagged, `+sg+`rejected
			FROM rollup_unit_day WHERE unit_id = $2 AND day >= $3
			ON CONFLICT (unit_id, day) DO UPDATE SET `+sqldb.AddExcluded("rollup_unit_day", "total", "very_satisfied", "satisfied", "dissatisfied", "flagged", "rejected"),
			c.ID, unitID, day); err != nil {
			return tx.DB.Internal("move rollups", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_unit_item_day (unit_id, day, item_code, yes, asked)
			SELECT CAST($1 AS BIGINT), day, item_code, `+sg+`yes, `+sg+`asked
			FROM rollup_unit_item_day WHERE unit_id = $2 AND day >= $3
			ON CONFLICT (unit_id, day, item_code) DO UPDATE SET `+sqldb.AddExcluded("rollup_unit_item_day", "yes", "asked"),
			c.ID, unitID, day); err != nil {
			return tx.DB.Internal("move item rollups", err)
		}
	}
	return nil
}
