package petitionsql

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"congvu"
	"congvu/petition"
	"congvu/sqldb"
)

// The dashboard rollups (migration 0045) hold, per Vietnam day of
// submission and per month, what the petitions contribute to the figures
// of PetitionService.Stats, so that the dashboard never scans petitions:
//
//   - rollup_petition_*: petitions by category, status and conclusion;
//   - rollup_petition_child_*: petitions by the child of the unit their
//     unit stood under (the unit itself for its own);
//   - rollup_petition_item_*: items breached by founded conclusions;
//   - rollup_petition_stage_*: completed stages by duration
//     (petition.StageTenths) and on time;
//   - rollup_petition_due_day: petitions whose deadline runs, by the day
//     of the deadline;
//   - rollup_petition_subject_*, rollup_petition_official_*: concluded and
//     founded petitions by the unit they are about and by the official
//     named.
//
// Every table holds a unit's whole subtree: a figure is added to its unit
// and every ancestor, in the tree as it stood on the day of submission
// (sqldb.PathAt), as the raw path counts it.
//
// A write keeps them in its transaction: it reads what the petition
// contributes before its change, changes the rows, and moves the rollups
// by the difference (petitionShare, then rollupAfter; addPetitionRollup
// for a new one).
// What a petition contributes is read from its rows, so every write —
// submission, each step, a reopening, a withdrawal — keeps them right the
// same way.

// factKind tells the facts of the rollup tables apart.
type factKind uint8

const (
	factCount factKind = iota // key: category, status, conclusion (\x00)
	factChild                 // spread by the child of each ancestor
	factItem                  // key: item code
	factStage                 // key: stage; num: tenths; on: on time
	factDue                   // key: the deadline's day
	factOwn                   // by subject (the fact's unit) and official (num, 0: none); on: founded
)

// fact is one figure a petition contributes on the day it was submitted,
// at its own unit (before it is spread over the ancestors).
type fact struct {
	kind factKind
	unit int64
	day  string // yyyy-mm-dd, Vietnam
	key  string
	num  int64
	on   bool
}

// share is what a petition contributes to the rollups.
type share []fact

// rollupDay is the Vietnam day of an instant as the rollups write it.
func rollupDay(t time.Time) string { return t.In(congvu.TimeZone).Format(time.DateOnly) }

// petitionShare reads what petition id contributes now, locking its row on
// PostgreSQL (a SQLite transaction holds the write lock already). A
// petition that does not exist contributes nothing.
func petitionShare(ctx context.Context, tx *sqldb.Tx, id int64) (share, error) {
	lock := ""
	if tx.DB.Engine == sqldb.Postgres {
		lock = " FOR UPDATE"
	}
	var unit, official int64
	var submitted time.Time
	var cat, status, concl string
	var due sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT unit_id, submitted_at, category, status, conclusion, COALESCE(official_id, 0), due_at FROM petitions WHERE id = $1`+lock, id).
		Scan(&unit, &submitted, &cat, &status, &concl, &official, &due)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, tx.DB.Internal("rollup petition", err)
	}
	day := rollupDay(submitted)
	out := share{{kind: factCount, unit: unit, day: day, key: cat + "\x00" + status + "\x00" + concl}, {kind: factChild, unit: unit, day: day}}
	c := petition.Conclusion(concl)
	if c.Breached() {
		codes, err := sqldb.QueryAll(ctx, tx.DB, tx, "rollup petition items", `SELECT item_code FROM petition_items WHERE petition_id = $1`,
			func(sc sqldb.Scanner) (string, error) {
				var c string
				return c, sc.Scan(&c)
			}, id)
		if err != nil {
			return nil, err
		}
		for _, code := range codes {
			out = append(out, fact{kind: factItem, unit: unit, day: day, key: code})
		}
	}
	if concl != "" {
		out = append(out, fact{kind: factOwn, unit: unit, day: day, num: official, on: c.Breached()})
	}
	if due.Valid && !petition.Status(status).ClockStopped() {
		out = append(out, fact{kind: factDue, unit: unit, day: day, key: rollupDay(due.Time)})
	}
	stages, err := sqldb.QueryAll(ctx, tx.DB, tx, "rollup petition stages", `SELECT stage, started_at, done_at, due_at FROM petition_stages
		WHERE petition_id = $1 AND done_at IS NOT NULL`, func(sc sqldb.Scanner) (fact, error) {
		var stage string
		var started, done, due time.Time
		err := sc.Scan(&stage, &started, &done, &due)
		return fact{kind: factStage, unit: unit, day: day, key: stage, num: petition.StageTenths(started, done), on: !done.After(due)}, err
	}, id)
	if err != nil {
		return nil, err
	}
	return append(out, stages...), nil
}

// rollupAfter moves the rollups by what petition id contributes now less
// before, what it contributed before the change (petitionShare), in tx.
func rollupAfter(ctx context.Context, tx *sqldb.Tx, id int64, before share) error {
	after, err := petitionShare(ctx, tx, id)
	if err != nil {
		return err
	}
	return moveRollups(ctx, tx, before, after)
}

// addPetitionRollup adds what petition id, just written in tx, contributes.
func addPetitionRollup(ctx context.Context, tx *sqldb.Tx, id int64) error {
	after, err := petitionShare(ctx, tx, id)
	if err != nil {
		return err
	}
	return moveRollups(ctx, tx, nil, after)
}

// moveRollups takes before out of the rollups and puts after in, each fact
// spread over its unit's ancestors in the tree as it stood on its day.
func moveRollups(ctx context.Context, tx *sqldb.Tx, before, after share) error {
	d := newRollupDelta(tx.DB.Engine)
	if err := sqldb.SpreadNet(ctx, tx, before, after, func(f fact) (int64, string) { return f.unit, f.day }, d.add); err != nil {
		return err
	}
	if err := d.flush(ctx, tx); err != nil {
		return tx.DB.Internal("rollup petition", err)
	}
	return nil
}

// rollupTable is a table of the rollups: its key columns after unit_id
// and its date, and the columns added.
type rollupTable struct {
	name, date string
	keys, sums []string
}

// The tables, in the order of their indexes in rowKey.table.
const (
	tCount, tCountMonth       = 0, 1
	tChild, tChildMonth       = 2, 3
	tItem, tItemMonth         = 4, 5
	tStage, tStageMonth       = 6, 7
	tDue                      = 8
	tSubject, tSubjectMonth   = 9, 10
	tOfficial, tOfficialMonth = 11, 12
)

var rollupTables = []rollupTable{
	{"rollup_petition_day", "day", []string{"category", "status", "conclusion"}, []string{"n"}},
	{"rollup_petition_month", "month", []string{"category", "status", "conclusion"}, []string{"n"}},
	{"rollup_petition_child_day", "day", []string{"child_id"}, []string{"n"}},
	{"rollup_petition_child_month", "month", []string{"child_id"}, []string{"n"}},
	{"rollup_petition_item_day", "day", []string{"item_code"}, []string{"n"}},
	{"rollup_petition_item_month", "month", []string{"item_code"}, []string{"n"}},
	{"rollup_petition_stage_day", "day", []string{"stage", "tenths"}, []string{"n", "on_time"}},
	{"rollup_petition_stage_month", "month", []string{"stage", "tenths"}, []string{"n", "on_time"}},
	{"rollup_petition_due_day", "day", []string{"due_day"}, []string{"n"}},
	{"rollup_petition_subject_day", "day", []string{"subject_id"}, []string{"concluded", "founded"}},
	{"rollup_petition_subject_month", "month", []string{"subject_id"}, []string{"concluded", "founded"}},
	{"rollup_petition_official_day", "day", []string{"official_id"}, []string{"concluded", "founded"}},
	{"rollup_petition_official_month", "month", []string{"official_id"}, []string{"concluded", "founded"}},
}

// rowKey is a row of a rollup table.
type rowKey struct {
	table int
	unit  int64
	date  string // yyyy-mm-dd: the day, or the month's first day
	key   string
	num   int64
}

// rollupDelta aggregates changes to the rollups in memory, so that each
// row is written once however many facts touch it.
type rollupDelta struct {
	engine string
	m      map[rowKey][2]int64
}

func newRollupDelta(engine string) *rollupDelta {
	return &rollupDelta{engine: engine, m: map[rowKey][2]int64{}}
}

func (d *rollupDelta) put(table int, unit int64, date, key string, num, a, b int64) {
	k := rowKey{table, unit, date, key, num}
	v := d.m[k]
	v[0] += a
	v[1] += b
	d.m[k] = v
}

// add adds fact f n times (n < 0 takes it out) to the rows of every unit
// of ids (the fact's unit and its ancestors, root first).
func (d *rollupDelta) add(ids []int64, f fact, n int) {
	month := f.day[:8] + "01"
	k := int64(n)
	on := int64(0)
	if f.on {
		on = k
	}
	for i, id := range ids {
		switch f.kind {
		case factCount:
			d.put(tCount, id, f.day, f.key, 0, k, 0)
			d.put(tCountMonth, id, month, f.key, 0, k, 0)
		case factChild:
			child := id
			if i+1 < len(ids) {
				child = ids[i+1]
			}
			d.put(tChild, id, f.day, "", child, k, 0)
			d.put(tChildMonth, id, month, "", child, k, 0)
		case factItem:
			d.put(tItem, id, f.day, f.key, 0, k, 0)
			d.put(tItemMonth, id, month, f.key, 0, k, 0)
		case factStage:
			d.put(tStage, id, f.day, f.key, f.num, k, on)
			d.put(tStageMonth, id, month, f.key, f.num, k, on)
		case factDue:
			d.put(tDue, id, f.day, f.key, 0, k, 0)
		case factOwn:
			d.put(tSubject, id, f.day, "", f.unit, k, on)
			d.put(tSubjectMonth, id, month, "", f.unit, k, on)
			if f.num != 0 {
				d.put(tOfficial, id, f.day, "", f.num, k, on)
				d.put(tOfficialMonth, id, month, "", f.num, k, on)
			}
		}
	}
}

// dateArg is a rollup date as a statement argument: the text "yyyy-mm-dd"
// on SQLite (what its backfill writes), a date on PostgreSQL.
func (d *rollupDelta) dateArg(day string) any {
	if d.engine == sqldb.Postgres {
		t, _ := time.Parse(time.DateOnly, day)
		return t
	}
	return day
}

const rollupChunk = 200

// flush adds the delta to the rollup rows, in key order (so that
// concurrent writers lock rows in the same order), many rows per
// statement, and empties it.
func (d *rollupDelta) flush(ctx context.Context, q sqldb.Querier) error {
	keys := make([]rowKey, 0, len(d.m))
	for k, v := range d.m {
		if v != [2]int64{} {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b rowKey) int {
		return cmp.Or(cmp.Compare(a.table, b.table), cmp.Compare(a.unit, b.unit), strings.Compare(a.date, b.date),
			strings.Compare(a.key, b.key), cmp.Compare(a.num, b.num))
	})
	for start := 0; start < len(keys); {
		t := keys[start].table
		end := start
		for end < len(keys) && keys[end].table == t && end-start < rollupChunk {
			end++
		}
		tb := rollupTables[t]
		var a sqldb.Args
		vals := make([]string, 0, end-start)
		for _, k := range keys[start:end] {
			ph := []string{a.Add(k.unit), a.Add(d.dateArg(k.date))}
			switch t {
			case tCount, tCountMonth:
				for _, p := range strings.Split(k.key, "\x00") {
					ph = append(ph, a.Add(p))
				}
			case tChild, tChildMonth, tSubject, tSubjectMonth, tOfficial, tOfficialMonth:
				ph = append(ph, a.Add(k.num))
			case tItem, tItemMonth:
				ph = append(ph, a.Add(k.key))
			case tStage, tStageMonth:
				ph = append(ph, a.Add(k.key), a.Add(k.num))
			case tDue:
				ph = append(ph, a.Add(d.dateArg(k.key)))
			}
			v := d.m[k]
			for i := range tb.sums {
				ph = append(ph, a.Add(v[i]))
			}
			vals = append(vals, "("+strings.Join(ph, ", ")+")")
		}
		keyCols := "unit_id, " + tb.date + ", " + strings.Join(tb.keys, ", ")
		stmt := `INSERT INTO ` + tb.name + ` (` + keyCols + `, ` + strings.Join(tb.sums, ", ") + `) VALUES ` + strings.Join(vals, ", ") +
			` ON CONFLICT (` + keyCols + `) DO UPDATE SET ` + sqldb.AddExcluded(tb.name, tb.sums...)
		if _, err := q.ExecContext(ctx, stmt, a...); err != nil {
			return fmt.Errorf("upsert %s: %w", tb.name, err)
		}
		start = end
	}
	clear(d.m)
	return nil
}

func init() { sqldb.RegisterUnitMove("petition", adjustRollupsOnMove) }

// adjustRollupsOnMove keeps the subtree rollups right when unit unitID (with
// its subtree) moves from under oldAncestors to under newAncestors, as the
// other rollups do (see sqldb.UnitMoveHook): the unit's rows from from on
// are subtracted from each old ancestor that is not a new one and added to
// each new ancestor that was not an old one, and each ancestor whose child
// towards the unit changes moves them from the old child to the new; its
// rows before from stay, so a dissolved unit keeps its past and its
// successor counts what follows.
func adjustRollupsOnMove(ctx context.Context, tx *sqldb.Tx, unitID int64, oldAncestors, newAncestors []int64, from time.Time) error {
	day := from.Format(time.DateOnly)
	month := `substr(day, 1, 8) || '01'`
	if tx.DB.Engine == sqldb.Postgres {
		month = `CAST(date_trunc('month', day) AS DATE)`
	}
	for _, c := range sqldb.AncestorMoves(unitID, oldAncestors, newAncestors) {
		sg := c.Sign
		for _, t := range []struct {
			name, keys, vals string
			months           bool
		}{
			{"rollup_petition", ", category, status, conclusion", "n", true},
			{"rollup_petition_item", ", item_code", "n", true},
			{"rollup_petition_stage", ", stage, tenths", "n, on_time", true},
			{"rollup_petition_due", ", due_day", "n", false},
			{"rollup_petition_subject", ", subject_id", "concluded, founded", true},
			{"rollup_petition_official", ", official_id", "concluded, founded", true},
		} {
			vals := strings.Split(t.vals, ", ")
			signed, sums := make([]string, len(vals)), make([]string, len(vals))
			for i, v := range vals {
				signed[i] = sg + v
				sums[i] = sg + "SUM(" + v + ")"
			}
			dayT, monthT := t.name+"_day", t.name+"_month"
			if t.months {
				if _, err := tx.ExecContext(ctx, `INSERT INTO `+monthT+` (unit_id, month`+t.keys+`, `+t.vals+`)
					SELECT CAST($1 AS BIGINT), `+month+` AS m`+t.keys+`, `+strings.Join(sums, ", ")+`
					FROM `+dayT+` WHERE unit_id = $2 AND day >= $3 GROUP BY m`+t.keys+`
					ON CONFLICT (unit_id, month`+t.keys+`) DO UPDATE SET `+sqldb.AddExcluded(monthT, vals...), c.ID, unitID, day); err != nil {
					return tx.DB.Internal("move petition month rollups", err)
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+dayT+` (unit_id, day`+t.keys+`, `+t.vals+`)
				SELECT CAST($1 AS BIGINT), day`+t.keys+`, `+strings.Join(signed, ", ")+`
				FROM `+dayT+` WHERE unit_id = $2 AND day >= $3
				ON CONFLICT (unit_id, day`+t.keys+`) DO UPDATE SET `+sqldb.AddExcluded(dayT, vals...), c.ID, unitID, day); err != nil {
				return tx.DB.Internal("move petition rollups", err)
			}
		}
	}
	// The child rows: each ancestor counts the unit's rows under its child
	// towards the unit, which the move may change (a commune moved between
	// two districts of a province).
	towards := func(ancestors []int64, id int64) int64 {
		i := slices.Index(ancestors, id)
		if i < 0 {
			return 0
		}
		if i+1 < len(ancestors) {
			return ancestors[i+1]
		}
		return unitID
	}
	var all []int64
	for _, id := range append(slices.Clone(oldAncestors), newAncestors...) {
		if id != unitID && !slices.Contains(all, id) {
			all = append(all, id)
		}
	}
	slices.Sort(all)
	for _, id := range all {
		was, now := towards(oldAncestors, id), towards(newAncestors, id)
		if was == now {
			continue
		}
		for _, m := range []struct {
			sign  string
			child int64
		}{{"-", was}, {"", now}} {
			if m.child == 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_petition_child_month (unit_id, month, child_id, n)
				SELECT CAST($1 AS BIGINT), `+month+` AS m, CAST($2 AS BIGINT), `+m.sign+`SUM(n) FROM rollup_petition_child_day WHERE unit_id = $3 AND day >= $4 GROUP BY m
				ON CONFLICT (unit_id, month, child_id) DO UPDATE SET `+sqldb.AddExcluded("rollup_petition_child_month", "n"), id, m.child, unitID, day); err != nil {
				return tx.DB.Internal("move petition child month rollups", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_petition_child_day (unit_id, day, child_id, n)
				SELECT CAST($1 AS BIGINT), day, CAST($2 AS BIGINT), `+m.sign+`SUM(n) FROM rollup_petition_child_day WHERE unit_id = $3 AND day >= $4 GROUP BY day
				ON CONFLICT (unit_id, day, child_id) DO UPDATE SET `+sqldb.AddExcluded("rollup_petition_child_day", "n"), id, m.child, unitID, day); err != nil {
				return tx.DB.Internal("move petition child rollups", err)
			}
		}
	}
	return nil
}

// rollupMigration is the migration that creates the rollups; its backfill
// starts at rollupBackfill.
const (
	rollupMigration = "0045_petition_rollups.sql"
	rollupBackfill  = "-- Backfill (petitionsql.RebuildStatsRollups runs it again from here)"
)

// RebuildStatsRollups empties the dashboard rollups and fills them again
// from the petitions, as migration 0045 did: for data written without the
// services (the bulk generator), in one transaction.
func RebuildStatsRollups(ctx context.Context, db *sqldb.DB) error {
	body, err := sqldb.MigrationBody(db.Engine, rollupMigration)
	if err != nil {
		return err
	}
	_, backfill, ok := strings.Cut(string(body), rollupBackfill)
	if !ok {
		return fmt.Errorf("no backfill in migration %s", rollupMigration)
	}
	_, backfill, _ = strings.Cut(backfill, "\n") // the rest of the comment's line
	return db.InTx(ctx, func(tx *sqldb.Tx) error {
		for _, t := range rollupTables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.name); err != nil {
				return db.Internal("rebuild petition rollups", err)
			}
		}
		_, err := tx.ExecContext(ctx, backfill)
		return db.Internal("rebuild petition rollups", err)
	})
}
