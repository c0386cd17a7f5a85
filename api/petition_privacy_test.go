package api_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/web"
)

// Tracking through the API keeps no address in clear: not in the request
// log (the API served behind the web server, which writes it), not in any
// row of the limiter, whether the address is the peer's or one an
// integration tries to give (client_ip, refused: no token is read there).
func TestTrackKeepsNoAddress(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		r := f.do("POST", "/api/v1/petitions", f.admin, petitionAbout(f.badge(f.offA1)))
		wantStatus(t, r, http.StatusCreated, "submit")
		var rc receipt
		r.decode(t, &rc)
		var requests syncBuffer
		ws, err := web.New(web.Options{Services: f.svc, API: f.srv, Log: slog.New(slog.NewTextHandler(&requests, nil))})
		if err != nil {
			t.Fatal(err)
		}
		h := ws.Handler()
		const peer, citizen = "203.0.113.199", "192.0.2.144"
		call := func(path, token string, body map[string]any) int {
			b, _ := json.Marshal(body)
			req := httptest.NewRequest("POST", path, bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			req.RemoteAddr = peer + ":5555"
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code
		}
		if c := call("/api/v1/petitions/track", "", map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret}); c != http.StatusOK {
			t.Fatalf("track: %d", c)
		}
		for range 3 {
			call("/api/v1/petitions/track", "", map[string]any{"tracking_code": rc.TrackingCode, "secret": "sai-ma-bi-mat"})
			call("/api/v1/petitions/track", "", map[string]any{"tracking_code": "PA-ZZZZ-ZZZZ", "secret": "sai-ma-bi-mat"})
		}
		if c := call("/api/v1/petitions/track/messages", "", map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret,
			"body": "Tôi bổ sung: cán bộ hẹn lần thứ tư."}); c != http.StatusCreated {
			t.Fatalf("message: %d", c)
		}
		if c := call("/api/v1/petitions/track", f.admin, map[string]any{"tracking_code": rc.TrackingCode, "secret": "sai",
			"client_ip": citizen}); c != http.StatusBadRequest {
			t.Fatalf("track for a citizen: %d", c)
		}
		if n := strings.Count(requests.String(), "path=/api/v1/petitions/track"); n != 9 {
			t.Errorf("%d request log lines of tracking, want 9:\n%s", n, requests.String())
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rate_limits`); n == 0 {
			t.Fatal("nothing limited")
		}
		for _, ip := range []string{peer, citizen} {
			if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rate_limits WHERE key LIKE $1`, "%"+ip+"%"); n != 0 {
				t.Errorf("%d rows of rate_limits hold %s", n, ip)
			}
			if logs := requests.String() + f.logs.String(); strings.Contains(logs, ip) {
				t.Errorf("the log holds %s:\n%s", ip, logs)
			}
		}
	})
}

// The tracking routes read no token: one sent (an integration's, or a
// member of staff's) is ignored, so it neither puts a staff actor on the
// reporter's act (its audit row names nobody) nor marks the token used at
// that minute; the anonymous limit applies as to anyone.
func TestTrackReadsNoToken(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		r := f.do("POST", "/api/v1/petitions", f.admin, petitionAbout(f.badge(f.offA1)))
		wantStatus(t, r, http.StatusCreated, "submit")
		var rc receipt
		r.decode(t, &rc)
		if _, err := db.Write.Exec(`UPDATE api_tokens SET last_used_at = NULL`); err != nil {
			t.Fatal(err)
		}
		staffRows := func() int {
			return sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE actor_id IN (SELECT id FROM users WHERE username = 'quantri')`)
		}
		before := staffRows()
		r = f.do("POST", "/api/v1/petitions/track", f.admin, map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret})
		wantStatus(t, r, http.StatusOK, "track with a token")
		r = f.do("POST", "/api/v1/petitions/track/messages", f.admin, map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret,
			"body": "Tôi bổ sung: cán bộ hẹn lần thứ tư."})
		wantStatus(t, r, http.StatusCreated, "message with a token")
		r = f.do("POST", "/api/v1/petitions/track", "not-a-token", map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret})
		wantStatus(t, r, http.StatusOK, "track with a malformed token")
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM api_tokens WHERE last_used_at IS NOT NULL`); n != 0 {
			t.Errorf("%d tokens marked used by tracking", n)
		}
		if n := staffRows() - before; n != 0 {
			t.Errorf("%d audit rows of the reporter's acts name the token's user", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind LIKE 'petition.%' AND actor_id IS NOT NULL`); n != 0 {
			t.Errorf("%d audit rows of the petition name a user", n)
		}
		// A token route still reads it.
		wantStatus(t, f.do("GET", "/api/v1/units", f.admin, nil), http.StatusOK, "units")
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM api_tokens WHERE last_used_at IS NOT NULL`); n != 1 {
			t.Errorf("%d tokens marked used by a staff route", n)
		}
	})
}
