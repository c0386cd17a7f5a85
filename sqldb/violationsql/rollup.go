package violationsql

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"congvu"
	"congvu/sqldb"
	"congvu/violation"
)

// The dashboard rollups (migration 0030) hold a unit's whole subtree, per
// Vietnam day: a figure is added to its unit and every ancestor, in the
// tree as it stood that day (sqldb.PathAt), so that the dashboards never
// scan violations:
//
//   - rollup_violation_unit_day: violations by act day, at the unit of the
//     act, by status (open, handled, dismissed);
//   - rollup_violation_item_day: violations not dismissed, per item;
//   - rollup_violation_outcome_day: outcomes by the day decided — measures
//     short of discipline and no action (kind "measure") at the
//     violation's unit, discipline forms applied (kind "form") at the
//     case's unit;
//   - rollup_violation_delay_day: days from the earliest evidence to each
//     of those decisions, in the bins of DelayBin.
//
// A write path keeps them in its transaction: it reads what the violation
// (or case) contributes before its change, changes the rows, and moves the
// rollups by the difference (RollupViolation, RollupCase; AddViolationRollup
// for a new violation). What a violation contributes is read from its rows,
// so every write path — open, handle, no action, dismiss, evidence added,
// case decided, complaint settled — keeps the rollups right the same way.

// Rollup kinds of rollup_violation_outcome_day.
const (
	OutcomeMeasure = "measure"
	OutcomeForm    = "form"
	// MeasureNoAction is the measure code of an official given no measure.
	MeasureNoAction = "no_action"
)

// DelayBin is the bin of the rollups a delay of days falls in (its lowest
// value): each day up to 62, then weeks up to a year, then 30 days up to
// three years, then one bin for longer. Negative delays count as 0.
func DelayBin(days int) int {
	switch {
	case days <= 0:
		return 0
	case days <= 62:
		return days
	case days < 364:
		return 63 + 7*((days-63)/7)
	case days < 1094:
		return 364 + 30*((days-364)/30)
	}
	return 1094
}

// DelayValue is the number of days a bin stands for in a median or
// percentile: its value when exact, else its middle.
func DelayValue(bin int) float64 {
	switch {
	case bin <= 62:
		return float64(bin)
	case bin < 364:
		return float64(min(bin+3, 363)) // [bin, bin+6]
	case bin < 1094:
		hi := min(bin+29, 1093)
		return float64(bin+hi) / 2
	}
	return 1094
}

// rollupTable tells the tables of the rollups apart in a fact.
type rollupTable uint8

const (
	tableUnit    rollupTable = iota // key: status
	tableItem                       // key: item code
	tableOutcome                    // key: kind + "\x00" + code
	tableDelay                      // num: bin
	// monthly is added to a day table's number for its month table, whose
	// rows hold the same figures per month (day: its first day), so that
	// a range of many months reads few rows.
	monthly rollupTable = 4
)

// monthOf is the first day of the month of day (yyyy-mm-dd).
func monthOf(day string) string { return day[:8] + "01" }

// Fact is one figure a violation or a case contributes to the rollups of a
// unit's subtree on a day (before it is spread over the ancestors).
type Fact struct {
	table rollupTable
	Unit  int64
	Day   string // yyyy-mm-dd, Vietnam
	key   string
	num   int
}

// StatusFact is a violation of status at unit on act day day.
func StatusFact(unit int64, day, status string) Fact {
	return Fact{table: tableUnit, Unit: unit, Day: day, key: status}
}

// ItemFact is a violation (not dismissed) breaching item code.
func ItemFact(unit int64, day, code string) Fact {
	return Fact{table: tableItem, Unit: unit, Day: day, key: code}
}

// OutcomeFact is an outcome of kind (OutcomeMeasure, OutcomeForm) and code
// decided on day.
func OutcomeFact(unit int64, day, kind, code string) Fact {
	return Fact{table: tableOutcome, Unit: unit, Day: day, key: kind + "\x00" + code}
}

// DelayFact is a decision on day, days after the earliest evidence.
func DelayFact(unit int64, day string, days int) Fact {
	return Fact{table: tableDelay, Unit: unit, Day: day, num: DelayBin(days)}
}

// Day is the Vietnam day of an instant as the rollups write it.
func Day(t time.Time) string { return t.In(congvu.TimeZone).Format(time.DateOnly) }

// daysBetween counts the Vietnam days from a to b.
func daysBetween(a, b time.Time) int {
	da, _ := time.Parse(time.DateOnly, Day(a))
	db, _ := time.Parse(time.DateOnly, Day(b))
	return int(db.Sub(da).Hours() / 24)
}

// Share is what a violation or a case contributes to the rollups.
type Share []Fact

// violationShare reads what violation id contributes now, locking its row
// on PostgreSQL (a SQLite transaction holds the write lock already). A
// violation that does not exist contributes nothing.
func violationShare(ctx context.Context, tx *sqldb.Tx, id int64) (Share, error) {
	lock := ""
	if tx.DB.Engine == sqldb.Postgres {
		lock = " FOR UPDATE"
	}
	var unit int64
	var act any
	var status string
	var evidence time.Time
	err := tx.QueryRowContext(ctx, `SELECT unit_id, act_date, status, evidence_at FROM violations WHERE id = $1`+lock, id).Scan(&unit, &act, &status, &evidence)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, tx.DB.Internal("rollup violation", err)
	}
	actDay, err := sqldb.DateOf(act)
	if err != nil {
		return nil, tx.DB.Internal("rollup act date", err)
	}
	day := actDay.Format(time.DateOnly)
	out := Share{StatusFact(unit, day, status)}
	if status != "dismissed" {
		codes, err := sqldb.QueryAll(ctx, tx.DB, tx, "rollup violation items", `SELECT item_code FROM violation_items WHERE violation_id = $1`,
			func(sc sqldb.Scanner) (string, error) {
				var c string
				return c, sc.Scan(&c)
			}, id)
		if err != nil {
			return nil, err
		}
		for _, c := range codes {
			out = append(out, ItemFact(unit, day, c))
		}
	}
	type outcome struct {
		measure string
		at      time.Time
	}
	outs, err := sqldb.QueryAll(ctx, tx.DB, tx, "rollup violation outcomes", `SELECT COALESCE(h.kind, ''), o.outcome, h.decided_at, o.decided_at
		FROM violation_officials o LEFT JOIN violation_handlings h ON h.violation_id = o.violation_id AND h.official_id = o.official_id
		WHERE o.violation_id = $1 AND o.outcome IN ('handled', 'no_action')`, func(sc sqldb.Scanner) (outcome, error) {
		var x outcome
		var kind, oc string
		var hAt, oAt sql.NullTime
		if err := sc.Scan(&kind, &oc, &hAt, &oAt); err != nil {
			return x, err
		}
		switch {
		case oc == "handled" && kind != "" && hAt.Valid:
			x.measure, x.at = kind, hAt.Time
		case oc == "no_action" && oAt.Valid:
			x.measure, x.at = MeasureNoAction, oAt.Time
		}
		return x, nil
	}, id)
	if err != nil {
		return nil, err
	}
	for _, x := range outs {
		if x.measure == "" {
			continue
		}
		d := Day(x.at)
		out = append(out, OutcomeFact(unit, d, OutcomeMeasure, x.measure), DelayFact(unit, d, daysBetween(evidence, x.at)))
	}
	return out, nil
}

// caseShare reads what discipline case id contributes now: the form
// applied (the complaint's new form when it changed it; nothing when the
// complaint annulled the decision), on the day
// decided, at the case's unit, and the days from its violations' earliest
// evidence.
func caseShare(ctx context.Context, tx *sqldb.Tx, id int64) (Share, error) {
	lock := ""
	if tx.DB.Engine == sqldb.Postgres {
		lock = " FOR UPDATE"
	}
	var unit int64
	var form, newForm, complaint string
	var decided sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT unit_id, decision_form, complaint_new_form, complaint_outcome, decided_at FROM discipline_cases WHERE id = $1`+lock, id).
		Scan(&unit, &form, &newForm, &complaint, &decided)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, tx.DB.Internal("rollup case", err)
	}
	if !decided.Valid || form == "" || complaint == violation.ComplaintAnnulled {
		return nil, nil // no decision, or annulled on complaint
	}
	if newForm != "" {
		form = newForm
	}
	var evidence sql.NullTime
	if err := tx.QueryRowContext(ctx, `SELECT v.evidence_at FROM discipline_case_violations cv JOIN violations v ON v.id = cv.violation_id
		WHERE cv.case_id = $1 ORDER BY v.evidence_at LIMIT 1`, id).Scan(&evidence); err != nil && err != sql.ErrNoRows {
		return nil, tx.DB.Internal("rollup case evidence", err)
	}
	d := Day(decided.Time)
	out := Share{OutcomeFact(unit, d, OutcomeForm, form)}
	days := 0
	if evidence.Valid {
		days = daysBetween(evidence.Time, decided.Time)
	}
	return append(out, DelayFact(unit, d, days)), nil
}

// RollupViolation runs write, which changes violation id (its status,
// items, officials' outcomes, handlings), and moves the rollups by what
// that changed, in tx.
func RollupViolation(ctx context.Context, tx *sqldb.Tx, id int64, write func() error) error {
	before, err := violationShare(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := write(); err != nil {
		return err
	}
	after, err := violationShare(ctx, tx, id)
	if err != nil {
		return err
	}
	return MoveRollups(ctx, tx, before, after)
}

// AddViolationRollup adds what violation id, just created in tx,
// contributes.
func AddViolationRollup(ctx context.Context, tx *sqldb.Tx, id int64) error {
	after, err := violationShare(ctx, tx, id)
	if err != nil {
		return err
	}
	return MoveRollups(ctx, tx, nil, after)
}

// RollupCase runs write, which changes discipline case id (its decision or
// its complaint's outcome), and moves the rollups by what that changed.
func RollupCase(ctx context.Context, tx *sqldb.Tx, id int64, write func() error) error {
	before, err := caseShare(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := write(); err != nil {
		return err
	}
	after, err := caseShare(ctx, tx, id)
	if err != nil {
		return err
	}
	return MoveRollups(ctx, tx, before, after)
}

// MoveRollups takes before out of the rollups and puts after in, each fact
// spread over its unit's ancestors in the tree as it stood on its day.
func MoveRollups(ctx context.Context, tx *sqldb.Tx, before, after Share) error {
	d := NewRollupDelta(tx.DB.Engine)
	if err := sqldb.SpreadNet(ctx, tx, before, after, func(f Fact) (int64, string) { return f.Unit, f.Day }, d.Add); err != nil {
		return err
	}
	return d.Flush(ctx, tx)
}

type deltaKey struct {
	table rollupTable
	unit  int64
	day   string
	key   string
	num   int
}

// RollupDelta aggregates changes to the rollups in memory, so that each
// row is written once however many facts touch it. The write paths and
// the bulk generator both write through it.
type RollupDelta struct {
	engine string
	m      map[deltaKey]int64
}

// NewRollupDelta returns an empty delta for a database of engine
// (sqldb.SQLite, sqldb.Postgres).
func NewRollupDelta(engine string) *RollupDelta {
	return &RollupDelta{engine: engine, m: map[deltaKey]int64{}}
}

// dayArg is a rollup day as a statement argument: the text
// "yyyy-mm-dd" on SQLite (what its backfill writes), a date on PostgreSQL.
func (d *RollupDelta) dayArg(day string) any {
	if d.engine == sqldb.Postgres {
		t, _ := time.Parse(time.DateOnly, day)
		return t
	}
	return day
}

// Add adds fact f n times (n < 0 takes it out) to the rows of every unit
// of units (the fact's unit and its ancestors).
func (d *RollupDelta) Add(units []int64, f Fact, n int) {
	month := monthOf(f.Day)
	for _, id := range units {
		d.m[deltaKey{f.table, id, f.Day, f.key, f.num}] += int64(n)
		d.m[deltaKey{f.table + monthly, id, month, f.key, f.num}] += int64(n)
	}
}

// Clear empties the delta.
func (d *RollupDelta) Clear() { clear(d.m) }

// Len is the number of rows the delta touches.
func (d *RollupDelta) Len() int { return len(d.m) }

// Execer runs a statement: a transaction, or an adapter of a driver's own
// (the bulk generator).
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

const rollupChunk = 300

// RollupRows are the rows a delta adds to one rollup table: the key
// columns, then the columns added, in key order. Days are arguments of
// the delta's engine (text on SQLite, dates on PostgreSQL).
type RollupRows struct {
	Table string
	Keys  []string
	Sums  []string
	Rows  [][]any
}

// Tables returns the rows of the delta, per table, in key order (so that
// concurrent writers lock rows in the same order), without changing it.
func (d *RollupDelta) Tables() []RollupRows {
	keys := make([]deltaKey, 0, len(d.m))
	for k, v := range d.m {
		if v != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b deltaKey) int {
		return cmp.Or(cmp.Compare(a.table, b.table), cmp.Compare(a.unit, b.unit), strings.Compare(a.day, b.day),
			strings.Compare(a.key, b.key), cmp.Compare(a.num, b.num))
	})
	out := []RollupRows{
		{Table: "rollup_violation_unit_day", Keys: []string{"unit_id", "day"}, Sums: []string{"open", "handled", "dismissed"}},
		{Table: "rollup_violation_item_day", Keys: []string{"unit_id", "day", "item_code"}, Sums: []string{"n"}},
		{Table: "rollup_violation_outcome_day", Keys: []string{"unit_id", "day", "kind", "code"}, Sums: []string{"n"}},
		{Table: "rollup_violation_delay_day", Keys: []string{"unit_id", "day", "days"}, Sums: []string{"n"}},
		{Table: "rollup_violation_unit_month", Keys: []string{"unit_id", "month"}, Sums: []string{"open", "handled", "dismissed"}},
		{Table: "rollup_violation_item_month", Keys: []string{"unit_id", "month", "item_code"}, Sums: []string{"n"}},
		{Table: "rollup_violation_outcome_month", Keys: []string{"unit_id", "month", "kind", "code"}, Sums: []string{"n"}},
		{Table: "rollup_violation_delay_month", Keys: []string{"unit_id", "month", "days"}, Sums: []string{"n"}},
	}
	for _, k := range keys {
		n := d.m[k]
		t := &out[k.table]
		switch k.table % monthly {
		case tableUnit:
			// The status columns of one unit and day go in one row.
			if l := len(t.Rows); l == 0 || t.Rows[l-1][0] != k.unit || t.Rows[l-1][1] != d.dayArg(k.day) {
				t.Rows = append(t.Rows, []any{k.unit, d.dayArg(k.day), int64(0), int64(0), int64(0)})
			}
			r := t.Rows[len(t.Rows)-1]
			switch k.key {
			case "open":
				r[2] = r[2].(int64) + n
			case "handled":
				r[3] = r[3].(int64) + n
			case "dismissed":
				r[4] = r[4].(int64) + n
			}
		case tableItem:
			t.Rows = append(t.Rows, []any{k.unit, d.dayArg(k.day), k.key, n})
		case tableOutcome:
			kind, code, _ := strings.Cut(k.key, "\x00")
			t.Rows = append(t.Rows, []any{k.unit, d.dayArg(k.day), kind, code, n})
		case tableDelay:
			t.Rows = append(t.Rows, []any{k.unit, d.dayArg(k.day), int64(k.num), n})
		}
	}
	return out
}

// Upsert is the statement adding rows values (placeholders or literals,
// comma-separated) to rollup table t.
func (t RollupRows) Upsert(values string) string {
	return `INSERT INTO ` + t.Table + ` (` + strings.Join(t.Keys, ", ") + `, ` + strings.Join(t.Sums, ", ") + `) VALUES ` + values +
		` ON CONFLICT (` + strings.Join(t.Keys, ", ") + `) DO UPDATE SET ` + sqldb.AddExcluded(t.Table, t.Sums...)
}

// Flush adds the delta to the rollup rows, many rows per statement, and
// empties it.
func (d *RollupDelta) Flush(ctx context.Context, q Execer) error {
	for _, t := range d.Tables() {
		for start := 0; start < len(t.Rows); start += rollupChunk {
			var a sqldb.Args
			var vals []string
			for _, r := range t.Rows[start:min(start+rollupChunk, len(t.Rows))] {
				ph := make([]string, len(r))
				for i, v := range r {
					ph[i] = a.Add(v)
				}
				vals = append(vals, "("+strings.Join(ph, ", ")+")")
			}
			if _, err := q.ExecContext(ctx, t.Upsert(strings.Join(vals, ", ")), a...); err != nil {
				return fmt.Errorf("upsert %s: %w", t.Table, err)
			}
		}
	}
	clear(d.m)
	return nil
}

func init() { sqldb.RegisterUnitMove("violation", adjustRollupsOnMove) }

// adjustRollupsOnMove keeps the subtree rollups right when unit unitID (with
// its subtree) moves from under oldAncestors to under newAncestors, as the
// other rollups do (see sqldb.UnitMoveHook): the unit's rows from from on
// are subtracted from each old ancestor that is not a new one and added to
// each new ancestor that was not an old one; its rows before from stay, so
// a dissolved unit keeps its past and its successor counts what follows.
func adjustRollupsOnMove(ctx context.Context, tx *sqldb.Tx, unitID int64, oldAncestors, newAncestors []int64, from time.Time) error {
	day := from.Format(time.DateOnly)
	for _, c := range sqldb.AncestorMoves(unitID, oldAncestors, newAncestors) {
		sg := c.Sign
		// The month rows move by the unit's day rows from that day on: a
		// month cut by the restructuring splits as its days do.
		month := `substr(day, 1, 8) || '01'`
		if tx.DB.Engine == sqldb.Postgres {
			month = `CAST(date_trunc('month', day) AS DATE)`
		}
		for _, t := range []struct{ name, keys, vals string }{
			{"rollup_violation_unit", "", "open, handled, dismissed"},
			{"rollup_violation_item", ", item_code", "n"},
			{"rollup_violation_outcome", ", kind, code", "n"},
			{"rollup_violation_delay", ", days", "n"},
		} {
			vals := strings.Split(t.vals, ", ")
			signed, sums := make([]string, len(vals)), make([]string, len(vals))
			for i, v := range vals {
				signed[i] = sg + v
				sums[i] = sg + "SUM(" + v + ")"
			}
			dayT, monthT := t.name+"_day", t.name+"_month"
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+monthT+` (unit_id, month`+t.keys+`, `+t.vals+`)
				SELECT CAST($1 AS BIGINT), `+month+` AS m`+t.keys+`, `+strings.Join(sums, ", ")+`
				FROM `+dayT+` WHERE unit_id = $2 AND day >= $3 GROUP BY m`+t.keys+`
				ON CONFLICT (unit_id, month`+t.keys+`) DO UPDATE SET `+sqldb.AddExcluded(monthT, vals...), c.ID, unitID, day); err != nil {
				return tx.DB.Internal("move violation month rollups", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+dayT+` (unit_id, day`+t.keys+`, `+t.vals+`)
				SELECT CAST($1 AS BIGINT), day`+t.keys+`, `+strings.Join(signed, ", ")+`
				FROM `+dayT+` WHERE unit_id = $2 AND day >= $3
				ON CONFLICT (unit_id, day`+t.keys+`) DO UPDATE SET `+sqldb.AddExcluded(dayT, vals...), c.ID, unitID, day); err != nil {
				return tx.DB.Internal("move violation rollups", err)
			}
		}
	}
	return nil
}

// SubtreeViolations counts, from the month rollups (a row per month), the
// violations ever opened at unit id's subtree as it stood on each act day,
// dismissed ones included: a cheap size of a subtree for a reader choosing
// how to page through it (a province's thousands by the act-date index, a
// commune's few from its own rows), never a figure shown as exact for
// today's tree.
func SubtreeViolations(ctx context.Context, db *sqldb.DB, q sqldb.Querier, id int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(open + handled + dismissed), 0) FROM rollup_violation_unit_month WHERE unit_id = $1`, id).Scan(&n)
	return n, db.Internal("subtree violations", err)
}
