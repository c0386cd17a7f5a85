package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// Tracking through the API keeps no address in clear: not in the log, not
// in any row of the limiter, whether the address is the peer's or given by
// an integration (client_ip).
func TestTrackKeepsNoAddress(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		r := f.do("POST", "/api/v1/petitions", f.admin, petitionAbout(f.badge(f.offA1)))
		wantStatus(t, r, http.StatusCreated, "submit")
		var rc receipt
		r.decode(t, &rc)
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
			f.srv.ServeHTTP(rec, req)
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
			"client_ip": citizen}); c != http.StatusNotFound {
			t.Fatalf("track for a citizen: %d", c)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rate_limits`); n == 0 {
			t.Fatal("nothing limited")
		}
		for _, ip := range []string{peer, citizen} {
			if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rate_limits WHERE key LIKE $1`, "%"+ip+"%"); n != 0 {
				t.Errorf("%d rows of rate_limits hold %s", n, ip)
			}
			if strings.Contains(f.logs.String(), ip) {
				t.Errorf("the log holds %s:\n%s", ip, f.logs.String())
			}
		}
	})
}
