package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"congvu"
	"congvu/api"
	"congvu/feedback"
	"congvu/org"
	"congvu/petition"
	"congvu/web"
)

// The roles of the authorization table. Every role except the national
// admin is scoped inside province 34, so that province 01 is out of scope.
const (
	anon      = "anonymous"
	provAdmin = "admin@34"
	superv    = "supervisor@34"
	head      = "unit_head@34.SNV"
	inspect   = "inspector@34"
	official  = "official@34.SNV"
)

var tableRoles = []string{anon, provAdmin, superv, head, inspect, official}

// can lists, per route-level requirement, the roles allowed anywhere.
func allowedRoles(roles ...string) map[string]bool {
	m := map[string]bool{}
	for _, r := range roles {
		m[r] = true
	}
	return m
}

var (
	everyone   = allowedRoles(tableRoles...)
	signedIn   = allowedRoles(provAdmin, superv, head, inspect, official)
	viewers    = allowedRoles(provAdmin, superv, head, inspect)
	managers   = allowedRoles(provAdmin, superv, head)
	adminsOnly = allowedRoles(provAdmin)
	auditors   = allowedRoles(provAdmin, superv)
	nobody     = allowedRoles()
	// Inspections: runners start and record (kiểm tra công vụ: heads,
	// home-affairs staff, inspectors), planners plan either kind.
	runners  = allowedRoles(superv, head, inspect)
	planners = allowedRoles(superv, head, inspect)
	// On an inspection and a plan of kind check by province 34 at 34.SNV:
	// the province's staff and inspectors run it, only the supervisor
	// concludes and plans it (a head of 34.SNV is the inspected unit).
	provRunners = allowedRoles(superv, inspect)
	provOwners  = allowedRoles(provAdmin, superv, inspect)
	provPlanner = allowedRoles(superv)
	// fieldRunners may record a check of 34.SNV by province 34 (the unit
	// head of 34.SNV is the inspected side).
	fieldRunners = allowedRoles(superv, inspect)
)

// expectation says who may use a route: in scope (the object lies in
// province 34, in 34.SNV where a unit head is concerned) and out of scope
// (the object lies in province 01). Routes without an {id} use In only.
type expectation struct {
	In, Out map[string]bool
	// object names which fixture id replaces {id}: unit, official, user,
	// token, job, petition ({file} then names its attachment); "" for routes
	// without one.
	object string
}

// authzTable is the expected access of every route. TestAuthorizationTable
// fails for a route missing here, so a new route must declare its access.
var authzTable = map[string]expectation{
	"GET /static/{file}":  {In: everyone},
	"GET /healthz":        {In: everyone},
	"GET /readyz":         {In: everyone},
	"GET /metrics":        {In: nobody}, // only a scraper with the metrics token
	"GET /{$}":            {In: everyone},
	"GET /chuan-muc":      {In: everyone},
	"GET /quyen-rieng-tu": {In: everyone},
	// The public transparency page: aggregates only, the same for everyone.
	"GET /cong-khai":        {In: everyone},
	"GET /cong-khai/{code}": {In: everyone},
	"GET /login":            {In: everyone},
	"POST /login":           {In: everyone},
	"POST /logout":          {In: everyone},
	"/api/v1/":              {In: everyone}, // the API authenticates itself; see package api

	"GET /account/password":                      {In: signedIn},
	"POST /account/password":                     {In: signedIn},
	"GET /account/tokens":                        {In: signedIn},
	"POST /account/tokens":                       {In: signedIn},
	"POST /account/tokens/{id}/revoke":           {In: signedIn, Out: nobody, object: "token"},
	"GET /jobs/{id}":                             {In: nobody, Out: nobody, object: "job"}, // no job exists; owners only
	"GET /standards/local":                       {In: viewers},
	"GET /standards/local/new":                   {In: managers},
	"POST /standards/local/new":                  {In: managers},
	"GET /audit":                                 {In: auditors},
	"GET /feedback/review":                       {In: auditors},
	"POST /feedback/{id}/review":                 {In: auditors, Out: nobody, object: "feedback"},
	"GET /users":                                 {In: adminsOnly},
	"GET /users/new":                             {In: adminsOnly},
	"POST /users/new":                            {In: adminsOnly},
	"GET /users/{id}":                            {In: adminsOnly, Out: nobody, object: "user"},
	"POST /users/{id}":                           {In: adminsOnly, Out: nobody, object: "user"},
	"GET /units":                                 {In: viewers},
	"GET /units/new":                             {In: adminsOnly},
	"POST /units/new":                            {In: adminsOnly},
	"GET /units/import":                          {In: adminsOnly},
	"POST /units/import":                         {In: nobody}, // the national file: national admins only, none in this table
	"GET /units/restructure":                     {In: adminsOnly},
	"POST /units/restructure/merge":              {In: adminsOnly},
	"POST /units/restructure/split":              {In: adminsOnly},
	"POST /units/restructure/plan":               {In: adminsOnly},
	"GET /units/{id}":                            {In: viewers, Out: nobody, object: "unit"},
	"GET /units/{id}/edit":                       {In: adminsOnly, Out: nobody, object: "unit"},
	"POST /units/{id}/edit":                      {In: adminsOnly, Out: nobody, object: "unit"},
	"GET /officials":                             {In: viewers},
	"GET /officials/new":                         {In: managers},
	"POST /officials/new":                        {In: managers},
	"GET /officials/import":                      {In: managers},
	"POST /officials/import":                     {In: managers},
	"GET /officials/import/template.csv":         {In: managers},
	"GET /officials/{id}":                        {In: viewers, Out: nobody, object: "official"},
	"GET /officials/{id}/edit":                   {In: managers, Out: nobody, object: "official"},
	"POST /officials/{id}/edit":                  {In: managers, Out: nobody, object: "official"},
	"POST /officials/{id}/badge":                 {In: managers, Out: nobody, object: "official"},
	"POST /officials/{id}/deactivate":            {In: managers, Out: nobody, object: "official"},
	"POST /officials/{id}/activate":              {In: managers, Out: nobody, object: "official"},
	"GET /dashboards":                            {In: signedIn}, // redirects to the actor's own dashboard
	"GET /dashboards/units/{id}":                 {In: viewers, Out: nobody, object: "unit"},
	"GET /dashboards/units/{id}/export.xlsx":     {In: viewers, Out: nobody, object: "unit"},
	"GET /dashboards/units/{id}/export.csv":      {In: viewers, Out: nobody, object: "unit"},
	"GET /dashboards/officials/{id}":             {In: viewers, Out: nobody, object: "official"}, // the official role: only their own
	"GET /dashboards/officials/{id}/export.xlsx": {In: viewers, Out: nobody, object: "official"},
	"GET /dashboards/officials/{id}/export.csv":  {In: viewers, Out: nobody, object: "official"},

	// Citizen feedback: public rating and kiosk pages (a sample token or
	// key finds nothing: a friendly 404, which public pages may answer),
	// and the unit's QR codes, badges, kiosks and apology slips.
	"GET /danh-gia/{token}":               {In: everyone},
	"POST /danh-gia/{token}":              {In: everyone},
	"GET /danh-gia/don-vi/{token}":        {In: everyone},
	"POST /danh-gia/don-vi/{token}":       {In: everyone},
	"GET /danh-gia/ho-so/{token}":         {In: everyone},
	"POST /danh-gia/ho-so/{token}":        {In: everyone},
	"GET /danh-gia/cam-on":                {In: everyone},
	"GET /kiosk/{key}":                    {In: everyone},
	"GET /kiosk/{key}/danh-gia":           {In: everyone},
	"POST /kiosk/{key}/danh-gia":          {In: everyone},
	"GET /kiosk/{key}/cam-on":             {In: everyone},
	"POST /kiosk/{key}/ratings":           {In: everyone},
	"GET /units/{id}/kiosks":              {In: managers, Out: nobody, object: "unit"},
	"POST /units/{id}/kiosks":             {In: managers, Out: nobody, object: "unit"},
	"POST /units/{id}/kiosks/revoke":      {In: managers, Out: nobody, object: "unit"},
	"GET /units/{id}/qr.png":              {In: managers, Out: nobody, object: "unit"},
	"POST /units/{id}/qr/reissue":         {In: managers, Out: nobody, object: "unit"},
	"GET /units/{id}/poster.pdf":          {In: managers, Out: nobody, object: "unit"},
	"GET /units/{id}/badges.pdf":          {In: managers, Out: nobody, object: "unit"},
	"GET /units/{id}/dossiers":            {In: managers, Out: nobody, object: "unit"},
	"POST /units/{id}/dossiers/apology":   {In: managers, Out: nobody, object: "unit"},
	"GET /units/{id}/apology-slips":       {In: viewers, Out: nobody, object: "unit"},
	"GET /units/{id}/apology-slips/print": {In: viewers, Out: nobody, object: "unit"},
	"GET /officials/{id}/qr.png":          {In: managers, Out: nobody, object: "official"},

	// Inspections (an inspection and a plan by province 34 of 34.SNV; the
	// head of 34.SNV is the inspected unit: the issued conclusion only).
	"GET /inspections":                               {In: viewers},
	"GET /inspections/new":                           {In: runners},
	"POST /inspections/new":                          {In: runners},
	"GET /inspections/{id}":                          {In: viewers, Out: nobody, object: "inspection"},
	"GET /inspections/{id}/checklist":                {In: provRunners, Out: nobody, object: "inspection"},
	"POST /inspections/{id}/checklist":               {In: provRunners, Out: nobody, object: "inspection"},
	"POST /inspections/{id}/checklist/from-template": {In: provRunners, Out: nobody, object: "inspection"},
	"GET /inspections/{id}/record":                   {In: provRunners, Out: nobody, object: "inspection"},
	"POST /inspections/{id}/record":                  {In: provRunners, Out: nobody, object: "inspection"},
	"POST /inspections/{id}/conclusion":              {In: provPlanner, Out: nobody, object: "inspection"},
	"GET /inspection-plans/new":                      {In: planners},
	"POST /inspection-plans/new":                     {In: planners},
	"GET /inspection-plans/{id}":                     {In: provOwners, Out: nobody, object: "plan"},
	"GET /inspection-plans/{id}/edit":                {In: provPlanner, Out: nobody, object: "plan"},
	"POST /inspection-plans/{id}/edit":               {In: provPlanner, Out: nobody, object: "plan"},
	"POST /inspection-plans/{id}/approve":            {In: provPlanner, Out: nobody, object: "plan"},
	"POST /inspection-plans/{id}/publish":            {In: provPlanner, Out: nobody, object: "plan"},
	// Field work on a phone: the inspecting side who may run the check.
	"GET /inspections/{id}/field":         {In: fieldRunners, object: "field"},
	"POST /inspections/{id}/field":        {In: fieldRunners, object: "field"},
	"GET /inspections/{id}/field/sw.js":   {In: fieldRunners, object: "field"},
	"POST /inspections/{id}/field/sync":   {In: fieldRunners, object: "field"},
	"POST /inspections/{id}/field/photos": {In: fieldRunners, object: "field"},
	// The documents and photos: drafts and an open record for the
	// inspecting side; the inspected unit (the head of 34.SNV) only once
	// the record is closed or the conclusion issued.
	"GET /inspections/{id}/bien-ban.pdf":     {In: provOwners, Out: nobody, object: "inspection"},
	"GET /inspections/{id}/bien-ban.docx":    {In: provOwners, Out: nobody, object: "inspection"},
	"GET /inspections/{id}/ket-luan.pdf":     {In: provOwners, Out: nobody, object: "inspection"},
	"GET /inspections/{id}/ket-luan.docx":    {In: provOwners, Out: nobody, object: "inspection"},
	"GET /inspections/{id}/photos/{photoID}": {In: provOwners, Out: nobody, object: "photo"},

	// Commendations: a proposal of a Giấy khen for an official of 34.SNV
	// (decided by 34.SNV's head), one of a Bằng khen of province 01.
	"GET /commendations":                   {In: signedIn},
	"GET /commendations/new":               {In: allowedRoles(superv, head)},
	"POST /commendations/new":              {In: allowedRoles(superv, head)},
	"GET /commendations/{id}":              {In: viewers, Out: nobody, object: "commendation"},
	"POST /commendations/{id}/decide":      {In: allowedRoles(head), Out: nobody, object: "commendation"},
	"POST /commendations/{id}/withdraw":    {In: allowedRoles(superv, head), Out: nobody, object: "commendation"},
	"GET /commendations/{id}/docs/{file}":  {In: viewers, Out: nobody, object: "commendation"},
	"GET /incidents":                       {In: signedIn},
	"GET /incidents/new":                   {In: allowedRoles(superv, head, inspect, official)},
	"POST /incidents/new":                  {In: allowedRoles(superv, head, inspect, official)},
	"GET /incidents/{id}":                  {In: allowedRoles(superv, head), Out: nobody, object: "incident"},
	"POST /incidents/{id}/review":          {In: allowedRoles(head), Out: nobody, object: "incident"},
	"POST /incidents/{id}/escalate":        {In: allowedRoles(head), Out: nobody, object: "incident"},
	"POST /incidents/{id}/photos":          {In: allowedRoles(head), Out: nobody, object: "incident"},
	"GET /incidents/{id}/photos/{photoID}": {In: allowedRoles(superv, head), Out: nobody, object: "incident"},
	"GET /settings/commendation-rules":     {In: signedIn},
	"POST /settings/commendation-rules":    {In: nobody},
}

// TestAuthorizationTable requests every route as every role, on an object in
// scope and one out of scope, and checks the answer against authzTable:
// allowed means the request got past authorization (any status but 403,
// 404 and a redirect to the login page; a 400 for the empty form counts as
// allowed), denied means one of those.
func TestAuthorizationTable(t *testing.T) {
	e := newEnv(t)
	// The same server with the real API mounted, as cmd/congvu wires it.
	srv, err := web.New(web.Options{Services: e.svc, API: api.New(e.svc, nil), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.ts.Config.Handler = srv.Handler()
	ctx := sysCtx()
	in, out := e.units["34.SNV"], e.units["01"]
	mkOfficial := func(code string, unit *org.Unit) *org.Official {
		o, err := e.svc.Officials.CreateOfficial(ctx, org.OfficialInput{UnitID: unit.ID, EmployeeCode: code, FullName: "Cán Bộ " + code, Category: org.CategoryCivilServant})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	own := mkOfficial("IN-OWN", in)
	other := mkOfficial("IN-OTHER", in)
	far := mkOfficial("OUT-1", out)
	rate := func(o *org.Official) *feedback.Feedback {
		fb, err := e.svc.Feedback.Submit(ctx, feedback.Input{BadgeToken: o.BadgeToken, Satisfaction: feedback.Satisfied})
		if err != nil {
			t.Fatal(err)
		}
		return fb
	}
	fbIn, fbOut := rate(other), rate(far)
	// A petition about an official of 34.SNV (handled by province 34) and
	// one in province 01, each with an attachment for the file routes.
	fileOf := map[string]string{}
	petition := func(o *org.Official) string {
		f, err := e.svc.Petitions.StoreFile(context.Background(), "bien-ban.pdf", strings.NewReader("%PDF-1.4\n%%EOF\n"))
		if err != nil {
			t.Fatal(err)
		}
		rc, err := e.svc.Petitions.Submit(context.Background(), petition.Input{Channel: petition.ViaBadge, BadgeToken: o.BadgeToken,
			Category: petition.Delay, Description: "Hồ sơ đất đai quá hẹn ba tuần mà không có phiếu xin lỗi, hẹn lại.",
			Anonymous: true, Files: []*petition.Attachment{f}})
		if err != nil {
			t.Fatal(err)
		}
		id := itoa(rc.Petition.ID)
		fileOf[id] = itoa(f.ID)
		return id
	}
	petIn, petOut := petition(other), petition(far)
	inspIn, inspOut, planIn, planOut := inspectionObjects(e)
	commendIn, commendOut := commendationObjects(t, e, other, far)
	incIn, incOut, incPhoto := incidentObjects(t, e, in, out)
	violIn, violOut := violationObjects(e, other, far)
	caseIn, caseOut := itoa(e.disciplineCase(other, "34.SNV").ID), itoa(e.disciplineCase(far, "01").ID)
	evalIn, evalOut, productIn, productOut := evaluationObjects(e, other, far)
	for _, u := range []*org.Unit{in, out} { // issued, so their QR images exist
		if _, err := e.svc.Feedback.UnitToken(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	// An inspection by province 34 of 34.SNV and one by province 01, for
	// field work on a phone (only who may run it, on the inspecting side).
	e.mkUser("tt-hanoi", congvu.RoleInspector, "01", 0)
	fieldIn, fieldOut := itoa(e.fieldInspection(0).ID), itoa(e.fieldInspectionBy("tt-hanoi", "01", "01", 0).ID)
	// A photo of a line of each, for the photo route ({photoID}).
	photoOf := map[string]string{}
	photoIn, photoOut := e.inspectionPhoto("thanhtra", "34", "34.SNV", photoOf), e.inspectionPhoto("tt-hanoi", "01", "01", photoOf)
	users := map[string]string{}
	for role, g := range map[string]struct {
		role       congvu.Role
		unit       string
		officialID int64
	}{
		provAdmin: {congvu.RoleAdmin, "34", 0},
		superv:    {congvu.RoleSupervisor, "34", 0},
		head:      {congvu.RoleUnitHead, "34.SNV", 0},
		inspect:   {congvu.RoleInspector, "34", 0},
		official:  {congvu.RoleOfficial, "34.SNV", own.ID},
	} {
		name := strings.NewReplacer("@", "-", ".", "-").Replace(strings.ToLower(role))
		if _, err := e.svc.Users.CreateUser(ctx, org.UserInput{Username: name, FullName: "Người Dùng " + role, Password: testPassword, Active: true,
			OfficialID: g.officialID, Grants: []congvu.Grant{{Role: g.role, UnitID: e.units[g.unit].ID}}}); err != nil {
			t.Fatalf("user %s: %v", role, err)
		}
		users[role] = name
	}
	train := trainingObjects(t, e, far, func() string { return users[official] })
	// A token per signed-in role, and one of somebody else's (out of scope).
	tokenOf := func(username string) int64 {
		s, err := e.svc.Users.Authenticate(ctx, username, testPassword)
		if err != nil {
			t.Fatal(err)
		}
		a, err := e.svc.Users.ActorBySession(ctx, s.Token)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := e.svc.Users.CreateAPIToken(congvu.NewContextWithActor(context.Background(), a), "tích hợp")
		if err != nil {
			t.Fatal(err)
		}
		return tok.ID
	}
	foreignToken := tokenOf("hanoi")
	ids := map[string]map[bool]func(role string) string{
		"unit":         {true: func(string) string { return itoa(in.ID) }, false: func(string) string { return itoa(out.ID) }},
		"official":     {true: func(string) string { return itoa(other.ID) }, false: func(string) string { return itoa(far.ID) }},
		"feedback":     {true: func(string) string { return itoa(fbIn.ID) }, false: func(string) string { return itoa(fbOut.ID) }},
		"user":         {true: func(string) string { return itoa(e.users["noivu"].ID) }, false: func(string) string { return itoa(e.users["hanoi"].ID) }},
		"token":        {true: func(role string) string { return itoa(tokenOf(users[role])) }, false: func(string) string { return itoa(foreignToken) }},
		"job":          {true: func(string) string { return "0123456789abcdef" }, false: func(string) string { return "fedcba9876543210" }},
		"petition":     {true: func(string) string { return petIn }, false: func(string) string { return petOut }},
		"inspection":   {true: func(string) string { return inspIn }, false: func(string) string { return inspOut }},
		"plan":         {true: func(string) string { return planIn }, false: func(string) string { return planOut }},
		"field":        {true: func(string) string { return fieldIn }, false: func(string) string { return fieldOut }},
		"photo":        {true: func(string) string { return photoIn }, false: func(string) string { return photoOut }},
		"commendation": {true: func(string) string { return commendIn }, false: func(string) string { return commendOut }},
		"incident":     {true: func(string) string { return incIn }, false: func(string) string { return incOut }},
		"violation":    {true: func(string) string { return violIn }, false: func(string) string { return violOut }},
		"case":         {true: func(string) string { return caseIn }, false: func(string) string { return caseOut }},
		"evaluation":   {true: func(string) string { return evalIn }, false: func(string) string { return evalOut }},
		"evalproduct":  {true: func(string) string { return productIn }, false: func(string) string { return productOut }},
	}

	ids["campaign"] = map[bool]func(string) string{true: func(string) string { return train.campIn }, false: func(string) string { return train.campOut }}
	ids["session"] = map[bool]func(string) string{true: func(string) string { return train.sessIn }, false: func(string) string { return train.sessOut }}
	ids["attempt"] = map[bool]func(string) string{true: func(string) string { return train.attempt(true) }, false: func(string) string { return train.attempt(false) }}

	emuIn, emuOut := emulationObjects(t, e, "34", "34.SNV"), emulationObjects(t, e, "01", "01")
	ids["movement"] = map[bool]func(string) string{true: func(string) string { return emuIn.movement }, false: func(string) string { return emuOut.movement }}

	actions := map[bool]actionFixture{true: e.mkActions(t, e.units["34"], in), false: e.mkActions(t, out, out)}

	clients := map[string]*client{anon: e.client()}
	for role, name := range users {
		clients[role] = e.client().login(name)
	}
	routes := e.srv.Routes()
	if len(routes) < 40 {
		t.Fatalf("only %d routes", len(routes))
	}
	seen := map[string]bool{}
	for _, rt := range routes {
		key := rt.Key()
		seen[key] = true
		want, ok := authzTable[key]
		if !ok {
			t.Errorf("route %s is not in the authorization table: declare who may use it", key)
			continue
		}
		scopes := []bool{true}
		if want.object != "" {
			scopes = append(scopes, false)
		}
		for _, inScope := range scopes {
			allowed := want.In
			if !inScope {
				allowed = want.Out
			}
			for _, role := range tableRoles {
				if role == anon && want.object == "token" && inScope {
					continue // the anonymous have no token of their own
				}
				path := rt.SamplePath("1")
				if want.object != "" && want.object != "action" {
					path = rt.SamplePath(ids[want.object][inScope](role))
					if want.object == "petition" && strings.Contains(rt.Pattern, "{file}") {
						id := ids[want.object][inScope](role)
						path = strings.NewReplacer("{id}", id, "{file}", fileOf[id]).Replace(rt.Pattern)
					}
					if want.object == "photo" {
						id := ids[want.object][inScope](role)
						path = strings.NewReplacer("{id}", id, "{photoID}", photoOf[id]).Replace(rt.Pattern)
					}
					if want.object == "incident" && strings.Contains(rt.Pattern, "{photoID}") {
						id := ids[want.object][inScope](role)
						path = strings.NewReplacer("{id}", id, "{photoID}", incPhoto[id]).Replace(rt.Pattern)
					}
					if want.object == "commendation" {
						path = strings.NewReplacer("{id}", ids[want.object][inScope](role), "{file}", "to-trinh.pdf").Replace(rt.Pattern)
					}
					if want.object == "movement" {
						path = map[bool]emulationFixture{true: emuIn, false: emuOut}[inScope].path(rt.Pattern)
					}
				}
				if want.object == "action" {
					path = actions[inScope].path(rt.Pattern, strings.Contains(rt.Pattern, "{file}"))
				}
				if key == "/api/v1/" {
					path = "/api/v1/openapi.json"
				}
				c := clients[role]
				if key == "POST /logout" && role != anon {
					c = e.client().login(users[role]) // keep the table's sessions alive
				}
				var r *resp
				if rt.Method == "POST" {
					r = c.post(path, url.Values{})
				} else {
					r = c.get(path)
				}
				toLogin := r.StatusCode == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), "/login")
				denied := r.StatusCode == http.StatusForbidden || r.StatusCode == http.StatusUnauthorized || toLogin ||
					(r.StatusCode == http.StatusNotFound && rt.Access != web.Public)
				if got := !denied; got != allowed[role] {
					t.Errorf("%s as %s (in scope: %v) → %d %s: allowed %v, want %v", key, role, inScope, r.StatusCode, r.Header.Get("Location"), got, allowed[role])
				}
				if role == anon && rt.Access != web.Public && rt.Access != web.SelfAuthenticated && !toLogin {
					t.Errorf("%s anonymous: %d, want a redirect to sign in", key, r.StatusCode)
				}
			}
		}
	}
	for key := range authzTable {
		if !seen[key] {
			t.Errorf("authorization table lists %s, which is not a route", key)
		}
	}
	// The head of a sibling of the inspected unit (34.STP beside 34.SNV)
	// reaches no inspection, plan or violation of 34.SNV by any route.
	sib := siblingHead(e)
	for _, rt := range routes {
		want := authzTable[rt.Key()]
		if want.object != "inspection" && want.object != "plan" && want.object != "field" && want.object != "commendation" && want.object != "violation" && want.object != "case" && want.object != "evaluation" {
			continue
		}
		path := rt.SamplePath(ids[want.object][true](""))
		if want.object == "commendation" {
			path = strings.NewReplacer("{id}", commendIn, "{file}", "to-trinh.pdf").Replace(rt.Pattern)
		}
		var r *resp
		if rt.Method == "POST" {
			r = sib.post(path, url.Values{})
		} else {
			r = sib.get(path)
		}
		if r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
			t.Errorf("%s as the head of a sibling unit: %d, want 403 or 404", rt.Key(), r.StatusCode)
		}
	}
	// An official opens their own record, and nobody else's.
	clients[official].get("/officials/"+itoa(own.ID)).want(t, http.StatusOK, own.FullName)
}
