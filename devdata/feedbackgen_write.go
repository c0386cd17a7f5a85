package devdata

import (
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

func (g *genState) newWriter(ctx context.Context) (genWriter, error) {
	if g.db.Engine == sqldb.Postgres {
		return newPGGenWriter(ctx, g)
	}
	return newSQLiteGenWriter(ctx, g)
}

// sqlLit builds multi-row statements with inline literals (numbers, and
// strings from the generator's own pools): much faster than binding
// millions of arguments one by one.
type sqlLit struct{ b []byte }

func (s *sqlLit) str(v string) {
	s.b = append(s.b, '\'')
	for i := 0; i < len(v); i++ {
		if v[i] == '\'' {
			s.b = append(s.b, '\'')
		}
		s.b = append(s.b, v[i])
	}
	s.b = append(s.b, '\'')
}

func (s *sqlLit) int(v int64) { s.b = strconv.AppendInt(s.b, v, 10) }

// sqliteTime is how the SQLite driver stores a UTC time.Time (its String
// form), so generated rows sort and compare with the service's.
func sqliteTime(t time.Time) string { return t.UTC().String() }

// sqliteDay is how a rollup day (midnight UTC of the Vietnam date, see
// RollupDay) is stored on SQLite.
func sqliteDay(d time.Time) string {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).String()
}

func newSQLiteGenWriter(ctx context.Context, g *genState) (genWriter, error) {
	// A big page cache for the bulk load, on the one writer connection.
	if _, err := g.db.Write.ExecContext(ctx, `PRAGMA cache_size = -1048576`); err != nil {
		return nil, err
	}
	return &sqliteGen{g: g}, nil
}

type sqliteGen struct{ g *genState }

func (w *sqliteGen) writeDay(ctx context.Context, day time.Time, batch []genRating) error {
	g := w.g
	tx, err := g.db.Write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	const rowsPerStmt = 2000
	var s sqlLit
	for start := 0; start < len(batch); start += rowsPerStmt {
		s.b = append(s.b[:0], "INSERT INTO feedback (id, unit_id, official_id, channel, satisfaction, comment, search_comment, verified, status, flag_reason, submitted_at, answers_asked, answers_yes) VALUES "...)
		for i, x := range batch[start:min(start+rowsPerStmt, len(batch))] {
			if i > 0 {
				s.b = append(s.b, ',')
			}
			s.b = append(s.b, '(')
			s.int(x.id)
			s.b = append(s.b, ',')
			s.int(g.targets[x.unit].id)
			s.b = append(s.b, ',')
			if x.official >= 0 {
				s.int(g.officials[x.official].id)
			} else {
				s.b = append(s.b, "NULL"...)
			}
			s.b = append(s.b, ',')
			s.str(string(x.channel))
			s.b = append(s.b, ',')
			s.str(string(x.sat))
			s.b = append(s.b, ',')
			s.str(x.comment)
			s.b = append(s.b, ',')
			s.str(vntext.Fold(x.comment))
			s.b = append(s.b, ",FALSE,"...)
			s.str(string(x.status))
			s.b = append(s.b, ',')
			s.str(x.reason)
			s.b = append(s.b, ',')
			s.str(sqliteTime(x.at))
			s.b = append(s.b, ',')
			s.int(int64(x.answers))
			s.b = append(s.b, ',')
			s.int(int64(x.yes))
			s.b = append(s.b, ')')
			g.res.Answers += bits.OnesCount8(x.answers)
		}
		if _, err := tx.ExecContext(ctx, string(s.b)); err != nil {
			return fmt.Errorf("insert feedback: %w", err)
		}
	}
	return tx.Commit()
}

// finish upserts the rollups in key order, many rows per statement, a
// transaction per 200 000 rows.
func (w *sqliteGen) finish(ctx context.Context) error {
	g := w.g
	dayLit := make([]string, len(g.days))
	for i, d := range g.days {
		var l sqlLit
		l.str(sqliteDay(d))
		dayLit[i] = string(l.b)
	}
	for _, rt := range g.rollupTables() {
		head := "INSERT INTO " + rt.name + " (" + strings.Join(rt.columns(), ", ") + ") VALUES "
		tail := rt.upsertTail()
		tx, err := g.db.Write.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		var s sqlLit
		n, inTx := 0, 0
		flush := func() error {
			if n == 0 {
				return nil
			}
			s.b = append(s.b, tail...)
			_, err := tx.ExecContext(ctx, string(s.b))
			s.b, n = s.b[:0], 0
			return err
		}
		err = rt.each(len(g.days), func(id int64, day int, vals []int64) error {
			if n == 0 {
				s.b = append(s.b, head...)
			} else {
				s.b = append(s.b, ',')
			}
			s.b = append(s.b, '(')
			s.int(id)
			s.b = append(s.b, ',')
			s.b = append(s.b, dayLit[day]...)
			for _, v := range vals {
				s.b = append(s.b, ',')
				s.int(v)
			}
			s.b = append(s.b, ')')
			g.res.RollupRows++
			inTx++
			if n++; n >= 4000 {
				if err := flush(); err != nil {
					return err
				}
				if inTx >= 200_000 {
					if err := tx.Commit(); err != nil {
						return err
					}
					inTx = 0
					if tx, err = g.db.Write.BeginTx(ctx, nil); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			tx.Rollback()
			return fmt.Errorf("upsert %s: %w", rt.name, err)
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	// Planner statistics, sampled so this stays quick on big tables.
	_, err := g.db.Write.ExecContext(ctx, `PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002`)
	return err
}

func (w *sqliteGen) close() {
	w.g.db.Write.Exec(`PRAGMA cache_size = -2000`)
}

// pgGen writes with COPY on one pgx connection.
type pgGen struct {
	g    *genState
	conn *pgx.Conn
	done func()
}

func newPGGenWriter(ctx context.Context, g *genState) (genWriter, error) {
	c, err := g.db.Write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	w := &pgGen{g: g, done: func() { c.Close() }}
	err = c.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("generate: driver connection %T is not pgx", dc)
		}
		w.conn = sc.Conn()
		return nil
	})
	if err != nil {
		c.Close()
		return nil, err
	}
	return w, nil
}

func (w *pgGen) writeDay(ctx context.Context, day time.Time, batch []genRating) error {
	g := w.g
	tx, err := w.conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	i := -1
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"feedback"},
		[]string{"id", "unit_id", "official_id", "channel", "satisfaction", "comment", "search_comment", "verified", "status", "flag_reason", "submitted_at",
			"answers_asked", "answers_yes"},
		pgx.CopyFromFunc(func() ([]any, error) {
			if i++; i >= len(batch) {
				return nil, nil
			}
			x := &batch[i]
			var off any
			if x.official >= 0 {
				off = g.officials[x.official].id
			}
			g.res.Answers += bits.OnesCount8(x.answers)
			return []any{x.id, g.targets[x.unit].id, off, string(x.channel), string(x.sat), x.comment, vntext.Fold(x.comment), false, string(x.status), x.reason, x.at,
				int16(x.answers), int16(x.yes)}, nil
		}))
	if err != nil {
		return fmt.Errorf("copy feedback: %w", err)
	}
	return tx.Commit(ctx)
}

// finish copies the rollups into temporary tables, in key order, and adds
// them to the rollup tables with one upsert each; then moves the id
// sequence past the generated ratings and refreshes planner statistics.
func (w *pgGen) finish(ctx context.Context) error {
	g := w.g
	for _, rt := range g.rollupTables() {
		tx, err := w.conn.Begin(ctx)
		if err != nil {
			return err
		}
		tmp := "gen_" + rt.name
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE `+tmp+` (LIKE `+rt.name+`) ON COMMIT DROP`); err != nil {
			tx.Rollback(ctx)
			return err
		}
		rows := make(chan []any, 1024)
		errc := make(chan error, 1)
		go func() {
			errc <- rt.each(len(g.days), func(id int64, day int, vals []int64) error {
				d := g.days[day]
				row := []any{id, time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)}
				for _, v := range vals {
					row = append(row, v)
				}
				select {
				case rows <- row:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			close(rows)
		}()
		n, err := tx.CopyFrom(ctx, pgx.Identifier{tmp}, rt.columns(), pgx.CopyFromFunc(func() ([]any, error) {
			return <-rows, nil
		}))
		for range rows {
		}
		if e := <-errc; err == nil {
			err = e
		}
		if err == nil {
			cols := strings.Join(rt.columns(), ", ")
			_, err = tx.Exec(ctx, `INSERT INTO `+rt.name+` (`+cols+`) SELECT `+cols+` FROM `+tmp+` ORDER BY 1, 2`+rt.upsertTail())
		}
		if err != nil {
			tx.Rollback(ctx)
			return fmt.Errorf("rollups %s: %w", rt.name, err)
		}
		if err := tx.Commit(ctx); err != nil {
			return err
		}
		g.res.RollupRows += n
	}
	// The service allocates ids from the sequence: move it past ours.
	if _, err := w.conn.Exec(ctx, `SELECT setval(pg_get_serial_sequence('feedback', 'id'), (SELECT MAX(id) FROM feedback))`); err != nil {
		return err
	}
	_, err := w.conn.Exec(ctx, `ANALYZE feedback; ANALYZE rollup_unit_day; ANALYZE rollup_official_day`)
	return err
}

func (w *pgGen) close() { w.done() }
