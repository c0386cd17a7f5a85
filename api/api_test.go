package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"congvu"
	"congvu/api"
	"congvu/org"
	"congvu/services"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices/sqlservicestest"
	"congvu/standard"
)

// fixture is a real database with two provinces, a commune in the first,
// one official in each branch, and API tokens of a national administrator
// and of the head of province A.
type fixture struct {
	t       *testing.T
	db      *sqldb.DB
	svc     services.Set
	srv     *api.Server
	logs    *syncBuffer
	sys     context.Context
	a, a1   *org.Unit
	b       *org.Unit
	offA1   *org.Official
	offB    *org.Official
	admin   string // token of the national administrator
	headA   string // token of the head of province A
	revoked string // a revoked token of the head of province A
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, db: db, svc: sqlservicestest.Wire(t, db).Set, logs: &syncBuffer{}}
	f.srv = api.NewServer(f.svc, slog.New(slog.NewTextHandler(f.logs, nil)))
	f.sys = congvu.NewContextWithActor(context.Background(), congvu.SystemActor("api test"))
	f.a = f.unit(org.UnitInput{Code: "TA", Name: "Tỉnh An Bình", Kind: org.KindProvince, ParentID: 1})
	f.a1 = f.unit(org.UnitInput{Code: "TA-X1", Name: "Xã Đông Hòa", Kind: org.KindCommune, ParentID: f.a.ID})
	f.b = f.unit(org.UnitInput{Code: "TB", Name: "Tỉnh Bắc Sơn", Kind: org.KindProvince, ParentID: 1})
	f.offA1 = f.official(org.OfficialInput{UnitID: f.a1.ID, EmployeeCode: "A1-001", FullName: "Nguyễn Văn Đức", Category: org.CategoryCivilServant})
	f.offB = f.official(org.OfficialInput{UnitID: f.b.ID, EmployeeCode: "B-001", FullName: "Trần Thị Lan", Category: org.CategoryPublicEmployee})
	f.admin, _ = f.token("quantri", congvu.Grant{Role: congvu.RoleAdmin, UnitID: 1})
	f.headA, f.revoked = f.token("thutruong.a", congvu.Grant{Role: congvu.RoleUnitHead, UnitID: f.a.ID})
	return f
}

func (f *fixture) unit(in org.UnitInput) *org.Unit {
	f.t.Helper()
	u, err := f.svc.Units.CreateUnit(f.sys, in)
	if err != nil {
		f.t.Fatalf("create unit %s: %v", in.Code, err)
	}
	return u
}

func (f *fixture) official(in org.OfficialInput) *org.Official {
	f.t.Helper()
	o, err := f.svc.Officials.CreateOfficial(f.sys, in)
	if err != nil {
		f.t.Fatalf("create official %s: %v", in.EmployeeCode, err)
	}
	return o
}

// token creates a user with one grant, signs in, and returns a live API
// token and a revoked one.
func (f *fixture) token(username string, g congvu.Grant) (live, revoked string) {
	f.t.Helper()
	const pw = "mật-khẩu-thử-nghiệm-1"
	ctx := context.Background()
	if _, err := f.svc.Users.CreateUser(f.sys, org.UserInput{Username: username, FullName: "Người dùng " + username,
		Password: pw, Active: true, Grants: []congvu.Grant{g}}); err != nil {
		f.t.Fatalf("create user %s: %v", username, err)
	}
	sess, err := f.svc.Users.Authenticate(ctx, username, pw)
	if err != nil {
		f.t.Fatalf("sign in %s: %v", username, err)
	}
	actor, err := f.svc.Users.ActorBySession(ctx, sess.Token)
	if err != nil {
		f.t.Fatalf("session of %s: %v", username, err)
	}
	actx := congvu.NewContextWithActor(ctx, actor)
	tok, err := f.svc.Users.CreateAPIToken(actx, "tích hợp")
	if err != nil {
		f.t.Fatalf("token of %s: %v", username, err)
	}
	old, err := f.svc.Users.CreateAPIToken(actx, "cũ")
	if err != nil {
		f.t.Fatalf("token of %s: %v", username, err)
	}
	if err := f.svc.Users.RevokeAPIToken(actx, old.ID); err != nil {
		f.t.Fatalf("revoke token of %s: %v", username, err)
	}
	return tok.Secret, old.Secret
}

// response is a decoded API response.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("response %d is not JSON: %v: %s", r.Status, err, r.Body)
	}
}

// apiError is the error shape every failure must have.
type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func (r response) err(t *testing.T) apiError {
	t.Helper()
	var e apiError
	r.decode(t, &e)
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("error response %d lacks code or message: %s", r.Status, r.Body)
	}
	return e
}

// do sends a request through the handler. body may be nil, a string (sent
// as is) or a value (sent as JSON); both are sent as application/json.
func (f *fixture) do(method, path, token string, body any) response {
	f.t.Helper()
	return do(f.t, f.srv, method, path, token, body)
}

func do(t *testing.T, h http.Handler, method, path, token string, body any) response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

func wantStatus(t *testing.T, r response, want int, what string) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: status %d, want %d: %s", what, r.Status, want, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: content type %q", what, ct)
	}
}

// hasVietnamese reports whether s contains a Vietnamese letter with a
// diacritic: messages must be real Vietnamese, not ASCII placeholders.
func hasVietnamese(s string) bool {
	return strings.ContainsAny(s, "ạảãàáâậầấẩẫăắằặẳẵóòọõỏôộổỗồốơờớợởỡéèẻẹẽêếềệểễúùủũụưựữửừứíìịỉĩýỳỷỵỹđĐ")
}

type unitList struct {
	Items []org.Unit `json:"items"`
	Total int        `json:"total"`
}

type officialList struct {
	Items []org.Official `json:"items"`
	Total int            `json:"total"`
}

func TestTokenAuthentication(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		for _, c := range []struct {
			name, header string
		}{
			{"no token", ""},
			{"bad token", "Bearer cv_khongtontai"},
			{"wrong scheme", "Basic " + f.admin},
			{"empty bearer", "Bearer "},
			{"revoked token", "Bearer " + f.revoked},
		} {
			req := httptest.NewRequest("GET", "/api/v1/units", nil)
			if c.header != "" {
				req.Header.Set("Authorization", c.header)
			}
			rec := httptest.NewRecorder()
			f.srv.ServeHTTP(rec, req)
			r := response{rec.Code, rec.Header(), rec.Body.Bytes()}
			wantStatus(t, r, http.StatusUnauthorized, c.name)
			if e := r.err(t); e.Error.Code != congvu.EUNAUTH || !hasVietnamese(e.Error.Message) {
				t.Errorf("%s: error %+v", c.name, e.Error)
			}
			if h := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(h, "Bearer") {
				t.Errorf("%s: WWW-Authenticate %q", c.name, h)
			}
		}
		r := f.do("GET", "/api/v1/units", f.admin, nil)
		wantStatus(t, r, http.StatusOK, "good token")
		var l unitList
		r.decode(t, &l)
		if l.Total != 4 || len(l.Items) != 4 { // root, A, A1, B
			t.Errorf("admin sees %d units (total %d), want 4", len(l.Items), l.Total)
		}
		if r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("authenticated response cacheable: %q", r.Header.Get("Cache-Control"))
		}

		// Every non-public route refuses a missing token before doing anything.
		for _, p := range []struct{ m, p string }{
			{"GET", "/api/v1/units/1"}, {"GET", "/api/v1/units/by-code/VN"}, {"POST", "/api/v1/units"},
			{"PUT", "/api/v1/units/1"}, {"GET", "/api/v1/officials"}, {"POST", "/api/v1/officials"},
			{"GET", fmt.Sprintf("/api/v1/officials/%d", f.offB.ID)}, {"PUT", fmt.Sprintf("/api/v1/officials/%d", f.offB.ID)},
			{"POST", fmt.Sprintf("/api/v1/officials/%d/deactivate", f.offB.ID)},
			{"POST", fmt.Sprintf("/api/v1/officials/%d/activate", f.offB.ID)},
			{"POST", "/api/v1/feedback"}, {"GET", "/api/v1/feedback"}, {"POST", "/api/v1/feedback/1/review"},
			{"POST", "/api/v1/dossiers"}, {"GET", "/api/v1/dossiers/by-code?unit_id=1&code=X"},
			{"GET", "/api/v1/dashboards/units/1"}, {"GET", "/api/v1/dashboards/units/1/comments"}, {"GET", "/api/v1/dashboards/officials/1"},
		} {
			wantStatus(t, f.do(p.m, p.p, "", map[string]any{}), http.StatusUnauthorized, p.m+" "+p.p)
		}
		if o, err := f.svc.Officials.FindOfficialByID(f.sys, f.offB.ID); err != nil || !o.Active {
			t.Errorf("unauthenticated deactivate changed the official: %+v %v", o, err)
		}

		// Public routes need no token, but a bad one is still refused.
		wantStatus(t, f.do("GET", "/api/v1/standards/versions", "", nil), http.StatusOK, "public without token")
		wantStatus(t, f.do("GET", "/api/v1/standards/versions", f.admin, nil), http.StatusOK, "public with token")
		wantStatus(t, f.do("GET", "/api/v1/standards/versions", f.revoked, nil), http.StatusUnauthorized, "public with revoked token")
	})
}

func TestScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		id := func(n int64) string { return fmt.Sprint(n) }

		// In scope: the province and its commune, and the official there.
		for _, p := range []string{"/api/v1/units/" + id(f.a.ID), "/api/v1/units/" + id(f.a1.ID), "/api/v1/units/by-code/TA-X1",
			"/api/v1/officials/" + id(f.offA1.ID)} {
			wantStatus(t, f.do("GET", p, f.headA, nil), http.StatusOK, p)
		}
		var u struct {
			org.Unit
			Ancestors []struct {
				ID   int64  `json:"id"`
				Code string `json:"code"`
			} `json:"ancestors"`
		}
		f.do("GET", "/api/v1/units/"+id(f.a1.ID), f.headA, nil).decode(t, &u)
		if u.Code != "TA-X1" || len(u.Ancestors) != 2 || u.Ancestors[0].Code != "VN" || u.Ancestors[1].ID != f.a.ID {
			t.Errorf("unit detail %+v", u)
		}

		// Out of scope: the other province, its official, and the root look
		// exactly like things that do not exist.
		missing := f.do("GET", "/api/v1/units/999999", f.headA, nil)
		wantStatus(t, missing, http.StatusNotFound, "missing unit")
		for _, p := range []string{"/api/v1/units/" + id(f.b.ID), "/api/v1/units/1", "/api/v1/units/by-code/TB",
			"/api/v1/officials/" + id(f.offB.ID)} {
			r := f.do("GET", p, f.headA, nil)
			wantStatus(t, r, http.StatusNotFound, p)
			if e := r.err(t); e.Error.Code != congvu.ENOTFOUND {
				t.Errorf("%s: code %s", p, e.Error.Code)
			}
		}
		if r := f.do("GET", "/api/v1/units/"+id(f.b.ID), f.headA, nil); !bytes.Equal(r.Body, missing.Body) {
			t.Errorf("out-of-scope unit answers differently from a missing one:\n%s\n%s", r.Body, missing.Body)
		}

		// Writes outside scope fail and change nothing.
		edit := map[string]any{"unit_id": f.b.ID, "employee_code": "B-001", "full_name": "Tên Bị Sửa", "category": "civil_servant"}
		wantStatus(t, f.do("PUT", "/api/v1/officials/"+id(f.offB.ID), f.headA, edit), http.StatusNotFound, "edit out of scope")
		wantStatus(t, f.do("POST", "/api/v1/officials/"+id(f.offB.ID)+"/deactivate", f.headA, nil), http.StatusNotFound, "deactivate out of scope")
		wantStatus(t, f.do("PUT", "/api/v1/units/"+id(f.b.ID), f.admin, nil), http.StatusBadRequest, "update without body")
		// Moving an in-scope official into B: visible, but forbidden.
		move := map[string]any{"unit_id": f.b.ID, "employee_code": "A1-001", "full_name": "Nguyễn Văn Đức", "category": "civil_servant"}
		r := f.do("PUT", "/api/v1/officials/"+id(f.offA1.ID), f.headA, move)
		wantStatus(t, r, http.StatusForbidden, "move out of scope")
		if e := r.err(t); e.Error.Code != congvu.EFORBIDDEN || !hasVietnamese(e.Error.Message) {
			t.Errorf("move out of scope: %+v", e.Error)
		}
		if o, err := f.svc.Officials.FindOfficialByID(f.sys, f.offB.ID); err != nil || !o.Active || o.FullName != "Trần Thị Lan" {
			t.Errorf("out-of-scope official changed: %+v %v", o, err)
		}
		if o, err := f.svc.Officials.FindOfficialByID(f.sys, f.offA1.ID); err != nil || o.UnitID != f.a1.ID {
			t.Errorf("official moved out of scope: %+v %v", o, err)
		}

		// Lists hold only in-scope items.
		var units unitList
		r = f.do("GET", "/api/v1/units", f.headA, nil)
		wantStatus(t, r, http.StatusOK, "list units")
		r.decode(t, &units)
		got := map[string]bool{}
		for _, u := range units.Items {
			got[u.Code] = true
		}
		if len(units.Items) != 2 || units.Total != 2 || !got["TA"] || !got["TA-X1"] {
			t.Errorf("head of A lists units %v (total %d), want TA and TA-X1", got, units.Total)
		}
		var offs officialList
		r = f.do("GET", "/api/v1/officials", f.headA, nil)
		wantStatus(t, r, http.StatusOK, "list officials")
		r.decode(t, &offs)
		if len(offs.Items) != 1 || offs.Total != 1 || offs.Items[0].ID != f.offA1.ID {
			t.Errorf("head of A lists officials %+v (total %d)", offs.Items, offs.Total)
		}
		// Filtering by an out-of-scope unit does not widen the scope.
		r = f.do("GET", "/api/v1/officials?unit_id="+id(f.b.ID), f.headA, nil)
		if r.Status == http.StatusOK {
			r.decode(t, &offs)
			if len(offs.Items) != 0 {
				t.Errorf("filter by unit B shows %+v", offs.Items)
			}
		} else if r.Status != http.StatusNotFound {
			t.Errorf("filter by unit B: %d %s", r.Status, r.Body)
		}
		// The administrator sees both.
		f.do("GET", "/api/v1/officials", f.admin, nil).decode(t, &offs)
		if offs.Total != 2 {
			t.Errorf("admin lists %d officials", offs.Total)
		}
	})
}

func TestCreateAndValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)

		// Empty unit: every required field gets a Vietnamese message.
		r := f.do("POST", "/api/v1/units", f.admin, map[string]any{})
		wantStatus(t, r, http.StatusBadRequest, "empty unit")
		e := r.err(t)
		if e.Error.Code != congvu.EINVALID || !hasVietnamese(e.Error.Message) {
			t.Errorf("empty unit: %+v", e.Error)
		}
		for _, field := range []string{"code", "name", "kind"} {
			if msg := e.Error.Fields[field]; !hasVietnamese(msg) {
				t.Errorf("field %s: message %q is not Vietnamese", field, msg)
			}
		}

		// Empty official likewise.
		r = f.do("POST", "/api/v1/officials", f.admin, map[string]any{})
		wantStatus(t, r, http.StatusBadRequest, "empty official")
		e = r.err(t)
		for _, field := range []string{"employee_code", "full_name"} {
			if msg := e.Error.Fields[field]; !hasVietnamese(msg) {
				t.Errorf("official field %s: message %q is not Vietnamese", field, msg)
			}
		}

		// Decoding errors, each EINVALID in Vietnamese.
		for _, c := range []struct {
			name, ctype, body, field string
		}{
			{"unknown field", "application/json", `{"code":"X","name":"Y","kind":"commune","parent_id":1,"bogus":1}`, "bogus"},
			{"wrong type", "application/json", `{"code":"X","name":"Y","kind":"commune","parent_id":"một"}`, "parent_id"},
			{"syntax", "application/json", `{"code":`, ""},
			{"two values", "application/json", `{} {}`, ""},
			{"array", "application/json", `[]`, ""},
			{"empty", "application/json", ``, ""},
			{"form", "application/x-www-form-urlencoded", `code=X`, ""},
			{"no content type", "", `{}`, ""},
			{"too large", "application/json", `{"name":"` + strings.Repeat("a", api.MaxBodyBytes) + `"}`, ""},
		} {
			req := httptest.NewRequest("POST", "/api/v1/units", strings.NewReader(c.body))
			req.Header.Set("Authorization", "Bearer "+f.admin)
			if c.ctype != "" {
				req.Header.Set("Content-Type", c.ctype)
			}
			rec := httptest.NewRecorder()
			f.srv.ServeHTTP(rec, req)
			r := response{rec.Code, rec.Header(), rec.Body.Bytes()}
			status, code := http.StatusBadRequest, congvu.EINVALID
			if c.name == "too large" {
				status, code = http.StatusRequestEntityTooLarge, congvu.ETOOLARGE
			}
			wantStatus(t, r, status, c.name)
			e := r.err(t)
			if e.Error.Code != code || !hasVietnamese(e.Error.Message) {
				t.Errorf("%s: %+v", c.name, e.Error)
			}
			if c.field != "" && !hasVietnamese(e.Error.Fields[c.field]) {
				t.Errorf("%s: fields %v lack %s", c.name, e.Error.Fields, c.field)
			}
		}
		// Bad query parameters are field errors too.
		r = f.do("GET", "/api/v1/units?limit=nhiều&kind=hamlet&include_closed=có", f.admin, nil)
		wantStatus(t, r, http.StatusBadRequest, "bad query")
		e = r.err(t)
		for _, field := range []string{"limit", "kind", "include_closed"} {
			if !hasVietnamese(e.Error.Fields[field]) {
				t.Errorf("query field %s: %v", field, e.Error.Fields)
			}
		}

		// A valid unit is created, with Location, normalised text, and an
		// audit event naming the API token and the client IP.
		nfd := "Phu\u031bo\u031b\u0300ng  Ho\u0300a Bi\u0300nh " // Unikey "tổ hợp" input
		r = f.do("POST", "/api/v1/units", f.admin, map[string]any{"code": "TA-P2", "name": nfd, "kind": "commune", "type_name": "Phường", "parent_id": f.a.ID})
		wantStatus(t, r, http.StatusCreated, "create unit")
		var created org.Unit
		r.decode(t, &created)
		if created.Name != "Phường Hòa Bình" || created.ParentID != f.a.ID {
			t.Errorf("created %+v", created)
		}
		loc := r.Header.Get("Location")
		if loc != fmt.Sprintf("/api/v1/units/%d", created.ID) {
			t.Errorf("Location %q", loc)
		}
		wantStatus(t, f.do("GET", loc, f.headA, nil), http.StatusOK, "get created unit in scope of A")
		events, _, err := f.svc.Audit.FindAuditEvents(f.sys, congvu.AuditFilter{Kind: "unit."})
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, ev := range events {
			if ev.EntityID == created.ID {
				found = true
				if ev.IP != "192.0.2.1" { // httptest's client address
					t.Errorf("audit event IP %q", ev.IP)
				}
			}
		}
		if !found {
			t.Errorf("no audit event for the created unit among %d", len(events))
		}

		// Duplicate code: conflict.
		r = f.do("POST", "/api/v1/units", f.admin, map[string]any{"code": "TA-P2", "name": "Khác", "kind": "commune", "parent_id": f.a.ID})
		if r.Status != http.StatusConflict && r.Status != http.StatusBadRequest {
			t.Errorf("duplicate unit code: %d %s", r.Status, r.Body)
		} else if e := r.err(t); !hasVietnamese(e.Error.Message) {
			t.Errorf("duplicate unit code: %+v", e.Error)
		}

		// The head of A may not create units (policy: admins only).
		r = f.do("POST", "/api/v1/units", f.headA, map[string]any{"code": "TA-P3", "name": "Phường Mới", "kind": "commune", "parent_id": f.a.ID})
		wantStatus(t, r, http.StatusForbidden, "unit head creates unit")

		// Update a unit; the parent is not editable here.
		r = f.do("PUT", fmt.Sprintf("/api/v1/units/%d", created.ID), f.admin, map[string]any{"code": "TA-P2", "name": "Phường Hòa Bình Mới", "kind": "commune", "type_name": "Phường"})
		wantStatus(t, r, http.StatusOK, "update unit")
		r.decode(t, &created)
		if created.Name != "Phường Hòa Bình Mới" {
			t.Errorf("updated %+v", created)
		}
		r = f.do("PUT", fmt.Sprintf("/api/v1/units/%d", created.ID), f.admin, map[string]any{"code": "TA-P2", "name": "X", "kind": "commune", "parent_id": f.b.ID})
		wantStatus(t, r, http.StatusBadRequest, "update with parent")

		// The head of A manages officials in A: create, duplicate, edit,
		// deactivate, reactivate.
		in := map[string]any{"unit_id": f.a1.ID, "employee_code": "A1-002", "full_name": "Lê Văn Tám", "category": "cadre", "position": "Chủ tịch", "is_leader": true}
		r = f.do("POST", "/api/v1/officials", f.headA, in)
		wantStatus(t, r, http.StatusCreated, "create official")
		var o org.Official
		r.decode(t, &o)
		if o.FullName != "Lê Văn Tám" || !o.IsLeader || !o.Active || o.UnitID != f.a1.ID {
			t.Errorf("created official %+v", o)
		}
		if strings.Contains(string(r.Body), "badge") {
			t.Errorf("badge token exposed: %s", r.Body)
		}
		wantStatus(t, f.do("POST", "/api/v1/officials", f.headA, in), http.StatusConflict, "duplicate employee code")
		in["position"] = "Phó Chủ tịch"
		r = f.do("PUT", fmt.Sprintf("/api/v1/officials/%d", o.ID), f.headA, in)
		wantStatus(t, r, http.StatusOK, "update official")
		r.decode(t, &o)
		if o.Position != "Phó Chủ tịch" {
			t.Errorf("updated official %+v", o)
		}
		r = f.do("POST", fmt.Sprintf("/api/v1/officials/%d/deactivate", o.ID), f.headA, nil)
		wantStatus(t, r, http.StatusOK, "deactivate")
		r.decode(t, &o)
		if o.Active {
			t.Error("still active after deactivate")
		}
		var offs officialList
		f.do("GET", fmt.Sprintf("/api/v1/officials?unit_id=%d&direct=true", f.a1.ID), f.headA, nil).decode(t, &offs)
		if offs.Total != 1 {
			t.Errorf("active officials of A1: %d, want 1", offs.Total)
		}
		f.do("GET", fmt.Sprintf("/api/v1/officials?unit_id=%d&include_retired=true", f.a1.ID), f.headA, nil).decode(t, &offs)
		if offs.Total != 2 {
			t.Errorf("all officials of A1: %d, want 2", offs.Total)
		}
		r = f.do("POST", fmt.Sprintf("/api/v1/officials/%d/activate", o.ID), f.headA, nil)
		wantStatus(t, r, http.StatusOK, "activate")
		r.decode(t, &o)
		if !o.Active {
			t.Error("not active after activate")
		}

		// Search ignores diacritics; paging reports the window.
		f.do("GET", "/api/v1/officials?q=le%20van%20tam", f.admin, nil).decode(t, &offs)
		if offs.Total != 1 || len(offs.Items) != 1 || offs.Items[0].ID != o.ID {
			t.Errorf("search without diacritics: %+v", offs)
		}
		var page struct {
			Items         []org.Unit
			Total         int
			Offset, Limit int
		}
		f.do("GET", "/api/v1/units?offset=1&limit=2&include_closed=true", f.admin, nil).decode(t, &page)
		if len(page.Items) != 2 || page.Total != 5 || page.Offset != 1 || page.Limit != 2 {
			t.Errorf("page %d items, total %d, offset %d, limit %d", len(page.Items), page.Total, page.Offset, page.Limit)
		}
	})
}

func TestStandardsArePublic(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		seed := standard.CatalogSeed{Code: "thu-nghiem", Title: "Bộ chuẩn mực thử nghiệm", EffectiveOn: "2020-01-01",
			Groups: []*standard.Group{{Code: "GT", Name: "Giao tiếp", Items: []*standard.Item{
				{Code: "GT-XC", Title: "Xin chào", Basis: standard.LegalBasis{Document: "Quyết định 1847/QĐ-TTg", Section: "Mục II"}, FourXin: true},
			}}}}
		if _, err := f.svc.Standards.PublishVersion(f.sys, seed); err != nil {
			t.Fatal(err)
		}
		r := f.do("GET", "/api/v1/standards/current", "", nil)
		wantStatus(t, r, http.StatusOK, "current")
		var v standard.Version
		r.decode(t, &v)
		if !strings.EqualFold(v.Code, "thu-nghiem") || len(v.Groups) != 1 || len(v.Groups[0].Items) != 1 {
			t.Errorf("current version %+v", v)
		}
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/standards/current?unit_id=%d", f.a1.ID), "", nil), http.StatusOK, "current for a unit")
		wantStatus(t, f.do("GET", "/api/v1/standards/current?unit_id=không", "", nil), http.StatusBadRequest, "current, bad unit id")
		r = f.do("GET", "/api/v1/standards/items/GT-XC", "", nil)
		wantStatus(t, r, http.StatusOK, "item")
		var it standard.Item
		r.decode(t, &it)
		if it.Title != "Xin chào" || !it.FourXin || it.Basis.Document == "" || it.AppliesTo != standard.AppliesAll {
			t.Errorf("item %+v", it)
		}
		// A unit's local version: the item says who issued it, by what
		// decision, from when, and whom it binds.
		lv, err := f.svc.Standards.PublishLocalVersion(f.sys, f.a1.ID, standard.LocalSeed{Decision: "Kế hoạch số 86/KH-UBND ngày 30/8/2019", EffectiveOn: "2019-08-30",
			Items: []*standard.Item{{GroupCode: "GT", Code: "GT-TB86-LD", Title: "Lãnh đạo gương mẫu", AppliesTo: standard.AppliesLeaders}}})
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		f.do("GET", "/api/v1/standards/items/gt-tb86-ld", "", nil).decode(t, &raw)
		if raw["applies_to"] != "leaders" || raw["decision"] != "Kế hoạch số 86/KH-UBND ngày 30/8/2019" ||
			raw["effective_on"] != "2019-08-30T00:00:00Z" || raw["local_version_id"] != float64(lv.ID) || raw["unit_id"] != float64(f.a1.ID) {
			t.Errorf("local item JSON %v", raw)
		}
		wantStatus(t, f.do("GET", "/api/v1/standards/items/KHONG-CO", "", nil), http.StatusNotFound, "missing item")
		var vs struct{ Items []standard.Version }
		f.do("GET", "/api/v1/standards/versions", "", nil).decode(t, &vs)
		// The national catalog (seeded) and the test version, newest first.
		if len(vs.Items) != 2 || !strings.EqualFold(vs.Items[0].Code, "thu-nghiem") {
			t.Errorf("versions %+v", vs.Items)
		}
	})
}

func TestRateLimitWithoutToken(t *testing.T) {
	f := newFixture(t, sqldbtest.SQLite(t))
	f.srv.AnonLimit = 3
	for i := range 3 {
		wantStatus(t, f.do("GET", "/api/v1/standards/versions", "", nil), http.StatusOK, fmt.Sprintf("anonymous request %d", i+1))
	}
	r := f.do("GET", "/api/v1/standards/versions", "", nil)
	wantStatus(t, r, http.StatusTooManyRequests, "over the limit")
	if e := r.err(t); e.Error.Code != congvu.ELIMIT || !hasVietnamese(e.Error.Message) || r.Header.Get("Retry-After") == "" {
		t.Errorf("limit error %+v, Retry-After %q", e.Error, r.Header.Get("Retry-After"))
	}
	// Bad tokens count against the same budget; good tokens do not.
	wantStatus(t, f.do("GET", "/api/v1/units", "cv_sai", nil), http.StatusTooManyRequests, "bad token over the limit")
	for range 5 {
		wantStatus(t, f.do("GET", "/api/v1/units", f.admin, nil), http.StatusOK, "good token over the anonymous limit")
	}
	// Another address has its own budget.
	req := httptest.NewRequest("GET", "/api/v1/standards/versions", nil)
	req.RemoteAddr = "198.51.100.7:4000"
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("other IP: %d %s", rec.Code, rec.Body)
	}
}

func TestInternalErrorsAreHidden(t *testing.T) {
	f := newFixture(t, sqldbtest.SQLite(t))
	generic := congvu.ErrorMessage(fmt.Errorf("x"))
	f.db.Close() // every query now fails inside the services
	for _, c := range []struct{ name, path, token string }{
		{"public", "/api/v1/standards/versions", ""},
		{"token lookup", "/api/v1/units", f.admin},
	} {
		r := f.do("GET", c.path, c.token, nil)
		wantStatus(t, r, http.StatusInternalServerError, c.name)
		e := r.err(t)
		if e.Error.Code != congvu.EINTERNAL || e.Error.Message != generic || len(e.Error.Fields) != 0 {
			t.Errorf("%s: %s", c.name, r.Body)
		}
		for _, leak := range []string{"sql", "database", "closed", "sqlite"} {
			if strings.Contains(strings.ToLower(string(r.Body)), leak) {
				t.Errorf("%s: response leaks %q: %s", c.name, leak, r.Body)
			}
		}
	}
	if !strings.Contains(f.logs.String(), "closed") {
		t.Errorf("the real error was not logged: %s", f.logs.String())
	}

	// A panic inside a handler is a 500 with the generic message, too (an
	// unwired set panics on its first service call).
	srv := api.NewServer(services.Set{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	r := do(t, srv, "GET", "/api/v1/standards/versions", "", nil)
	wantStatus(t, r, http.StatusInternalServerError, "panic")
	if e := r.err(t); e.Error.Message != generic || strings.Contains(string(r.Body), "nil") {
		t.Errorf("panic response %s", r.Body)
	}
}

func TestUnknownRoutesAnswerJSON(t *testing.T) {
	srv := api.New(sqlservicestest.Wire(t, sqldbtest.SQLite(t)).Set, nil)
	r := do(t, srv, "GET", "/api/v1/khong-co", "", nil)
	wantStatus(t, r, http.StatusNotFound, "unknown path")
	if e := r.err(t); e.Error.Code != congvu.ENOTFOUND || !hasVietnamese(e.Error.Message) {
		t.Errorf("unknown path: %s", r.Body)
	}
	r = do(t, srv, "DELETE", "/api/v1/units", "", nil)
	wantStatus(t, r, http.StatusMethodNotAllowed, "DELETE units")
	if allow := r.Header.Get("Allow"); allow != "GET, POST" {
		t.Errorf("Allow %q", allow)
	}
	r = do(t, srv, "GET", "/api/v1/officials/1/deactivate", "", nil)
	wantStatus(t, r, http.StatusMethodNotAllowed, "GET deactivate")
}
