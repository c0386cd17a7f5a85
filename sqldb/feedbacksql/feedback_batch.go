package feedbacksql

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"congvu/feedback"
	"congvu/sqldb"
	"congvu/vntext"
)

// run is the batch writer: it takes what is queued (up to maxFeedbackBatch
// ratings) and writes it in one transaction, until Close. There is one per
// service: SQLite has a single writer connection anyway, and on PostgreSQL
// more writers in flight measured slower than one: re-measured with
// BenchmarkFeedbackSubmit/postgres (64 clients, issue 15), 1, 2 and 4
// writers stored 1,023, 555 and 808 ratings/s — the batches shrink (33, 19,
// 12 ratings per commit) and queue behind each other on the same hot rows
// (the rollups of the ancestor units, each official's burst counter), which
// stay locked until their batch commits.
func (s *FeedbackService) run() {
	defer close(s.done)
	s.write()
	if s.sq != nil {
		s.sq.close()
	}
}

// write takes batches from the queue until Close.
func (s *FeedbackService) write() {
	batch := make([]*pendingRating, 0, maxFeedbackBatch)
	take := func() {
		for len(batch) < maxFeedbackBatch {
			select {
			case p := <-s.queue:
				batch = append(batch, p)
			default:
				return
			}
		}
	}
	for {
		select {
		case p := <-s.queue:
			batch = append(batch[:0], p)
			take()
			s.process(batch)
		case <-s.stop:
			for {
				batch = batch[:0]
				take()
				if len(batch) == 0 {
					return
				}
				s.process(batch)
			}
		}
	}
}

// process writes a batch and answers its Submits. When the batch
// transaction fails, each rating is retried in a transaction of its own so
// one bad rating cannot fail the others.
func (s *FeedbackService) process(batch []*pendingRating) {
	ctx := context.Background()
	if err := s.writeBatch(ctx, batch); err != nil {
		// Reserved ids may have been taken by another writer (a bulk
		// load): reserve afresh. Retry a batch of one too: a concurrent
		// batch may have stored the same idempotency key first, which the
		// retry finds.
		s.dropIDs()
		s.db.Log.Warn("feedback batch failed; retrying one by one", "n", len(batch), "err", err)
		for _, p := range batch {
			// A unique violation means another server stored the same
			// idempotency key meanwhile: the next try finds it.
			err := s.writeBatch(ctx, []*pendingRating{p})
			for try := 0; err != nil && sqldb.IsUniqueViolation(err) && try < 3; try++ {
				s.dropIDs()
				err = s.writeBatch(ctx, []*pendingRating{p})
			}
			if err != nil {
				s.dropIDs()
				p.result = batchResult{err: s.db.Internal("write feedback", err)}
			}
			p.done <- p.answer()
		}
		return
	}
	for _, p := range batch {
		p.done <- p.answer()
	}
	s.pruneCounters(ctx, s.db.Now())
}

// answer is what Submit returns for p after its batch committed.
func (p *pendingRating) answer() batchResult {
	switch {
	case p.follower != nil:
		if r := p.follower.result; r.fb != nil {
			return batchResult{fb: withoutContact(r.fb)}
		}
		return p.follower.result
	case p.replay:
		return p.result
	case p.result.err == nil && p.overLimit:
		return batchResult{err: errOverLimit()}
	}
	return p.result
}

// withoutContact returns a copy of f without the rater's contact, as a
// replayed idempotency key gets it.
func withoutContact(f *feedback.Feedback) *feedback.Feedback {
	cp := *f
	cp.Contact = ""
	return &cp
}

// writeBatch writes the ratings of batch in one transaction and sets each
// one's result; results only stand when it returns nil.
func (s *FeedbackService) writeBatch(ctx context.Context, batch []*pendingRating) error {
	for _, p := range batch {
		p.result, p.follower, p.replay = batchResult{}, nil, false
	}
	if s.db.Engine == sqldb.SQLite {
		if _, err := s.sqliteStatements(ctx); err != nil {
			return err
		}
	}
	tx, err := s.db.Write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	// Idempotency: a key seen earlier in the batch follows that rating; a key
	// already stored answers with the stored rating.
	byKey := map[string]*pendingRating{}
	var keys []string
	for _, p := range batch {
		k := p.fb.IdempotencyKey
		if k == "" {
			continue
		}
		if first := byKey[k]; first != nil {
			p.follower = first
			continue
		}
		byKey[k] = p
		keys = append(keys, k)
	}
	if len(keys) > 0 {
		var a sqldb.Args
		var ph []string
		for _, k := range keys {
			ph = append(ph, a.Add(k))
		}
		rows, err := tx.QueryContext(ctx, `SELECT idempotency_key FROM feedback WHERE idempotency_key IN (`+strings.Join(ph, ", ")+`)`, a...)
		if err != nil {
			return err
		}
		var found []string
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			found = append(found, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, k := range found {
			old, err := s.byIdemKey(ctx, tx, k)
			if err != nil {
				return err
			}
			if old == nil {
				return fmt.Errorf("idempotency key vanished")
			}
			p := byKey[k]
			p.result, p.replay = batchResult{fb: withoutContact(old)}, true
		}
	}

	// Check the tokens again, decide the status of each new rating, then
	// write them.
	var rows []*pendingRating
	for _, p := range batch {
		if p.follower == nil && !p.replay {
			rows = append(rows, p)
		}
	}
	var paths map[int64]unitRow
	if len(rows) > 0 {
		if rows, paths, err = s.recheck(ctx, tx, rows); err != nil {
			return err
		}
	}
	if len(rows) == 0 {
		return tx.Commit()
	}
	// Counted in this transaction: a retried batch counts afresh what its
	// rollback took back.
	now := s.db.Now().UTC()
	if err := judge(ctx, rows, now, s.dbCounters(tx)); err != nil {
		return err
	}
	kiosks := map[int64]bool{}
	// One rating per dossier: whoever marks it first wins. Rows are locked
	// in id order (dossiers, kiosks, rollups), the same in every batch, so
	// the batches of several app servers wait for each other but never
	// deadlock.
	var write, dossiers []*pendingRating
	for _, p := range rows {
		if p.target.kioskID != 0 {
			kiosks[p.target.kioskID] = true
		}
		if p.target.dossierID != 0 && p.fb.Status != feedback.Rejected {
			dossiers = append(dossiers, p)
			continue
		}
		write = append(write, p)
	}
	slices.SortStableFunc(dossiers, func(a, b *pendingRating) int { return cmp.Compare(a.target.dossierID, b.target.dossierID) })
	for _, p := range dossiers {
		res, err := tx.ExecContext(ctx, `UPDATE dossiers SET rated_at = $1 WHERE id = $2 AND rated_at IS NULL`, p.fb.SubmittedAt, p.target.dossierID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			p.result = batchResult{err: errDossierRated()}
			continue
		}
		write = append(write, p)
	}
	for _, id := range slices.Sorted(maps.Keys(kiosks)) {
		if _, err := tx.ExecContext(ctx, `UPDATE kiosks SET last_seen_at = $1 WHERE id = $2`, now, id); err != nil {
			return err
		}
	}
	if len(write) > 0 {
		d := newRollupDelta()
		for _, p := range write {
			u, ok := paths[p.fb.UnitID]
			if !ok {
				return fmt.Errorf("unit %d vanished", p.fb.UnitID)
			}
			d.addFeedback(sqldb.PathIDs(u.path), p.fb, 1)
		}
		var err error
		if s.db.Engine == sqldb.Postgres {
			err = s.writePostgres(ctx, tx, write, d)
		} else {
			err = s.writeSQLite(ctx, tx, write, d)
		}
		if err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if len(write) > 0 {
		s.batches.Add(1)
		s.ratings.Add(int64(len(write)))
	}
	for _, p := range write {
		p.result = batchResult{fb: p.fb}
	}
	return nil
}

// feedbackRow is the row of p as stored, in the column order of the
// insert statements; the optional columns are NULL when zero or empty.
func feedbackRow(p *pendingRating) []any {
	f := p.fb
	asked, yes := feedback.PackAnswers(f.Answers)
	return []any{f.ID, f.UnitID, nullIfZero(f.OfficialID), string(f.Channel), string(f.Satisfaction), f.Comment, vntext.Fold(f.Comment),
		nullIfZero(p.target.dossierID), f.DossierCode, f.Verified, f.Contact, string(f.Status), f.FlagReason, p.ipHash, p.device, nullIfEmpty(f.IdempotencyKey), f.SubmittedAt,
		asked, yes}
}

func nullIfZero(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullIfEmpty(v string) any {
	if v == "" {
		return nil
	}
	return v
}

const feedbackInsertCols = `id, unit_id, official_id, channel, satisfaction, comment, search_comment, dossier_id, dossier_code, verified, contact,
	status, flag_reason, ip_hash, device_id, idempotency_key, submitted_at, answers_asked, answers_yes`

// feedbackInsertWidth is the number of columns of feedbackInsertCols.
const feedbackInsertWidth = 19

// maxRowsPerStmt is the most rows one of the SQLite writer's statements
// carries; a batch goes out in statements of 64, 32, ..., 1 rows.
const maxRowsPerStmt = 64

// rowsStmts write rows of one shape on SQLite, several to a statement:
// one statement per power of two up to maxRowsPerStmt, prepared once on the
// write connection. Few statements per batch matter beyond their own cost:
// once a rating with a comment has reached the search index (an FTS5 table)
// in a transaction, every later statement of it makes FTS5 write its
// pending terms out as a new segment (its savepoint), so a statement per
// rating wrote a segment per rating and merged them over and over.
type rowsStmts struct {
	width int
	byN   map[int]*sql.Stmt
}

// prepare prepares the statements of head, a VALUES list of width columns
// and tail. The parameters are anonymous (?): the driver looks up the name
// of each numbered one ($N) in a list, a cost that grows with the square of
// their number (a third of the writer's time with 64 rows).
func (r *rowsStmts) prepare(ctx context.Context, db *sql.DB, head string, width int, tail string) error {
	r.width, r.byN = width, map[int]*sql.Stmt{}
	for n := maxRowsPerStmt; n >= 1; n /= 2 {
		var b strings.Builder
		b.WriteString(head)
		b.WriteString(" VALUES ")
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for c := range width {
				if c > 0 {
					b.WriteString(", ")
				}
				b.WriteByte('?')
			}
			b.WriteByte(')')
		}
		b.WriteString(tail)
		st, err := db.PrepareContext(ctx, b.String())
		if err != nil {
			return err
		}
		r.byN[n] = st
	}
	return nil
}

// exec writes rows (each of r.width values) in tx.
func (r *rowsStmts) exec(ctx context.Context, tx *sql.Tx, rows [][]any) error {
	for len(rows) > 0 {
		n := maxRowsPerStmt
		for n > len(rows) {
			n /= 2
		}
		args := make([]any, 0, n*r.width)
		for _, row := range rows[:n] {
			args = append(args, row...)
		}
		if _, err := tx.StmtContext(ctx, r.byN[n]).ExecContext(ctx, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func (r *rowsStmts) close() {
	for _, st := range r.byN {
		st.Close()
	}
}

// sqliteStmts are the batch writer's statements on SQLite, prepared once on
// the single write connection: SQLite runs in-process, so a row costs no
// round trip and no parsing.
type sqliteStmts struct {
	maxID, counter  *sql.Stmt
	feedback        rowsStmts
	unitDay, offDay rowsStmts
}

// tallyInsertHead is the start of an upsert of rows of rollup deltas.
func tallyInsertHead(table, idCol string) string {
	return `INSERT INTO ` + table + ` (` + idCol + `, day, ` + strings.Join(tallyCols, ", ") + `)`
}

// sqliteStatements prepares the statements on first use. It runs in the
// batcher, outside any transaction (the write pool has one connection).
func (s *FeedbackService) sqliteStatements(ctx context.Context) (*sqliteStmts, error) {
	if s.sq != nil {
		return s.sq, nil
	}
	st := &sqliteStmts{}
	err := func() error {
		var err error
		if st.maxID, err = s.db.Write.PrepareContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM feedback`); err != nil {
			return err
		}
		if st.counter, err = s.db.Write.PrepareContext(ctx, counterBatchSQLite); err != nil {
			return err
		}
		if err := st.feedback.prepare(ctx, s.db.Write, `INSERT INTO feedback (`+feedbackInsertCols+`)`, feedbackInsertWidth, ""); err != nil {
			return err
		}
		if err := st.unitDay.prepare(ctx, s.db.Write, tallyInsertHead("rollup_unit_day", "unit_id"), 2+len(tallyCols), upsertTallyTail("rollup_unit_day", "unit_id")); err != nil {
			return err
		}
		return st.offDay.prepare(ctx, s.db.Write, tallyInsertHead("rollup_official_day", "official_id"), 2+len(tallyCols), upsertTallyTail("rollup_official_day", "official_id"))
	}()
	if err != nil {
		st.close()
		return nil, err
	}
	s.sq = st
	return st, nil
}

func (st *sqliteStmts) close() {
	for _, x := range []*sql.Stmt{st.maxID, st.counter} {
		if x != nil {
			x.Close()
		}
	}
	st.feedback.close()
	st.unitDay.close()
	st.offDay.close()
}

// writeSQLite writes the rollups and rows (answers packed in them) of a
// batch on SQLite, a few statements in all, the rows last: the first
// comment in the search index makes every later statement of the
// transaction write FTS5's pending terms out (see rowsStmts).
// The write transaction holds the database lock, so ids after MAX(id) are
// free.
func (s *FeedbackService) writeSQLite(ctx context.Context, tx *sql.Tx, ps []*pendingRating, d *rollupDelta) error {
	st := s.sq
	var maxID int64
	if err := tx.StmtContext(ctx, st.maxID).QueryRowContext(ctx).Scan(&maxID); err != nil {
		return err
	}
	for _, x := range []struct {
		stmts *rowsStmts
		m     map[rollupKey]*rollupTally
	}{{&st.unitDay, d.unit}, {&st.offDay, d.off}} {
		keys := sortedTallyKeys(x.m)
		rows := make([][]any, len(keys))
		for i, k := range keys {
			rows[i] = append([]any{k.id, dayValue(k.day)}, x.m[k].values()...)
		}
		if err := x.stmts.exec(ctx, tx, rows); err != nil {
			return err
		}
	}
	rows := make([][]any, len(ps))
	for i, p := range ps {
		p.fb.ID = maxID + 1 + int64(i)
		rows[i] = feedbackRow(p)
	}
	if err := st.feedback.exec(ctx, tx, rows); err != nil {
		return err
	}
	return nil
}

// pgBatchSQL writes a whole batch on PostgreSQL in one statement, whatever
// its size: each table's rows travel as arrays, unnested server-side, and
// the statement text never changes, so it is prepared once per connection.
var pgBatchSQL = func() string {
	n := 0
	arrays := func(typ ...string) string {
		out := make([]string, len(typ))
		for i, t := range typ {
			n++
			out[i] = fmt.Sprintf("$%d::%s[]", n, t)
		}
		return strings.Join(out, ", ")
	}
	tally := func(table, idCol string) string {
		typ := []string{"bigint", "date"}
		for range tallyCols {
			typ = append(typ, "bigint")
		}
		return `INSERT INTO ` + table + ` (` + idCol + `, day, ` + strings.Join(tallyCols, ", ") + `)
	SELECT * FROM unnest(` + arrays(typ...) + `)` + upsertTallyTail(table, idCol) + `
	RETURNING 1`
	}
	return `WITH f AS (
	INSERT INTO feedback (` + feedbackInsertCols + `)
	SELECT id, unit_id, NULLIF(official_id, 0), channel, satisfaction, comment, search_comment, NULLIF(dossier_id, 0), dossier_code, verified, contact,
		status, flag_reason, ip_hash, device_id, NULLIF(idempotency_key, ''), submitted_at, answers_asked, answers_yes
	FROM unnest(` + arrays("bigint", "bigint", "bigint", "text", "text", "text", "text", "bigint", "text", "boolean",
		"text", "text", "text", "text", "text", "text", "timestamptz", "smallint", "smallint") + `)
		AS t(id, unit_id, official_id, channel, satisfaction, comment, search_comment, dossier_id, dossier_code, verified, contact,
			status, flag_reason, ip_hash, device_id, idempotency_key, submitted_at, answers_asked, answers_yes)
	RETURNING 1
), ud AS (
	` + tally("rollup_unit_day", "unit_id") + `
), od AS (
	` + tally("rollup_official_day", "official_id") + `
)
SELECT (SELECT COUNT(*) FROM f), (SELECT COUNT(*) FROM ud) + (SELECT COUNT(*) FROM od)`
}()

// takeIDs hands out n feedback ids reserved from the sequence, reserving
// a block when too few are left.
func (s *FeedbackService) takeIDs(ctx context.Context, tx *sql.Tx, n int) ([]int64, error) {
	if len(s.pgIDs) < n {
		rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('feedback', 'id')) FROM generate_series(1, $1)`, max(pgIDBlock, n))
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			s.pgIDs = append(s.pgIDs, id)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(s.pgIDs) < n {
			return nil, fmt.Errorf("reserved %d feedback ids of %d", len(s.pgIDs), n)
		}
	}
	ids := s.pgIDs[:n:n]
	s.pgIDs = s.pgIDs[n:]
	return ids, nil
}

func (s *FeedbackService) dropIDs() { s.pgIDs = nil }

// pgIDBlock is how many feedback ids the batcher reserves from the
// sequence at a time.
const pgIDBlock = 1024

// writePostgres writes the rows (answers packed in them) and rollups of a batch on
// PostgreSQL in one round trip. Ids come from the table's identity
// sequence, reserved in blocks (an unused rest is a harmless gap).
func (s *FeedbackService) writePostgres(ctx context.Context, tx *sql.Tx, ps []*pendingRating, d *rollupDelta) error {
	ids, err := s.takeIDs(ctx, tx, len(ps))
	if err != nil {
		return err
	}
	for i, p := range ps {
		p.fb.ID = ids[i]
	}
	// Typed slices: pgx encodes them as PostgreSQL arrays.
	var (
		fID, fUnit, fOff, fDossier                                                         []int64
		fChan, fSat, fComment, fSearch, fCode, fContact, fStatus, fReason, fIP, fDev, fKey []string
		fVerified                                                                          []bool
		fAt                                                                                []time.Time
		fAsked, fYes                                                                       []int16
	)
	for _, p := range ps {
		f := p.fb
		fID, fUnit, fOff, fDossier = append(fID, f.ID), append(fUnit, f.UnitID), append(fOff, f.OfficialID), append(fDossier, p.target.dossierID)
		fChan, fSat = append(fChan, string(f.Channel)), append(fSat, string(f.Satisfaction))
		fComment, fSearch, fCode = append(fComment, f.Comment), append(fSearch, vntext.Fold(f.Comment)), append(fCode, f.DossierCode)
		fVerified, fContact = append(fVerified, f.Verified), append(fContact, f.Contact)
		fStatus, fReason = append(fStatus, string(f.Status)), append(fReason, f.FlagReason)
		fIP, fDev, fKey, fAt = append(fIP, p.ipHash), append(fDev, p.device), append(fKey, f.IdempotencyKey), append(fAt, f.SubmittedAt)
		asked, yes := feedback.PackAnswers(f.Answers)
		fAsked, fYes = append(fAsked, int16(asked)), append(fYes, int16(yes))
	}
	var a sqldb.Args
	for _, v := range []any{fID, fUnit, fOff, fChan, fSat, fComment, fSearch, fDossier, fCode, fVerified, fContact, fStatus, fReason, fIP, fDev, fKey, fAt, fAsked, fYes} {
		a.Add(v)
	}
	addTallies := func(m map[rollupKey]*rollupTally) {
		keys := sortedTallyKeys(m)
		id := make([]int64, len(keys))
		day := make([]time.Time, len(keys))
		cols := make([][]int64, len(tallyCols))
		for i, k := range keys {
			id[i], day[i] = k.id, dayValue(k.day)
			for c, v := range m[k].values() {
				cols[c] = append(cols[c], v.(int64))
			}
		}
		a.Add(id)
		a.Add(day)
		for _, c := range cols {
			a.Add(c)
		}
	}
	addTallies(d.unit)
	addTallies(d.off)
	var nf, nr int
	if err := tx.QueryRowContext(ctx, pgBatchSQL, a...).Scan(&nf, &nr); err != nil {
		return err
	}
	if nf != len(ps) {
		return fmt.Errorf("batch wrote %d ratings, want %d", nf, len(ps))
	}
	return nil
}
