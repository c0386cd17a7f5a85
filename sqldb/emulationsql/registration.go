package emulationsql

import (
	"congvu"
	"congvu/emulation"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

const registrationCols = `r.id, r.movement_id, r.year, r.subject, r.unit_id, u.name, u.path, COALESCE(r.official_id, 0), COALESCE(o.full_name, ''),
	COALESCE(cu.cluster_id, 0), r.title, r.pledge, r.initiative, r.withdrawn, COALESCE(r.registered_by, 0), r.registered_at`

const registrationFrom = ` FROM emulation_registrations r JOIN units u ON u.id = r.unit_id
	LEFT JOIN officials o ON o.id = r.official_id
	LEFT JOIN emulation_cluster_units cu ON cu.movement_id = r.movement_id AND cu.unit_id = r.unit_id`

func scanRegistration(sc sqldb.Scanner) (*emulation.Registration, error) {
	r := &emulation.Registration{}
	err := sc.Scan(&r.ID, &r.MovementID, &r.Year, &r.Subject, &r.UnitID, &r.UnitName, &r.UnitPath, &r.OfficialID, &r.OfficialName,
		&r.ClusterID, &r.Title, &r.Pledge, &r.Initiative, &r.Withdrawn, &r.RegisteredBy, &r.RegisteredAt)
	r.RegisteredAt = r.RegisteredAt.UTC()
	return r, err
}

func errNoRegistration() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đăng ký thi đua.")
}

func (s *EmulationService) loadRegistration(ctx context.Context, q sqldb.Querier, id int64) (*emulation.Registration, error) {
	r, err := scanRegistration(q.QueryRowContext(ctx, `SELECT `+registrationCols+registrationFrom+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoRegistration()
	}
	if err != nil {
		return nil, s.db.Internal("load registration", err)
	}
	return r, nil
}

// Register registers a unit or an official of the movement's subtree for a
// year of an open movement (ActEmulationRegister over the subject's unit).
// See emulation.Service.
func (s *EmulationService) Register(ctx context.Context, in emulation.RegistrationInput) (*emulation.Registration, error) {
	a := congvu.ActorFromContext(ctx)
	m, err := s.FindMovement(ctx, in.MovementID)
	if err != nil {
		return nil, err
	}
	if m.Status != emulation.MovementOpen {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Chỉ đăng ký được khi phong trào đang diễn ra.")
	}
	v := congvu.Validation{}
	if !m.Covers(in.Year) {
		v.Add("year", fmt.Sprintf("Năm đăng ký phải trong thời gian của phong trào (%d–%d).", m.FromYear, m.ToYear))
	}
	if !in.Subject.Valid() {
		v.Add("subject", "Xin chọn đăng ký cho tập thể hay cá nhân.")
	}
	in.Pledge, in.Initiative = vntext.CleanParagraphs(in.Pledge), vntext.CleanParagraphs(in.Initiative)
	in.Title = strings.TrimSpace(in.Title)
	if utf8.RuneCountInString(in.Pledge) > emulation.MaxPledge {
		v.Add("pledge", "Nội dung đăng ký không được dài quá 4.000 ký tự.")
	}
	if utf8.RuneCountInString(in.Initiative) > emulation.MaxPledge {
		v.Add("initiative", "Sáng kiến không được dài quá 4.000 ký tự.")
	}
	if in.Title != "" {
		sets, err := s.loadTitleRuleSets(ctx, s.db.Read)
		if err != nil {
			return nil, err
		}
		rs := emulation.TitleRuleSetFor(sets, in.Year)
		if rs == nil && len(sets) > 0 {
			// A year before the first set (the codes are stable): the
			// target is checked against the first set's titles.
			rs = &sets[0]
		}
		t, ok := emulation.TitleRule{}, false
		if rs != nil {
			t, ok = rs.TitleByCode(in.Title)
		}
		if !ok || t.Subject != in.Subject {
			v.Add("title", "Danh hiệu đăng ký không hợp lệ.")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	r := &emulation.Registration{MovementID: m.ID, Year: in.Year, Subject: in.Subject, Title: in.Title, Pledge: in.Pledge, Initiative: in.Initiative}
	key := in.UnitID
	if in.Subject == emulation.Individual {
		o, err := sqldb.LoadOfficial(ctx, s.db, s.db.Read, in.OfficialID)
		if congvu.ErrorCode(err) == congvu.ENOTFOUND || (err == nil && !o.Active) {
			return nil, congvu.FieldError("official_id", "Không tìm thấy cán bộ.")
		}
		if err != nil {
			return nil, err
		}
		r.OfficialID, r.OfficialName, in.UnitID, key = o.ID, o.FullName, o.UnitID, o.ID
	}
	u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, in.UnitID)
	if err != nil {
		return nil, err
	}
	if u == nil || !u.Active || !strings.HasPrefix(u.Path, m.UnitPath) {
		return nil, congvu.FieldError("unit_id", "Đơn vị không thuộc phạm vi của phong trào.")
	}
	if !a.Can(congvu.ActEmulationRegister, u.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền đăng ký thi đua cho đơn vị, cán bộ này.")
	}
	r.UnitID, r.UnitName, r.UnitPath = u.ID, u.Name, u.Path
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r.RegisteredAt, r.RegisteredBy = tx.Now, max(a.UserID, 0)
		err := tx.QueryRowContext(ctx, `INSERT INTO emulation_registrations (movement_id, year, subject, unit_id, official_id, subject_key, title, pledge,
			initiative, registered_by, registered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			r.MovementID, r.Year, string(r.Subject), r.UnitID, sqldb.NullID(r.OfficialID), key, r.Title, r.Pledge, r.Initiative,
			sqldb.NullID(r.RegisteredBy), r.RegisteredAt).Scan(&r.ID)
		if sqldb.IsUniqueViolation(err) {
			name := r.UnitName
			if r.OfficialID != 0 {
				name = r.OfficialName
			}
			return congvu.Errorf(congvu.ECONFLICT, "%s đã đăng ký thi đua năm %d trong phong trào này.", name, r.Year)
		}
		if err != nil {
			return s.db.Internal("insert registration", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(cluster_id), 0) FROM emulation_cluster_units WHERE movement_id = $1 AND unit_id = $2`,
			r.MovementID, r.UnitID).Scan(&r.ClusterID); err != nil {
			return s.db.Internal("registration cluster", err)
		}
		return tx.Audit("emulation.register", "emulation_registration", r.ID, r.UnitID, nil, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Withdraw withdraws a registration with a reason (ActEmulationRegister
// over its unit). See emulation.Service.
func (s *EmulationService) Withdraw(ctx context.Context, id int64, reason string) (*emulation.Registration, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errUnauth()
	}
	r, err := s.loadRegistration(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActEmulationView, r.UnitPath) {
		return nil, errNoRegistration()
	}
	if !a.Can(congvu.ActEmulationRegister, r.UnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền rút đăng ký này.")
	}
	if r.Withdrawn {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Đăng ký đã được rút.")
	}
	var status string
	if err := s.db.Read.QueryRowContext(ctx, `SELECT status FROM emulation_movements WHERE id = $1`, r.MovementID).Scan(&status); err != nil {
		return nil, s.db.Internal("registration movement", err)
	}
	if status != string(emulation.MovementOpen) {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Phong trào đã kết thúc, không rút đăng ký được.")
	}
	reason = vntext.CleanParagraphs(reason)
	if n := utf8.RuneCountInString(reason); n < 5 || n > emulation.MaxReason {
		return nil, congvu.FieldError("reason", "Xin nêu lý do rút đăng ký (từ 5 đến 2.000 ký tự).")
	}
	before := *r
	r.Withdrawn = true
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE emulation_registrations SET withdrawn = TRUE, withdraw_reason = $1 WHERE id = $2 AND withdrawn = FALSE`, reason, id)
		if err != nil {
			return s.db.Internal("withdraw registration", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return congvu.Errorf(congvu.ECONFLICT, "Đăng ký đã được rút.")
		}
		// A withdrawn registration leaves the ranking.
		if _, err := tx.ExecContext(ctx, `DELETE FROM emulation_scores WHERE registration_id = $1`, id); err != nil {
			return s.db.Internal("withdraw scores", err)
		}
		if err := s.rank(ctx, tx, r.MovementID, r.Year); err != nil {
			return err
		}
		return tx.Audit("emulation.withdraw", "emulation_registration", r.ID, r.UnitID, &before, map[string]any{"registration": r, "reason": reason})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// FindRegistrations lists the registrations the actor reads
// (ActEmulationView over their units). See emulation.Service.
func (s *EmulationService) FindRegistrations(ctx context.Context, f emulation.RegistrationFilter) ([]*emulation.Registration, int, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, 0, errUnauth()
	}
	f.Limit, f.Offset = pageBounds(f.Limit, f.Offset)
	var ar sqldb.Args
	where := []string{sqldb.ScopeClause("u.path", a.Scopes(congvu.ActEmulationView), &ar)}
	if f.MovementID != 0 {
		where = append(where, "r.movement_id = "+ar.Add(f.MovementID))
	}
	if f.Year != 0 {
		where = append(where, "r.year = "+ar.Add(f.Year))
	}
	if f.Subject != "" {
		if !f.Subject.Valid() {
			return nil, 0, congvu.FieldError("subject", "Xin chọn tập thể hay cá nhân.")
		}
		where = append(where, "r.subject = "+ar.Add(string(f.Subject)))
	}
	if f.UnitID != 0 {
		under, err := s.underUnit(ctx, f.UnitID, &ar)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, under)
	}
	if f.ClusterID != 0 {
		where = append(where, "cu.cluster_id = "+ar.Add(f.ClusterID))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+registrationFrom+` WHERE `+cond, ar...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count registrations", err)
	}
	lim, off := ar.Add(f.Limit), ar.Add(f.Offset)
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "find registrations", `SELECT `+registrationCols+registrationFrom+` WHERE `+cond+
		` ORDER BY r.year DESC, r.subject, u.name, o.full_name, r.id LIMIT `+lim+` OFFSET `+off, scanRegistration, ar...)
	if list == nil {
		list = []*emulation.Registration{}
	}
	return list, total, err
}

// pageBounds bounds a list's page: limit from 1 to MaxPage (50 when
// unset or beyond), offset from 0.
func pageBounds(limit, offset int) (int, int) {
	if limit <= 0 || limit > MaxPage {
		limit = 50
	}
	return limit, max(offset, 0)
}

// underUnit is the condition of the rows (units joined as u) in the
// subtree of the unit unitID (EINVALID on unit_id when there is none).
func (s *EmulationService) underUnit(ctx context.Context, unitID int64, ar *sqldb.Args) (string, error) {
	u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
	if err != nil {
		return "", err
	}
	if u == nil {
		return "", congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
	}
	return sqldb.ScopeClause("u.path", []string{u.Path}, ar), nil
}
