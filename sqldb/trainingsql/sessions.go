package trainingsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/training"
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

const sessionCols = `s.id, s.campaign_id, s.title, s.mode, s.place, s.lecturer, s.starts_at, s.ends_at, s.secret, s.created_at,
	(SELECT COUNT(*) FROM training_attendances x WHERE x.session_id = s.id)`

func scanSession(sc sqldb.Scanner) (*training.Session, error) {
	x := &training.Session{}
	var secret string
	if err := sc.Scan(&x.ID, &x.CampaignID, &x.Title, &x.Mode, &x.Place, &x.Lecturer, &x.StartsAt, &x.EndsAt, &secret, &x.CreatedAt, &x.Attended); err != nil {
		return nil, err
	}
	b, err := hex.DecodeString(secret)
	if err != nil {
		return nil, err
	}
	x.Secret = b
	x.StartsAt, x.EndsAt, x.CreatedAt = x.StartsAt.UTC(), x.EndsAt.UTC(), x.CreatedAt.UTC()
	return x, nil
}

func (s *Service) loadSession(ctx context.Context, q sqldb.Querier, id int64) (*training.Session, error) {
	x, err := scanSession(q.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM training_sessions s WHERE s.id = $1`, id))
	if isNoRows(err) {
		return nil, errNoSession()
	}
	if err != nil {
		return nil, s.db.Internal("load training session", err)
	}
	return x, nil
}

// sessionOf loads a session and its campaign, the campaign visible to the
// actor (ENOTFOUND otherwise).
func (s *Service) sessionOf(ctx context.Context, q sqldb.Querier, a *congvu.Actor, id int64) (*training.Session, *training.Campaign, error) {
	x, err := s.loadSession(ctx, q, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.loadCampaign(ctx, q, x.CampaignID)
	if err != nil {
		return nil, nil, err
	}
	ok, err := s.canSee(ctx, a, c)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, errNoSession()
	}
	return x, c, nil
}

// CreateSession adds a session to a campaign the actor manages (a draft or
// an open one).
func (s *Service) CreateSession(ctx context.Context, in training.SessionInput) (*training.Session, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		c, err := s.loadCampaign(ctx, tx, in.CampaignID)
		if err != nil {
			return err
		}
		if err := s.manages(ctx, a, c); err != nil {
			return err
		}
		if c.Status == training.CampaignClosed {
			return congvu.Errorf(congvu.ECONFLICT, "Đợt bồi dưỡng đã kết thúc.")
		}
		if err := in.Validate(c); err != nil {
			return err
		}
		secret := make([]byte, 32)
		rand.Read(secret)
		if err := tx.QueryRowContext(ctx, `INSERT INTO training_sessions (campaign_id, title, mode, place, lecturer, starts_at, ends_at, secret, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, c.ID, in.Title, string(in.Mode), in.Place, in.Lecturer,
			in.StartsAt, in.EndsAt, hex.EncodeToString(secret), sqldb.NullID(max(a.UserID, 0)), tx.Now).Scan(&id); err != nil {
			return s.db.Internal("insert training session", err)
		}
		x, err := s.loadSession(ctx, tx, id)
		if err != nil {
			return err
		}
		return tx.Audit("training.session.create", "training_session", id, c.UnitID, nil, x)
	})
	if err != nil {
		return nil, err
	}
	return s.loadSession(ctx, s.db.Read, id)
}

// FindSession returns a session of a campaign the actor reads.
func (s *Service) FindSession(ctx context.Context, id int64) (*training.Session, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	x, _, err := s.sessionOf(ctx, s.db.Read, a, id)
	return x, err
}

// Sessions lists the sessions of a campaign the actor reads, in order.
func (s *Service) Sessions(ctx context.Context, campaignID int64) ([]*training.Session, error) {
	if _, err := s.FindCampaign(ctx, campaignID); err != nil {
		return nil, err
	}
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "training sessions", `SELECT `+sessionCols+` FROM training_sessions s
		WHERE s.campaign_id = $1 ORDER BY s.starts_at, s.id`, scanSession, campaignID)
}

// SessionCode is the session's QR code of the moment (the organiser's
// screen): ActTrainingManage on the campaign's unit.
func (s *Service) SessionCode(ctx context.Context, sessionID int64) (string, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return "", errSignIn()
	}
	x, c, err := s.sessionOf(ctx, s.db.Read, a, sessionID)
	if err != nil {
		return "", err
	}
	if !training.CanManage(a, c.UnitPath) {
		return "", errManage()
	}
	if x.Mode != training.ModeInPerson {
		return "", congvu.Errorf(congvu.ECONFLICT, "Buổi tự học trực tuyến không điểm danh bằng mã QR.")
	}
	return training.QRCode(x.Secret, x.ID, s.db.Now()), nil
}

// Attend limits: scans per user per window, so that nobody guesses codes.
const (
	AttendLimit  = 10
	AttendWindow = 10 * time.Minute
)

// Attend records the signed-in official at an in-person session from the
// code they scanned: rate-limited per user; a wrong and an expired code
// get the same answer; within the session's window; the official must
// hold an assignment of the campaign. A second scan returns the first
// attendance and writes nothing.
func (s *Service) Attend(ctx context.Context, sessionID int64, code string) (*training.Attendance, error) {
	a := congvu.ActorFromContext(ctx)
	off, err := officialOf(a)
	if err != nil {
		return nil, err
	}
	ok, err := s.limiter.Allow(ctx, "training.attend:"+strconv.FormatInt(a.UserID, 10), AttendLimit, AttendWindow)
	if err != nil {
		return nil, s.db.Internal("training attend limit", err)
	}
	if !ok {
		return nil, congvu.Errorf(congvu.ELIMIT, "Anh/chị đã thử quá nhiều lần. Xin chờ ít phút rồi quét lại mã.")
	}
	x, err := s.loadSession(ctx, s.db.Read, sessionID)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	if x.Mode != training.ModeInPerson || !training.CheckQRCode(x.Secret, x.ID, code, now) {
		return nil, training.ErrBadCode()
	}
	if err := training.AttendWindow(x, now); err != nil {
		return nil, err
	}
	return s.attend(ctx, x, off, training.AttendQR)
}

// StudyOnline records the signed-in official's reading of an online
// session's materials, within its period; once.
func (s *Service) StudyOnline(ctx context.Context, sessionID int64) (*training.Attendance, error) {
	a := congvu.ActorFromContext(ctx)
	off, err := officialOf(a)
	if err != nil {
		return nil, err
	}
	x, err := s.loadSession(ctx, s.db.Read, sessionID)
	if err != nil {
		return nil, err
	}
	if x.Mode != training.ModeOnline {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Buổi này học trực tiếp: xin quét mã QR tại lớp.")
	}
	if err := training.AttendWindow(x, s.db.Now()); err != nil {
		return nil, err
	}
	return s.attend(ctx, x, off, training.AttendOnline)
}

// attend records the official at x by method, once, with the progress
// step; the first attendance is returned again.
func (s *Service) attend(ctx context.Context, x *training.Session, off int64, method training.AttendanceMethod) (*training.Attendance, error) {
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		c, err := s.loadCampaign(ctx, tx, x.CampaignID)
		if err != nil {
			return err
		}
		if err := training.TrainError(c); err != nil {
			return err
		}
		held, err := s.holds(ctx, tx, c.ID, off)
		if err != nil {
			return err
		}
		if !held {
			return errNotAudience()
		}
		done, err := s.record(tx, x, c, off, method, 0)
		if err != nil || !done {
			return err
		}
		return tx.Audit("training.attend", "training_session", x.ID, c.UnitID, nil,
			map[string]any{"official_id": off, "method": method, "campaign_id": c.ID})
	})
	if err != nil {
		return nil, err
	}
	return s.attendance(ctx, s.db.Read, x.ID, off)
}

// record inserts an attendance unless the official has one at the
// session, and runs the progress step; it reports whether it wrote.
func (s *Service) record(tx *sqldb.Tx, x *training.Session, c *training.Campaign, off int64, method training.AttendanceMethod, by int64) (bool, error) {
	res, err := tx.ExecContext(tx.Ctx, `INSERT INTO training_attendances (session_id, official_id, method, at, marked_by) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (session_id, official_id) DO NOTHING`, x.ID, off, string(method), tx.Now, sqldb.NullID(by))
	if err != nil {
		return false, s.db.Internal("insert training attendance", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	at := tx.Now
	return true, s.progress(tx, c.ID, off, training.Event{Attended: &at})
}

const attendanceCols = `x.session_id, x.official_id, o.full_name, u.name, x.method, x.at, COALESCE(x.marked_by, 0)`

const attendanceFrom = ` FROM training_attendances x JOIN officials o ON o.id = x.official_id JOIN units u ON u.id = o.unit_id`

func scanAttendance(sc sqldb.Scanner) (*training.Attendance, error) {
	x := &training.Attendance{}
	if err := sc.Scan(&x.SessionID, &x.OfficialID, &x.OfficialName, &x.UnitName, &x.Method, &x.At, &x.MarkedBy); err != nil {
		return nil, err
	}
	x.At = x.At.UTC()
	return x, nil
}

func (s *Service) attendance(ctx context.Context, q sqldb.Querier, sessionID, off int64) (*training.Attendance, error) {
	x, err := scanAttendance(q.QueryRowContext(ctx, `SELECT `+attendanceCols+attendanceFrom+` WHERE x.session_id = $1 AND x.official_id = $2`, sessionID, off))
	if err != nil {
		return nil, s.db.Internal("load training attendance", err)
	}
	return x, nil
}

// Mark records officials present at a session, by an organiser who
// manages the campaign; each must hold an assignment of it. It returns how
// many were newly marked.
func (s *Service) Mark(ctx context.Context, sessionID int64, officialIDs []int64) (int, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return 0, errSignIn()
	}
	if len(officialIDs) == 0 {
		return 0, congvu.FieldError("official_ids", "Xin chọn cán bộ có mặt.")
	}
	if len(officialIDs) > training.MaxNamed {
		return 0, congvu.FieldError("official_ids", "Danh sách quá dài.")
	}
	n := 0
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		x, c, err := s.sessionOf(ctx, tx, a, sessionID)
		if err != nil {
			return err
		}
		if !training.CanManage(a, c.UnitPath) {
			return errManage()
		}
		if err := training.TrainError(c); err != nil {
			return err
		}
		var marked []int64
		for _, off := range officialIDs {
			held, err := s.holds(ctx, tx, c.ID, off)
			if err != nil {
				return err
			}
			if !held {
				return congvu.FieldError("official_ids", "Có cán bộ không thuộc đối tượng của đợt bồi dưỡng này.")
			}
			done, err := s.record(tx, x, c, off, training.AttendMarked, max(a.UserID, 0))
			if err != nil {
				return err
			}
			if done {
				marked = append(marked, off)
			}
		}
		n = len(marked)
		if n == 0 {
			return nil
		}
		return tx.Audit("training.mark", "training_session", x.ID, c.UnitID, nil, map[string]any{"official_ids": marked, "campaign_id": c.ID})
	})
	return n, err
}

// Attendances lists a session's attendances the actor reads: staff see
// the officials of their scopes; an official sees only their own.
func (s *Service) Attendances(ctx context.Context, sessionID int64) ([]*training.Attendance, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	if _, _, err := s.sessionOf(ctx, s.db.Read, a, sessionID); err != nil {
		return nil, err
	}
	var args sqldb.Args
	see := sqldb.ScopeClause("u.path", training.ViewScopes(a), &args)
	if a.OfficialID > 0 {
		see = "(" + see + " OR x.official_id = " + args.Add(a.OfficialID) + ")"
	}
	q := `SELECT ` + attendanceCols + attendanceFrom + ` WHERE x.session_id = ` + args.Add(sessionID) + ` AND ` + see + ` ORDER BY x.at, o.full_name`
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "training attendances", strings.TrimSpace(q), scanAttendance, args...)
}
