package inspectionsql

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"congvu"
	"congvu/inspection"
	"congvu/sqldb"
)

// The compliance rollups (migration 0025) hold, per Vietnam date and kind:
//
//   - rollup_inspection_unit_day: a unit's whole subtree — a line is added
//     to its inspection's target unit and to every ancestor, up to the root
//     (the tree as it stood on the line's day, see sqldb.PathAt);
//   - rollup_inspection_item_day: the same per standard item, kept and
//     breached only.
//
// They are written in the transaction that records or changes a line's
// result (AddLineRollup), so the dashboard never scans the lines.

// LineFact is what one line contributes to the rollups.
type LineFact struct {
	// TargetUnitID is the inspected unit (inspections.target_unit_id).
	TargetUnitID int64
	Kind         inspection.Kind
	ItemCode     string
	Result       inspection.LineResult // "" contributes nothing
	// RecordedAt is when the line's result was recorded (its day is the
	// rollup's day).
	RecordedAt time.Time
}

// RollupDay is the rollup day of an instant: its Vietnam date, as midnight
// UTC (the form every writer of the rollups stores).
func RollupDay(t time.Time) time.Time {
	y, m, d := t.In(congvu.TimeZone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// AddLineRollup moves a line's contribution to the rollups from before to
// after (a zero LineFact for a line new or removed), in tx: call it in the
// transaction that records, corrects or clears a line's result. Nothing is
// written when the contribution does not change.
func AddLineRollup(ctx context.Context, tx *sqldb.Tx, before, after LineFact) error {
	if before == after {
		return nil
	}
	d := NewRollupDelta()
	for _, f := range []struct {
		fact LineFact
		sign int
	}{{before, -1}, {after, 1}} {
		if f.fact.Result == "" || f.fact.TargetUnitID == 0 {
			continue
		}
		ids, err := ancestorsAt(ctx, tx, f.fact.TargetUnitID, f.fact.RecordedAt)
		if err != nil {
			return err
		}
		d.AddLine(ids, f.fact.Kind, f.fact.ItemCode, f.fact.Result, f.fact.RecordedAt, f.sign)
	}
	return d.Flush(ctx, tx)
}

// lineFact is what a line of inspection x on item code with result r,
// recorded at at (nil: not recorded), contributes.
func lineFact(x *inspection.Inspection, code string, r inspection.LineResult, at *time.Time) LineFact {
	if at == nil || r == inspection.ResultNone {
		return LineFact{}
	}
	return LineFact{TargetUnitID: x.TargetUnitID, Kind: x.Kind, ItemCode: code, Result: r, RecordedAt: at.UTC()}
}

// lockedLineFact reads what line id of inspection x contributes now,
// locking its row on PostgreSQL (a SQLite transaction holds the write lock
// already), so that the rollups move from what the update replaces.
func lockedLineFact(ctx context.Context, tx *sqldb.Tx, x *inspection.Inspection, id int64) (LineFact, error) {
	lock := ""
	if tx.DB.Engine == sqldb.Postgres {
		lock = " FOR UPDATE"
	}
	var code string
	var r inspection.LineResult
	var at sql.NullTime
	if err := tx.QueryRowContext(ctx, `SELECT item_code, result, recorded_at FROM inspection_lines WHERE id = $1`+lock, id).Scan(&code, &r, &at); err != nil {
		return LineFact{}, tx.DB.Internal("read line", err)
	}
	if !at.Valid {
		return LineFact{}, nil
	}
	return lineFact(x, code, r, &at.Time), nil
}

// ancestorsAt returns the ids of unit id and its ancestors, root first, in
// the tree as it stood at instant at.
func ancestorsAt(ctx context.Context, tx *sqldb.Tx, id int64, at time.Time) ([]int64, error) {
	var path string
	if err := tx.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, id).Scan(&path); err != nil {
		return nil, tx.DB.Internal("rollup unit path", err)
	}
	before, err := sqldb.PathsBefore(ctx, tx.DB, tx, []int64{id})
	if err != nil {
		return nil, err
	}
	return sqldb.PathIDs(sqldb.PathAt(before[id], path, at)), nil
}

type unitKey struct {
	unit int64
	day  string // yyyy-mm-dd
	kind inspection.Kind
}

type itemKey struct {
	unitKey
	code string
}

// RollupDelta aggregates changes to the rollups in memory, so that each row
// is written once however many lines touch it. The line recording path and
// the bulk generator both write through it.
type RollupDelta struct {
	unit map[unitKey]*inspection.Tally
	item map[itemKey]*inspection.Tally
}

// NewRollupDelta returns an empty delta.
func NewRollupDelta() *RollupDelta {
	return &RollupDelta{unit: map[unitKey]*inspection.Tally{}, item: map[itemKey]*inspection.Tally{}}
}

// AddLine adds (sign 1) or removes (sign -1) one line with result res,
// recorded at at, to the rows of every unit of units (the target and its
// ancestors).
func (d *RollupDelta) AddLine(units []int64, kind inspection.Kind, item string, res inspection.LineResult, at time.Time, sign int) {
	var t inspection.Tally
	switch res {
	case inspection.ResultKept:
		t.Kept = sign
	case inspection.ResultBreached:
		t.Breached = sign
	case inspection.ResultNotObserved:
		t.NotObserved = sign
	default:
		return
	}
	day := RollupDay(at).Format(time.DateOnly)
	for _, id := range units {
		k := unitKey{id, day, kind}
		r := d.unit[k]
		if r == nil {
			r = &inspection.Tally{}
			d.unit[k] = r
		}
		r.Add(t)
		if res == inspection.ResultNotObserved || item == "" {
			continue
		}
		ik := itemKey{k, item}
		ir := d.item[ik]
		if ir == nil {
			ir = &inspection.Tally{}
			d.item[ik] = ir
		}
		ir.Add(t)
	}
}

// Len is the number of rows the delta touches.
func (d *RollupDelta) Len() int { return len(d.unit) + len(d.item) }

const rollupChunk = 300

func compareUnitKey(a, b unitKey) int {
	return cmp.Or(cmp.Compare(a.unit, b.unit), strings.Compare(a.day, b.day), strings.Compare(string(a.kind), string(b.kind)))
}

func dayValue(day string) time.Time {
	t, _ := time.Parse(time.DateOnly, day)
	return t
}

// Execer runs a statement: a transaction of database/sql, or an adapter of
// a driver's own (the bulk generator's COPY connection).
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Flush adds the delta to the rollup rows, in key order (so concurrent
// writers lock rows in the same order), many rows per statement, and
// empties it.
func (d *RollupDelta) Flush(ctx context.Context, q Execer) error {
	keys := make([]unitKey, 0, len(d.unit))
	for k, v := range d.unit {
		if *v != (inspection.Tally{}) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, compareUnitKey)
	for start := 0; start < len(keys); start += rollupChunk {
		var a sqldb.Args
		var vals []string
		for _, k := range keys[start:min(start+rollupChunk, len(keys))] {
			v := d.unit[k]
			vals = append(vals, fmt.Sprintf("(%s, %s, %s, %s, %s, %s)", a.Add(k.unit), a.Add(dayValue(k.day)), a.Add(string(k.kind)),
				a.Add(v.Kept), a.Add(v.Breached), a.Add(v.NotObserved)))
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO rollup_inspection_unit_day (unit_id, day, kind, kept, breached, not_observed) VALUES `+
			strings.Join(vals, ", ")+` ON CONFLICT (unit_id, day, kind) DO UPDATE SET `+
			sqldb.AddExcluded("rollup_inspection_unit_day", "kept", "breached", "not_observed"), a...); err != nil {
			return fmt.Errorf("upsert inspection rollups: %w", err)
		}
	}
	ikeys := make([]itemKey, 0, len(d.item))
	for k, v := range d.item {
		if *v != (inspection.Tally{}) {
			ikeys = append(ikeys, k)
		}
	}
	slices.SortFunc(ikeys, func(a, b itemKey) int {
		return cmp.Or(compareUnitKey(a.unitKey, b.unitKey), strings.Compare(a.code, b.code))
	})
	for start := 0; start < len(ikeys); start += rollupChunk {
		var a sqldb.Args
		var vals []string
		for _, k := range ikeys[start:min(start+rollupChunk, len(ikeys))] {
			v := d.item[k]
			vals = append(vals, fmt.Sprintf("(%s, %s, %s, %s, %s, %s)", a.Add(k.unit), a.Add(dayValue(k.day)), a.Add(string(k.kind)),
				a.Add(k.code), a.Add(v.Kept), a.Add(v.Breached)))
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO rollup_inspection_item_day (unit_id, day, kind, item_code, kept, breached) VALUES `+
			strings.Join(vals, ", ")+` ON CONFLICT (unit_id, day, kind, item_code) DO UPDATE SET `+
			sqldb.AddExcluded("rollup_inspection_item_day", "kept", "breached"), a...); err != nil {
			return fmt.Errorf("upsert inspection item rollups: %w", err)
		}
	}
	clear(d.unit)
	clear(d.item)
	return nil
}

func init() { sqldb.RegisterUnitMove("inspection", adjustRollupsOnMove) }

// adjustRollupsOnMove keeps the subtree rollups right when unit unitID (with
// its subtree) moves from under oldAncestors to under newAncestors, as the
// feedback rollups do (see sqldb.UnitMoveHook): the unit's rows from from
// on are subtracted from each old ancestor that is not a new one and added
// to each new ancestor that was not an old one; its rows before from stay,
// so a dissolved unit keeps its past.
func adjustRollupsOnMove(ctx context.Context, tx *sqldb.Tx, unitID int64, oldAncestors, newAncestors []int64, from time.Time) error {
	day := from.Format(time.DateOnly)
	for _, c := range sqldb.AncestorMoves(unitID, oldAncestors, newAncestors) {
		sg := c.Sign
		if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_inspection_unit_day (unit_id, day, kind, kept, breached, not_observed)
			SELECT CAST($1 AS BIGINT), day, kind, `+sg+`kept, `+sg+`breached, `+sg+`not_observed
			FROM rollup_inspection_unit_day WHERE unit_id = $2 AND day >= $3
			ON CONFLICT (unit_id, day, kind) DO UPDATE SET `+sqldb.AddExcluded("rollup_inspection_unit_day", "kept", "breached", "not_observed"),
			c.ID, unitID, day); err != nil {
			return tx.DB.Internal("move inspection rollups", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_inspection_item_day (unit_id, day, kind, item_code, kept, breached)
			SELECT CAST($1 AS BIGINT), day, kind, item_code, `+sg+`kept, `+sg+`breached
			FROM rollup_inspection_item_day WHERE unit_id = $2 AND day >= $3
			ON CONFLICT (unit_id, day, kind, item_code) DO UPDATE SET `+sqldb.AddExcluded("rollup_inspection_item_day", "kept", "breached"),
			c.ID, unitID, day); err != nil {
			return tx.DB.Internal("move inspection item rollups", err)
		}
	}
	return nil
}
