package congvu

import (
	"context"
	"strings"
	"time"
)

// Role is what a user may do, always within a unit subtree.
type Role string

// The roles. Each grant scopes one role to a unit and everything below it.
const (
	RoleAdmin      Role = "admin"      // system administrator of a subtree
	RoleSupervisor Role = "supervisor" // home-affairs staff supervising a subtree
	RoleUnitHead   Role = "unit_head"  // head of a unit
	RoleInspector  Role = "inspector"  // inspector of a subtree
	RoleOfficial   Role = "official"   // an official: sees only their own records
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleSupervisor, RoleUnitHead, RoleInspector, RoleOfficial}

// Label is the Vietnamese name of the role.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Quản trị hệ thống"
	case RoleSupervisor:
		return "Cán bộ nội vụ (giám sát)"
	case RoleUnitHead:
		return "Thủ trưởng đơn vị"
	case RoleInspector:
		return "Thanh tra, kiểm tra công vụ"
	case RoleOfficial:
		return "Cán bộ, công chức, viên chức"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Grant is one role over one unit subtree.
type Grant struct {
	Role     Role   `json:"role"`
	UnitID   int64  `json:"unit_id"`
	UnitPath string `json:"-"`
	UnitName string `json:"unit_name"`
}

// Actor is who is acting: a signed-in user (or API token), or nobody for
// public requests. Services read it from the context.
type Actor struct {
	UserID     int64
	Username   string
	FullName   string
	OfficialID int64 // the official record of this user, 0 if none
	Grants     []Grant
	TokenID    int64 // the API token used, 0 for a browser session
}

// Action is something an actor may be allowed to do on a unit subtree.
type Action string

// The actions the policy knows.
const (
	ActUnitView        Action = "unit.view"         // see units and their structure
	ActUnitManage      Action = "unit.manage"       // create, edit, import, restructure units
	ActOfficialView    Action = "official.view"     // see official records of a unit
	ActOfficialManage  Action = "official.manage"   // create, edit, deactivate, import officials
	ActUserManage      Action = "user.manage"       // manage accounts and their grants
	ActAuditView       Action = "audit.view"        // read the audit log
	ActStandardManage  Action = "standard.manage"   // add local standard items for a unit
	ActCatalogPublish  Action = "catalog.publish"   // publish national catalog versions
	ActOfficialViewOwn Action = "official.view_own" // an official's own record
	ActFeedbackReview  Action = "feedback.review"   // review flagged or rejected ratings, see raters' contacts
	ActPetitionView    Action = "petition.view"     // see petitions about or handled in a subtree
	ActPetitionHandle  Action = "petition.handle"   // take workflow steps, reply, read the reporter's identity
	ActPetitionRules   Action = "petition.rules"    // edit the dated deadline rules
)

// policy lists which roles may perform each action within their subtree.
var policy = map[Action][]Role{
	ActUnitView:       {RoleAdmin, RoleSupervisor, RoleUnitHead, RoleInspector},
	ActUnitManage:     {RoleAdmin},
	ActOfficialView:   {RoleAdmin, RoleSupervisor, RoleUnitHead, RoleInspector},
	ActOfficialManage: {RoleAdmin, RoleSupervisor, RoleUnitHead},
	ActUserManage:     {RoleAdmin},
	ActAuditView:      {RoleAdmin, RoleSupervisor},
	ActStandardManage: {RoleAdmin, RoleSupervisor, RoleUnitHead},
	ActCatalogPublish: {RoleAdmin},
	ActFeedbackReview: {RoleAdmin, RoleSupervisor},
	ActPetitionView:   {RoleAdmin, RoleSupervisor, RoleUnitHead, RoleInspector},
	ActPetitionHandle: {RoleSupervisor, RoleUnitHead, RoleInspector},
	ActPetitionRules:  {RoleAdmin},
}

// IsAnonymous reports whether nobody is signed in.
func (a *Actor) IsAnonymous() bool { return a == nil || a.UserID == 0 }

// HasRole reports whether the actor holds role anywhere.
func (a *Actor) HasRole(r Role) bool {
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

// Can reports whether the actor may perform act on the unit with the given
// materialized path (see Unit.Path). An empty path means "somewhere": the
// actor holds a role allowed to act anywhere.
func (a *Actor) Can(act Action, unitPath string) bool {
	if a.IsAnonymous() {
		return false
	}
	for _, g := range a.Grants {
		if !roleIn(g.Role, policy[act]) {
			continue
		}
		if unitPath == "" || strings.HasPrefix(unitPath, g.UnitPath) {
			return true
		}
	}
	return false
}

// Scopes returns the unit paths under which the actor may perform act; list
// queries are restricted to these subtrees. Nil means nowhere.
func (a *Actor) Scopes(act Action) []string {
	if a.IsAnonymous() {
		return nil
	}
	var out []string
	for _, g := range a.Grants {
		if roleIn(g.Role, policy[act]) {
			out = append(out, g.UnitPath)
		}
	}
	return reduceScopes(out)
}

// reduceScopes drops paths that lie inside another path of the list.
func reduceScopes(paths []string) []string {
	var out []string
	for i, p := range paths {
		inside := false
		for j, q := range paths {
			if i != j && strings.HasPrefix(p, q) && (p != q || j < i) {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, p)
		}
	}
	return out
}

func roleIn(r Role, rs []Role) bool {
	for _, x := range rs {
		if r == x {
			return true
		}
	}
	return false
}

type actorKey struct{}

// NewContextWithActor returns ctx carrying the actor.
func NewContextWithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the actor of ctx, or nil for a public request.
func ActorFromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// RequestMeta is what the web layer knows about the request, for the audit
// log and rate limits.
type RequestMeta struct {
	IP        string
	UserAgent string
}

type metaKey struct{}

// NewContextWithMeta returns ctx carrying the request metadata.
func NewContextWithMeta(ctx context.Context, m RequestMeta) context.Context {
	return context.WithValue(ctx, metaKey{}, m)
}

// MetaFromContext returns the request metadata of ctx.
func MetaFromContext(ctx context.Context) RequestMeta {
	m, _ := ctx.Value(metaKey{}).(RequestMeta)
	return m
}

// User is an account that can sign in.
type User struct {
	ID           int64      `json:"id"`
	Username     string     `json:"username"`
	FullName     string     `json:"full_name"`
	Email        string     `json:"email,omitempty"`
	OfficialID   int64      `json:"official_id,omitempty"`
	Active       bool       `json:"active"`
	Grants       []Grant    `json:"grants"`
	FailedLogins int        `json:"-"`
	LockedUntil  *time.Time `json:"-"`
	LastLoginAt  *time.Time `json:"last_login_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
}

// UserInput creates a user or replaces its editable fields.
type UserInput struct {
	Username   string
	FullName   string
	Email      string
	Password   string // required on create; empty on update keeps the password
	OfficialID int64
	Active     bool
	Grants     []Grant
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

// Login limits, shared by the service and its tests.
const (
	MaxFailedLogins = 5                // failures before the account locks
	LockoutDuration = 15 * time.Minute // how long it stays locked
	SessionLifetime = 12 * time.Hour
	MinPasswordLen  = 10
)

// UserService manages accounts, sessions and API tokens.
type UserService interface {
	// Authenticate checks a username and password and opens a session.
	// EUNAUTH for a wrong pair, ELIMIT while the account is locked.
	Authenticate(ctx context.Context, username, password string) (*Session, error)
	// ActorBySession resolves a session token; EUNAUTH if absent or expired.
	ActorBySession(ctx context.Context, token string) (*Actor, error)
	// ActorByAPIToken resolves a bearer token; EUNAUTH if unknown or revoked.
	ActorByAPIToken(ctx context.Context, secret string) (*Actor, error)
	// Logout ends the session.
	Logout(ctx context.Context, token string) error
	// ChangePassword changes the actor's own password. EINVALID, EUNAUTH.
	ChangePassword(ctx context.Context, oldPassword, newPassword string) error
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

// SystemActor is the operator at the command line (migrate, import, demo,
// user): an administrator of the whole tree, recorded in the audit log as
// "system" with the given name.
func SystemActor(name string) *Actor {
	return &Actor{UserID: -1, Username: "system", FullName: name,
		Grants: []Grant{{Role: RoleAdmin, UnitID: 1, UnitPath: RootUnitPath, UnitName: "Cả nước"}}}
}

// IsSystem reports whether a is the command-line operator.
func (a *Actor) IsSystem() bool { return a != nil && a.UserID < 0 }
