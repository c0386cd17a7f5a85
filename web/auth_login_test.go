package web_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"congvu/org"
	"congvu/web"
)

// proxied serves e's services behind a trusted proxy, so that a test can
// speak from many client addresses (X-Forwarded-For).
func proxied(t *testing.T, e *env) *client {
	srv, err := web.New(web.Options{Services: e.svc, TrustProxy: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e2 := *e
	e2.ts = ts
	return (&e2).client()
}

func loginFrom(c *client, ip, username, password string) *resp {
	return c.post("/login", url.Values{"username": {username}, "password": {password}}, "X-Forwarded-For", ip)
}

// Issue 9, item 7: five wrong passwords from five addresses locked
// thanhtra for 15 minutes, and the right password then got 429.
func TestLoginWrongPasswordsElsewhereDoNotLockOut(t *testing.T) {
	e := newEnv(t)
	c := proxied(t, e)
	for i := 1; i <= 5; i++ {
		loginFrom(c, "203.0.113."+strconv.Itoa(i), "thanhtra", "không-phải-mật-khẩu").want(t, http.StatusUnauthorized)
	}
	loginFrom(c, "198.51.100.6", "thanhtra", testPassword).want(t, http.StatusSeeOther)

	// The address that kept guessing waits, told how long in Vietnamese.
	for i := 1; i <= org.LoginFreeFailures; i++ {
		loginFrom(c, "192.0.2.7", "thanhtra", "không-phải-mật-khẩu").want(t, http.StatusUnauthorized)
	}
	r := loginFrom(c, "192.0.2.7", "thanhtra", testPassword).want(t, http.StatusTooManyRequests, "Xin thử lại sau 30 giây")
	if got := r.Header.Get("Retry-After"); got != "30" {
		t.Fatalf("Retry-After %q", got)
	}
	if strings.Contains(r.Header.Get("Set-Cookie"), web.SessionCookie+"=") {
		t.Fatal("a waiting address got a session")
	}
}

// Unknown names are answered exactly as known ones (status, page,
// Retry-After), try after try, so the login form tells nobody which
// accounts exist. (The API has no password login.)
func TestLoginUnknownNameAnswersAsKnown(t *testing.T) {
	e := newEnv(t)
	c := proxied(t, e)
	for i := 1; i <= org.LoginFreeFailures+1; i++ {
		known := loginFrom(c, "192.0.2.1", "thanhtra", "không-phải-mật-khẩu")
		unknown := loginFrom(c, "192.0.2.2", "khongcoai", "không-phải-mật-khẩu")
		if known.StatusCode != unknown.StatusCode || known.Header.Get("Retry-After") != unknown.Header.Get("Retry-After") {
			t.Fatalf("try %d: known %d %q, unknown %d %q", i, known.StatusCode, known.Header.Get("Retry-After"),
				unknown.StatusCode, unknown.Header.Get("Retry-After"))
		}
		// The pages differ only by the name typed, echoed in the form.
		if kb, ub := strings.ReplaceAll(known.Body, "thanhtra", "NAME"), strings.ReplaceAll(unknown.Body, "khongcoai", "NAME"); kb != ub {
			t.Fatalf("try %d: pages differ:\n%s\n----\n%s", i, kb, ub)
		}
	}
}

// One IPv6 host owns a /64: the per-address sign-in limit counts its
// addresses together.
func TestLoginRateLimitCountsIPv6By64(t *testing.T) {
	e := newEnv(t)
	c := proxied(t, e)
	for i := 0; i < web.LoginLimitPerIP; i++ {
		loginFrom(c, "2001:db8:5:6::"+strconv.FormatInt(int64(i+1), 16), "khong-co-"+strconv.Itoa(i), "x-x-x-x-x-x").
			want(t, http.StatusUnauthorized)
	}
	loginFrom(c, "2001:db8:5:6:ffff::1", "admin", testPassword).want(t, http.StatusTooManyRequests, "quá nhiều lần đăng nhập")
	loginFrom(c, "2001:db8:5:7::1", "admin", testPassword).want(t, http.StatusSeeOther)
}

// The login page and the user form state the rules as org has them: the
// back-off (also the wait after one failure under pressure) and the
// password rule, not just "at least 10 characters".
func TestLoginAndUserFormStateTheRules(t *testing.T) {
	e := newEnv(t)
	e.client().get("/login").want(t, http.StatusOK, html.EscapeString(org.LoginRule()))
	e.client().login("admin").get("/users/new").want(t, http.StatusOK, html.EscapeString(org.PasswordRule()))
}
