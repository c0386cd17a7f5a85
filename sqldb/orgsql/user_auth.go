package orgsql

import (
	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// CreateAPIToken makes a token for the actor's own account; the secret is
// returned only now. See congvu.UserService.
func (s *UserService) CreateAPIToken(ctx context.Context, name string) (*org.APIToken, error) {
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
	t := &org.APIToken{UserID: actor.UserID, Name: name, Secret: apiTokenPrefix + congvu.RandomToken(32)}
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
func (s *UserService) FindAPITokens(ctx context.Context) ([]*org.APIToken, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() || actor.IsSystem() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, actor.UserID)
	if err != nil {
		return nil, s.db.Internal("find api tokens", err)
	}
	defer rows.Close()
	var out []*org.APIToken
	for rows.Next() {
		t := &org.APIToken{}
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
var dummyHash = sync.OnceValue(func() string { return hashPassword(congvu.RandomToken(16)) })

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
func (s *UserService) Authenticate(ctx context.Context, username, password string) (*org.Session, error) {
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
	sess := &org.Session{Token: congvu.RandomToken(32), UserID: id}
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
