package web

import (
	"net/http"
	"strings"

	"congvu"
)

// HandlerFunc handles a request; a returned error is turned into a page by
// the error mapper (see errors.go), so handlers return service errors as
// they are.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Access is what a route requires of the actor: Public, SignedIn,
// SelfAuthenticated, or an action (see Need) that the actor must be allowed
// somewhere in their scope. Services still check the exact unit.
type Access string

// The access levels that are not actions.
const (
	// Public routes are open to everybody, signed in or not.
	Public Access = "public"
	// SignedIn routes need any signed-in user.
	SignedIn Access = "signed_in"
	// SelfAuthenticated routes authenticate requests themselves (the API,
	// with bearer tokens); the web layer loads no session for them and
	// applies no cross-origin check.
	SelfAuthenticated Access = "self_authenticated"
)

// Need returns the access that requires act somewhere in the actor's scope.
func Need(act congvu.Action) Access { return Access("action:" + string(act)) }

// Action returns the action an access requires, or "" for Public, SignedIn
// and SelfAuthenticated.
func (a Access) Action() congvu.Action {
	if s, ok := strings.CutPrefix(string(a), "action:"); ok {
		return congvu.Action(s)
	}
	return ""
}

// Allows reports whether actor passes this access check (the route-level
// check; the services then restrict to the actor's scope).
func (a Access) Allows(actor *congvu.Actor) bool {
	switch a {
	case Public, SelfAuthenticated:
		return true
	case SignedIn:
		return !actor.IsAnonymous()
	}
	if act := a.Action(); act != "" {
		return actor.Can(act, "")
	}
	return false
}

// Route is one entry of the route table.
type Route struct {
	// Method is GET or POST ("" for every method: the API mount).
	Method string
	// Pattern is a ServeMux path pattern such as "/users/{id}".
	Pattern string
	// Access is what the actor needs; checked before the handler runs.
	Access Access
	// Handler serves the route.
	Handler HandlerFunc
	// Upload raises the body limit from MaxFormBytes to MaxUploadBytes.
	Upload bool
	// MaxBody is the route's own body limit in bytes; 0 means the default
	// (MaxUploadBytes when Upload, else MaxFormBytes).
	MaxBody int64
	// Private routes are a citizen's anonymous acts (reporting misconduct,
	// tracking a report, rating): they load no session, even when a staff
	// member's browser sends one, and the request log keeps neither the
	// client address nor a user, so that nothing links the act to a person.
	// Their Access must be Public.
	Private bool
	// Raw routes (static files, metrics, health, API) get no session, no
	// body limit and no HTML error pages.
	Raw bool
}

// BodyLimit is the most a request body of the route may hold.
func (rt Route) BodyLimit() int64 {
	switch {
	case rt.MaxBody > 0:
		return rt.MaxBody
	case rt.Upload:
		return MaxUploadBytes
	}
	return MaxFormBytes
}

// Key is the ServeMux pattern, e.g. "GET /users/{id}".
func (rt Route) Key() string {
	if rt.Method == "" {
		return rt.Pattern
	}
	return rt.Method + " " + rt.Pattern
}

// SamplePath returns Pattern with every wildcard replaced by v (and "{$}"
// removed), for tests that request every route.
func (rt Route) SamplePath(v string) string {
	var b strings.Builder
	p := rt.Pattern
	for {
		i := strings.IndexByte(p, '{')
		if i < 0 {
			b.WriteString(p)
			break
		}
		j := strings.IndexByte(p[i:], '}')
		if j < 0 {
			b.WriteString(p)
			break
		}
		b.WriteString(p[:i])
		if p[i:i+j+1] != "{$}" {
			b.WriteString(v)
		}
		p = p[i+j+1:]
	}
	return b.String()
}

// Routes returns the route table: every route the server answers, except
// the catch-all that renders the 404 page.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }

// routeTable is THE list of routes. Units and officials pages are added by
// their own files (unitRoutes, officialRoutes) when they exist.
func (s *Server) routeTable() []Route {
	rs := []Route{
		// Infrastructure.
		{Method: "GET", Pattern: "/static/{file}", Access: Public, Handler: s.serveStatic, Raw: true},
		{Method: "GET", Pattern: "/healthz", Access: Public, Handler: s.healthz, Raw: true},
		{Method: "GET", Pattern: "/readyz", Access: Public, Handler: s.readyz, Raw: true},
		{Method: "GET", Pattern: "/metrics", Access: Public, Handler: s.serveMetrics, Raw: true},

		// Public pages.
		{Method: "GET", Pattern: "/{$}", Access: Public, Handler: s.home},
		{Method: "GET", Pattern: "/chuan-muc", Access: Public, Handler: s.standardsPublic},
		{Method: "GET", Pattern: "/quyen-rieng-tu", Access: Public, Handler: s.privacyPage},

		// Signing in and the user's own account.
		{Method: "GET", Pattern: "/login", Access: Public, Handler: s.loginForm},
		{Method: "POST", Pattern: "/login", Access: Public, Handler: s.login},
		{Method: "POST", Pattern: "/logout", Access: Public, Handler: s.logout}, // works even after the session expired
		{Method: "GET", Pattern: "/account/password", Access: SignedIn, Handler: s.passwordForm},
		{Method: "POST", Pattern: "/account/password", Access: SignedIn, Handler: s.changePassword},
		{Method: "GET", Pattern: "/account/tokens", Access: SignedIn, Handler: s.tokens},
		{Method: "POST", Pattern: "/account/tokens", Access: SignedIn, Handler: s.createToken},
		{Method: "POST", Pattern: "/account/tokens/{id}/revoke", Access: SignedIn, Handler: s.revokeToken},

		// Local standards of units.
		{Method: "GET", Pattern: "/standards/local", Access: Need(congvu.ActUnitView), Handler: s.localStandards},
		{Method: "GET", Pattern: "/standards/local/new", Access: Need(congvu.ActStandardManage), Handler: s.localStandardForm},
		{Method: "POST", Pattern: "/standards/local/new", Access: Need(congvu.ActStandardManage), Handler: s.createLocalStandard},

		// Audit log.
		{Method: "GET", Pattern: "/audit", Access: Need(congvu.ActAuditView), Handler: s.audit},

		// Accounts.
		{Method: "GET", Pattern: "/users", Access: Need(congvu.ActUserManage), Handler: s.users},
		{Method: "GET", Pattern: "/users/new", Access: Need(congvu.ActUserManage), Handler: s.newUserForm},
		{Method: "POST", Pattern: "/users/new", Access: Need(congvu.ActUserManage), Handler: s.createUser},
		{Method: "GET", Pattern: "/users/{id}", Access: Need(congvu.ActUserManage), Handler: s.editUserForm},
		{Method: "POST", Pattern: "/users/{id}", Access: Need(congvu.ActUserManage), Handler: s.updateUser},

		// Background jobs (only their owner sees them).
		{Method: "GET", Pattern: "/jobs/{id}", Access: SignedIn, Handler: s.job},
	}
	rs = append(rs, s.unitRoutes()...)
	rs = append(rs, s.officialRoutes()...)
	rs = append(rs, s.reviewRoutes()...)
	rs = append(rs, s.dashboardRoutes()...)
	rs = append(rs, s.feedbackSourceRoutes()...)
	rs = append(rs, s.petitionRoutes()...)
	rs = append(rs, s.petitionAdminRoutes()...)
	rs = append(rs, s.calendarRoutes()...)
	rs = append(rs, s.inspectionRoutes()...)
	rs = append(rs, s.inspectionFieldRoutes()...)
	rs = append(rs, s.inspectionActionRoutes()...)
	rs = append(rs, s.inspectionDocRoutes()...)
	rs = append(rs, s.inspectionDashboardRoutes()...)
	rs = append(rs, s.inspectionRuleRoutes()...)
	rs = append(rs, s.commendationRoutes()...)
	rs = append(rs, s.emulationRoutes()...)
	rs = append(rs, s.violationRoutes()...)
	rs = append(rs, s.disciplineRoutes()...)
	rs = append(rs, s.disciplineDocRoutes()...)
	rs = append(rs, s.disciplineRuleRoutes()...)
	rs = append(rs, s.violationDashboardRoutes()...)
	rs = append(rs, s.evaluationRoutes()...)
	rs = append(rs, s.allTrainingRoutes()...)
	for _, pages := range pageSets {
		rs = append(rs, pages(s)...)
	}
	if s.API != nil {
		rs = append(rs, Route{Pattern: "/api/v1/", Access: SelfAuthenticated, Raw: true, Handler: s.serveAPI})
	}
	return rs
}

// A PageSet gives the routes of a package of pages built on this core (the
// citizens' pages in web/citizen register theirs). Its handlers render with
// Server.Render and answer errors like the core's own.
type PageSet func(s *Server) []Route

var pageSets []PageSet

// RegisterPages adds a package's pages to every server; call it from the
// package's init, so that importing the package is enough.
func RegisterPages(p PageSet) { pageSets = append(pageSets, p) }

// hasRoute reports whether the table has "GET path" exactly (for the nav).
func (s *Server) hasRoute(method, pattern string) bool {
	for _, rt := range s.routes {
		if rt.Method == method && rt.Pattern == pattern {
			return true
		}
	}
	return false
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) error {
	// The API sees the client address the web layer trusts (X-Forwarded-For
	// behind a trusted proxy), for its rate limits and the audit log.
	r = r.WithContext(congvu.NewContextWithMeta(r.Context(), congvu.RequestMeta{IP: s.clientIP(r), UserAgent: r.UserAgent()}))
	// The API's own route table says which of its routes are private (a
	// reporter's tracking): the request log then omits address and user.
	if p, ok := s.API.(interface{ Private(*http.Request) bool }); ok && p.Private(r) {
		infoFrom(r.Context()).private = true
	}
	s.API.ServeHTTP(w, r)
	return nil
}
