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

// The rollup tables (migrations 0002 and 0043) hold, per day in
// congvu.TimeZone (see RollupDay):
//
//   - rollup_unit_day: a unit's whole subtree — a rating is added to its
//     unit and to every ancestor, up to the root;
//   - rollup_official_day: one official.
//
// total, very_satisfied, satisfied, dissatisfied and the behaviours' columns
// (itemColumns: yes and asked of each of feedback.FourXinCodes) count
// accepted ratings only; flagged and rejected ratings are counted in the
// flagged and rejected columns and nowhere else.

// rollupTally is a delta of one *_day row: the six tallies, then yes and
// asked of each behaviour, by index in feedback.FourXinCodes.
type rollupTally struct {
	total, very, sat, dis, flagged, rejected int64
	yes, asked                               [8]int64
}

// tallyCols are the columns of a rollup row after its key, in the order of
// rollupTally.values.
var tallyCols = append([]string{"total", "very_satisfied", "satisfied", "dissatisfied", "flagged", "rejected"}, itemColumns()...)

// itemColumns are the rollup columns of the eight behaviours, in
// feedback.FourXinCodes order, yes then asked: GT-XC → gt_xc_yes, gt_xc_asked.
func itemColumns() []string {
	var cols []string
	for _, code := range feedback.FourXinCodes {
		c := strings.ToLower(strings.ReplaceAll(code, "-", "_"))
		cols = append(cols, c+"_yes", c+"_asked")
	}
	return cols
}

// values are the tallies of t in tallyCols order.
func (t *rollupTally) values() []any {
	v := make([]any, 0, len(tallyCols))
	v = append(v, t.total, t.very, t.sat, t.dis, t.flagged, t.rejected)
	for i := range t.yes {
		v = append(v, t.yes[i], t.asked[i])
	}
	return v
}

type rollupKey struct {
	id  int64
	day string // yyyy-mm-dd
}

// rollupDelta aggregates changes to the rollups in memory, so each row is
// written once however many ratings touch it.
type rollupDelta struct {
	unit map[rollupKey]*rollupTally
	off  map[rollupKey]*rollupTally
}

func newRollupDelta() *rollupDelta {
	return &rollupDelta{unit: map[rollupKey]*rollupTally{}, off: map[rollupKey]*rollupTally{}}
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
		asked, yes := feedback.PackAnswers(f.Answers)
		for i := range t.asked {
			if asked&(1<<i) != 0 {
				t.asked[i] = sign
			}
			if yes&(1<<i) != 0 {
				t.yes[i] = sign
			}
		}
	case feedback.Flagged:
		t.flagged = sign
	case feedback.Rejected:
		t.rejected = sign
	default:
		return
	}
	add := func(m map[rollupKey]*rollupTally, id int64) {
		k := rollupKey{id, day}
		r := m[k]
		if r == nil {
			r = &rollupTally{}
			m[k] = r
		}
		r.total += t.total
		r.very += t.very
		r.sat += t.sat
		r.dis += t.dis
		r.flagged += t.flagged
		r.rejected += t.rejected
		for i := range t.yes {
			r.yes[i] += t.yes[i]
			r.asked[i] += t.asked[i]
		}
	}
	for _, id := range units {
		add(d.unit, id)
	}
	if f.OfficialID != 0 {
		add(d.off, f.OfficialID)
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
	return flushTallies(ctx, tx, "rollup_official_day", "official_id", d.off)
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

// upsertTallyTail is the ON CONFLICT clause of a rollup upsert: add to the
// row already there.
func upsertTallyTail(table, idCol string) string {
	return ` ON CONFLICT (` + idCol + `, day) DO UPDATE SET ` + sqldb.AddExcluded(table, tallyCols...)
}

func flushTallies(ctx context.Context, tx sqldb.Querier, table, idCol string, m map[rollupKey]*rollupTally) error {
	keys := sortedTallyKeys(m)
	for start := 0; start < len(keys); start += rollupChunk {
		var a sqldb.Args
		var vals []string
		for _, k := range keys[start:min(start+rollupChunk, len(keys))] {
			ph := []string{a.Add(k.id), a.Add(dayValue(k.day))}
			for _, v := range m[k].values() {
				ph = append(ph, a.Add(v))
			}
			vals = append(vals, "("+strings.Join(ph, ", ")+")")
		}
		q := `INSERT INTO ` + table + ` (` + idCol + `, day, ` + strings.Join(tallyCols, ", ") + `) VALUES ` +
			strings.Join(vals, ", ") + upsertTallyTail(table, idCol)
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
		sums := make([]string, len(tallyCols))
		for i, col := range tallyCols {
			sums[i] = c.Sign + col
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_unit_day (unit_id, day, `+strings.Join(tallyCols, ", ")+`)
			SELECT CAST($1 AS BIGINT), day, `+strings.Join(sums, ", ")+`
			FROM rollup_unit_day WHERE unit_id = $2 AND day >= $3`+upsertTallyTail("rollup_unit_day", "unit_id"),
			c.ID, unitID, day); err != nil {
			return tx.DB.Internal("move rollups", err)
		}
	}
	return nil
}
