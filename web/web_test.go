package web_test

import (
	"bytes"
	_ "congvu/web/citizen" // the citizens' pages
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/api"
	"congvu/org"
	"congvu/services"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices/sqlservicestest"
	"congvu/sqldb/standardsql"
	"congvu/standard"
	"congvu/web"
)

// testPassword is the password of every test account.
const testPassword = "mật-khẩu-thử-nghiệm"

// env is a web server on a real, migrated SQLite database with a small
// unit tree and one account per role.
type env struct {
	t     testing.TB
	db    *sqldb.DB
	svc   services.Set
	srv   *web.Server
	ts    *httptest.Server
	units map[string]*org.Unit // by code
	users map[string]*org.User // by username
	ping  func(context.Context) error
}

func sysCtx() context.Context {
	return congvu.NewContextWithActor(context.Background(), congvu.SystemActor("Kiểm thử web"))
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func newEnv(t testing.TB) *env {
	t.Helper()
	db := sqldbtest.SQLite(t)
	e := &env{t: t, db: db, units: map[string]*org.Unit{}, users: map[string]*org.User{}}
	e.svc = sqlservicestest.Wire(t, db).Set
	ctx := sysCtx()
	root, err := e.svc.Units.FindUnitByCode(ctx, congvu.RootUnitCode)
	if err != nil {
		t.Fatal(err)
	}
	e.units[root.Code] = root
	for _, u := range []struct{ code, name, parent string }{
		{"34", "Tỉnh Thái Bình", congvu.RootUnitCode},
		{"01", "Thành phố Hà Nội", congvu.RootUnitCode},
		{"34.SNV", "Sở Nội vụ tỉnh Thái Bình", "34"},
	} {
		kind := org.KindProvince
		if strings.Contains(u.code, ".") {
			kind = org.KindDepartment
		}
		unit, err := e.svc.Units.CreateUnit(ctx, org.UnitInput{Code: u.code, Name: u.name, Kind: kind, ParentID: e.units[u.parent].ID})
		if err != nil {
			t.Fatalf("create unit %s: %v", u.code, err)
		}
		e.units[u.code] = unit
	}
	for _, a := range []struct {
		username, name string
		role           congvu.Role
		unit           string
	}{
		{"admin", "Quản Trị Viên", congvu.RoleAdmin, congvu.RootUnitCode},
		{"noivu", "Hoàng Thanh Thịnh", congvu.RoleSupervisor, "34"},
		{"thanhtra", "Lê Tiến Chiến", congvu.RoleInspector, "34"},
		{"hanoi", "Đỗ Thu Hà", congvu.RoleAdmin, "01"},
	} {
		u, err := e.svc.Users.CreateUser(ctx, org.UserInput{Username: a.username, FullName: a.name, Password: testPassword,
			Active: true, Grants: []congvu.Grant{{Role: a.role, UnitID: e.units[a.unit].ID}}})
		if err != nil {
			t.Fatalf("create user %s: %v", a.username, err)
		}
		e.users[a.username] = u
	}
	buf := &syncBuffer{}
	e.srv, err = web.New(web.Options{
		Services: e.svc,
		Log:      slog.New(slog.NewTextHandler(buf, nil)),
		Ping:     func(ctx context.Context) error { return e.ping(ctx) },
	})
	if err != nil {
		t.Fatal(err)
	}
	e.ping = db.Read.PingContext
	e.ts = httptest.NewServer(e.srv.Handler())
	t.Cleanup(e.ts.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", buf.String())
		}
	})
	return e
}

// client is a browser: it keeps cookies and does not follow redirects.
type client struct {
	e  *env
	hc *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// resp is a read response.
type resp struct {
	*http.Response
	Body string
}

func (c *client) do(req *http.Request) *resp {
	c.e.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &resp{Response: res, Body: string(b)}
}

func (c *client) get(path string) *resp {
	c.e.t.Helper()
	req, _ := http.NewRequest("GET", c.e.ts.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values, hdr ...string) *resp {
	c.e.t.Helper()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return c.do(req)
}

// login signs in and fails the test unless it worked.
func (c *client) login(username string) *client {
	c.e.t.Helper()
	r := c.post("/login", url.Values{"username": {username}, "password": {testPassword}})
	if r.StatusCode != http.StatusSeeOther {
		c.e.t.Fatalf("login %s: status %d\n%s", username, r.StatusCode, r.Body)
	}
	return c
}

func (r *resp) want(t *testing.T, status int, contains ...string) *resp {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, status, r.Body)
	}
	for _, s := range contains {
		if !strings.Contains(r.Body, s) {
			t.Fatalf("%s %s: body lacks %q\n%s", r.Request.Method, r.Request.URL.Path, s, r.Body)
		}
	}
	return r
}

func (r *resp) lacks(t *testing.T, s ...string) {
	t.Helper()
	for _, x := range s {
		if strings.Contains(r.Body, x) {
			t.Fatalf("%s %s: body contains %q\n%s", r.Request.Method, r.Request.URL.Path, x, r.Body)
		}
	}
}

func TestLogin(t *testing.T) {
	e := newEnv(t)
	c := e.client()

	r := c.get("/login")
	r.want(t, 200, `<html lang="vi">`, "Đăng nhập", `<label for="f-username">`, `<label for="f-password">`)

	r = c.post("/login", url.Values{"username": {"noivu"}, "password": {"sai-mật-khẩu-rồi"}})
	r.want(t, http.StatusUnauthorized, "Tên đăng nhập hoặc mật khẩu không đúng.", `value="noivu"`)
	r.lacks(t, "sai-mật-khẩu-rồi") // a password is never echoed back

	r = c.post("/login", url.Values{"username": {""}, "password": {""}})
	r.want(t, http.StatusBadRequest, "Xin nhập tên đăng nhập.", `aria-describedby="f-username-error"`, `href="#f-username"`)

	r = c.post("/login", url.Values{"username": {"NoiVu"}, "password": {testPassword}, "next": {"/audit?loai=user.login"}})
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/audit?loai=user.login" {
		t.Fatalf("redirect to %q, want the next parameter", loc)
	}
	ck := r.Header.Get("Set-Cookie")
	for _, want := range []string{web.SessionCookie + "=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(ck, want) {
			t.Fatalf("session cookie %q lacks %q", ck, want)
		}
	}
	if strings.Contains(ck, "Secure") {
		t.Fatalf("cookie over plain HTTP is Secure: %q", ck)
	}
	r = c.get("/")
	r.want(t, 200, "Xin chào, Hoàng Thanh Thịnh", "Cán bộ nội vụ (giám sát)", "Tỉnh Thái Bình", `action="/logout"`)

	// Signed in, the login page sends the user on.
	r = c.get("/login?next=/audit")
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/audit" {
		t.Fatalf("signed-in login page redirects to %q", loc)
	}
}

func TestLoginRejectsForeignNext(t *testing.T) {
	e := newEnv(t)
	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "evil", "/%0d%0aSet-Cookie:x=y"} {
		r := e.client().post("/login", url.Values{"username": {"admin"}, "password": {testPassword}, "next": {next}})
		r.want(t, http.StatusSeeOther)
		loc := r.Header.Get("Location")
		if loc != "/" && !(strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "//") && !strings.ContainsAny(loc, "\r\n\\")) {
			t.Errorf("next=%q redirects to %q", next, loc)
		}
		if strings.Contains(loc, "evil") && !strings.HasPrefix(loc, "/%") {
			t.Errorf("next=%q redirects to %q", next, loc)
		}
	}
}

func TestLoginRateLimitPerIP(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	for i := 0; i < web.LoginLimitPerIP; i++ {
		// Unknown accounts: no lockout is involved, only the per-IP limit.
		c.post("/login", url.Values{"username": {"khong-co-" + string(rune('a'+i))}, "password": {"x-x-x-x-x-x"}}).want(t, http.StatusUnauthorized)
	}
	r := c.post("/login", url.Values{"username": {"admin"}, "password": {testPassword}})
	r.want(t, http.StatusTooManyRequests, "quá nhiều lần đăng nhập")
}

func TestLogout(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("admin")
	c.get("/users").want(t, 200)
	r := c.post("/logout", nil)
	r.want(t, http.StatusSeeOther)
	if !strings.Contains(r.Header.Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("logout does not clear the cookie: %q", r.Header.Get("Set-Cookie"))
	}
	c.get("/?ok=dang-xuat").want(t, 200, "Bạn đã đăng xuất.", "Đăng nhập")
	r = c.get("/users")
	r.want(t, http.StatusSeeOther)
	// Logging out again (an expired session, a second tab) still works.
	c.post("/logout", nil).want(t, http.StatusSeeOther)
}

func TestLogoutEndsTheSession(t *testing.T) {
	e := newEnv(t)
	r := e.client().post("/login", url.Values{"username": {"admin"}, "password": {testPassword}})
	var token string
	for _, ck := range r.Cookies() {
		if ck.Name == web.SessionCookie {
			token = ck.Value
		}
	}
	if _, err := e.svc.Users.ActorBySession(context.Background(), token); err != nil {
		t.Fatal(err)
	}
	c := e.client()
	u, _ := url.Parse(e.ts.URL)
	c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: web.SessionCookie, Value: token, Path: "/"}})
	c.post("/logout", nil).want(t, http.StatusSeeOther)
	// A copy of the cookie kept elsewhere is worthless now.
	if _, err := e.svc.Users.ActorBySession(context.Background(), token); congvu.ErrorCode(err) != congvu.EUNAUTH {
		t.Fatalf("session still valid after logout: %v", err)
	}
}

func TestAPIMount(t *testing.T) {
	e := newEnv(t)
	s, err := web.New(web.Options{Services: e.svc, API: api.New(e.svc, nil), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	res, err := http.Get(ts.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "json") {
		t.Fatalf("API not mounted: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	found := false
	for _, rt := range s.Routes() {
		if rt.Pattern == "/api/v1/" && rt.Access == web.SelfAuthenticated {
			found = true
		}
	}
	if !found {
		t.Fatal("the API mount is not in the route table")
	}
}

func TestListenAndServe(t *testing.T) {
	e := newEnv(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.srv.ListenAndServe(ctx, addr) }()
	var res *http.Response
	for i := 0; i < 250; i++ {
		if res, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("healthz %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop")
	}
}

func TestStaleSessionCookie(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	u, _ := url.Parse(e.ts.URL)
	c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: web.SessionCookie, Value: "khong-ton-tai", Path: "/"}})
	r := c.get("/chuan-muc")
	r.want(t, 200, "Chuẩn mực văn hóa công vụ")
	if !strings.Contains(r.Header.Get("Set-Cookie"), "Max-Age=0") {
		t.Fatal("a stale session cookie is not removed")
	}
}

func TestCrossOriginPostRejected(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	form := url.Values{"username": {"admin"}, "password": {testPassword}}
	r := c.post("/login", form, "Sec-Fetch-Site", "cross-site")
	r.want(t, http.StatusForbidden, "trang web khác")
	if strings.Contains(r.Header.Get("Set-Cookie"), web.SessionCookie+"=") {
		t.Fatal("cross-site login set a session")
	}
	r = c.post("/login", form, "Origin", "https://evil.example")
	r.want(t, http.StatusForbidden)

	c.post("/login", form, "Sec-Fetch-Site", "same-origin").want(t, http.StatusSeeOther)
	c.post("/logout", nil, "Origin", e.ts.URL).want(t, http.StatusSeeOther)

	// A signed-in user's cross-site POST is refused before the handler runs.
	c2 := e.client().login("admin")
	r = c2.post("/account/tokens", url.Values{"name": {"trộm"}}, "Sec-Fetch-Site", "cross-site")
	r.want(t, http.StatusForbidden)
	c2.get("/account/tokens").lacks(t, "trộm")
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	for _, path := range []string{"/", "/chuan-muc", "/khong-co-trang-nay", "/login", "/healthz"} {
		r := c.get(path)
		h := r.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "script-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code: %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
	// No inline script or style anywhere, and no third-party URL.
	for _, path := range []string{"/", "/chuan-muc", "/login"} {
		body := c.get(path).Body
		for _, bad := range []string{"<script", "style=", "<style", "http://", "https://"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q", path, bad)
			}
		}
	}
}

func TestHealthz(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	r := c.get("/healthz")
	r.want(t, 200, `{"status":"ok"}`)
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("content type %q", ct)
	}
	e.ping = func(context.Context) error { return errors.New("database is gone") }
	r = c.get("/healthz")
	r.want(t, http.StatusServiceUnavailable, `"unavailable"`)
	r.lacks(t, "database is gone")
}

// Issue 9, item 14: /metrics was public. It is served only with the
// bearer token configured (CONGVU_METRICS_TOKEN), and not at all without.
func TestMetrics(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/metrics").want(t, http.StatusUnauthorized).lacks(t, "go_goroutines") // no token configured
	srv, err := web.New(web.Options{Services: e.svc, MetricsToken: "bí-mật-số-liệu-123"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	e2 := *e
	e2.ts = ts
	c = (&e2).client()
	c.get("/chuan-muc").want(t, 200)
	c.get("/khong-co").want(t, 404)
	for _, auth := range []string{"", "Bearer sai", "Basic Yml-", "Bearer bí-mật-số-liệu-12"} {
		req, _ := http.NewRequest("GET", ts.URL+"/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		r := c.do(req)
		r.want(t, http.StatusUnauthorized)
		r.lacks(t, "congvu_http_requests_total", "go_goroutines")
		if r.Header.Get("WWW-Authenticate") == "" {
			t.Fatalf("%q: no WWW-Authenticate", auth)
		}
	}
	req, _ := http.NewRequest("GET", ts.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer bí-mật-số-liệu-123")
	r := c.do(req)
	r.want(t, 200,
		`congvu_http_requests_total{code="200",pattern="GET /chuan-muc"} 1`,
		`congvu_http_requests_total{code="404",pattern="/"} 1`,
		`congvu_http_request_duration_seconds_bucket{code="200",pattern="GET /chuan-muc",le="0.005"}`,
		"go_goroutines")
}

var cssURL = regexp.MustCompile(`href="(/static/app\.[0-9a-f]{10}\.css)"`)

func TestStaticHashedURL(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	m := cssURL.FindStringSubmatch(c.get("/").Body)
	if m == nil {
		t.Fatal("no hashed stylesheet link on the home page")
	}
	r := c.get(m[1])
	r.want(t, 200, "font-family", "@media print")
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
		t.Fatalf("Cache-Control %q", cc)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Fatalf("Content-Type %q", ct)
	}
	etag := r.Header.Get("ETag")
	req, _ := http.NewRequest("GET", e.ts.URL+m[1], nil)
	req.Header.Set("If-None-Match", etag)
	if r := c.do(req); r.StatusCode != http.StatusNotModified {
		t.Fatalf("conditional GET: %d", r.StatusCode)
	}
	c.get("/static/app.css").want(t, 404)
	c.get("/static/app.0000000000.css").want(t, 404)
}

func TestBodyLimit(t *testing.T) {
	e := newEnv(t)
	big := url.Values{"username": {"admin"}, "password": {strings.Repeat("x", web.MaxFormBytes+10)}}
	r := e.client().post("/login", big)
	r.want(t, http.StatusRequestEntityTooLarge, "quá lớn")
}

func TestNotFoundAndForbiddenPages(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/khong-co-trang-nay").want(t, 404, "Không tìm thấy trang", `lang="vi"`)
	// Anonymous: staff pages send to the login form, keeping the address.
	r := c.get("/audit?loai=user.login")
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/login?next="+url.QueryEscape("/audit?loai=user.login") {
		t.Fatalf("redirect to %q", loc)
	}
	// Signed in without the right: 403 in Vietnamese.
	c.login("thanhtra")
	c.get("/users").want(t, 403, "Không có quyền truy cập")
	c.get("/audit").want(t, 403)
	c.get("/users/1").want(t, 403)
	// Malformed and unknown ids are 404.
	a := e.client().login("admin")
	a.get("/users/abc").want(t, 404)
	a.get("/users/999999").want(t, 404, "Không tìm thấy tài khoản.")
	// A user outside the actor's scope looks absent.
	h := e.client().login("hanoi")
	h.get("/users/"+itoa(e.users["noivu"].ID)).want(t, 404)
}

func TestPublicStandards(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	r := c.get("/chuan-muc")
	r.want(t, 200, "Chuẩn mực văn hóa công vụ", "4 xin, 4 luôn", "Xin chào", "Căn cứ:", "Điều cấm", `id="nhom-GT"`)
	r = c.get("/chuan-muc?don-vi=khong-co")
	r.want(t, 200, "Không tìm thấy đơn vị có mã “khong-co”")
}

// The public catalog cites national law for national items and shows whom
// each item binds; a province's plan shows as its local version, with its
// decision and date of effect, and still applies under a new national
// version.
func TestPublicStandardsCiteTheLaw(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/chuan-muc").want(t, 200,
		"Luật Phòng, chống tác hại của thuốc lá số 09/2012/QH13 ngày 18/6/2012, Điều 11 khoản 2 điểm a",
		"cấm hút thuốc lá hoàn toàn trong nhà",
		"Luật Phòng, chống tác hại của rượu, bia số 44/2019/QH14 ngày 14/6/2019, Điều 5 khoản 5",
		"Quy chế kèm theo, Điều 7 khoản 1, 2",
		"Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ phê duyệt Đề án Văn hóa công vụ, Điều 1, phần “Nội dung văn hóa công vụ”, mục 2.a",
		"Áp dụng với người giữ chức vụ lãnh đạo, quản lý", "Mọi cán bộ, công chức, viên chức").
		lacks(t, "86/KH-UBND", "Vĩnh Thuận", "hút thuốc lá phải đúng nơi quy định")

	seeds, err := standardsql.EmbeddedLocalCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	var tb standard.LocalSeed
	for _, s := range seeds {
		if s.UnitCode == "34" {
			tb = s
		}
	}
	if _, err := e.svc.Standards.PublishLocalVersion(sysCtx(), e.units["34"].ID, tb); err != nil {
		t.Fatal(err)
	}
	national, err := standardsql.EmbeddedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	national.Code, national.EffectiveOn = "QG-MOI", time.Now().In(congvu.TimeZone).Format(time.DateOnly)
	if _, err := e.svc.Standards.PublishVersion(sysCtx(), national); err != nil {
		t.Fatal(err)
	}
	r := c.get("/chuan-muc?don-vi=34.SNV")
	r.want(t, 200, "Mã phiên bản <code>QG-MOI</code>", "TT-TB86-ND", "Quy định riêng: Tỉnh Thái Bình",
		"Ban hành:</span> Kế hoạch số 86/KH-UBND ngày 30/8/2019 của UBND tỉnh Thái Bình", "có hiệu lực từ ngày 30/08/2019")
	c.get("/chuan-muc").want(t, 200).lacks(t, "TT-TB86-ND")
}

func TestLocalStandards(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("noivu")
	c.get("/standards/local").want(t, 200, "Chưa có chuẩn mực riêng nào")
	c.get("/standards/local/new?don-vi=34.SNV").want(t, 200, `value="34.SNV"`, `<option value="GT">`)

	// Invalid: unknown unit, missing fields; the form comes back filled in.
	r := c.post("/standards/local/new", url.Values{"unit_code": {"99.XYZ"}, "group": {"GT"}, "title": {"Đeo thẻ công chức"}})
	r.want(t, 400, "Không tìm thấy đơn vị có mã “99.XYZ”", `value="Đeo thẻ công chức"`, `aria-invalid="true"`)
	// A unit outside the supervisor's scope is unknown to them.
	r = c.post("/standards/local/new", url.Values{"unit_code": {"01"}, "group": {"GT"}, "code": {"GT-HN-01"}, "title": {"x"}})
	r.want(t, 400, "Không tìm thấy đơn vị có mã “01”")

	form := url.Values{"unit_code": {"34.SNV"}, "group": {"GT"}, "code": {"gt-snv-01"}, "title": {"Đeo thẻ công chức khi tiếp công dân"},
		"description": {"Thẻ đeo ngay ngắn, dễ nhìn."}, "basis_document": {"Quyết định 12/QĐ-SNV ngày 01/3/2025"}, "basis_section": {"Điều 3"}}
	r = c.post("/standards/local/new", form)
	r.want(t, http.StatusSeeOther)
	loc := r.Header.Get("Location")
	c.get(loc).want(t, 200, "Đã thêm chuẩn mực riêng", "GT-SNV-01", "Đeo thẻ công chức khi tiếp công dân", "Sở Nội vụ tỉnh Thái Bình")
	c.get("/chuan-muc?don-vi=34.SNV").want(t, 200, "Sở Nội vụ tỉnh Thái Bình", "Quy định riêng", "GT-SNV-01", "Điều 3")
	// Whom it binds and its date of effect, from the form.
	lead := url.Values{"unit_code": {"34.SNV"}, "group": {"GT"}, "code": {"GT-SNV-02"}, "title": {"Lãnh đạo tiếp công dân định kỳ"},
		"basis_document": {"Quyết định 13/QĐ-SNV ngày 02/3/2025"}, "effective_on": {"2025-03-02"}, "applies_to": {"leaders"}}
	c.post("/standards/local/new", lead).want(t, http.StatusSeeOther)
	c.get("/standards/local?don-vi=34.SNV").want(t, 200, "GT-SNV-02", "Người giữ chức vụ lãnh đạo, quản lý", "Quyết định 13/QĐ-SNV ngày 02/3/2025<br>từ ngày 02/03/2025")
	// The same code again: the service's conflict message, form kept.
	r = c.post("/standards/local/new", form)
	if r.StatusCode != 400 || !strings.Contains(r.Body, "error-summary") {
		t.Fatalf("duplicate code: %d\n%s", r.StatusCode, r.Body)
	}
	// Inspectors may read but not add.
	ti := e.client().login("thanhtra")
	ti.get("/standards/local").want(t, 200, "GT-SNV-01").lacks(t, "Thêm chuẩn mực riêng</a>")
	ti.get("/standards/local/new").want(t, 403)
}

func TestAuditPage(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("admin")
	r := c.get("/audit")
	r.want(t, 200, "Nhật ký thao tác", "Tạo tài khoản", "<details", "<dt>Tên đăng nhập</dt>", `<option value="user.create">`)
	// Filters: kind, dates in both formats, unit code.
	c.get("/audit?loai=user.login").want(t, 200, "Đăng nhập").lacks(t, `<code class="small">user.create</code>`)
	c.get("/audit?tu-ngay=01/01/2000&den-ngay=2000-01-02").want(t, 200, "Không có thao tác nào khớp")
	c.get("/audit?tu-ngay=31/02/2025").want(t, 400, "Ngày không hợp lệ", `aria-describedby="f-tu-ngay-hint f-tu-ngay-error"`)
	c.get("/audit?don-vi=khong-co").want(t, 400, "Không tìm thấy đơn vị")
	c.get("/audit?don-vi=34").want(t, 200, "Hoàng Thanh Thịnh")
	// The Hà Nội admin sees nothing of Thái Bình.
	h := e.client().login("hanoi")
	h.get("/audit").want(t, 200).lacks(t, "Hoàng Thanh Thịnh")
}

func TestAuditPagination(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("admin")
	ctx := congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: e.users["admin"].ID})
	for i := 0; i < 60; i++ { // each token is an audit event
		if _, err := e.svc.Users.CreateAPIToken(ctx, "khóa "+itoa(int64(i))); err != nil {
			t.Fatal(err)
		}
	}
	r := c.get("/audit")
	r.want(t, 200, "Hiển thị 1–50 trong tổng số", `rel="next"`, "trang=2")
	r = c.get("/audit?trang=2&loai=")
	r.want(t, 200, "Hiển thị 51–", `rel="prev"`)
}

func TestUsersPages(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("admin")
	c.get("/users").want(t, 200, "noivu", "Hoàng Thanh Thịnh", "Cán bộ nội vụ (giám sát)", "Tạo tài khoản")
	c.get("/users?q=hoang+thinh").want(t, 200, "noivu").lacks(t, "thanhtra")
	c.get("/users/new").want(t, 200, `name="grant_role"`, `name="grant_unit"`, `for="f-grant-role-0"`)

	// Errors: unknown unit code in a grant row, no grant at all.
	r := c.post("/users/new", url.Values{"username": {"moi"}, "full_name": {"Người Mới"}, "password": {"mật khẩu đủ dài"},
		"grant_role": {"supervisor", ""}, "grant_unit": {"99", ""}})
	r.want(t, 400, "Không tìm thấy đơn vị có mã “99”", `value="Người Mới"`, `href="#f-grant-role-0"`, `id="f-grant-role-0-error"`)
	r = c.post("/users/new", url.Values{"username": {"moi"}, "full_name": {"Người Mới"}, "password": {"mật khẩu đủ dài"}, "active": {"on"}})
	r.want(t, 400, "Cần cấp ít nhất một vai trò")

	r = c.post("/users/new", url.Values{"username": {"moi"}, "full_name": {"Người  Mới"}, "password": {"mật khẩu đủ dài"}, "active": {"on"},
		"grant_role": {"inspector", ""}, "grant_unit": {"34", ""}})
	r.want(t, http.StatusSeeOther)
	loc := r.Header.Get("Location")
	r = c.get(loc)
	r.want(t, 200, "Đã tạo tài khoản.", `value="Người Mới"`, `value="34"`, "Tỉnh Thái Bình")
	// The new account signs in.
	e.client().post("/login", url.Values{"username": {"moi"}, "password": {"mật khẩu đủ dài"}}).want(t, http.StatusSeeOther)

	// Edit: rename, change the grant, keep the password.
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/users/")
	r = c.post("/users/"+id, url.Values{"username": {"moi"}, "full_name": {"Người Đã Sửa"}, "active": {"on"},
		"grant_role": {"supervisor", ""}, "grant_unit": {"34.SNV", ""}})
	r.want(t, http.StatusSeeOther)
	c.get(r.Header.Get("Location")).want(t, 200, "Đã lưu thay đổi", `value="Người Đã Sửa"`, "Sở Nội vụ tỉnh Thái Bình")
	e.client().post("/login", url.Values{"username": {"moi"}, "password": {"mật khẩu đủ dài"}}).want(t, http.StatusSeeOther)

	// The Hà Nội admin cannot grant in Thái Bình: the unit is not in their scope.
	h := e.client().login("hanoi")
	r = h.post("/users/new", url.Values{"username": {"x1"}, "full_name": {"X"}, "password": {"mật khẩu đủ dài"},
		"grant_role": {"admin"}, "grant_unit": {"34"}})
	r.want(t, 400, "Không tìm thấy đơn vị có mã “34”")
}

func TestChangePassword(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("noivu")
	c.get("/account/password").want(t, 200, `autocomplete="current-password"`, `autocomplete="new-password"`)
	r := c.post("/account/password", url.Values{"old_password": {"sai"}, "new_password": {"mật khẩu mới dài"}, "confirm_password": {"khác"}})
	r.want(t, 400, "không khớp")
	r = c.post("/account/password", url.Values{"old_password": {"sai-mật-khẩu"}, "new_password": {"mật khẩu mới dài"}, "confirm_password": {"mật khẩu mới dài"}})
	r.want(t, 400, "Mật khẩu hiện tại không đúng.", `id="f-old-password-error"`)
	// Issue 9, item 8: weak passwords were accepted.
	for _, weak := range []string{"aaaaaaaaaa", "1234567890", "noivu12345"} {
		r = c.post("/account/password", url.Values{"old_password": {testPassword}, "new_password": {weak}, "confirm_password": {weak}})
		r.want(t, 400, `id="f-new-password-error"`)
	}
	c.get("/account/password").want(t, 200, "mọi phiên đăng nhập khác")
	other := e.client().login("noivu")
	r = c.post("/account/password", url.Values{"old_password": {testPassword}, "new_password": {"mật khẩu mới dài"}, "confirm_password": {"mật khẩu mới dài"}})
	r.want(t, http.StatusSeeOther)
	// This browser stays signed in and is told the rest; the other one is out.
	c.get(r.Header.Get("Location")).want(t, 200, "phiên đăng nhập khác", "đã kết thúc", "Khóa API")
	if r := other.get("/account/password"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("the other session after a password change: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	e.client().post("/login", url.Values{"username": {"noivu"}, "password": {"mật khẩu mới dài"}}).want(t, http.StatusSeeOther)
}

func TestAPITokens(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("noivu")
	c.get("/account/tokens").want(t, 200, "Bạn chưa có khóa API nào")
	c.post("/account/tokens", url.Values{"name": {""}}).want(t, 400, "Xin đặt tên cho khóa")
	r := c.post("/account/tokens", url.Values{"name": {"Cổng dịch vụ công"}})
	r.want(t, 200, "Khóa chỉ hiển thị một lần này", "Cổng dịch vụ công")
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("secret page Cache-Control %q", cc)
	}
	secret := regexp.MustCompile(`id="new-token-secret"[^>]*value="([^"]+)"`).FindStringSubmatch(r.Body)
	if secret == nil {
		t.Fatalf("no secret shown:\n%s", r.Body)
	}
	// The secret works for the API, and is never shown again.
	if a, err := e.svc.Users.ActorByAPIToken(context.Background(), secret[1]); err != nil || a.Username != "noivu" {
		t.Fatalf("token: %v %v", a, err)
	}
	r = c.get("/account/tokens")
	r.want(t, 200, "Cổng dịch vụ công", "Đang dùng")
	r.lacks(t, secret[1])
	toks, _ := e.svc.Users.FindAPITokens(congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: e.users["noivu"].ID}))
	if len(toks) != 1 {
		t.Fatalf("%d tokens", len(toks))
	}
	// Someone else cannot revoke it.
	e.client().login("admin").post("/account/tokens/"+itoa(toks[0].ID)+"/revoke", nil).want(t, 404)
	r = c.post("/account/tokens/"+itoa(toks[0].ID)+"/revoke", nil)
	r.want(t, http.StatusSeeOther)
	c.get(r.Header.Get("Location")).want(t, 200, "Đã thu hồi khóa API", "Đã thu hồi")
	if _, err := e.svc.Users.ActorByAPIToken(context.Background(), secret[1]); congvu.ErrorCode(err) != congvu.EUNAUTH {
		t.Fatalf("revoked token still works: %v", err)
	}
}

func TestHomePages(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	r := c.get("/")
	r.want(t, 200, "Công vụ", `href="/chuan-muc"`, `href="/login"`, `class="skip-link"`)
	r.lacks(t, "Nhật ký")
	c.login("noivu")
	r = c.get("/")
	r.want(t, 200, "Xin chào", "đơn vị", `href="/audit"`, `href="/account/password"`, "Đổi mật khẩu", "Đăng xuất")
	r.lacks(t, `href="/users"`) // supervisors do not manage accounts
	// Tỉnh Thái Bình and its Sở Nội vụ.
	if !strings.Contains(r.Body, `<span class="stat-number">2</span> <span class="stat-label">đơn vị</span>`) {
		t.Fatalf("unit count missing:\n%s", r.Body)
	}
}

func TestRouteTable(t *testing.T) {
	e := newEnv(t)
	seen := map[string]bool{}
	for _, rt := range e.srv.Routes() {
		if rt.Handler == nil || rt.Access == "" {
			t.Errorf("%s: no handler or access", rt.Key())
		}
		if seen[rt.Key()] {
			t.Errorf("%s listed twice", rt.Key())
		}
		seen[rt.Key()] = true
		// Every route that needs a user sends the anonymous to sign in.
		if rt.Access == web.Public || rt.Access == web.SelfAuthenticated {
			continue
		}
		c := e.client()
		var r *resp
		if rt.Method == "POST" {
			r = c.post(rt.SamplePath("1"), url.Values{})
		} else {
			r = c.get(rt.SamplePath("1"))
		}
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("anonymous %s %s: %d %s", rt.Method, rt.SamplePath("1"), r.StatusCode, r.Header.Get("Location"))
		}
	}
	for _, k := range []string{"GET /{$}", "GET /login", "POST /login", "POST /logout", "GET /chuan-muc", "GET /audit", "GET /metrics", "GET /healthz"} {
		if !seen[k] {
			t.Errorf("route %s missing", k)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Paths that carry a secret are logged as their route pattern.
func TestLogsKeepNoKeys(t *testing.T) {
	var buf syncBuffer
	srv, err := web.New(web.Options{Services: sqlservicestest.Wire(t, sqldbtest.SQLite(t)).Set, Log: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	for _, p := range []string{"/kiosk/secretdevicekey123/cam-on", "/danh-gia/secretbadgetoken456"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
	}
	if strings.Contains(buf.String(), "secretdevicekey123") || strings.Contains(buf.String(), "secretbadgetoken456") {
		t.Errorf("log keeps a key:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "/kiosk/{key}/cam-on") {
		t.Errorf("log lacks the route pattern:\n%s", buf.String())
	}
}
