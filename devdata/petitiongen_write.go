package devdata

import (
	"congvu/sqldb"
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ---- writers ----

type petGenWriter interface {
	write(ctx context.Context, b *petBatch) error
	finish(ctx context.Context) error
	close()
}

func (g *petGen) newWriter(ctx context.Context) (petGenWriter, error) {
	if g.db.Engine == sqldb.Postgres {
		c, err := g.db.Write.Conn(ctx)
		if err != nil {
			return nil, err
		}
		w := &pgPetGen{g: g, c: c}
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
	if _, err := g.db.Write.ExecContext(ctx, `PRAGMA cache_size = -524288`); err != nil {
		return nil, err
	}
	return &sqlitePetGen{g: g}, nil
}

// sqlitePetGen writes with multi-row INSERTs of literals; the FTS5 triggers
// index the petitions as they go in (measured: 12% of the generator's CPU;
// a 'rebuild' afterwards would tokenize the same text and every existing
// row again).
type sqlitePetGen struct {
	g *petGen
	s sqlLit
}

func (s *sqlLit) time(t time.Time) {
	if t.IsZero() {
		s.b = append(s.b, "NULL"...)
		return
	}
	s.str(sqliteTime(t))
}

func (s *sqlLit) id(v int64) {
	if v == 0 {
		s.b = append(s.b, "NULL"...)
		return
	}
	s.int(v)
}

func (s *sqlLit) bool(v bool) {
	if v {
		s.b = append(s.b, "TRUE"...)
	} else {
		s.b = append(s.b, "FALSE"...)
	}
}

func (w *sqlitePetGen) write(ctx context.Context, b *petBatch) error {
	tx, err := w.g.db.Write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	s := &w.s
	insert := func(head string, n, per int, row func(i int)) error {
		for start := 0; start < n; start += per {
			s.b = append(s.b[:0], head...)
			s.b = append(s.b, " VALUES "...)
			for i := start; i < min(start+per, n); i++ {
				if i > start {
					s.b = append(s.b, ',')
				}
				s.b = append(s.b, '(')
				row(i)
				s.b = append(s.b, ')')
			}
			if _, err := tx.ExecContext(ctx, string(s.b)); err != nil {
				return fmt.Errorf("%s: %w", head[:min(len(head), 40)], err)
			}
		}
		return nil
	}
	sep := func() { s.b = append(s.b, ',') }
	err = insert(`INSERT INTO petitions (id, tracking_code, secret_hash, channel, category, unit_id, official_id, subject_text, description, occurred_at,
		place, anonymous, reporter_sealed, has_contact, status, handler_unit_id, reject_reason, conclusion, conclusion_text, due_at, reminded_at, overdue_at,
		escalated_to, escalated_at, search_text, submitted_at, updated_at, closed_at)`, len(b.petitions), 400, func(i int) {
		p := &b.petitions[i]
		s.int(p.id)
		for _, v := range []string{p.code, p.secretHash, p.channel, p.category} {
			sep()
			s.str(v)
		}
		sep()
		s.int(p.unitID)
		sep()
		s.id(p.officialID)
		sep()
		s.str(p.subjectText)
		sep()
		s.str(p.description)
		sep()
		s.time(p.occurred)
		sep()
		s.str(p.place)
		sep()
		s.bool(p.anonymous)
		sep()
		s.str(p.sealed)
		sep()
		s.bool(p.hasContact)
		sep()
		s.str(p.status)
		sep()
		s.id(p.handler)
		for _, v := range []string{p.rejectReason, p.conclusion, p.conclusionTxt} {
			sep()
			s.str(v)
		}
		for _, v := range []time.Time{p.due, p.reminded, p.overdue} {
			sep()
			s.time(v)
		}
		sep()
		s.id(p.escalatedTo)
		sep()
		s.time(p.escalatedAt)
		sep()
		s.str(p.search)
		for _, v := range []time.Time{p.submitted, p.updated, p.closed} {
			sep()
			s.time(v)
		}
	})
	if err != nil {
		return err
	}
	err = insert(`INSERT INTO petition_stages (id, petition_id, stage, unit_id, started_at, due_at, done_at)`, len(b.stages), 2000, func(i int) {
		x := &b.stages[i]
		s.int(x.id)
		sep()
		s.int(x.petition)
		sep()
		s.str(x.stage)
		sep()
		s.id(x.unit)
		for _, v := range []time.Time{x.started, x.due, x.done} {
			sep()
			s.time(v)
		}
	})
	if err != nil {
		return err
	}
	err = insert(`INSERT INTO petition_events (id, petition_id, kind, status, unit_id, actor_id, actor_name, note, public, at)`, len(b.events), 1000, func(i int) {
		x := &b.events[i]
		s.int(x.id)
		sep()
		s.int(x.petition)
		sep()
		s.str(x.kind)
		sep()
		s.str(x.status)
		sep()
		s.id(x.unit)
		s.b = append(s.b, ",NULL,"...)
		s.str(x.actor)
		sep()
		s.str(x.note)
		sep()
		s.bool(x.public)
		sep()
		s.time(x.at)
	})
	if err != nil {
		return err
	}
	err = insert(`INSERT INTO petition_messages (id, petition_id, from_agency, author_id, author_name, body, created_at)`, len(b.messages), 500, func(i int) {
		x := &b.messages[i]
		s.int(x.id)
		sep()
		s.int(x.petition)
		sep()
		s.bool(x.fromAgency)
		s.b = append(s.b, ",NULL,"...)
		s.str(x.author)
		sep()
		s.str(x.body)
		sep()
		s.time(x.at)
	})
	if err != nil {
		return err
	}
	err = insert(`INSERT INTO petition_items (petition_id, item_code)`, len(b.items), 4000, func(i int) {
		s.int(b.items[i].petition)
		sep()
		s.str(b.items[i].code)
	})
	if err != nil {
		return err
	}
	return tx.Commit()
}

func (w *sqlitePetGen) finish(ctx context.Context) error {
	_, err := w.g.db.Write.ExecContext(ctx, `PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002`)
	return err
}

func (w *sqlitePetGen) close() { w.g.db.Write.Exec(`PRAGMA cache_size = -2000`) }

// pgPetGen writes with COPY on one connection, the search index in place
// (measured on 100 000 petitions: dropping the GIN index and building it
// again at the end took longer in all, and would leave a live database
// without search meanwhile).
type pgPetGen struct {
	g    *petGen
	c    interface{ Close() error }
	conn *pgx.Conn
}

func pgTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func pgID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (w *pgPetGen) write(ctx context.Context, b *petBatch) error {
	tx, err := w.conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	copyRows := func(table string, cols []string, n int, row func(i int) []any) error {
		i := -1
		_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			if i++; i >= n {
				return nil, nil
			}
			return row(i), nil
		}))
		if err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
		return nil
	}
	err = copyRows("petitions", []string{"id", "tracking_code", "secret_hash", "channel", "category", "unit_id", "official_id", "subject_text",
		"description", "occurred_at", "place", "anonymous", "reporter_sealed", "has_contact", "status", "handler_unit_id", "reject_reason",
		"conclusion", "conclusion_text", "due_at", "reminded_at", "overdue_at", "escalated_to", "escalated_at", "search_text",
		"submitted_at", "updated_at", "closed_at"}, len(b.petitions), func(i int) []any {
		p := &b.petitions[i]
		return []any{p.id, p.code, p.secretHash, p.channel, p.category, p.unitID, pgID(p.officialID), p.subjectText,
			p.description, pgTime(p.occurred), p.place, p.anonymous, p.sealed, p.hasContact, p.status, pgID(p.handler), p.rejectReason,
			p.conclusion, p.conclusionTxt, pgTime(p.due), pgTime(p.reminded), pgTime(p.overdue), pgID(p.escalatedTo), pgTime(p.escalatedAt), p.search,
			p.submitted, p.updated, pgTime(p.closed)}
	})
	if err != nil {
		return err
	}
	err = copyRows("petition_stages", []string{"id", "petition_id", "stage", "unit_id", "started_at", "due_at", "done_at"}, len(b.stages), func(i int) []any {
		x := &b.stages[i]
		return []any{x.id, x.petition, x.stage, pgID(x.unit), x.started, x.due, pgTime(x.done)}
	})
	if err != nil {
		return err
	}
	err = copyRows("petition_events", []string{"id", "petition_id", "kind", "status", "unit_id", "actor_name", "note", "public", "at"}, len(b.events), func(i int) []any {
		x := &b.events[i]
		return []any{x.id, x.petition, x.kind, x.status, pgID(x.unit), x.actor, x.note, x.public, x.at}
	})
	if err != nil {
		return err
	}
	err = copyRows("petition_messages", []string{"id", "petition_id", "from_agency", "author_name", "body", "created_at"}, len(b.messages), func(i int) []any {
		x := &b.messages[i]
		return []any{x.id, x.petition, x.fromAgency, x.author, x.body, x.at}
	})
	if err != nil {
		return err
	}
	err = copyRows("petition_items", []string{"petition_id", "item_code"}, len(b.items), func(i int) []any {
		return []any{b.items[i].petition, b.items[i].code}
	})
	if err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// finish moves the id sequences past the generated rows, vacuums the
// petitions (hint bits and visibility map set, as autovacuum would have
// done by the time anyone searches) and refreshes the planner's
// statistics.
func (w *pgPetGen) finish(ctx context.Context) error {
	for _, t := range []string{"petitions", "petition_stages", "petition_events", "petition_messages"} {
		if _, err := w.conn.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`); err != nil {
			return err
		}
	}
	for _, q := range []string{`VACUUM (ANALYZE) petitions`, `ANALYZE petition_stages`, `ANALYZE petition_events`, `ANALYZE petition_messages`, `ANALYZE petition_items`} {
		if _, err := w.conn.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func (w *pgPetGen) close() { w.c.Close() }
