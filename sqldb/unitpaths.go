package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"congvu"
)

// Figures for a period are those of the unit tree as it stood then. A
// restructuring moves units now; unit_paths_before (migration 0018) keeps
// where each moved unit stood until the first day counted in the new tree
// (FiguresFrom), so that what is counted later for an earlier day (a
// rating reviewed, an old rating imported, a petition dashboard of a past
// period) goes to the units it belonged to then.

// FiguresFrom is the first day whose figures go to the tree a restructuring
// effective on eff (a calendar date) makes, when it is recorded at recorded:
// the effective date, or the day it is recorded when that is sooner (the
// tree changes then, and what is recorded from that day on counts in the
// new one). Figures before it stay with the tree as it stood.
func FiguresFrom(eff, recorded time.Time) time.Time {
	if day := congvu.Date(recorded); day.Format(time.DateOnly) < eff.Format(time.DateOnly) {
		return day
	}
	return eff
}

// DayStart is the instant a calendar day starts in Vietnam, in UTC.
func DayStart(day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, congvu.TimeZone).UTC()
}

// RecordPathsBefore records, before the subtree at path moves, where each
// of its units stands until day from (FiguresFrom). A unit moved twice from
// the same day keeps the path it had before that day.
func RecordPathsBefore(ctx context.Context, tx *Tx, path string, from time.Time) error {
	at := "$1"
	if tx.DB.Engine == Postgres {
		at = "CAST($1 AS TIMESTAMPTZ)"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO unit_paths_before (unit_id, until_at, path)
		SELECT id, `+at+`, path FROM units WHERE path >= $2 AND path < $3
		ON CONFLICT (unit_id, until_at) DO NOTHING`, DayStart(from), path, congvu.SubtreeUpper(path))
	return tx.DB.Internal("record unit paths", err)
}

// RecordUnitPathsBefore is RecordPathsBefore for units ids without
// sub-units, in one statement.
func RecordUnitPathsBefore(ctx context.Context, tx *Tx, ids []int64, from time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	var a Args
	at := a.Add(DayStart(from))
	if tx.DB.Engine == Postgres {
		at = "CAST(" + at + " AS TIMESTAMPTZ)"
	}
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = a.Add(id)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO unit_paths_before (unit_id, until_at, path)
		SELECT id, `+at+`, path FROM units WHERE id IN (`+strings.Join(ph, ", ")+`)
		ON CONFLICT (unit_id, until_at) DO NOTHING`, a...)
	return tx.DB.Internal("record unit paths", err)
}

// PathBefore is where a unit stood until UntilAt.
type PathBefore struct {
	UntilAt time.Time
	Path    string
}

// PathsBefore loads where units ids stood before they moved, each unit's
// rows by UntilAt; units that never moved have none.
func PathsBefore(ctx context.Context, db *DB, q Querier, ids []int64) (map[int64][]PathBefore, error) {
	out := map[int64][]PathBefore{}
	for start := 0; start < len(ids); start += 500 {
		var a Args
		in := ""
		for i, id := range ids[start:min(start+500, len(ids))] {
			if i > 0 {
				in += ", "
			}
			in += a.Add(id)
		}
		rows, err := q.QueryContext(ctx, `SELECT unit_id, until_at, path FROM unit_paths_before WHERE unit_id IN (`+in+`)`, a...)
		if err != nil {
			return nil, db.Internal("unit paths before", err)
		}
		for rows.Next() {
			var id int64
			var p PathBefore
			if err := rows.Scan(&id, &p.UntilAt, &p.Path); err != nil {
				rows.Close()
				return nil, db.Internal("scan unit path before", err)
			}
			p.UntilAt = p.UntilAt.UTC()
			out[id] = append(out[id], p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, db.Internal("unit paths before", err)
		}
	}
	for _, l := range out {
		slices.SortFunc(l, func(a, b PathBefore) int { return a.UntilAt.Compare(b.UntilAt) })
	}
	return out, nil
}

// PathAt is where a unit whose path is now current stood at instant at,
// given its rows of PathsBefore.
func PathAt(before []PathBefore, current string, at time.Time) string {
	for _, p := range before {
		if at.Before(p.UntilAt) {
			return p.Path
		}
	}
	return current
}

// PathAtExpr is an SQL expression: the path of the unit whose id is in
// idCol at the instant in atCol, its current path being in pathCol.
func PathAtExpr(idCol, atCol, pathCol string) string {
	return fmt.Sprintf(`COALESCE((SELECT h.path FROM unit_paths_before h WHERE h.unit_id = %s AND h.until_at > %s ORDER BY h.until_at LIMIT 1), %s)`,
		idCol, atCol, pathCol)
}

// MovedSince reports whether a unit moved from an instant after since on:
// until then, PathAtExpr is every unit's current path.
func MovedSince(ctx context.Context, db *DB, q Querier, since time.Time) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM unit_paths_before WHERE until_at > $1 LIMIT 1) c`, since.UTC()).Scan(&n)
	return n > 0, db.Internal("units moved since", err)
}

// UnitSegment is the part of a path that names unit id ("/12/"): a path
// holds it when the unit is that path's unit or one of its ancestors,
// wherever the unit stood.
func UnitSegment(id int64) string { return "/" + strconv.FormatInt(id, 10) + "/" }

// SpreadNet takes the facts of before out and puts those of after in: each
// fact that does not cancel out (net count n) is passed to add with the
// ids of its unit and that unit's ancestors in the tree as it stood on the
// fact's day (a Vietnam date, YYYY-MM-DD), as unitDay tells them. It is
// the one walk of the petition and violation rollups' deltas.
func SpreadNet[F comparable](ctx context.Context, tx *Tx, before, after []F, unitDay func(F) (int64, string), add func(ancestors []int64, f F, n int)) error {
	net := map[F]int{}
	for _, f := range before {
		net[f]--
	}
	for _, f := range after {
		net[f]++
	}
	var units []int64
	for f, n := range net {
		if u, _ := unitDay(f); n != 0 && !slices.Contains(units, u) {
			units = append(units, u)
		}
	}
	if len(units) == 0 {
		return nil
	}
	paths := map[int64]string{}
	for _, id := range units {
		var p string
		if err := tx.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, id).Scan(&p); err != nil {
			return tx.DB.Internal("rollup unit path", err)
		}
		paths[id] = p
	}
	hist, err := PathsBefore(ctx, tx.DB, tx, units)
	if err != nil {
		return err
	}
	for f, n := range net {
		if n == 0 {
			continue
		}
		u, d := unitDay(f)
		day, _ := time.Parse(time.DateOnly, d)
		add(PathIDs(PathAt(hist[u], paths[u], DayStart(day))), f, n)
	}
	return nil
}
