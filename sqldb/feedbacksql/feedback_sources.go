package feedbacksql

import (
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"congvu"
)

// Where ratings come from besides badges (whose tokens the official service
// keeps): unit QR tokens, kiosks and dossiers. Managing them needs
// congvu.ActOfficialManage on the unit; a unit the actor may not even see
// answers ENOTFOUND. Every change is audited; secrets (tokens, device keys)
// never enter the audit log.

// manageUnit loads a unit by id and checks that the actor may manage it.
func (s *FeedbackService) manageUnit(ctx context.Context, q sqldb.Querier, id int64) (*sqldb.UnitRef, error) {
	actor := congvu.ActorFromContext(ctx)
	u, err := sqldb.LoadUnitRef(ctx, s.db, q, id)
	if err != nil {
		return nil, err
	}
	if u == nil || (!actor.Can(congvu.ActOfficialView, u.Path) && !actor.Can(congvu.ActOfficialManage, u.Path)) {
		return nil, sqldb.NotFoundUnit()
	}
	if !actor.Can(congvu.ActOfficialManage, u.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền quản lý mã đánh giá, máy đánh giá và hồ sơ của %s.", u.Name)
	}
	return u, nil
}

// unitTokenAudit is what the audit log records of a unit token (never the
// token).
type unitTokenAudit struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
}

// UnitToken issues the public QR token of a unit when it has none
// (audited), and returns it; pages that only show the code read it with
// CurrentUnitToken. See feedback.Service.
func (s *FeedbackService) UnitToken(ctx context.Context, unitID int64) (string, error) {
	var token string
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		u, err := s.manageUnit(ctx, tx, unitID)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT token FROM unit_tokens WHERE unit_id = $1`, unitID).Scan(&token)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return s.db.Internal("unit token", err)
		}
		if !u.Active {
			return congvu.Errorf(congvu.EINVALID, "%s đã ngừng hoạt động.", u.Name)
		}
		token = congvu.RandomToken(16)
		if _, err := tx.ExecContext(ctx, `INSERT INTO unit_tokens (unit_id, token, created_at) VALUES ($1, $2, $3)`, unitID, token, tx.Now); err != nil {
			return s.db.Internal("create unit token", err)
		}
		return tx.Audit("unit_token.create", "unit", unitID, unitID, nil, unitTokenAudit{u.ID, u.Name})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// CurrentUnitToken returns the QR token of a unit the actor manages, ""
// when none was issued; it writes nothing. See feedback.Service.
func (s *FeedbackService) CurrentUnitToken(ctx context.Context, unitID int64) (string, error) {
	if _, err := s.manageUnit(ctx, s.db.Read, unitID); err != nil {
		return "", err
	}
	var token string
	err := s.db.Read.QueryRowContext(ctx, `SELECT token FROM unit_tokens WHERE unit_id = $1`, unitID).Scan(&token)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", s.db.Internal("unit token", err)
	}
	return token, nil
}

// ReissueUnitToken gives a unit a new QR token (its first one, when it had
// none); the old one stops working. See feedback.Service.
func (s *FeedbackService) ReissueUnitToken(ctx context.Context, unitID int64) (string, error) {
	token := congvu.RandomToken(16)
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		u, err := s.manageUnit(ctx, tx, unitID)
		if err != nil {
			return err
		}
		if !u.Active {
			return congvu.Errorf(congvu.EINVALID, "%s đã ngừng hoạt động.", u.Name)
		}
		var had int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM unit_tokens WHERE unit_id = $1`, unitID).Scan(&had); err != nil {
			return s.db.Internal("reissue unit token", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO unit_tokens (unit_id, token, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (unit_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at`, unitID, token, tx.Now); err != nil {
			return s.db.Internal("reissue unit token", err)
		}
		if had == 0 {
			return tx.Audit("unit_token.create", "unit", unitID, unitID, nil, unitTokenAudit{u.ID, u.Name})
		}
		return tx.Audit("unit_token.reissue", "unit", unitID, unitID, unitTokenAudit{u.ID, u.Name}, unitTokenAudit{u.ID, u.Name})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

const kioskCols = `k.id, k.unit_id, u.name, u.path, k.name, k.active, k.created_at, k.last_seen_at`

func scanKiosk(sc sqldb.Scanner) (*feedback.Kiosk, string, error) {
	k := &feedback.Kiosk{}
	var path string
	var seen sql.NullTime
	if err := sc.Scan(&k.ID, &k.UnitID, &k.UnitName, &path, &k.Name, &k.Active, &k.CreatedAt, &seen); err != nil {
		return nil, "", err
	}
	k.CreatedAt, k.LastSeen = sqldb.UTC(k.CreatedAt), sqldb.UTCPtr(seen)
	return k, path, nil
}

func errNoKiosk() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy máy đánh giá.")
}

// CreateKiosk registers a tablet for a unit. Its device key is random,
// returned once and stored only as a SHA-256 hash. See
// feedback.Service.
func (s *FeedbackService) CreateKiosk(ctx context.Context, unitID int64, name string) (*feedback.Kiosk, error) {
	name = vntext.Clean(name)
	switch {
	case name == "":
		return nil, congvu.FieldError("name", "Xin đặt tên cho máy, ví dụ: Quầy số 1.")
	case utf8.RuneCountInString(name) > 120:
		return nil, congvu.FieldError("name", "Tên máy dài quá 120 ký tự.")
	}
	key := congvu.RandomToken(24)
	var out *feedback.Kiosk
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		u, err := s.manageUnit(ctx, tx, unitID)
		if err != nil {
			return err
		}
		if !u.Active {
			return congvu.Errorf(congvu.EINVALID, "%s đã ngừng hoạt động.", u.Name)
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO kiosks (unit_id, name, key_hash, active, created_at) VALUES ($1, $2, $3, TRUE, $4) RETURNING id`,
			unitID, name, sqldb.HashToken(key), tx.Now).Scan(&id); err != nil {
			return s.db.Internal("create kiosk", err)
		}
		k, _, err := scanKiosk(tx.QueryRowContext(ctx, `SELECT `+kioskCols+` FROM kiosks k JOIN units u ON u.id = k.unit_id WHERE k.id = $1`, id))
		if err != nil {
			return s.db.Internal("create kiosk", err)
		}
		out = k
		return tx.Audit("kiosk.create", "kiosk", id, unitID, nil, k)
	})
	if err != nil {
		return nil, err
	}
	out.DeviceKey = key
	return out, nil
}

// FindKiosks lists the kiosks of a unit's subtree, active first. See
// feedback.Service.
func (s *FeedbackService) FindKiosks(ctx context.Context, unitID int64) ([]*feedback.Kiosk, error) {
	u, err := s.manageUnit(ctx, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	var a sqldb.Args
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+kioskCols+` FROM kiosks k JOIN units u ON u.id = k.unit_id WHERE `+
		sqldb.ScopeClause("u.path", []string{u.Path}, &a)+` ORDER BY k.active DESC, u.path, k.name, k.id`, a...)
	if err != nil {
		return nil, s.db.Internal("find kiosks", err)
	}
	defer rows.Close()
	var out []*feedback.Kiosk
	for rows.Next() {
		k, _, err := scanKiosk(rows)
		if err != nil {
			return nil, s.db.Internal("find kiosks", err)
		}
		out = append(out, k)
	}
	return out, s.db.Internal("find kiosks", rows.Err())
}

// KioskByKey resolves a device key, for the public kiosk page. ENOTFOUND
// when unknown, revoked or its unit has closed. See feedback.Service.
func (s *FeedbackService) KioskByKey(ctx context.Context, key string) (*feedback.Kiosk, error) {
	key = sqldb.CleanToken(key)
	if key == "" {
		return nil, errNoKiosk()
	}
	k, _, err := scanKiosk(s.db.Read.QueryRowContext(ctx, `SELECT `+kioskCols+` FROM kiosks k JOIN units u ON u.id = k.unit_id
		WHERE k.key_hash = $1 AND k.active = TRUE AND u.active = TRUE`, sqldb.HashToken(key)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoKiosk()
	}
	if err != nil {
		return nil, s.db.Internal("find kiosk", err)
	}
	return k, nil
}

// RevokeKiosk disables a kiosk: its key stops working at once. See
// feedback.Service.
func (s *FeedbackService) RevokeKiosk(ctx context.Context, id int64) error {
	actor := congvu.ActorFromContext(ctx)
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		k, path, err := scanKiosk(tx.QueryRowContext(ctx, `SELECT `+kioskCols+` FROM kiosks k JOIN units u ON u.id = k.unit_id WHERE k.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !actor.Can(congvu.ActOfficialView, path) && !actor.Can(congvu.ActOfficialManage, path)) {
			return errNoKiosk()
		}
		if err != nil {
			return s.db.Internal("revoke kiosk", err)
		}
		if !actor.Can(congvu.ActOfficialManage, path) {
			return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền quản lý máy đánh giá của %s.", k.UnitName)
		}
		if !k.Active {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE kiosks SET active = FALSE WHERE id = $1`, id); err != nil {
			return s.db.Internal("revoke kiosk", err)
		}
		after := *k
		after.Active = false
		return tx.Audit("kiosk.revoke", "kiosk", id, k.UnitID, k, &after)
	})
}

const dossierCols = `d.id, d.code, d.unit_id, COALESCE(d.official_id, 0), d.procedure_name, d.received_at, d.due_at, d.returned_at,
	d.rated_at, d.delay_reason, d.new_due_at, d.token_hash IS NOT NULL`

func scanDossier(sc sqldb.Scanner) (*feedback.Dossier, bool, error) {
	d := &feedback.Dossier{}
	var returned, rated, newDue sql.NullTime
	var hasToken bool
	if err := sc.Scan(&d.ID, &d.Code, &d.UnitID, &d.OfficialID, &d.ProcedureName, &d.ReceivedAt, &d.DueAt, &returned,
		&rated, &d.DelayReason, &newDue, &hasToken); err != nil {
		return nil, false, err
	}
	d.ReceivedAt, d.DueAt = sqldb.UTC(d.ReceivedAt), sqldb.UTC(d.DueAt)
	d.ReturnedAt, d.RatedAt, d.NewDueAt = sqldb.UTCPtr(returned), sqldb.UTCPtr(rated), sqldb.UTCPtr(newDue)
	return d, hasToken, nil
}

func errNoDossier() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy hồ sơ.") }

func utcTimePtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Round(time.Microsecond)
	return &u
}

func sameTimePtr(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// RegisterDossier creates or updates a dossier, keyed by unit and code, for
// the one-stop-shop system (an integration account with
// congvu.ActOfficialManage on the unit). A returned dossier gets a one-time
// rating token, returned in RatingToken this once and stored as a SHA-256
// hash. An update that changes nothing writes nothing. See
// feedback.Service.
func (s *FeedbackService) RegisterDossier(ctx context.Context, in feedback.DossierInput) (*feedback.Dossier, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActOfficialManage, "") {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền đăng ký hồ sơ.")
	}
	v := feedback.ValidateDossier(&in, s.db.Now())
	in.ReceivedAt, in.DueAt = in.ReceivedAt.UTC().Round(time.Microsecond), in.DueAt.UTC().Round(time.Microsecond)
	in.ReturnedAt, in.NewDueAt = utcTimePtr(in.ReturnedAt), utcTimePtr(in.NewDueAt)
	var out *feedback.Dossier
	var token string
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		u := &sqldb.UnitRef{}
		if in.UnitCode != "" {
			err := tx.QueryRowContext(ctx, `SELECT id, code, name, path, active FROM units WHERE code = $1 ORDER BY active DESC, id DESC LIMIT 1`, in.UnitCode).Scan(&u.ID, &u.Code, &u.Name, &u.Path, &u.Active)
			switch {
			case errors.Is(err, sql.ErrNoRows) || (err == nil && !actor.Can(congvu.ActOfficialView, u.Path) && !actor.Can(congvu.ActOfficialManage, u.Path)):
				v.Add("unit_code", fmt.Sprintf("Không có đơn vị mã %q.", in.UnitCode))
			case err != nil:
				return s.db.Internal("register dossier", err)
			case !actor.Can(congvu.ActOfficialManage, u.Path):
				return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền đăng ký hồ sơ của %s.", u.Name)
			}
		}
		var officialID int64
		if in.OfficialCode != "" && u.ID != 0 {
			var path string
			err := tx.QueryRowContext(ctx, `SELECT o.id, un.path FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.employee_code = $1`, in.OfficialCode).Scan(&officialID, &path)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && !pathWithin(path, u.Path)) {
				v.Add("official_code", fmt.Sprintf("Không có cán bộ mã %q thuộc %s.", in.OfficialCode, u.Name))
			} else if err != nil {
				return s.db.Internal("register dossier", err)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		old, hasToken, err := scanDossier(tx.QueryRowContext(ctx, `SELECT `+dossierCols+` FROM dossiers d WHERE d.unit_id = $1 AND d.code = $2`, u.ID, in.Code))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return s.db.Internal("register dossier", err)
		}
		var tokenHash any
		if in.ReturnedAt != nil && !hasToken {
			token = congvu.RandomToken(16)
			tokenHash = sqldb.HashToken(token)
		}
		if old == nil {
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO dossiers (code, unit_id, official_id, procedure_name, received_at, due_at, returned_at, token_hash,
				delay_reason, new_due_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
				in.Code, u.ID, sqldb.NullID(officialID), in.ProcedureName, in.ReceivedAt, in.DueAt, in.ReturnedAt, tokenHash,
				in.DelayReason, in.NewDueAt, tx.Now).Scan(&id)
			if sqldb.IsUniqueViolation(err) {
				return congvu.Errorf(congvu.ECONFLICT, "Hồ sơ %s đang được đăng ký đồng thời; xin gửi lại.", in.Code)
			}
			if err != nil {
				return s.db.Internal("register dossier", err)
			}
			if out, err = s.getDossier(ctx, tx, id); err != nil {
				return err
			}
			return tx.Audit("dossier.register", "dossier", id, u.ID, nil, out)
		}
		if old.OfficialID == officialID && old.ProcedureName == in.ProcedureName && old.ReceivedAt.Equal(in.ReceivedAt) && old.DueAt.Equal(in.DueAt) &&
			sameTimePtr(old.ReturnedAt, in.ReturnedAt) && old.DelayReason == in.DelayReason && sameTimePtr(old.NewDueAt, in.NewDueAt) && token == "" {
			out = old
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET official_id = $2, procedure_name = $3, received_at = $4, due_at = $5, returned_at = $6,
			token_hash = COALESCE(token_hash, $7), delay_reason = $8, new_due_at = $9, updated_at = $10 WHERE id = $1`,
			old.ID, sqldb.NullID(officialID), in.ProcedureName, in.ReceivedAt, in.DueAt, in.ReturnedAt, tokenHash, in.DelayReason, in.NewDueAt, tx.Now); err != nil {
			return s.db.Internal("update dossier", err)
		}
		if out, err = s.getDossier(ctx, tx, old.ID); err != nil {
			return err
		}
		return tx.Audit("dossier.update", "dossier", old.ID, u.ID, old, out)
	})
	if err != nil {
		return nil, err
	}
	out.RatingToken = token
	return out, nil
}

// pathWithin reports whether path lies in the subtree of root.
func pathWithin(path, root string) bool { return len(path) >= len(root) && path[:len(root)] == root }

func (s *FeedbackService) getDossier(ctx context.Context, q sqldb.Querier, id int64) (*feedback.Dossier, error) {
	d, _, err := scanDossier(q.QueryRowContext(ctx, `SELECT `+dossierCols+` FROM dossiers d WHERE d.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoDossier()
	}
	if err != nil {
		return nil, s.db.Internal("load dossier", err)
	}
	return d, nil
}

// FindDossier returns a dossier of a unit by code, for actors who may see
// the unit's officials; the rating token is never shown again. ENOTFOUND.
// See feedback.Service.
func (s *FeedbackService) FindDossier(ctx context.Context, unitID int64, code string) (*feedback.Dossier, error) {
	actor := congvu.ActorFromContext(ctx)
	var path string
	err := s.db.Read.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, unitID).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !actor.Can(congvu.ActOfficialView, path) && !actor.Can(congvu.ActOfficialManage, path)) {
		return nil, errNoDossier()
	}
	if err != nil {
		return nil, s.db.Internal("find dossier", err)
	}
	d, _, err := scanDossier(s.db.Read.QueryRowContext(ctx, `SELECT `+dossierCols+` FROM dossiers d WHERE d.unit_id = $1 AND d.code = $2`, unitID, vntext.Clean(code)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoDossier()
	}
	if err != nil {
		return nil, s.db.Internal("find dossier", err)
	}
	return d, nil
}
