package orgsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/vntext"
)

// OfficialService implements congvu.OfficialService.
type OfficialService struct {
	db *sqldb.DB
	// lists are pages of FindOfficials, kept while the officials' change
	// counter stays the same.
	lists *sqldb.Cache[officialsKey, officialsPage]
}

// NewOfficialService returns the official service of db.
func NewOfficialService(db *sqldb.DB) *OfficialService {
	return &OfficialService{db: db, lists: sqldb.NewCache[officialsKey, officialsPage](officialsCacheSize)}
}

// A page of FindOfficials is kept (up to officialsCacheSize pages of at
// most officialsCacheRows officials, a few megabytes) for the user and
// the filter that read it.
const (
	officialsCacheSize = 256
	officialsCacheRows = 100
)

// officialsKey is what a page of FindOfficials depends on: the filter and
// the actor, whose grants give the scope and the badge tokens they see.
// It names the user too, so that no page read for one user is handed to
// another.
type officialsKey struct {
	user, official int64
	grants         string
	filter         org.OfficialFilter
}

// officialsPage is a kept page of FindOfficials.
type officialsPage struct {
	list  []org.Official
	total int
}

func newOfficialsKey(actor *congvu.Actor, f org.OfficialFilter) officialsKey {
	k := officialsKey{filter: f}
	if actor.IsAnonymous() {
		return k
	}
	k.user, k.official = actor.UserID, actor.OfficialID
	var b strings.Builder
	for _, g := range actor.Grants {
		b.WriteString(string(g.Role))
		b.WriteByte('@')
		b.WriteString(g.UnitPath)
		b.WriteByte(' ')
	}
	k.grants = b.String()
	return k
}

var _ org.OfficialService = (*OfficialService)(nil)

func errOfficialForbidden() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền quản lý cán bộ của đơn vị này.")
}

func errEmployeeCodeTaken() error {
	msg := "Mã cán bộ đã được dùng cho người khác."
	return &congvu.Error{Code: congvu.ECONFLICT, Message: msg, Fields: map[string]string{"employee_code": msg}}
}

// getOfficial loads an official by id, or ENOTFOUND.
func (s *OfficialService) getOfficial(ctx context.Context, q sqldb.Querier, id int64) (*org.Official, error) {
	return sqldb.LoadOfficial(ctx, s.db, q, id)
}

// redactBadge hides the badge token from actors who may not manage o (an
// official still sees their own).
func redactBadge(actor *congvu.Actor, o *org.Official) {
	if !actor.Can(congvu.ActOfficialManage, o.UnitPath) && (actor.IsAnonymous() || actor.OfficialID != o.ID) {
		o.BadgeToken = ""
	}
}

// FindOfficialByID returns an official the actor may see. See
// congvu.OfficialService.
func (s *OfficialService) FindOfficialByID(ctx context.Context, id int64) (*org.Official, error) {
	actor := congvu.ActorFromContext(ctx)
	o, err := s.getOfficial(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !sqldb.CanViewOfficial(actor, o) {
		return nil, sqldb.ErrNoOfficial()
	}
	redactBadge(actor, o)
	return o, nil
}

// FindOfficialByBadge returns the active official holding a badge token, for
// public badge pages: no actor is needed. ENOTFOUND otherwise.
func (s *OfficialService) FindOfficialByBadge(ctx context.Context, token string) (*org.Official, error) {
	token = strings.ToLower(strings.TrimSpace(token))
	if token == "" {
		return nil, sqldb.ErrNoOfficial()
	}
	o, err := sqldb.ScanOfficial(s.db.Read.QueryRowContext(ctx, `SELECT `+sqldb.OfficialCols+sqldb.OfficialFrom+` WHERE o.badge_token = $1 AND o.active = TRUE`, token))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, sqldb.ErrNoOfficial()
	}
	if err != nil {
		return nil, s.db.Internal("find official by badge", err)
	}
	return o, nil
}

// officialViewClause limits officials (o joined with units u) to what the
// actor may see.
func officialViewClause(actor *congvu.Actor, a *sqldb.Args) string {
	var parts []string
	if scopes := actor.Scopes(congvu.ActOfficialView); len(scopes) > 0 {
		parts = append(parts, sqldb.ScopeClause("u.path", scopes, a))
	}
	if !actor.IsAnonymous() && actor.OfficialID != 0 {
		parts = append(parts, "o.id = "+a.Add(actor.OfficialID))
	}
	if len(parts) == 0 {
		return "1=0"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// FindOfficials lists the officials the actor may see (an official without
// a view role: only themself), ordered by name. See congvu.OfficialService.
// A page is read once per user, filter and state of the officials and
// units (their change counter), then copied from memory: a signed-in list
// page counted and sorted every official in scope on every view.
func (s *OfficialService) FindOfficials(ctx context.Context, f org.OfficialFilter) ([]*org.Official, int, error) {
	n, err := s.db.ChangeCounter(ctx, sqldb.ChangeOfficials)
	if err != nil {
		return nil, 0, err
	}
	key := newOfficialsKey(congvu.ActorFromContext(ctx), f)
	if p, ok := s.lists.Get(n, key); ok {
		if len(p.list) == 0 {
			return nil, p.total, nil
		}
		vals := slices.Clone(p.list)
		out := make([]*org.Official, len(vals))
		for i := range vals {
			out[i] = &vals[i]
		}
		return out, p.total, nil
	}
	list, total, err := s.findOfficials(ctx, f)
	if err != nil || len(list) > officialsCacheRows {
		return list, total, err
	}
	p := officialsPage{list: make([]org.Official, len(list)), total: total}
	for i, o := range list {
		p.list[i] = *o
	}
	s.lists.Put(n, key, p)
	return list, total, nil
}

// findOfficials reads a page of FindOfficials.
func (s *OfficialService) findOfficials(ctx context.Context, f org.OfficialFilter) ([]*org.Official, int, error) {
	actor := congvu.ActorFromContext(ctx)
	var a sqldb.Args
	where := []string{officialViewClause(actor, &a)}
	if f.UnitID != 0 {
		if f.DirectOnly {
			where = append(where, "o.unit_id = "+a.Add(f.UnitID))
		} else {
			var path string
			err := s.db.Read.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, f.UnitID).Scan(&path)
			if errors.Is(err, sql.ErrNoRows) {
				return nil, 0, nil
			}
			if err != nil {
				return nil, 0, s.db.Internal("find officials", err)
			}
			where = append(where, sqldb.ScopeClause("u.path", []string{path}, &a))
		}
	}
	if f.Category != "" {
		where = append(where, "o.category = "+a.Add(string(f.Category)))
	}
	if !f.IncludeRetired {
		where = append(where, "o.active = TRUE")
	}
	if p := vntext.LikePattern(f.Query); p != "" {
		where = append(where, `o.search_name LIKE `+a.Add(p)+` ESCAPE '\'`)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+sqldb.OfficialFrom+` WHERE `+cond, a...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count officials", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+sqldb.OfficialCols+sqldb.OfficialFrom+` WHERE `+cond+
		fmt.Sprintf(` ORDER BY o.search_name, o.id LIMIT %d OFFSET %d`, congvu.ClampLimit(f.Limit), max(f.Offset, 0)), a...)
	if err != nil {
		return nil, 0, s.db.Internal("find officials", err)
	}
	defer rows.Close()
	var out []*org.Official
	for rows.Next() {
		o, err := sqldb.ScanOfficial(rows)
		if err != nil {
			return nil, 0, s.db.Internal("scan official", err)
		}
		redactBadge(actor, o)
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, s.db.Internal("find officials", err)
	}
	return out, total, nil
}

var (
	employeeCodeRe = regexp.MustCompile(`^[A-Za-z0-9._-]{1,32}$`)
)

// normalizeOfficialInput cleans the text fields of in.
func normalizeOfficialInput(in *org.OfficialInput) {
	in.EmployeeCode = vntext.Normalize(in.EmployeeCode)
	in.FullName = vntext.Normalize(in.FullName)
	in.Position = vntext.Normalize(in.Position)
	in.Email = strings.ToLower(vntext.Normalize(in.Email))
	in.Phone = vntext.Normalize(in.Phone)
}

// validateOfficialFields checks everything but the unit.
func validateOfficialFields(in org.OfficialInput) congvu.Validation {
	v := congvu.Validation{}
	switch {
	case in.EmployeeCode == "":
		v.Add("employee_code", "Xin nhập mã cán bộ.")
	case !employeeCodeRe.MatchString(in.EmployeeCode):
		v.Add("employee_code", "Mã cán bộ dài tối đa 32 ký tự, chỉ gồm chữ cái không dấu, chữ số và các dấu . _ -")
	}
	switch {
	case in.FullName == "":
		v.Add("full_name", "Xin nhập họ và tên.")
	case utf8.RuneCountInString(in.FullName) > 120:
		v.Add("full_name", "Họ và tên dài quá 120 ký tự.")
	}
	if !in.Category.Valid() {
		v.Add("category", "Xin chọn loại: cán bộ, công chức, viên chức hoặc người lao động.")
	}
	if utf8.RuneCountInString(in.Position) > 200 {
		v.Add("position", "Chức vụ dài quá 200 ký tự.")
	}
	if in.Email != "" && !congvu.EmailOK(in.Email) {
		v.Add("email", "Địa chỉ email không hợp lệ.")
	}
	if in.Phone != "" && !congvu.PhoneOK(in.Phone) {
		v.Add("phone", "Số điện thoại chỉ gồm chữ số, dấu + ở đầu và khoảng trắng (6–20 ký tự).")
	}
	return v
}

// lookupOfficialUnit loads a unit, or nil when there is none.
func (s *OfficialService) lookupOfficialUnit(ctx context.Context, q sqldb.Querier, id int64) (*sqldb.UnitRef, error) {
	return sqldb.LoadUnitRef(ctx, s.db, q, id)
}

// codeTaken reports whether another official (not id) has the employee code.
func (s *OfficialService) codeTaken(ctx context.Context, q sqldb.Querier, code string, id int64) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM officials WHERE employee_code = $1 AND id <> $2`, code, id).Scan(&n); err != nil {
		return false, s.db.Internal("check employee code", err)
	}
	return n > 0, nil
}

// CreateOfficial creates an official with a fresh badge token. See
// congvu.OfficialService.
func (s *OfficialService) CreateOfficial(ctx context.Context, in org.OfficialInput) (*org.Official, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActOfficialManage, "") {
		return nil, errOfficialForbidden()
	}
	normalizeOfficialInput(&in)
	v := validateOfficialFields(in)
	var out *org.Official
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		unit, err := s.lookupOfficialUnit(ctx, tx, in.UnitID)
		if err != nil {
			return err
		}
		switch {
		case in.UnitID == 0:
			v.Add("unit_id", "Xin chọn đơn vị.")
		case unit == nil:
			v.Add("unit_id", "Đơn vị không tồn tại.")
		case !unit.Active:
			v.Add("unit_id", "Đơn vị đã ngừng hoạt động.")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if !actor.Can(congvu.ActOfficialManage, unit.Path) {
			return errOfficialForbidden()
		}
		if taken, err := s.codeTaken(ctx, tx, in.EmployeeCode, 0); err != nil {
			return err
		} else if taken {
			return errEmployeeCodeTaken()
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO officials (unit_id, employee_code, full_name, search_name, category, position, is_leader, badge_token, email, phone, active, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, TRUE, $11, $11) RETURNING id`,
			in.UnitID, in.EmployeeCode, in.FullName, vntext.SearchKey(in.FullName, in.EmployeeCode), string(in.Category), in.Position,
			in.IsLeader, congvu.RandomToken(20), in.Email, in.Phone, tx.Now).Scan(&id)
		if sqldb.IsUniqueViolation(err) {
			return errEmployeeCodeTaken()
		}
		if err != nil {
			return s.db.Internal("create official", err)
		}
		if err := startStays(tx, []string{"$1"}, id); err != nil {
			return s.db.Internal("create official", err)
		}
		if out, err = s.getOfficial(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit("official.create", "official", id, out.UnitID, nil, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// loadForManage loads an official in a transaction and checks that the
// actor may manage it: ENOTFOUND when it is not even visible.
func (s *OfficialService) loadForManage(ctx context.Context, tx *sqldb.Tx, actor *congvu.Actor, id int64) (*org.Official, error) {
	o, err := s.getOfficial(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !sqldb.CanViewOfficial(actor, o) {
		return nil, sqldb.ErrNoOfficial()
	}
	if !actor.Can(congvu.ActOfficialManage, o.UnitPath) {
		return nil, errOfficialForbidden()
	}
	return o, nil
}

// sameOfficial reports whether o already holds the values of in.
func sameOfficial(o *org.Official, in org.OfficialInput) bool {
	return o.UnitID == in.UnitID && o.EmployeeCode == in.EmployeeCode && o.FullName == in.FullName && o.Category == in.Category &&
		o.Position == in.Position && o.IsLeader == in.IsLeader && o.Email == in.Email && o.Phone == in.Phone
}

const officialUpdateSQL = `UPDATE officials SET unit_id = $2, employee_code = $3, full_name = $4, search_name = $5, category = $6, position = $7,
	is_leader = $8, email = $9, phone = $10, updated_at = $11 WHERE id = $1`

// UpdateOfficial edits an official; moving needs manage rights on both
// units, is never made by the official themself (org.CheckUnitChange) and
// is kept in the history of their units. See congvu.OfficialService.
func (s *OfficialService) UpdateOfficial(ctx context.Context, id int64, in org.OfficialInput) (*org.Official, error) {
	actor := congvu.ActorFromContext(ctx)
	normalizeOfficialInput(&in)
	v := validateOfficialFields(in)
	var out *org.Official
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		old, err := s.loadForManage(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		unit, err := s.lookupOfficialUnit(ctx, tx, in.UnitID)
		if err != nil {
			return err
		}
		switch {
		case in.UnitID == 0:
			v.Add("unit_id", "Xin chọn đơn vị.")
		case unit == nil:
			v.Add("unit_id", "Đơn vị không tồn tại.")
		case !unit.Active && unit.ID != old.UnitID:
			v.Add("unit_id", "Đơn vị đã ngừng hoạt động.")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if !actor.Can(congvu.ActOfficialManage, unit.Path) {
			return errOfficialForbidden()
		}
		if err := org.CheckUnitChange(actor, old, in.UnitID); err != nil {
			return err
		}
		if sameOfficial(old, in) {
			out = old
			return nil
		}
		if in.EmployeeCode != old.EmployeeCode {
			if taken, err := s.codeTaken(ctx, tx, in.EmployeeCode, id); err != nil {
				return err
			} else if taken {
				return errEmployeeCodeTaken()
			}
		}
		_, err = tx.ExecContext(ctx, officialUpdateSQL, id, in.UnitID, in.EmployeeCode, in.FullName, vntext.SearchKey(in.FullName, in.EmployeeCode),
			string(in.Category), in.Position, in.IsLeader, in.Email, in.Phone, tx.Now)
		if sqldb.IsUniqueViolation(err) {
			return errEmployeeCodeTaken()
		}
		if err != nil {
			return s.db.Internal("update official", err)
		}
		if in.UnitID != old.UnitID {
			if err := syncStays(tx, "o.id = $1", id); err != nil {
				return s.db.Internal("update official", err)
			}
		}
		if out, err = s.getOfficial(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit("official.update", "official", id, out.UnitID, old, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetOfficialActive deactivates or reactivates an official. See
// congvu.OfficialService.
func (s *OfficialService) SetOfficialActive(ctx context.Context, id int64, active bool) (*org.Official, error) {
	actor := congvu.ActorFromContext(ctx)
	var out *org.Official
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		old, err := s.loadForManage(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if old.Active == active {
			out = old
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE officials SET active = $2, updated_at = $3 WHERE id = $1`, id, active, tx.Now); err != nil {
			return s.db.Internal("set official active", err)
		}
		if out, err = s.getOfficial(ctx, tx, id); err != nil {
			return err
		}
		kind := "official.deactivate"
		if active {
			kind = "official.activate"
		}
		return tx.Audit(kind, "official", id, out.UnitID, old, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReissueBadge gives the official a new badge token. See
// congvu.OfficialService.
func (s *OfficialService) ReissueBadge(ctx context.Context, id int64) (*org.Official, error) {
	actor := congvu.ActorFromContext(ctx)
	var out *org.Official
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		old, err := s.loadForManage(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE officials SET badge_token = $2, updated_at = $3 WHERE id = $1`, id, congvu.RandomToken(20), tx.Now); err != nil {
			return s.db.Internal("reissue badge", err)
		}
		if out, err = s.getOfficial(ctx, tx, id); err != nil {
			return err
		}
		// The tokens themselves stay out of the log (Official omits them from JSON).
		return tx.Audit("official.badge_reissue", "official", id, out.UnitID, old, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
