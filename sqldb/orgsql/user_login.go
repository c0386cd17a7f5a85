package orgsql

import (
	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// loginRing is the ring of day keys of the login pseudonyms: a key per day,
// deleted after sqldb.DayKeyRetention, so that an address or a typed name
// kept in login_failures cannot be recovered once its day's key is gone.
// The back-off of a pair starts afresh at midnight (Vietnam time), a small
// gift to a guesser beside the five tries a pair has anyway.
const loginRing = "org.login"

func errBadLogin() error {
	return congvu.Errorf(congvu.EUNAUTH, "Tên đăng nhập hoặc mật khẩu không đúng.")
}

// loginKeys returns the pseudonyms under which the back-off counts the
// failures of an account name (known or not) and of the client's network
// (congvu.ClientNet: an IPv4 address, an IPv6 /64):
// the table keeps neither a name someone typed (often a password typed in
// the wrong box) nor an address.
func (s *UserService) loginKeys(ctx context.Context, username string) (userKey, addrKey string, err error) {
	now := s.db.Now()
	ip := congvu.MetaFromContext(ctx).IP
	if ip == "" {
		ip = "unknown"
	}
	if userKey, err = s.db.DayPseudonym(ctx, loginRing, "login-user", username, now); err != nil {
		return "", "", err
	}
	if addrKey, err = s.db.DayPseudonym(ctx, loginRing, "login-ip", congvu.ClientNet(ip), now); err != nil {
		return "", "", err
	}
	return userKey, addrKey, nil
}

// PruneLoginFailures deletes the back-off rows whose last failure is before
// before (their day's key is gone or going: they can no longer match), and
// returns how many it deleted. The server runs it with its other forgetting.
func PruneLoginFailures(ctx context.Context, db *sqldb.DB, before time.Time) (int64, error) {
	res, err := db.Write.ExecContext(ctx, `DELETE FROM login_failures WHERE last_at < $1`, before.UTC())
	if err != nil {
		return 0, db.Internal("prune login failures", err)
	}
	return res.RowsAffected()
}

// auditContext returns ctx with the client address replaced by its
// pseudonym of the day, for the audit rows of sign-ins: they are kept for
// years, and a failed sign-in's address is no more the audit's to keep in
// clear than the back-off's. Rows of one day still match one another.
func (s *UserService) auditContext(ctx context.Context) (context.Context, error) {
	meta := congvu.MetaFromContext(ctx)
	if meta.IP == "" {
		return ctx, nil
	}
	p, err := s.db.DayPseudonym(ctx, loginRing, "audit-ip", meta.IP, s.db.Now())
	if err != nil {
		return nil, err
	}
	meta.IP = "~" + p
	return congvu.NewContextWithMeta(ctx, meta), nil
}

// loginTry is a try of a pair, counted before its password is hashed.
type loginTry struct {
	userKey, addrKey string
	// pairFailures and accountFailures count this try as a failure.
	pairFailures, accountFailures int
	// prior is the pair's wait before this try; wait the one this try set
	// (as if it fails).
	prior, wait sql.NullTime
	delay       time.Duration
}

// reserveTry counts a try of the pair as a failure before its password is
// hashed, and refuses it (org.ErrLoginWait, nothing counted) if the pair
// must still wait. Counting and deciding are one transaction that holds the
// pair's row, so of parallel tries from one pair no more pass than the
// back-off allows: each sees the ones before it counted, and the wait they
// set. A success gives the try back (forgive); so does a try that could
// not be checked (release).
func (s *UserService) reserveTry(ctx context.Context, userKey, addrKey string) (*loginTry, error) {
	try := &loginTry{userKey: userKey, addrKey: addrKey}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO login_failures (user_key, addr_key, failures, first_at, last_at) VALUES ($1, $2, 1, $3, $3)
			ON CONFLICT (user_key, addr_key) DO UPDATE SET
				failures = CASE WHEN login_failures.last_at > $4 THEN login_failures.failures + 1 ELSE 1 END,
				first_at = CASE WHEN login_failures.last_at > $4 THEN login_failures.first_at ELSE $3 END,
				last_at = $3
			RETURNING failures, blocked_until`, userKey, addrKey, tx.Now, tx.Now.Add(-org.LoginFailureMemory)).Scan(&try.pairFailures, &try.prior)
		if err != nil {
			return s.db.Internal("count login try", err)
		}
		if try.prior.Valid && sqldb.UTC(try.prior.Time).After(tx.Now) {
			var account int
			err := tx.QueryRowContext(ctx, `SELECT failures FROM login_failures WHERE user_key = $1 AND addr_key = '' AND first_at > $2`,
				userKey, tx.Now.Add(-org.LoginAccountWindow)).Scan(&account)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return s.db.Internal("count login try", err)
			}
			// Rolls the count back.
			return org.ErrLoginWait(sqldb.UTC(try.prior.Time).Sub(tx.Now), account >= org.LoginAccountFailures)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO login_failures (user_key, addr_key, failures, first_at, last_at) VALUES ($1, '', 1, $2, $2)
			ON CONFLICT (user_key, addr_key) DO UPDATE SET
				failures = CASE WHEN login_failures.first_at > $3 THEN login_failures.failures + 1 ELSE 1 END,
				first_at = CASE WHEN login_failures.first_at > $3 THEN login_failures.first_at ELSE $2 END,
				last_at = $2
			RETURNING failures`, userKey, tx.Now, tx.Now.Add(-org.LoginAccountWindow)).Scan(&try.accountFailures)
		if err != nil {
			return s.db.Internal("count login try", err)
		}
		try.delay = org.LoginDelay(try.pairFailures, try.accountFailures >= org.LoginAccountFailures)
		if try.delay > 0 {
			try.wait = sql.NullTime{Time: tx.Now.Add(try.delay), Valid: true}
			if _, err := tx.ExecContext(ctx, `UPDATE login_failures SET blocked_until = $3 WHERE user_key = $1 AND addr_key = $2`,
				userKey, addrKey, try.wait.Time); err != nil {
				return s.db.Internal("count login try", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return try, nil
}

// release gives back a try whose password could not be checked (the hash
// queue was full, the client left): it was no failure.
func (s *UserService) release(try *loginTry) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// The wait goes back to what it was unless a later try set another.
		if _, err := tx.ExecContext(ctx, `UPDATE login_failures SET failures = failures - 1,
				blocked_until = CASE WHEN blocked_until = $3 THEN $4 ELSE blocked_until END
			WHERE user_key = $1 AND addr_key = $2 AND failures > 0`, try.userKey, try.addrKey, try.wait, try.prior); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE login_failures SET failures = failures - 1 WHERE user_key = $1 AND addr_key = '' AND failures > 0`, try.userKey)
		return err
	})
	if err != nil {
		// The try stays counted: the pair may wait a little longer.
		s.db.Log.Error("release login try", "engine", s.db.Engine, "err", err)
	}
}

// afterHashTimeout bounds the writes that follow a sign-in's hash. They run
// even if the client has left meanwhile: the try is counted already, and a
// failure counted must be audited (a success forgiven).
const afterHashTimeout = 5 * time.Second

// Authenticate checks a username and password and opens a session. See
// congvu.UserService. An unknown name and a wrong password take the same
// steps (a hash against a dummy, the same counting and audit) and get the
// same answer; a pair of name and address that must wait gets ELIMIT with
// the wait (org.RetryAfter), whether the name exists or not.
func (s *UserService) Authenticate(ctx context.Context, username, password string) (*org.Session, error) {
	username = strings.ToLower(vntext.Normalize(username))
	userKey, addrKey, err := s.loginKeys(ctx, username)
	if err != nil {
		return nil, err
	}
	try, err := s.reserveTry(ctx, userKey, addrKey)
	if err != nil {
		return nil, err
	}
	actx, err := s.auditContext(ctx)
	if err != nil {
		s.release(try)
		return nil, err
	}
	var (
		id             int64
		fullName, hash string
		active         bool
	)
	err = s.db.Read.QueryRowContext(ctx, `SELECT id, full_name, password_hash, active FROM users WHERE username = $1`, username).
		Scan(&id, &fullName, &hash, &active)
	known := err == nil
	if errors.Is(err, sql.ErrNoRows) {
		hash, err = s.dummyHash(ctx, username)
	} else if err != nil {
		err = s.db.Internal("authenticate", err)
	}
	ok := false
	if err == nil {
		ok, err = verifyPassword(ctx, hash, password)
	}
	if err != nil {
		s.release(try)
		return nil, err
	}
	// From here on the client's leaving cancels nothing (afterHashTimeout).
	wctx, cancel := context.WithTimeout(context.WithoutCancel(actx), afterHashTimeout)
	defer cancel()
	if !known || !ok {
		if err := s.loginFailed(wctx, try, known, id, username, fullName); err != nil {
			return nil, err
		}
		return nil, errBadLogin()
	}
	who := &congvu.Actor{UserID: id, Username: username, FullName: fullName}
	if !active {
		err := s.db.InTx(wctx, func(tx *sqldb.Tx) error {
			tx.Actor = who
			if err := forgive(wctx, tx, try); err != nil {
				return s.db.Internal("login", err)
			}
			return tx.Audit("user.login_failed", "user", id, 0, nil, map[string]any{"reason": "inactive"})
		})
		if err != nil {
			return nil, err
		}
		return nil, congvu.Errorf(congvu.EUNAUTH, "Tài khoản đã ngừng hoạt động. Xin liên hệ quản trị hệ thống.")
	}
	var rehash string
	if needsRehash(hash) {
		// A hash made with older parameters: replace it now that the
		// password is known. A busy queue or a client gone only postpones
		// this (the sign-in itself goes on, its try to be forgiven).
		if rehash, err = hashPassword(ctx, password); err != nil {
			rehash = ""
		}
	}
	sess := &org.Session{Token: congvu.RandomToken(32), UserID: id}
	ctx = wctx
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		tx.Actor = who
		sess.ExpiresAt = tx.Now.Add(congvu.SessionLifetime)
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = $2 WHERE id = $1`, id, tx.Now); err != nil {
			return s.db.Internal("login", err)
		}
		if rehash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash = $3`, id, rehash, hash); err != nil {
				return s.db.Internal("rehash password", err)
			}
		}
		// The pair's failures are forgiven; old rows of every pair go.
		if err := forgive(ctx, tx, try); err != nil {
			return s.db.Internal("login", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE last_at < $1`, tx.Now.Add(-org.LoginFailureMemory)); err != nil {
			return s.db.Internal("login", err)
		}
		if err := s.startSession(ctx, tx, sess); err != nil {
			return err
		}
		return tx.Audit("user.login", "user", id, 0, nil, map[string]any{"expires_at": sess.ExpiresAt, "rehashed": rehash != ""})
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// startSession stores sess (token, user, expiry) and drops the user's
// expired sessions.
func (s *UserService) startSession(ctx context.Context, tx *sqldb.Tx, sess *org.Session) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2`, sess.UserID, tx.Now); err != nil {
		return s.db.Internal("prune sessions", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		secretHash(sess.Token), sess.UserID, tx.Now, sess.ExpiresAt); err != nil {
		return s.db.Internal("create session", err)
	}
	return nil
}

// forgive ends the back-off of the pair of try, which gave the right
// password, and takes its try out of the account's count.
func forgive(ctx context.Context, tx *sqldb.Tx, try *loginTry) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE user_key = $1 AND addr_key = $2`, try.userKey, try.addrKey); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE login_failures SET failures = failures - 1 WHERE user_key = $1 AND addr_key = '' AND failures > 0`, try.userKey)
	return err
}

// loginFailed audits a wrong password (or an unknown name); reserveTry has
// counted it and set the pair's wait (org.LoginDelay).
func (s *UserService) loginFailed(ctx context.Context, try *loginTry, known bool, id int64, username, fullName string) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		after := map[string]any{"failures": try.pairFailures, "account_failures": try.accountFailures, "wait_seconds": int(try.delay / time.Second)}
		if known {
			tx.Actor = &congvu.Actor{UserID: id, Username: username, FullName: fullName}
			return tx.Audit("user.login_failed", "user", id, 0, nil, after)
		}
		// Not the name typed: often a password typed in the wrong box.
		tx.Actor = &congvu.Actor{Username: "?", FullName: "(tên đăng nhập không tồn tại)"}
		after["reason"] = "unknown_user"
		return tx.Audit("user.login_failed", "user", 0, 0, nil, after)
	})
}

// checkPassword validates a new password for the account username by the
// rule of org.PasswordProblem.
func checkPassword(v congvu.Validation, field, username, pw string) {
	if msg := org.PasswordProblem(username, pw); msg != "" {
		v.Add(field, msg)
	}
}

// ChangePassword changes the actor's own password, ends every session of
// the account and opens a new one for the caller: whoever else was signed
// in (a forgotten computer, a stolen cookie) is out, the caller stays in.
// API tokens are left alone (their owner lists and revokes them). See
// congvu.UserService.
func (s *UserService) ChangePassword(ctx context.Context, oldPassword, newPassword string) (*org.Session, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() || actor.IsSystem() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập để đổi mật khẩu.")
	}
	var hash, username string
	err := s.db.Read.QueryRowContext(ctx, `SELECT password_hash, username FROM users WHERE id = $1`, actor.UserID).Scan(&hash, &username)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errSessionGone()
	}
	if err != nil {
		return nil, s.db.Internal("change password", err)
	}
	ok, err := verifyPassword(ctx, hash, oldPassword)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, congvu.FieldError("old_password", "Mật khẩu hiện tại không đúng.")
	}
	v := congvu.Validation{}
	checkPassword(v, "new_password", username, newPassword)
	if len(v) == 0 && norm.NFC.String(newPassword) == norm.NFC.String(oldPassword) {
		v.Add("new_password", "Mật khẩu mới phải khác mật khẩu hiện tại.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	newHash, err := hashPassword(ctx, newPassword)
	if err != nil {
		return nil, err
	}
	sess := &org.Session{Token: congvu.RandomToken(32), UserID: actor.UserID}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1 AND password_hash = $4`,
			actor.UserID, newHash, tx.Now, hash)
		if err != nil {
			return s.db.Internal("change password", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return congvu.Errorf(congvu.ECONFLICT, "Mật khẩu vừa được đổi ở nơi khác. Xin thử lại.")
		}
		res, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, actor.UserID)
		if err != nil {
			return s.db.Internal("end sessions", err)
		}
		ended, _ := res.RowsAffected()
		sess.ExpiresAt = tx.Now.Add(congvu.SessionLifetime)
		if err := s.startSession(ctx, tx, sess); err != nil {
			return err
		}
		return tx.Audit("user.password_change", "user", actor.UserID, 0, nil, map[string]any{"sessions_ended": ended})
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}
