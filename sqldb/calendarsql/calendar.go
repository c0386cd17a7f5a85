// Package calendarsql keeps the working-day calendar (package calendar) in
// the table calendar_days, shipped with 2025 to 2027 by migration 0019.
package calendarsql

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"congvu"
	"congvu/calendar"
	"congvu/sqldb"
)

// CacheTTL is how long a server keeps the calendar it read: every deadline
// is counted on it, so it is read once, not per petition. A write on this
// server drops it at once; other servers see the write within CacheTTL.
const CacheTTL = time.Minute

// CalendarService implements calendar.Service.
type CalendarService struct {
	db *sqldb.DB

	mu       sync.Mutex
	cached   *calendar.Calendar
	loadedAt time.Time
	gen      uint64 // bumped by every write: a load begun before it is not kept
}

// NewCalendarService returns the calendar service on db.
func NewCalendarService(db *sqldb.DB) *CalendarService {
	return &CalendarService{db: db}
}

var _ calendar.Service = (*CalendarService)(nil)

const dayCols = `id, day, kind, name, legal_basis, updated_at`

func scanDay(sc sqldb.Scanner) (*calendar.Day, error) {
	d := &calendar.Day{}
	var day, kind string
	var updated sql.NullTime
	if err := sc.Scan(&d.ID, &day, &kind, &d.Name, &d.LegalBasis, &updated); err != nil {
		return nil, err
	}
	t, err := calendar.ParseKey(day)
	if err != nil {
		return nil, err
	}
	d.Date, d.Kind = t, calendar.Kind(kind)
	if updated.Valid {
		d.UpdatedAt = updated.Time.UTC()
	}
	return d, nil
}

// Load reads the whole calendar from q, uncached: for bulk generators that
// count deadlines as the service does (see devdata).
func Load(ctx context.Context, db *sqldb.DB, q sqldb.Querier) (*calendar.Calendar, error) {
	days, err := sqldb.QueryAll(ctx, db, q, "calendar", `SELECT `+dayCols+` FROM calendar_days ORDER BY day`, scanDay)
	if err != nil {
		return nil, err
	}
	return calendar.New(days), nil
}

// Calendar returns the calendar, from memory when read less than CacheTTL
// ago. See calendar.Source.
func (s *CalendarService) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	s.mu.Lock()
	if s.cached != nil && time.Since(s.loadedAt) < CacheTTL {
		c := s.cached
		s.mu.Unlock()
		return c, nil
	}
	gen := s.gen
	s.mu.Unlock()
	c, err := Load(ctx, s.db, s.db.Read)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.gen == gen {
		s.cached, s.loadedAt = c, time.Now()
	}
	s.mu.Unlock()
	return c, nil
}

// invalidate drops the cached calendar after a write.
func (s *CalendarService) invalidate() {
	s.mu.Lock()
	s.cached = nil
	s.gen++
	s.mu.Unlock()
}

// FindDays lists the exceptions of year, by date. Public law: anyone may
// read them. See calendar.Service.
func (s *CalendarService) FindDays(ctx context.Context, year int) ([]*calendar.Day, error) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, congvu.TimeZone)
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "calendar days", `SELECT `+dayCols+` FROM calendar_days WHERE day >= $1 AND day < $2 ORDER BY day`,
		scanDay, calendar.Key(from), calendar.Key(from.AddDate(1, 0, 0)))
}

// FindDayByID returns one exception. See calendar.Service.
func (s *CalendarService) FindDayByID(ctx context.Context, id int64) (*calendar.Day, error) {
	return s.load(ctx, s.db.Read, id)
}

func (s *CalendarService) load(ctx context.Context, q sqldb.Querier, id int64) (*calendar.Day, error) {
	d, err := scanDay(q.QueryRowContext(ctx, `SELECT `+dayCols+` FROM calendar_days WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy ngày này trong lịch.")
	}
	if err != nil {
		return nil, s.db.Internal("calendar day", err)
	}
	return d, nil
}

// allowed checks that the actor may edit the calendar: it is national, so
// only on the whole tree.
func allowed(ctx context.Context) error {
	if !congvu.ActorFromContext(ctx).Can(congvu.ActCalendarManage, congvu.RootUnitPath) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền sửa lịch ngày làm việc.")
	}
	return nil
}

// conflict is the error for a date that already has an exception.
func conflict(t time.Time) error {
	msg := "Ngày " + t.Format("02/01/2006") + " đã có trong lịch; xin sửa ngày đó thay vì thêm mới."
	return &congvu.Error{Code: congvu.ECONFLICT, Message: msg, Fields: map[string]string{"date": msg}}
}

// CreateDay adds an exception, audited. See calendar.Service.
func (s *CalendarService) CreateDay(ctx context.Context, in calendar.DayInput) (*calendar.Day, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	d := &calendar.Day{Date: in.Date, Kind: in.Kind, Name: in.Name, LegalBasis: in.LegalBasis}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		d.UpdatedAt = tx.Now
		err := tx.QueryRowContext(ctx, `INSERT INTO calendar_days (day, kind, name, legal_basis, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			calendar.Key(d.Date), string(d.Kind), d.Name, d.LegalBasis, actorID(tx), tx.Now).Scan(&d.ID)
		if sqldb.IsUniqueViolation(err) {
			return conflict(d.Date)
		}
		if err != nil {
			return s.db.Internal("add calendar day", err)
		}
		return tx.Audit("calendar.day.add", "calendar_day", d.ID, 0, nil, d)
	})
	if err != nil {
		return nil, err
	}
	s.invalidate()
	return d, nil
}

// UpdateDay replaces an exception, audited with its state before. See
// calendar.Service.
func (s *CalendarService) UpdateDay(ctx context.Context, id int64, in calendar.DayInput) (*calendar.Day, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var d *calendar.Day
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		d = &calendar.Day{ID: id, Date: in.Date, Kind: in.Kind, Name: in.Name, LegalBasis: in.LegalBasis, UpdatedAt: tx.Now}
		_, err = tx.ExecContext(ctx, `UPDATE calendar_days SET day = $2, kind = $3, name = $4, legal_basis = $5, updated_by = $6, updated_at = $7 WHERE id = $1`,
			id, calendar.Key(d.Date), string(d.Kind), d.Name, d.LegalBasis, actorID(tx), tx.Now)
		if sqldb.IsUniqueViolation(err) {
			return conflict(d.Date)
		}
		if err != nil {
			return s.db.Internal("update calendar day", err)
		}
		return tx.Audit("calendar.day.update", "calendar_day", id, 0, before, d)
	})
	if err != nil {
		return nil, err
	}
	s.invalidate()
	return d, nil
}

// DeleteDay removes an exception, audited with what it was. See
// calendar.Service.
func (s *CalendarService) DeleteDay(ctx context.Context, id int64) error {
	if err := allowed(ctx); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_days WHERE id = $1`, id); err != nil {
			return s.db.Internal("delete calendar day", err)
		}
		return tx.Audit("calendar.day.delete", "calendar_day", id, 0, before, nil)
	})
	if err != nil {
		return err
	}
	s.invalidate()
	return nil
}

// actorID is the user who writes, NULL for the system.
func actorID(tx *sqldb.Tx) sql.NullInt64 {
	if tx.Actor != nil && tx.Actor.UserID > 0 {
		return sql.NullInt64{Int64: tx.Actor.UserID, Valid: true}
	}
	return sql.NullInt64{}
}
