package devdata

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/inspectionsql"

	"github.com/jackc/pgx/v5"
)

// InspectionGenOptions configures GenerateInspections.
type InspectionGenOptions struct {
	// Inspections is how many inspections to write.
	Inspections int
	// Lines is the number of checklist lines of each (0: 40).
	Lines int
	// From and To bound the visits (Vietnam dates, To exclusive). Zero:
	// the twelve months up to yesterday.
	From, To time.Time
	// Seed makes the data reproducible.
	Seed uint64
	// Progress receives (inspections written, Inspections).
	Progress congvu.Progress
}

// InspectionGenResult says what GenerateInspections wrote.
type InspectionGenResult struct {
	Inspections int   `json:"inspections"`
	Lines       int   `json:"lines"`
	Breached    int   `json:"breached"`
	Units       int   `json:"units"` // units inspected at least once
	RollupRows  int64 `json:"rollup_rows"`
}

// genInspection is one generated inspection with its lines' results.
type genInspection struct {
	id       int64
	kind     inspection.Kind
	owner    int64
	target   int32 // index into targets
	visited  time.Time
	results  []inspection.LineResult
	recorded []time.Time
}

// GenerateInspections writes o.Inspections concluded inspections of
// o.Lines lines each, over the communes of the unit tree (or its leaves),
// visited on working days in office hours, owned by the target's province,
// one in five a thanh tra; units differ in how well they keep the code and
// items in how often they are breached. It writes inspections,
// inspection_lines and the compliance rollups as recording each line would
// (through inspectionsql.RollupDelta, one batch at a time), with multi-row
// INSERTs on SQLite and COPY on PostgreSQL. A benchmark and demonstration
// loader: one audit event records the run.
func GenerateInspections(ctx context.Context, db *sqldb.DB, o InspectionGenOptions) (*InspectionGenResult, error) {
	if o.Inspections <= 0 {
		return nil, errors.New("generate: inspections must be positive")
	}
	if o.Lines <= 0 {
		o.Lines = 40
	}
	if o.To.IsZero() {
		o.To = congvu.Date(db.Now())
	}
	if o.From.IsZero() {
		o.From = o.To.AddDate(-1, 0, 0)
	}
	o.From, o.To = congvu.Date(o.From), congvu.Date(o.To)
	if !o.From.Before(o.To) {
		return nil, errors.New("generate: empty range")
	}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x51ed270b27ad3f6b))
	res := &InspectionGenResult{}

	// The tree: targets (communes, or leaves), with their ancestors.
	type unitRow struct {
		id         int64
		path, kind string
	}
	units, err := sqldb.QueryAll(ctx, db, db.Read, "generate units", `SELECT id, path, kind FROM units WHERE active = TRUE ORDER BY id`,
		func(sc sqldb.Scanner) (unitRow, error) {
			var u unitRow
			err := sc.Scan(&u.id, &u.path, &u.kind)
			return u, err
		})
	if err != nil {
		return nil, err
	}
	communes, parents, active := 0, map[int64]bool{}, map[int64]bool{}
	for _, u := range units {
		active[u.id] = true
		if u.kind == string(org.KindCommune) {
			communes++
		}
		if ids := sqldb.PathIDs(u.path); len(ids) > 1 {
			parents[ids[len(ids)-2]] = true
		}
	}
	type target struct {
		id        int64
		ancestors []int64
		quality   float64
	}
	var targets []target
	for _, u := range units {
		if communes > 0 && u.kind != string(org.KindCommune) || communes == 0 && parents[u.id] {
			continue
		}
		t := target{id: u.id, ancestors: sqldb.PathIDs(u.path), quality: genQuality(rng)}
		ok := true
		for _, a := range t.ancestors {
			ok = ok && active[a]
		}
		if ok {
			targets = append(targets, t)
		}
	}
	if len(targets) == 0 {
		return nil, errors.New("generate: no unit to inspect; import the national unit file first")
	}

	// The checklist: the items of the catalog version in force, in order.
	type item struct{ code, title, group string }
	items, err := sqldb.QueryAll(ctx, db, db.Read, "generate items", `SELECT i.code, i.title, i.group_code FROM standard_items i
		WHERE i.unit_id IS NULL AND i.version_id = (SELECT v.id FROM standard_versions v WHERE v.effective_on <= $1 ORDER BY v.effective_on DESC, v.id DESC LIMIT 1)
		ORDER BY i.position, i.id`, func(sc sqldb.Scanner) (item, error) {
		var it item
		err := sc.Scan(&it.code, &it.title, &it.group)
		return it, err
	}, o.To.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	for i := len(items); i < o.Lines; i++ { // a catalog shorter than the checklist
		items = append(items, item{fmt.Sprintf("KT-%02d", i+1), fmt.Sprintf("Tiêu chí kiểm tra %d", i+1), "KT"})
	}
	items = items[:o.Lines]
	bias := make([]float64, len(items)) // some items are breached far more often
	for i := range bias {
		bias[i] = -math.Abs(rng.NormFloat64()) * 0.08
	}

	// Working days of the range.
	var days []time.Time
	for d := o.From; d.Before(o.To); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		days = []time.Time{o.From}
	}
	var next, nextLine int64
	if err := db.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM inspections`).Scan(&next); err != nil {
		return nil, err
	}
	if err := db.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM inspection_lines`).Scan(&nextLine); err != nil {
		return nil, err
	}
	w, err := newInspWriter(ctx, db)
	if err != nil {
		return nil, err
	}
	defer w.close()
	seen := map[int32]bool{}
	const batch = 1000
	now := db.Now().UTC()
	for done := 0; done < o.Inspections; {
		n := min(batch, o.Inspections-done)
		b := make([]genInspection, n)
		delta := inspectionsql.NewRollupDelta()
		for i := range b {
			next++
			ti := int32(rng.IntN(len(targets)))
			t := &targets[ti]
			seen[ti] = true
			g := genInspection{id: next, kind: inspection.KindCheck, target: ti, owner: t.ancestors[min(1, len(t.ancestors)-1)],
				visited: days[rng.IntN(len(days))].Add(time.Duration(8*60+rng.IntN(8*60)) * time.Minute)}
			if rng.IntN(5) == 0 {
				g.kind = inspection.KindInspection
			}
			g.results = make([]inspection.LineResult, len(items))
			g.recorded = make([]time.Time, len(items))
			for k := range items {
				at := g.visited.Add(time.Duration(k*2) * time.Minute)
				r := inspection.ResultKept
				switch x := rng.Float64(); {
				case x < 0.05:
					r = inspection.ResultNotObserved
				case rng.Float64() > t.quality+0.1+bias[k]:
					r = inspection.ResultBreached
					res.Breached++
				}
				g.results[k], g.recorded[k] = r, at
				delta.AddLine(t.ancestors, g.kind, items[k].code, r, at, 1)
			}
			b[i] = g
		}
		if err := w.write(ctx, db, b, func(g *genInspection) int64 { return targets[g.target].id }, func(k int) (string, string, string) {
			return items[k].code, items[k].title, items[k].group
		}, &nextLine, now, delta); err != nil {
			return nil, err
		}
		done += n
		res.Inspections += n
		res.Lines += n * len(items)
		if o.Progress != nil {
			o.Progress(done, o.Inspections)
		}
	}
	if err := w.finish(ctx, db); err != nil {
		return nil, err
	}
	res.Units = len(seen)
	if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM rollup_inspection_unit_day`).Scan(&res.RollupRows); err != nil {
		return nil, err
	}
	err = db.InTx(ctx, func(tx *sqldb.Tx) error { return tx.Audit("inspection.generate", "inspection", 0, 0, nil, res) })
	return res, err
}

// inspWriter writes a batch of generated inspections, their lines and the
// rollup delta in one transaction.
type inspWriter struct {
	c    interface{ Close() error }
	conn *pgx.Conn // PostgreSQL: COPY on one connection
}

func newInspWriter(ctx context.Context, db *sqldb.DB) (*inspWriter, error) {
	if db.Engine != sqldb.Postgres {
		_, err := db.Write.ExecContext(ctx, `PRAGMA cache_size = -524288`)
		return &inspWriter{}, err
	}
	c, err := db.Write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	w := &inspWriter{c: c}
	if err := c.Raw(func(dc any) error {
		sc, ok := dc.(interface{ Conn() *pgx.Conn })
		if !ok {
			return fmt.Errorf("driver connection %T is not pgx", dc)
		}
		w.conn = sc.Conn()
		return nil
	}); err != nil {
		c.Close()
		return nil, err
	}
	return w, nil
}

func (w *inspWriter) close() {
	if w.c != nil {
		w.c.Close()
	}
}

const (
	genMethod    = "observe"
	genInspCols  = "id, kind, unit_id, target_unit_id, origin, status, scheduled_on, visited_at, conclusion_status, issued_at, created_at, updated_at"
	genLinesCols = "id, inspection_id, position, item_code, item_title, group_code, method, sample, result, recorded_at, updated_at"
)

func (w *inspWriter) write(ctx context.Context, db *sqldb.DB, b []genInspection, target func(*genInspection) int64,
	item func(int) (string, string, string), nextLine *int64, now time.Time, delta *inspectionsql.RollupDelta) error {
	day := func(t time.Time) time.Time { return inspectionsql.RollupDay(t) }
	if w.conn == nil {
		tx, err := db.Write.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		var s sqlLit
		s.b = append(s.b[:0], "INSERT INTO inspections ("+genInspCols+") VALUES "...)
		for i := range b {
			g := &b[i]
			if i > 0 {
				s.b = append(s.b, ',')
			}
			s.b = append(s.b, '(')
			s.int(g.id)
			s.b = append(s.b, ',')
			s.str(string(g.kind))
			s.b = append(s.b, ',')
			s.int(g.owner)
			s.b = append(s.b, ',')
			s.int(target(g))
			s.b = append(s.b, ",'plan','concluded',"...)
			s.str(sqliteDay(day(g.visited)))
			for _, v := range []string{sqliteTime(g.visited), "issued", sqliteTime(g.visited.Add(72 * time.Hour)), sqliteTime(g.visited.Add(-720 * time.Hour)), sqliteTime(g.visited.Add(72 * time.Hour))} {
				s.b = append(s.b, ',')
				s.str(v)
			}
			s.b = append(s.b, ')')
		}
		if _, err := tx.ExecContext(ctx, string(s.b)); err != nil {
			return fmt.Errorf("insert inspections: %w", err)
		}
		for i := range b {
			g := &b[i]
			s.b = append(s.b[:0], "INSERT INTO inspection_lines ("+genLinesCols+") VALUES "...)
			for k, r := range g.results {
				*nextLine++
				if k > 0 {
					s.b = append(s.b, ',')
				}
				code, title, group := item(k)
				s.b = append(s.b, '(')
				s.int(*nextLine)
				s.b = append(s.b, ',')
				s.int(g.id)
				s.b = append(s.b, ',')
				s.int(int64(k + 1))
				for _, v := range []string{code, title, group, genMethod} {
					s.b = append(s.b, ',')
					s.str(v)
				}
				s.b = append(s.b, ",0,"...)
				s.str(string(r))
				s.b = append(s.b, ',')
				s.str(sqliteTime(g.recorded[k]))
				s.b = append(s.b, ',')
				s.str(sqliteTime(g.recorded[k]))
				s.b = append(s.b, ')')
			}
			if _, err := tx.ExecContext(ctx, string(s.b)); err != nil {
				return fmt.Errorf("insert inspection lines: %w", err)
			}
		}
		if err := delta.Flush(ctx, tx); err != nil {
			return err
		}
		return tx.Commit()
	}
	tx, err := w.conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	i := -1
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"inspections"}, []string{"id", "kind", "unit_id", "target_unit_id", "origin", "status", "scheduled_on",
		"visited_at", "conclusion_status", "issued_at", "created_at", "updated_at"}, pgx.CopyFromFunc(func() ([]any, error) {
		if i++; i >= len(b) {
			return nil, nil
		}
		g := &b[i]
		return []any{g.id, string(g.kind), g.owner, target(g), "plan", "concluded", day(g.visited), g.visited.UTC(), "issued",
			g.visited.Add(72 * time.Hour).UTC(), g.visited.Add(-720 * time.Hour).UTC(), g.visited.Add(72 * time.Hour).UTC()}, nil
	})); err != nil {
		return fmt.Errorf("copy inspections: %w", err)
	}
	i, k := 0, -1
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"inspection_lines"}, []string{"id", "inspection_id", "position", "item_code", "item_title", "group_code",
		"method", "sample", "result", "recorded_at", "updated_at"}, pgx.CopyFromFunc(func() ([]any, error) {
		if k++; i < len(b) && k >= len(b[i].results) {
			i, k = i+1, 0
		}
		if i >= len(b) {
			return nil, nil
		}
		g := &b[i]
		*nextLine++
		code, title, group := item(k)
		return []any{*nextLine, g.id, k + 1, code, title, group, genMethod, 0, string(g.results[k]), g.recorded[k].UTC(), g.recorded[k].UTC()}, nil
	})); err != nil {
		return fmt.Errorf("copy inspection lines: %w", err)
	}
	// The rollups through database/sql would need a second connection
	// inside this transaction: write them with the same statements here.
	if err := delta.Flush(ctx, pgxQuerier{tx}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// finish moves the id sequences past the generated rows and refreshes the
// planner's statistics.
func (w *inspWriter) finish(ctx context.Context, db *sqldb.DB) error {
	if w.conn == nil {
		_, err := db.Write.ExecContext(ctx, `PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002`)
		return err
	}
	for _, t := range []string{"inspections", "inspection_lines"} {
		if _, err := w.conn.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`); err != nil {
			return err
		}
	}
	for _, q := range []string{`ANALYZE inspections`, `ANALYZE inspection_lines`, `ANALYZE rollup_inspection_unit_day`, `ANALYZE rollup_inspection_item_day`} {
		if _, err := w.conn.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// pgxQuerier runs statements of database/sql form on a pgx transaction.
type pgxQuerier struct{ tx pgx.Tx }

func (q pgxQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	_, err := q.tx.Exec(ctx, query, args...)
	return nil, err
}
