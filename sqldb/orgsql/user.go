package orgsql

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"congvu"
	"congvu/sqldb"
	"congvu/vntext"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// UserService implements congvu.UserService: accounts with scoped grants,
// password sign-in with lockout, browser sessions and API tokens.
type UserService struct{ db *sqldb.DB }

// NewUserService returns the user service of db.
func NewUserService(db *sqldb.DB) *UserService { return &UserService{db: db} }

var _ congvu.UserService = (*UserService)(nil)

// Password hashing parameters (argon2id). About 80 ms per hash on two cores.
// The parameters are stored in each hash, so they can change later without
// invalidating existing passwords.
const (
	argonTime    = 2
	argonMemory  = 64 * 1024 // KiB
	argonThreads = 2
	argonKeyLen  = 32
	argonSaltLen = 16
	maxPassword  = 256 // runes
)

// argonSlots bounds how many hashes run at once: each needs argonMemory, so
// a burst of sign-ins queues instead of exhausting memory.
var argonSlots = make(chan struct{}, 4)

// argonKey runs argon2id within a slot.
func argonKey(password string, salt []byte, t, m uint32, p uint8, keyLen uint32) []byte {
	argonSlots <- struct{}{}
	defer func() { <-argonSlots }()
	return argon2.IDKey([]byte(norm.NFC.String(password)), salt, t, m, p, keyLen)
}

// hashPassword returns the PHC string of the argon2id hash of password (NFC).
func hashPassword(password string) string {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		panic(err)
	}
	key := argonKey(password, salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		enc.EncodeToString(salt), enc.EncodeToString(key))
}

// verifyPassword reports whether password matches the PHC string encoded,
// comparing in constant time. A malformed hash never matches.
func verifyPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false
	}
	var m, t uint32
	var p uint8
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || n != 3 {
		return false
	}
	if m < 8 || m > 1<<20 || t < 1 || t > 16 || p < 1 {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 64 {
		return false
	}
	got := argonKey(password, salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when the username is unknown, so that a
// wrong username costs as much time as a wrong password.
var dummyHash = sync.OnceValue(func() string { return hashPassword(sqldb.RandomToken(16)) })

// secretHash is what is stored for a session token or API token secret.
func secretHash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// API token secrets start with this prefix, so they are easy to recognise
// (and to find when leaked).
const apiTokenPrefix = "cv_"

func errBadLogin() error {
	return congvu.Errorf(congvu.EUNAUTH, "Tên đăng nhập hoặc mật khẩu không đúng.")
}

func errLocked(until time.Time) error {
	return congvu.Errorf(congvu.ELIMIT, "Tài khoản tạm khóa do nhập sai mật khẩu %d lần liên tiếp. Xin thử lại sau %s.",
		congvu.MaxFailedLogins, until.In(congvu.TimeZone).Format("02/01/2006 15:04"))
}

func errSessionGone() error {
	return congvu.Errorf(congvu.EUNAUTH, "Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Xin đăng nhập lại.")
}

func errNoUser() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy tài khoản.") }

func errUserForbidden() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền quản lý tài khoản trong phạm vi này.")
}

// Authenticate checks a username and password and opens a session. See
// congvu.UserService.
func (s *UserService) Authenticate(ctx context.Context, username, password string) (*congvu.Session, error) {
	username = strings.ToLower(vntext.Normalize(username))
	now := s.db.Now().UTC()
	var (
		id             int64
		fullName, hash string
		active         bool
		locked         sql.NullTime
	)
	err := s.db.Read.QueryRowContext(ctx, `SELECT id, full_name, password_hash, active, locked_until FROM users WHERE username = $1`, username).
		Scan(&id, &fullName, &hash, &active, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		verifyPassword(dummyHash(), password)
		key := username
		if utf8.RuneCountInString(key) > 64 {
			key = string([]rune(key)[:64])
		}
		err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
			tx.Actor = &congvu.Actor{Username: key, FullName: key + " (tài khoản không tồn tại)"}
			return tx.Audit("user.login_failed", "user", 0, 0, nil, map[string]any{"username": key, "reason": "unknown_user"})
		})
		if err != nil {
			return nil, err
		}
		return nil, errBadLogin()
	}
	if err != nil {
		return nil, s.db.Internal("authenticate", err)
	}
	if locked.Valid && sqldb.UTC(locked.Time).After(now) {
		return nil, errLocked(sqldb.UTC(locked.Time))
	}
	who := &congvu.Actor{UserID: id, Username: username, FullName: fullName}
	if !verifyPassword(hash, password) {
		var lockedUntil time.Time
		err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
			tx.Actor = who
			var n int
			if err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins`, id).Scan(&n); err != nil {
				return s.db.Internal("count failed login", err)
			}
			if n < congvu.MaxFailedLogins {
				return tx.Audit("user.login_failed", "user", id, 0, nil, map[string]any{"failed_logins": n})
			}
			lockedUntil = tx.Now.Add(congvu.LockoutDuration)
			if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = $2 WHERE id = $1`, id, lockedUntil); err != nil {
				return s.db.Internal("lock user", err)
			}
			return tx.Audit("user.locked", "user", id, 0, nil, map[string]any{"failed_logins": n, "locked_until": lockedUntil})
		})
		if err != nil {
			return nil, err
		}
		if !lockedUntil.IsZero() {
			return nil, errLocked(lockedUntil)
		}
		return nil, errBadLogin()
	}
	if !active {
		err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
			tx.Actor = who
			return tx.Audit("user.login_failed", "user", id, 0, nil, map[string]any{"reason": "inactive"})
		})
		if err != nil {
			return nil, err
		}
		return nil, congvu.Errorf(congvu.EUNAUTH, "Tài khoản đã ngừng hoạt động. Xin liên hệ quản trị hệ thống.")
	}
	sess := &congvu.Session{Token: sqldb.RandomToken(32), UserID: id}
	var lockedNow time.Time
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		tx.Actor = who
		sess.ExpiresAt = tx.Now.Add(congvu.SessionLifetime)
		// The account may have been locked since it was read above.
		var lu sql.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT locked_until FROM users WHERE id = $1`, id).Scan(&lu); err != nil {
			return s.db.Internal("authenticate", err)
		}
		if lu.Valid && sqldb.UTC(lu.Time).After(tx.Now) {
			lockedNow = sqldb.UTC(lu.Time)
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $2 WHERE id = $1`, id, tx.Now); err != nil {
			return s.db.Internal("login", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2`, id, tx.Now); err != nil {
			return s.db.Internal("prune sessions", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			secretHash(sess.Token), id, tx.Now, sess.ExpiresAt); err != nil {
			return s.db.Internal("create session", err)
		}
		return tx.Audit("user.login", "user", id, 0, nil, map[string]any{"expires_at": sess.ExpiresAt})
	})
	if err != nil {
		return nil, err
	}
	if !lockedNow.IsZero() {
		return nil, errLocked(lockedNow)
	}
	return sess, nil
}

// loadActor builds the actor of an active user, with grants.
func (s *UserService) loadActor(ctx context.Context, q sqldb.Querier, userID int64) (*congvu.Actor, error) {
	a := &congvu.Actor{UserID: userID}
	var official sql.NullInt64
	var active bool
	err := q.QueryRowContext(ctx, `SELECT username, full_name, official_id, active FROM users WHERE id = $1`, userID).
		Scan(&a.Username, &a.FullName, &official, &active)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
		return nil, errSessionGone()
	}
	if err != nil {
		return nil, s.db.Internal("load actor", err)
	}
	a.OfficialID = official.Int64
	grants, err := s.grantsOf(ctx, q, []int64{userID})
	if err != nil {
		return nil, err
	}
	a.Grants = grants[userID]
	return a, nil
}

// grantsOf loads the grants of the given users, with unit path and name.
func (s *UserService) grantsOf(ctx context.Context, q sqldb.Querier, ids []int64) (map[int64][]congvu.Grant, error) {
	out := map[int64][]congvu.Grant{}
	if len(ids) == 0 {
		return out, nil
	}
	var a sqldb.Args
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = a.Add(id)
	}
	rows, err := q.QueryContext(ctx, `SELECT g.user_id, g.role, g.unit_id, u.path, u.name FROM user_grants g JOIN units u ON u.id = g.unit_id
		WHERE g.user_id IN (`+strings.Join(ph, ",")+`) ORDER BY u.path, g.role`, a...)
	if err != nil {
		return nil, s.db.Internal("load grants", err)
	}
	defer rows.Close()
	for rows.Next() {
		var uid int64
		var g congvu.Grant
		if err := rows.Scan(&uid, &g.Role, &g.UnitID, &g.UnitPath, &g.UnitName); err != nil {
			return nil, s.db.Internal("scan grant", err)
		}
		out[uid] = append(out[uid], g)
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.Internal("load grants", err)
	}
	return out, nil
}

// ActorBySession resolves a session token. See congvu.UserService.
func (s *UserService) ActorBySession(ctx context.Context, token string) (*congvu.Actor, error) {
	if token == "" {
		return nil, errSessionGone()
	}
	h := secretHash(token)
	var uid int64
	var exp time.Time
	err := s.db.Read.QueryRowContext(ctx, `SELECT user_id, expires_at FROM sessions WHERE token_hash = $1`, h).Scan(&uid, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errSessionGone()
	}
	if err != nil {
		return nil, s.db.Internal("find session", err)
	}
	if !sqldb.UTC(exp).After(s.db.Now().UTC()) {
		// Housekeeping, not a domain write: no audit event.
		if _, err := s.db.Write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, h); err != nil {
			return nil, s.db.Internal("delete session", err)
		}
		return nil, errSessionGone()
	}
	return s.loadActor(ctx, s.db.Read, uid)
}

// ActorByAPIToken resolves a bearer token. See congvu.UserService.
func (s *UserService) ActorByAPIToken(ctx context.Context, secret string) (*congvu.Actor, error) {
	bad := congvu.Errorf(congvu.EUNAUTH, "Mã truy cập API không hợp lệ hoặc đã bị thu hồi.")
	if !strings.HasPrefix(secret, apiTokenPrefix) {
		return nil, bad
	}
	var id, uid int64
	var last, revoked sql.NullTime
	err := s.db.Read.QueryRowContext(ctx, `SELECT id, user_id, last_used_at, revoked_at FROM api_tokens WHERE token_hash = $1`, secretHash(secret)).
		Scan(&id, &uid, &last, &revoked)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && revoked.Valid) {
		return nil, bad
	}
	if err != nil {
		return nil, s.db.Internal("find api token", err)
	}
	a, err := s.loadActor(ctx, s.db.Read, uid)
	if err != nil {
		if congvu.ErrorCode(err) == congvu.EUNAUTH {
			return nil, bad
		}
		return nil, err
	}
	a.TokenID = id
	now := s.db.Now().UTC()
	if !last.Valid || now.Sub(sqldb.UTC(last.Time)) >= time.Minute {
		// Usage bookkeeping, not a domain write: no audit event.
		if _, err := s.db.Write.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, id, now); err != nil {
			return nil, s.db.Internal("touch api token", err)
		}
	}
	return a, nil
}

// Logout ends the session; an unknown token is not an error.
func (s *UserService) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	h := secretHash(token)
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var uid int64
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id`, h).Scan(&uid)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return s.db.Internal("logout", err)
		}
		if tx.Actor.IsAnonymous() {
			var a congvu.Actor
			a.UserID = uid
			if err := tx.QueryRowContext(ctx, `SELECT username, full_name FROM users WHERE id = $1`, uid).Scan(&a.Username, &a.FullName); err != nil {
				return s.db.Internal("logout", err)
			}
			tx.Actor = &a
		}
		return tx.Audit("user.logout", "user", uid, 0, nil, nil)
	})
}

// checkPassword validates a new password (NFC, rune count).
func checkPassword(v congvu.Validation, field, pw string) {
	n := utf8.RuneCountInString(norm.NFC.String(pw))
	switch {
	case n == 0:
		v.Add(field, "Xin nhập mật khẩu.")
	case n < congvu.MinPasswordLen:
		v.Add(field, fmt.Sprintf("Mật khẩu cần ít nhất %d ký tự.", congvu.MinPasswordLen))
	case n > maxPassword:
		v.Add(field, fmt.Sprintf("Mật khẩu dài quá %d ký tự.", maxPassword))
	}
}

// ChangePassword changes the actor's own password. See congvu.UserService.
func (s *UserService) ChangePassword(ctx context.Context, oldPassword, newPassword string) error {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() || actor.IsSystem() {
		return congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập để đổi mật khẩu.")
	}
	var hash string
	err := s.db.Read.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, actor.UserID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return errSessionGone()
	}
	if err != nil {
		return s.db.Internal("change password", err)
	}
	if !verifyPassword(hash, oldPassword) {
		return congvu.FieldError("old_password", "Mật khẩu hiện tại không đúng.")
	}
	v := congvu.Validation{}
	checkPassword(v, "new_password", newPassword)
	if len(v) == 0 && norm.NFC.String(newPassword) == norm.NFC.String(oldPassword) {
		v.Add("new_password", "Mật khẩu mới phải khác mật khẩu hiện tại.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	newHash := hashPassword(newPassword)
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1 AND password_hash = $4`,
			actor.UserID, newHash, tx.Now, hash)
		if err != nil {
			return s.db.Internal("change password", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return congvu.Errorf(congvu.ECONFLICT, "Mật khẩu vừa được đổi ở nơi khác. Xin thử lại.")
		}
		return tx.Audit("user.password_change", "user", actor.UserID, 0, nil, nil)
	})
}

const userCols = `id, username, full_name, email, official_id, active, failed_logins, locked_until, last_login_at, created_at`

func scanUser(sc sqldb.Scanner) (*congvu.User, error) {
	u := &congvu.User{}
	var official sql.NullInt64
	var locked, last sql.NullTime
	if err := sc.Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &official, &u.Active, &u.FailedLogins, &locked, &last, &u.CreatedAt); err != nil {
		return nil, err
	}
	u.OfficialID = official.Int64
	u.LockedUntil = sqldb.UTCPtr(locked)
	u.LastLoginAt = sqldb.UTCPtr(last)
	u.CreatedAt = sqldb.UTC(u.CreatedAt)
	return u, nil
}

// userVisible reports whether the actor may manage some grant of u (or the
// whole tree).
func userVisible(actor *congvu.Actor, u *congvu.User) bool {
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
func userManaged(actor *congvu.Actor, u *congvu.User) bool {
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
func (s *UserService) getUser(ctx context.Context, q sqldb.Querier, id int64) (*congvu.User, error) {
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
func (s *UserService) FindUserByID(ctx context.Context, id int64) (*congvu.User, error) {
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
func (s *UserService) FindUsers(ctx context.Context, f congvu.UserFilter) ([]*congvu.User, int, error) {
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
	var list []*congvu.User
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
func normalizeUserInput(in *congvu.UserInput) {
	in.Username = strings.ToLower(vntext.Normalize(in.Username))
	in.FullName = vntext.Normalize(in.FullName)
	in.Email = strings.ToLower(vntext.Normalize(in.Email))
}

// validateUserFields checks what needs no database.
func validateUserFields(in congvu.UserInput, creating bool) congvu.Validation {
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
		checkPassword(v, "password", in.Password)
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
func (s *UserService) resolveGrants(ctx context.Context, tx *sqldb.Tx, actor *congvu.Actor, in congvu.UserInput, v congvu.Validation) ([]congvu.Grant, error) {
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
func (s *UserService) checkOfficialLink(ctx context.Context, tx *sqldb.Tx, actor *congvu.Actor, in congvu.UserInput, userID int64, grants []congvu.Grant, v congvu.Validation) error {
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
func auditUnit(u *congvu.User) int64 {
	if len(u.Grants) == 0 {
		return 0
	}
	return u.Grants[0].UnitID
}

// userAfter is the audit form of a user after a change.
type userAfter struct {
	*congvu.User
	PasswordChanged bool `json:"password_changed,omitempty"`
}

// CreateUser creates an account. See congvu.UserService.
func (s *UserService) CreateUser(ctx context.Context, in congvu.UserInput) (*congvu.User, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActUserManage, "") {
		return nil, errUserForbidden()
	}
	normalizeUserInput(&in)
	v := validateUserFields(in, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	hash := hashPassword(in.Password) // before the transaction: it takes a while
	var out *congvu.User
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
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
func (s *UserService) UpdateUser(ctx context.Context, id int64, in congvu.UserInput) (*congvu.User, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActUserManage, "") {
		return nil, errUserForbidden()
	}
	normalizeUserInput(&in)
	v := validateUserFields(in, false)
	if id == actor.UserID && !in.Active {
		v.Add("active", "Bạn không thể tự khóa tài khoản của chính mình.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var hash string
	if in.Password != "" {
		hash = hashPassword(in.Password)
	}
	var out *congvu.User
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
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1`, id, hash); err != nil {
				return s.db.Internal("set password", err)
			}
		}
		if err := s.writeGrants(ctx, tx, id, grants); err != nil {
			return err
		}
		if !in.Active || (hash != "" && id != actor.UserID) {
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

// CreateAPIToken makes a token for the actor's own account; the secret is
// returned only now. See congvu.UserService.
func (s *UserService) CreateAPIToken(ctx context.Context, name string) (*congvu.APIToken, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() || actor.IsSystem() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập để tạo mã truy cập API.")
	}
	name = vntext.Normalize(name)
	switch {
	case name == "":
		return nil, congvu.FieldError("name", "Xin đặt tên cho mã truy cập (ví dụ: tên hệ thống kết nối).")
	case utf8.RuneCountInString(name) > 100:
		return nil, congvu.FieldError("name", "Tên mã truy cập dài quá 100 ký tự.")
	}
	t := &congvu.APIToken{UserID: actor.UserID, Name: name, Secret: apiTokenPrefix + sqldb.RandomToken(32)}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		t.CreatedAt = tx.Now
		err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			actor.UserID, name, secretHash(t.Secret), tx.Now).Scan(&t.ID)
		if err != nil {
			return s.db.Internal("create api token", err)
		}
		return tx.Audit("api_token.create", "api_token", t.ID, 0, nil, map[string]any{"name": name, "user_id": actor.UserID})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// FindAPITokens lists the actor's own tokens, newest first, without secrets.
func (s *UserService) FindAPITokens(ctx context.Context) ([]*congvu.APIToken, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() || actor.IsSystem() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, actor.UserID)
	if err != nil {
		return nil, s.db.Internal("find api tokens", err)
	}
	defer rows.Close()
	var out []*congvu.APIToken
	for rows.Next() {
		t := &congvu.APIToken{}
		var last, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &last, &revoked); err != nil {
			return nil, s.db.Internal("scan api token", err)
		}
		t.CreatedAt = sqldb.UTC(t.CreatedAt)
		t.LastUsedAt, t.RevokedAt = sqldb.UTCPtr(last), sqldb.UTCPtr(revoked)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.Internal("find api tokens", err)
	}
	return out, nil
}

// RevokeAPIToken revokes one of the actor's tokens; revoking twice is not an
// error. ENOTFOUND for another user's token.
func (s *UserService) RevokeAPIToken(ctx context.Context, id int64) error {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() || actor.IsSystem() {
		return congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var name string
		var revoked sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT name, revoked_at FROM api_tokens WHERE id = $1 AND user_id = $2`, id, actor.UserID).Scan(&name, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy mã truy cập.")
		}
		if err != nil {
			return s.db.Internal("revoke api token", err)
		}
		if revoked.Valid {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE id = $1`, id, tx.Now); err != nil {
			return s.db.Internal("revoke api token", err)
		}
		return tx.Audit("api_token.revoke", "api_token", id, 0, nil, map[string]any{"name": name, "user_id": actor.UserID})
	})
}
