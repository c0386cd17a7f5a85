package org

import (
	"congvu"
	"context"
	"time"
)

// User is an account that can sign in.
type User struct {
	ID          int64          `json:"id"`
	Username    string         `json:"username"`
	FullName    string         `json:"full_name"`
	Email       string         `json:"email,omitempty"`
	OfficialID  int64          `json:"official_id,omitempty"`
	Active      bool           `json:"active"`
	Grants      []congvu.Grant `json:"grants"`
	LastLoginAt *time.Time     `json:"last_login_at,omitempty"`
	CreatedAt   time.Time      `json:"created_at"`
}

// UserInput creates a user or replaces its editable fields.
type UserInput struct {
	Username   string
	FullName   string
	Email      string
	Password   string // required on create; empty on update keeps the password
	OfficialID int64
	Active     bool
	Grants     []congvu.Grant
}

// UserFilter selects users.
type UserFilter struct {
	Query  string
	Offset int
	Limit  int
}

// Session is a signed-in browser session. Token is only known at creation.
type Session struct {
	Token     string
	UserID    int64
	ExpiresAt time.Time
}

// APIToken is a bearer token for integrations; Secret is only known at
// creation.
type APIToken struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Secret     string     `json:"secret,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// UserService manages accounts, sessions and API tokens.
type UserService interface {
	// Authenticate checks a username and password and opens a session.
	// EUNAUTH for a wrong pair or an unknown name (the same answer);
	// ELIMIT, with RetryAfter, while this name and client address must
	// wait after failures (see LoginDelay) or when the server is too busy
	// checking passwords.
	Authenticate(ctx context.Context, username, password string) (*Session, error)
	// ActorBySession resolves a session token; EUNAUTH if absent or expired.
	ActorBySession(ctx context.Context, token string) (*congvu.Actor, error)
	// ActorByAPIToken resolves a bearer token; EUNAUTH if unknown or revoked.
	ActorByAPIToken(ctx context.Context, secret string) (*congvu.Actor, error)
	// Logout ends the session.
	Logout(ctx context.Context, token string) error
	// ChangePassword changes the actor's own password (checked by
	// PasswordProblem), ends every session of the account and returns a
	// new one for the caller. EINVALID, EUNAUTH.
	ChangePassword(ctx context.Context, oldPassword, newPassword string) (*Session, error)
	// FindUserByID returns a user. ENOTFOUND, EFORBIDDEN.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUsers lists users whose grants lie in the actor's scope.
	FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error)
	// CreateUser creates an account. EINVALID, ECONFLICT, EFORBIDDEN.
	CreateUser(ctx context.Context, in UserInput) (*User, error)
	// UpdateUser replaces editable fields. EINVALID, ENOTFOUND, EFORBIDDEN.
	UpdateUser(ctx context.Context, id int64, in UserInput) (*User, error)
	// CreateAPIToken makes a token for the actor. EINVALID.
	CreateAPIToken(ctx context.Context, name string) (*APIToken, error)
	// FindAPITokens lists the actor's own tokens.
	FindAPITokens(ctx context.Context) ([]*APIToken, error)
	// RevokeAPIToken revokes one of the actor's tokens. ENOTFOUND.
	RevokeAPIToken(ctx context.Context, id int64) error
}

// CheckLinkChange is the rule on changing which official record the account
// userID is linked to, from oldOfficial to newOfficial: nobody changes the
// link of their own account. The linked record decides which petitions
// concern a person (see petition.Viewer), so unlinking their own account, or
// linking it to a record in another unit, would let them out of that rule;
// another administrator makes the change. EFORBIDDEN.
func CheckLinkChange(actor *congvu.Actor, userID, oldOfficial, newOfficial int64) error {
	if actor != nil && actor.UserID != 0 && actor.UserID == userID && oldOfficial != newOfficial {
		return &congvu.Error{Code: congvu.EFORBIDDEN, Fields: map[string]string{"official_id": msgOwnLink},
			Message: msgOwnLink + " Xin nhờ một người quản trị khác thực hiện việc này."}
	}
	return nil
}

// ChangePasswordPath is the page where a signed-in person changes their own
// password (with the current one; their other sessions end).
const ChangePasswordPath = "/account/password"

// CheckPasswordReset is the rule on setting the password of the account
// userID through account management: an administrator resets other
// people's passwords there, never their own, which would skip the current
// password and leave their other sessions alive; their own goes through
// the change-password page. EINVALID on the field password: the form can
// be sent again without it, its other edits kept.
func CheckPasswordReset(actor *congvu.Actor, userID int64, password string) error {
	if password != "" && actor != nil && actor.UserID != 0 && actor.UserID == userID {
		return congvu.FieldError("password", msgOwnPassword)
	}
	return nil
}

const msgOwnPassword = "Mật khẩu của chính bạn không đặt ở đây: xin dùng trang Đổi mật khẩu (" + ChangePasswordPath +
	"), nơi cần nhập mật khẩu hiện tại."

const msgOwnLink = "Bạn không thể tự thay đổi hồ sơ cán bộ gắn với tài khoản của chính mình."
