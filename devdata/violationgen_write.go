package devdata

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"congvu/sqldb"
	"congvu/sqldb/violationsql"

	"github.com/jackc/pgx/v5"
)

// vgWriter writes the generator's rows: multi-row INSERTs of literals on
// SQLite, COPY on PostgreSQL.
type vgWriter interface {
	tx(ctx context.Context, fn func(vgTx) error) error
	finish(ctx context.Context) error
	close()
}

// vgTx writes in one transaction.
type vgTx interface {
	// rows inserts rows (values of int64, string, bool, time.Time, nil).
	rows(table string, cols []string, rows [][]any) error
	// rollups adds the delta to the rollups and empties it.
	rollups(d *violationsql.RollupDelta) error
}

func newVGWriter(ctx context.Context, db *sqldb.DB) (vgWriter, error) {
	if db.Engine == sqldb.Postgres {
		c, err := db.Write.Conn(ctx)
		if err != nil {
			return nil, err
		}
		w := &pgVG{c: c}
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
	if _, err := db.Write.ExecContext(ctx, `PRAGMA cache_size = -1048576`); err != nil {
		return nil, err
	}
	return &sqliteVG{db: db}, nil
}

type sqliteVG struct{ db *sqldb.DB }

type sqliteVGTx struct {
	ctx context.Context
	tx  *sql.Tx
	s   sqlLit
}

func (w *sqliteVG) tx(ctx context.Context, fn func(vgTx) error) error {
	tx, err := w.db.Write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(&sqliteVGTx{ctx: ctx, tx: tx}); err != nil {
		return err
	}
	return tx.Commit()
}

// lit appends v as an SQL literal.
func (t *sqliteVGTx) lit(v any) {
	switch x := v.(type) {
	case nil:
		t.s.b = append(t.s.b, "NULL"...)
	case int64:
		t.s.int(x)
	case int:
		t.s.int(int64(x))
	case string:
		t.s.str(x)
	case float64:
		t.s.b = strconv.AppendFloat(t.s.b, x, 'g', -1, 64)
	case bool:
		if x {
			t.s.b = append(t.s.b, "TRUE"...)
		} else {
			t.s.b = append(t.s.b, "FALSE"...)
		}
	case time.Time:
		t.s.str(sqliteTime(x))
	default:
		panic(fmt.Sprintf("literal of %T", v))
	}
}

// values writes rows as statements of head + up to 1000 tuples + tail.
func (t *sqliteVGTx) values(head, tail string, rows [][]any) error {
	const per = 1000
	for start := 0; start < len(rows); start += per {
		t.s.b = append(t.s.b[:0], head...)
		for i, r := range rows[start:min(start+per, len(rows))] {
			if i > 0 {
				t.s.b = append(t.s.b, ',')
			}
			t.s.b = append(t.s.b, '(')
			for j, v := range r {
				if j > 0 {
					t.s.b = append(t.s.b, ',')
				}
				t.lit(v)
			}
			t.s.b = append(t.s.b, ')')
		}
		t.s.b = append(t.s.b, tail...)
		if _, err := t.tx.ExecContext(t.ctx, string(t.s.b)); err != nil {
			return err
		}
	}
	return nil
}

func (t *sqliteVGTx) rows(table string, cols []string, rows [][]any) error {
	if err := t.values(`INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES `, "", rows); err != nil {
		return fmt.Errorf("insert %s: %w", table, err)
	}
	return nil
}

func (t *sqliteVGTx) rollups(d *violationsql.RollupDelta) error {
	for _, rt := range d.Tables() {
		head, tail, _ := strings.Cut(rt.Upsert("\x00"), "\x00")
		if err := t.values(head, tail, rt.Rows); err != nil {
			return fmt.Errorf("upsert %s: %w", rt.Table, err)
		}
	}
	d.Clear()
	return nil
}

func (w *sqliteVG) finish(ctx context.Context) error {
	_, err := w.db.Write.ExecContext(ctx, `ANALYZE`)
	return err
}

func (w *sqliteVG) close() { w.db.Write.Exec(`PRAGMA cache_size = -2000`) }

// pgVG copies rows on one connection; rollups go through temporary tables
// and an upsert.
type pgVG struct {
	c    interface{ Close() error }
	conn *pgx.Conn
}

type pgVGTx struct {
	ctx context.Context
	tx  pgx.Tx
}

func (w *pgVG) tx(ctx context.Context, fn func(vgTx) error) error {
	tx, err := w.conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := fn(&pgVGTx{ctx: ctx, tx: tx}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func (t *pgVGTx) rows(table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := t.tx.CopyFrom(t.ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return nil
}

func (t *pgVGTx) rollups(d *violationsql.RollupDelta) error {
	for _, rt := range d.Tables() {
		if len(rt.Rows) == 0 {
			continue
		}
		tmp := "gen_" + rt.Table
		if _, err := t.tx.Exec(t.ctx, `CREATE TEMP TABLE IF NOT EXISTS `+tmp+` (LIKE `+rt.Table+`) ON COMMIT DELETE ROWS`); err != nil {
			return err
		}
		cols := append(append([]string{}, rt.Keys...), rt.Sums...)
		if _, err := t.tx.CopyFrom(t.ctx, pgx.Identifier{tmp}, cols, pgx.CopyFromRows(rt.Rows)); err != nil {
			return fmt.Errorf("copy %s: %w", tmp, err)
		}
		head, tail, _ := strings.Cut(rt.Upsert("\x00"), " VALUES \x00")
		if _, err := t.tx.Exec(t.ctx, head+` SELECT `+strings.Join(cols, ", ")+` FROM `+tmp+` ORDER BY `+strings.Join(rt.Keys, ", ")+tail); err != nil {
			return fmt.Errorf("upsert %s: %w", rt.Table, err)
		}
	}
	d.Clear()
	return nil
}

// finish moves the id sequences past the generated rows and refreshes the
// planner's statistics.
func (w *pgVG) finish(ctx context.Context) error {
	for _, t := range []string{"officials", "violations", "violation_evidence", "violation_handlings", "discipline_cases"} {
		if _, err := w.conn.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT GREATEST(MAX(id), 1) FROM `+t+`))`); err != nil {
			return err
		}
	}
	for _, t := range []string{"officials", "unit_official_counts", "violations", "violation_items", "violation_officials", "violation_evidence",
		"violation_handlings", "discipline_cases", "discipline_case_violations", "rollup_violation_unit_day", "rollup_violation_item_day",
		"rollup_violation_outcome_day", "rollup_violation_delay_day"} {
		if _, err := w.conn.Exec(ctx, `VACUUM (ANALYZE) `+t); err != nil {
			return err
		}
	}
	return nil
}

func (w *pgVG) close() { w.c.Close() }
