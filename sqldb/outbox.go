package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"congvu"
	"congvu/privacy"
)

// OutboxService implements congvu.OutboxService: the queued email that
// writes put in the outbox table, read by auditors and delivered by a
// sender.
type OutboxService struct {
	db *DB
	// mu keeps two deliveries of this process apart on SQLite, where one
	// process writes; PostgreSQL deliverers claim messages with advisory
	// locks instead.
	mu sync.Mutex
}

// NewOutboxService returns the outbox service on db.
func NewOutboxService(db *DB) *OutboxService { return &OutboxService{db: db} }

var _ congvu.OutboxService = (*OutboxService)(nil)

// Outbox limits.
const (
	maxOutboxAttempts = 5
	maxOutboxError    = 500 // characters of the last error kept
	// outboxLockSpace is the first key of the PostgreSQL advisory locks by
	// which a deliverer claims a message (the second is the message id).
	outboxLockSpace = 0x0B0C
)

const outboxCols = `o.id, o.to_addr, o.subject, o.body, o.unit_id, o.created_at, o.sent_at, o.attempts, o.last_error`

// scanOutboxWith scans outboxCols and then the extra columns into extra.
func scanOutboxWith(sc Scanner, extra ...any) (*congvu.OutboxMessage, error) {
	m := &congvu.OutboxMessage{}
	var unitID sql.NullInt64
	var sent sql.NullTime
	if err := sc.Scan(append([]any{&m.ID, &m.To, &m.Subject, &m.Body, &unitID, &m.CreatedAt, &sent, &m.Attempts, &m.LastError}, extra...)...); err != nil {
		return nil, err
	}
	m.UnitID, m.CreatedAt, m.SentAt = unitID.Int64, UTC(m.CreatedAt), UTCPtr(sent)
	return m, nil
}

// FindOutbox lists the messages of units in the actor's ActAuditView
// scope, newest first; messages of no unit only to auditors of the whole
// tree. Addresses that are not staff accounts' (a reporter's email) are
// masked: a reporter's identity is only read through RevealReporter.
// See congvu.OutboxService.
func (s *OutboxService) FindOutbox(ctx context.Context, offset, limit int) ([]*congvu.OutboxMessage, int, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActAuditView, "") {
		return nil, 0, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xem thư đi của hệ thống.")
	}
	var a Args
	where := "1=1"
	if scopes := actor.Scopes(congvu.ActAuditView); !HasRootScope(scopes) {
		where = ScopeClause("u.path", scopes, &a)
	}
	// Emails about a petition that concerns the actor are not theirs to read.
	concerns, err := ConcealClauseOf(ctx, s.db.Read, actor, "petition", "o.petition_id", &a)
	if err != nil {
		return nil, 0, s.db.Internal("find outbox", err)
	}
	where += " AND NOT (o.petition_id IS NOT NULL AND " + concerns + ")"
	from := ` FROM outbox o LEFT JOIN units u ON u.id = o.unit_id WHERE ` + where
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+from, a...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count outbox", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	toReporter := map[int64]bool{}
	list, err := QueryAll(ctx, s.db, s.db.Read, "find outbox", `SELECT `+outboxCols+`, o.to_reporter`+from+
		fmt.Sprintf(` ORDER BY o.created_at DESC, o.id DESC LIMIT %d OFFSET %d`, congvu.ClampLimit(limit), max(offset, 0)),
		func(sc Scanner) (*congvu.OutboxMessage, error) {
			var rep bool
			m, err := scanOutboxWith(sc, &rep)
			if err == nil {
				toReporter[m.ID] = rep
			}
			return m, err
		}, a...)
	if err != nil {
		return nil, 0, err
	}
	// Staff addresses stay readable; a reporter's never (a reporter may
	// be on the staff too), nor any other that is not a staff account's.
	var b Args
	var ph []string
	for _, m := range list {
		ph = append(ph, b.Add(m.To))
	}
	staff := map[string]bool{}
	emails, err := QueryAll(ctx, s.db, s.db.Read, "outbox staff addresses", `SELECT email FROM users WHERE email IN (`+strings.Join(ph, ", ")+`)`,
		func(sc Scanner) (string, error) {
			var e string
			return e, sc.Scan(&e)
		}, b...)
	if err != nil {
		return nil, 0, err
	}
	for _, e := range emails {
		staff[e] = true
	}
	for _, m := range list {
		if toReporter[m.ID] || !staff[m.To] {
			m.To = maskEmail(m.To)
		}
		if toReporter[m.ID] {
			m.LastError = maskEmails(m.LastError)
		}
	}
	return list, total, nil
}

// maskEmail keeps the first character of the local part and the domain:
// "n***@example.com".
func maskEmail(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 {
		return "***"
	}
	r, _ := utf8.DecodeRuneInString(addr)
	return string(r) + "***" + addr[at:]
}

// emailLike matches what looks like an email address in a mail server's
// answer.
var emailLike = regexp.MustCompile(`[^\s<>"'(),;:@\[\]]+@[^\s<>"'(),;:@\[\]]+`)

// maskEmails replaces every email address in text by its masked form
// (maskEmail); masked ones stay as they are.
func maskEmails(text string) string {
	return emailLike.ReplaceAllStringFunc(text, func(addr string) string {
		if strings.Contains(addr, "***") {
			return addr
		}
		return maskEmail(addr)
	})
}

// Deliver sends up to limit pending messages (unsent, fewer than five
// attempts), oldest first. send runs outside any transaction; success sets
// sent_at, failure counts the attempt and keeps the error (its first 500
// characters). Two deliverers may run at once: on PostgreSQL each claims a
// message by an advisory lock held while sending and reads it again once
// claimed, so no message is sent twice. It returns how many were sent; the
// error is only a database failure. See congvu.OutboxService.
func (s *OutboxService) Deliver(ctx context.Context, limit int, send func(*congvu.OutboxMessage) error) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	if s.db.Engine != Postgres {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.deliver(ctx, s.db.Write, limit, limit, send, nil)
	}
	conn, err := s.db.Write.Conn(ctx)
	if err != nil {
		return 0, s.db.Internal("outbox connection", err)
	}
	defer conn.Close()
	// Candidates beyond limit, for those another deliverer holds.
	return s.deliver(ctx, conn, 2*limit, limit, send, func(id int64, lock bool) (bool, error) {
		q := `SELECT pg_try_advisory_lock($1, $2)`
		if !lock {
			q = `SELECT pg_advisory_unlock($1, $2)`
		}
		var ok bool
		err := conn.QueryRowContext(ctx, q, outboxLockSpace, int32(id)).Scan(&ok)
		return ok, err
	})
}

// deliver sends pending messages read on q: at most fetch candidates, at
// most limit attempts. claim, when not nil, takes (lock) or releases a
// message's claim.
func (s *OutboxService) deliver(ctx context.Context, q Querier, fetch, limit int, send func(*congvu.OutboxMessage) error,
	claim func(id int64, lock bool) (bool, error)) (int, error) {
	ids, err := QueryAll(ctx, s.db, q, "outbox pending", fmt.Sprintf(`SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < %d
		ORDER BY created_at, id LIMIT %d`, maxOutboxAttempts, fetch), func(sc Scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	})
	if err != nil {
		return 0, err
	}
	sent, tried := 0, 0
	for _, id := range ids {
		if tried == limit {
			break
		}
		if err := ctx.Err(); err != nil {
			return sent, s.db.Internal("deliver", err)
		}
		ok, err := s.deliverOne(ctx, q, id, send, claim)
		if err != nil {
			return sent, err
		}
		switch ok {
		case delivered:
			sent++
			tried++
		case failed:
			tried++
		}
	}
	return sent, nil
}

type deliveryOutcome int

const (
	skipped deliveryOutcome = iota
	delivered
	failed
)

// deliverOne claims, sends and records one message.
func (s *OutboxService) deliverOne(ctx context.Context, q Querier, id int64, send func(*congvu.OutboxMessage) error,
	claim func(id int64, lock bool) (bool, error)) (deliveryOutcome, error) {
	if claim != nil {
		got, err := claim(id, true)
		if err != nil {
			return skipped, s.db.Internal("claim outbox message", err)
		}
		if !got {
			return skipped, nil
		}
		defer claim(id, false)
	}
	// Read again once claimed: another deliverer may have just sent it.
	var toReporter bool
	m, err := scanOutboxWith(q.QueryRowContext(ctx, `SELECT `+outboxCols+`, o.to_reporter FROM outbox o WHERE o.id = $1 AND o.sent_at IS NULL AND o.attempts < $2`,
		id, maxOutboxAttempts), &toReporter)
	if errors.Is(err, sql.ErrNoRows) {
		return skipped, nil
	}
	if err != nil {
		return skipped, s.db.Internal("load outbox message", err)
	}
	if sendErr := send(m); sendErr != nil {
		msg := sendErr.Error()
		if toReporter {
			// The mail server's answer usually repeats the recipient
			// ("550 5.1.1 <x@y>: user unknown"): a reporter's address
			// is kept only masked there too.
			msg = maskEmails(strings.ReplaceAll(msg, m.To, maskEmail(m.To)))
		}
		if utf8.RuneCountInString(msg) > maxOutboxError {
			msg = string([]rune(msg)[:maxOutboxError])
		}
		if _, err := q.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2`, msg, id); err != nil {
			return failed, s.db.Internal("record outbox failure", err)
		}
		return failed, nil
	}
	// A reporter's address is not kept once the message is sent: only its
	// masked form, as the outbox page shows it anyway.
	if _, err := q.ExecContext(ctx, `UPDATE outbox SET sent_at = $1, last_error = '',
		to_addr = CASE WHEN to_reporter THEN $3 ELSE to_addr END WHERE id = $2`, s.db.Now().UTC(), id, maskEmail(m.To)); err != nil {
		return delivered, s.db.Internal("record outbox delivery", err)
	}
	return delivered, nil
}

// ReporterAddressRetention is how long a reporter's address waits in the
// outbox for a delivery that keeps failing (or never comes) before
// PurgeReporterAddresses masks it.
const ReporterAddressRetention = privacy.OutboxAddressRetention

// PurgeReporterAddresses masks the reporters' addresses the outbox no
// longer needs: those of messages sent (Deliver masks them as it sends;
// this catches the ones sent before it did), and those of messages unsent
// ReporterAddressRetention after they were queued, which are then given up
// (no more attempts: the address is gone), with any address their last
// error repeats. It returns how many rows it masked.
// Run it now and then (the server's background round does).
func (s *OutboxService) PurgeReporterAddresses(ctx context.Context, now time.Time) (int, error) {
	type row struct {
		id      int64
		addr    string
		lastErr string
	}
	// The last error of a message to a reporter may repeat the address
	// (Deliver masks it since; older rows may not be).
	rows, err := QueryAll(ctx, s.db, s.db.Write, "outbox addresses to purge", `SELECT id, to_addr, last_error FROM outbox
		WHERE to_reporter AND (to_addr NOT LIKE '%***%' OR last_error LIKE '%@%') AND (sent_at IS NOT NULL OR created_at < $1)`,
		func(sc Scanner) (row, error) {
			var r row
			return r, sc.Scan(&r.id, &r.addr, &r.lastErr)
		}, now.Add(-ReporterAddressRetention).UTC())
	if err != nil {
		return 0, err
	}
	masked := 0
	for _, r := range rows {
		to, lastErr := r.addr, maskEmails(r.lastErr)
		if !strings.Contains(to, "***") {
			lastErr = strings.ReplaceAll(lastErr, to, maskEmail(to))
			to = maskEmail(to)
		}
		if to == r.addr && lastErr == r.lastErr {
			continue // a last error with an @ that is no address
		}
		masked++
		if _, err := s.db.Write.ExecContext(ctx, `UPDATE outbox SET to_addr = $1, last_error = $2,
			attempts = CASE WHEN sent_at IS NULL THEN $3 ELSE attempts END WHERE id = $4`, to, lastErr, maxOutboxAttempts, r.id); err != nil {
			return 0, s.db.Internal("purge outbox address", err)
		}
	}
	return masked, nil
}
