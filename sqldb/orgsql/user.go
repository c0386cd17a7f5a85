package orgsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/vntext"
)

// UserService implements congvu.UserService: accounts with scoped grants,
// password sign-in with back-off per account name and address, browser
// sessions and API tokens.
type UserService struct {
	db    *sqldb.DB
	dummy *dummyParams
	// sessions are the actors of sessions by token hash, kept while the
	// actors' change counter stays the same.
	sessions *sqldb.Cache[string, sessionActor]
}

// NewUserService returns the user service of db.
func NewUserService(db *sqldb.DB) *UserService {
	return &UserService{db: db, dummy: &dummyParams{}, sessions: sqldb.NewCache[string, sessionActor](sessionsCacheSize)}
}

// sessionsCacheSize bounds the sessions kept (a few hundred bytes each).
const sessionsCacheSize = 4096

var _ org.UserService = (*UserService)(nil)

const userCols = `id, username, full_name, email, official_id, active, last_login_at, created_at`

func scanUser(sc sqldb.Scanner) (*org.User, error) {
	u := &org.User{}
	var official sql.NullInt64
	var last sql.NullTime
	if err := sc.Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &official, &u.Active, &last, &u.CreatedAt); err != nil {
		return nil, err
	}
	u.OfficialID = official.Int64
	u.LastLoginAt = sqldb.UTCPtr(last)
	u.CreatedAt = sqldb.UTC(u.CreatedAt)
	return u, nil
}

// userVisible reports whether the actor may manage some grant of u (or the
// whole tree).
func userVisible(actor *congvu.Actor, u *org.User) bool {
	if sqldb.HasRootScope(actor.Scopes(congvu.ActUserManage)) {
		return true
	}
	for _, g := range u.Grants {
		if actor.Can(congvu.ActUserManage, g.UnitPath) {
			return true
		}
	}
	return false
}

// userManaged reports whether every grant of u lies in the actor's scope:
// only then may the actor change the account, or a provincial administrator
// could take over an account with rights elsewhere.
func userManaged(actor *congvu.Actor, u *org.User) bool {
	if sqldb.HasRootScope(actor.Scopes(congvu.ActUserManage)) {
		return true
	}
	for _, g := range u.Grants {
		if !actor.Can(congvu.ActUserManage, g.UnitPath) {
			return false
		}
	}
	return true
}

// getUser loads a user with grants, or ENOTFOUND.
func (s *UserService) getUser(ctx context.Context, q sqldb.Querier, id int64) (*org.User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoUser()
	}
	if err != nil {
		return nil, s.db.Internal("find user", err)
	}
	g, err := s.grantsOf(ctx, q, []int64{id})
	if err != nil {
		return nil, err
	}
	u.Grants = g[id]
	return u, nil
}

// FindUserByID returns a user having a grant in the actor's scope. See
// congvu.UserService.
func (s *UserService) FindUserByID(ctx context.Context, id int64) (*org.User, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActUserManage, "") {
		return nil, errUserForbidden()
	}
	u, err := s.getUser(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !userVisible(actor, u) {
		return nil, errNoUser()
	}
	return u, nil
}

// FindUsers lists users with a grant in the actor's scope, by username. See
// congvu.UserService.
func (s *UserService) FindUsers(ctx context.Context, f org.UserFilter) ([]*org.User, int, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActUserManage, "") {
		return nil, 0, errUserForbidden()
	}
	var a sqldb.Args
	where := []string{"1=1"}
	if scopes := actor.Scopes(congvu.ActUserManage); !sqldb.HasRootScope(scopes) {
		where = append(where, `EXISTS (SELECT 1 FROM user_grants g JOIN units gu ON gu.id = g.unit_id WHERE g.user_id = users.id AND `+
			sqldb.ScopeClause("gu.path", scopes, &a)+`)`)
	}
	if p := vntext.LikePattern(f.Query); p != "" {
		where = append(where, `search_name LIKE `+a.Add(p)+` ESCAPE '\'`)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE `+cond, a...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count users", err)
	}
	limit := congvu.ClampLimit(f.Limit)
	offset := max(f.Offset, 0)
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+userCols+` FROM users WHERE `+cond+
		fmt.Sprintf(` ORDER BY username LIMIT %d OFFSET %d`, limit, offset), a...)
	if err != nil {
		return nil, 0, s.db.Internal("find users", err)
	}
	defer rows.Close()
	var list []*org.User
	var ids []int64
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, s.db.Internal("scan user", err)
		}
		list = append(list, u)
		ids = append(ids, u.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, s.db.Internal("find users", err)
	}
	rows.Close()
	grants, err := s.grantsOf(ctx, s.db.Read, ids)
	if err != nil {
		return nil, 0, err
	}
	for _, u := range list {
		u.Grants = grants[u.ID]
	}
	return list, total, nil
}

var usernameRe = regexp.MustCompile(`^[a-z0-9._-]{3,64}$`)

// normalizeUserInput cleans the text fields of in (not the password).
func normalizeUserInput(in *org.UserInput) {
	in.Username = strings.ToLower(vntext.Normalize(in.Username))
	in.FullName = vntext.Normalize(in.FullName)
	in.Email = strings.ToLower(vntext.Normalize(in.Email))
}

// validateUserFields checks what needs no database.
func validateUserFields(in org.UserInput, creating bool) congvu.Validation {
	v := congvu.Validation{}
	switch {
	case in.Username == "":
		v.Add("username", "Xin nhập tên đăng nhập.")
	case !usernameRe.MatchString(in.Username):
		v.Add("username", "Tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ cái không dấu, chữ số và các dấu . _ -")
	}
	switch {
	case in.FullName == "":
		v.Add("full_name", "Xin nhập họ và tên.")
	case utf8.RuneCountInString(in.FullName) > 120:
		v.Add("full_name", "Họ và tên dài quá 120 ký tự.")
	}
	if in.Email != "" && !congvu.EmailOK(in.Email) {
		v.Add("email", "Địa chỉ email không hợp lệ.")
	}
	if creating || in.Password != "" {
		checkPassword(v, "password", in.Username, in.Password)
	}
	if len(in.Grants) == 0 {
		v.Add("grants", "Cần cấp ít nhất một vai trò cho tài khoản.")
	}
	for _, g := range in.Grants {
		if !g.Role.Valid() {
			v.Add("grants", "Vai trò không hợp lệ.")
		}
		if g.UnitID <= 0 {
			v.Add("grants", "Xin chọn đơn vị cho từng vai trò.")
		}
	}
	return v
}

// resolveGrants checks grants against the database and the actor's scope
// and returns them deduplicated, with unit path and name.
func (s *UserService) resolveGrants(ctx context.Context, tx *sqldb.Tx, actor *congvu.Actor, in org.UserInput, v congvu.Validation) ([]congvu.Grant, error) {
	seen := map[congvu.Grant]bool{}
	var out []congvu.Grant
	for _, g := range in.Grants {
		key := congvu.Grant{Role: g.Role, UnitID: g.UnitID}
		if seen[key] {
			continue
		}
		seen[key] = true
		var active bool
		err := tx.QueryRowContext(ctx, `SELECT path, name, active FROM units WHERE id = $1`, g.UnitID).Scan(&key.UnitPath, &key.UnitName, &active)
		if errors.Is(err, sql.ErrNoRows) {
			v.Add("grants", "Đơn vị được cấp quyền không tồn tại.")
			continue
		}
		if err != nil {
			return nil, s.db.Internal("resolve grant", err)
		}
		if !actor.Can(congvu.ActUserManage, key.UnitPath) {
			return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền cấp vai trò tại đơn vị %s.", key.UnitName)
		}
		if !active {
			v.Add("grants", fmt.Sprintf("Đơn vị %s đã ngừng hoạt động.", key.UnitName))
		}
		out = append(out, key)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].UnitPath != out[j].UnitPath {
			return out[i].UnitPath < out[j].UnitPath
		}
		return out[i].Role < out[j].Role
	})
	return out, nil
}

// checkOfficialLink validates in.OfficialID for user id (0 when creating).
func (s *UserService) checkOfficialLink(ctx context.Context, tx *sqldb.Tx, actor *congvu.Actor, in org.UserInput, userID int64, grants []congvu.Grant, v congvu.Validation) error {
	if in.OfficialID == 0 {
		for _, g := range grants {
			if g.Role == congvu.RoleOfficial {
				v.Add("official_id", "Tài khoản có vai trò cán bộ cần gắn với hồ sơ cán bộ.")
			}
		}
		return nil
	}
	var path string
	err := tx.QueryRowContext(ctx, `SELECT u.path FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.id = $1`, in.OfficialID).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !actor.Can(congvu.ActUserManage, path)) {
		v.Add("official_id", "Không tìm thấy hồ sơ cán bộ.")
		return nil
	}
	if err != nil {
		return s.db.Internal("check official", err)
	}
	var other int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE official_id = $1 AND id <> $2`, in.OfficialID, userID).Scan(&other); err != nil {
		return s.db.Internal("check official", err)
	}
	if other > 0 {
		return &congvu.Error{Code: congvu.ECONFLICT, Message: "Hồ sơ cán bộ này đã gắn với tài khoản khác.",
			Fields: map[string]string{"official_id": "Hồ sơ cán bộ này đã gắn với tài khoản khác."}}
	}
	return nil
}

func errUsernameTaken() error {
	msg := "Tên đăng nhập đã được sử dụng."
	return &congvu.Error{Code: congvu.ECONFLICT, Message: msg, Fields: map[string]string{"username": msg}}
}

// writeGrants replaces the grants of a user.
func (s *UserService) writeGrants(ctx context.Context, tx *sqldb.Tx, userID int64, grants []congvu.Grant) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_grants WHERE user_id = $1`, userID); err != nil {
		return s.db.Internal("replace grants", err)
	}
	for _, g := range grants {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_grants (user_id, role, unit_id) VALUES ($1, $2, $3)`, userID, string(g.Role), g.UnitID); err != nil {
			return s.db.Internal("insert grant", err)
		}
	}
	return nil
}

// auditUnit is the unit a user event is filed under: the topmost grant.
func auditUnit(u *org.User) int64 {
	if len(u.Grants) == 0 {
		return 0
	}
	return u.Grants[0].UnitID
}

// userAfter is the audit form of a user after a change.
type userAfter struct {
	*org.User
	PasswordChanged bool `json:"password_changed,omitempty"`
}

// CreateUser creates an account. See congvu.UserService.
func (s *UserService) CreateUser(ctx context.Context, in org.UserInput) (*org.User, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActUserManage, "") {
		return nil, errUserForbidden()
	}
	normalizeUserInput(&in)
	v := validateUserFields(in, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	hash, err := hashPassword(ctx, in.Password) // before the transaction: it takes a while
	if err != nil {
		return nil, err
	}
	var out *org.User
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		grants, err := s.resolveGrants(ctx, tx, actor, in, v)
		if err != nil {
			return err
		}
		if err := s.checkOfficialLink(ctx, tx, actor, in, 0, grants, v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE username = $1`, in.Username).Scan(&n); err != nil {
			return s.db.Internal("create user", err)
		}
		if n > 0 {
			return errUsernameTaken()
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO users (username, full_name, search_name, email, password_hash, official_id, active, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			in.Username, in.FullName, vntext.SearchKey(in.FullName, in.Username, in.Email), in.Email, hash, sqldb.NullID(in.OfficialID), in.Active, tx.Now).Scan(&id)
		if sqldb.IsUniqueViolation(err) {
			return errUsernameTaken()
		}
		if err != nil {
			return s.db.Internal("create user", err)
		}
		if err := s.writeGrants(ctx, tx, id, grants); err != nil {
			return err
		}
		if err := syncLink(tx, id, 0, in.OfficialID); err != nil {
			return s.db.Internal("link official", err)
		}
		if out, err = s.getUser(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit("user.create", "user", id, auditUnit(out), nil, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateUser replaces the editable fields and the grants of an account. The
// actor must manage every grant the account holds before and after. See
// congvu.UserService.
func (s *UserService) UpdateUser(ctx context.Context, id int64, in org.UserInput) (*org.User, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActUserManage, "") {
		return nil, errUserForbidden()
	}
	if err := org.CheckPasswordReset(actor, id, in.Password); err != nil {
		return nil, err
	}
	normalizeUserInput(&in)
	v := validateUserFields(in, false)
	if id == actor.UserID && !in.Active {
		v.Add("active", "Bạn không thể tự khóa tài khoản của chính mình.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var hash, userKey string
	if in.Password != "" {
		var err error
		if hash, err = hashPassword(ctx, in.Password); err != nil {
			return nil, err
		}
		// The key of the name's back-off, read before the transaction
		// (the first reading writes the setting).
		if userKey, _, err = s.loginKeys(ctx, in.Username); err != nil {
			return nil, err
		}
	}
	var out *org.User
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		old, err := s.getUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if !userVisible(actor, old) {
			return errNoUser()
		}
		if !userManaged(actor, old) {
			return congvu.Errorf(congvu.EFORBIDDEN, "Tài khoản này có vai trò ngoài phạm vi quản lý của bạn.")
		}
		grants, err := s.resolveGrants(ctx, tx, actor, in, v)
		if err != nil {
			return err
		}
		if err := org.CheckLinkChange(actor, id, old.OfficialID, in.OfficialID); err != nil {
			return err
		}
		if err := s.checkOfficialLink(ctx, tx, actor, in, id, grants, v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if in.Username != old.Username {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE username = $1 AND id <> $2`, in.Username, id).Scan(&n); err != nil {
				return s.db.Internal("update user", err)
			}
			if n > 0 {
				return errUsernameTaken()
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET username = $2, full_name = $3, search_name = $4, email = $5, official_id = $6, active = $7, updated_at = $8 WHERE id = $1`,
			id, in.Username, in.FullName, vntext.SearchKey(in.FullName, in.Username, in.Email), in.Email, sqldb.NullID(in.OfficialID), in.Active, tx.Now)
		if sqldb.IsUniqueViolation(err) {
			return errUsernameTaken()
		}
		if err != nil {
			return s.db.Internal("update user", err)
		}
		if hash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, id, hash); err != nil {
				return s.db.Internal("set password", err)
			}
			// A reset password starts without the name's back-off.
			if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE user_key = $1`, userKey); err != nil {
				return s.db.Internal("set password", err)
			}
		}
		if err := s.writeGrants(ctx, tx, id, grants); err != nil {
			return err
		}
		if err := syncLink(tx, id, old.OfficialID, in.OfficialID); err != nil {
			return s.db.Internal("link official", err)
		}
		if !in.Active || hash != "" {
			// A deactivated account, or one whose password an administrator
			// reset, is signed out everywhere.
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
				return s.db.Internal("end sessions", err)
			}
		}
		if out, err = s.getUser(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit("user.update", "user", id, auditUnit(out), old, userAfter{User: out, PasswordChanged: hash != ""})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
