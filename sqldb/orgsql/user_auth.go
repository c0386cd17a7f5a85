package orgsql

import (
	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
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

// secretHash is what is stored for a session token or API token secret.
func secretHash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// API token secrets start with this prefix, so they are easy to recognise
// (and to find when leaked).
const apiTokenPrefix = "cv_"

func errSessionGone() error {
	return congvu.Errorf(congvu.EUNAUTH, "Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Xin đăng nhập lại.")
}

func errNoUser() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy tài khoản.") }

func errUserForbidden() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền quản lý tài khoản trong phạm vi này.")
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

// sessionActor is a kept session: its actor and when it expires.
type sessionActor struct {
	actor   congvu.Actor
	expires time.Time
}

// ActorBySession resolves a session token. See congvu.UserService. A
// session's actor is read once per state of the sessions, users, grants
// and units (their change counter: a logout, a revoked grant, a
// deactivated account or a renamed unit raises it), then copied from
// memory: one small query per request instead of three.
func (s *UserService) ActorBySession(ctx context.Context, token string) (*congvu.Actor, error) {
	if token == "" {
		return nil, errSessionGone()
	}
	h := secretHash(token)
	n, err := s.db.ChangeCounter(ctx, sqldb.ChangeActors)
	if err != nil {
		return nil, err
	}
	if e, ok := s.sessions.Get(n, h); ok && e.expires.After(s.db.Now().UTC()) {
		a := e.actor
		a.Grants = slices.Clone(a.Grants)
		return &a, nil
	}
	var uid int64
	var exp time.Time
	err = s.db.Read.QueryRowContext(ctx, `SELECT user_id, expires_at FROM sessions WHERE token_hash = $1`, h).Scan(&uid, &exp)
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
	a, err := s.loadActor(ctx, s.db.Read, uid)
	if err != nil {
		return nil, err
	}
	e := sessionActor{actor: *a, expires: sqldb.UTC(exp)}
	e.actor.Grants = slices.Clone(a.Grants)
	s.sessions.Put(n, h, e)
	return a, nil
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
