package web_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"congvu/api"
	"congvu/sqldb/sqldbtest"
	"congvu/web"
)

// A member of staff with a session in the browser reports anonymously,
// tracks the report on the pages and through the API, and rates an
// official: no request log line of those acts holds their user id or the
// client address, the session is not even read, and nothing stored about
// the petition points to them. Their own staff pages still log both.
func TestAnonymousActsLogNoUserNorAddress(t *testing.T) {
	e := newEnv(t)
	var buf syncBuffer
	srv, err := web.New(web.Options{Services: e.svc, API: api.New(e.svc, nil), Log: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(e.ts.Close)
	o := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	staff := e.users["noivu"]
	c := e.client().login("noivu")
	c.get("/").want(t, http.StatusOK) // an ordinary page: logged with user and address

	path := "/phan-anh/gui?don-vi=34.SNV"
	stamp := agedStamps(t, c, path)[path]
	code, secret := receipt(t, c.postMultipart(path, []string{"t", stamp, "category", "delay",
		"description", "Hồ sơ hẹn ba lần vẫn chưa trả kết quả.", "anonymous", "co"}))
	c.post("/tra-cuu", url.Values{"ma": {code}, "ma-bi-mat": {secret}}).want(t, http.StatusOK)
	body, _ := json.Marshal(map[string]string{"tracking_code": code, "secret": secret})
	req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/petitions/track", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	c.do(req).want(t, http.StatusOK)
	rate := "/danh-gia/" + o.BadgeToken
	page := c.get(rate).want(t, http.StatusOK).Body
	c.post(rate, formValues(t, page, "satisfaction", "satisfied")).want(t, http.StatusSeeOther)

	ip := strings.Split(strings.TrimPrefix(e.ts.URL, "http://"), ":")[0]
	user := "user=" + strconv.FormatInt(staff.ID, 10)
	seen := map[string]bool{}
	for _, line := range strings.Split(buf.String(), "\n") {
		if !strings.Contains(line, "msg=request") {
			continue
		}
		p, _, _ := strings.Cut(line[strings.Index(line, "path=")+len("path="):], " ")
		private := strings.HasPrefix(p, "/phan-anh") || strings.HasPrefix(p, "/tra-cuu") ||
			strings.HasPrefix(p, "/api/v1/petitions/track") || strings.HasPrefix(p, "/danh-gia")
		seen[p] = true
		if private && (strings.Contains(line, ip) || strings.Contains(line, "ip=") || strings.Contains(line, "user=")) {
			t.Errorf("an anonymous act is logged with its author:\n%s", line)
		}
		if p == "/" && !strings.Contains(line, user) {
			t.Errorf("a staff page is logged without its user:\n%s", line)
		}
	}
	for _, p := range []string{"/", "/phan-anh/gui", "/tra-cuu", "/api/v1/petitions/track", "/danh-gia/{token}"} {
		if !seen[p] {
			t.Errorf("no request log line for %s:\n%s", p, buf.String())
		}
	}
	// Nothing stored names the staff member: no audit row of theirs after
	// signing in, no address.
	id := e.petitionByCode(code).ID
	if n := sqldbtest.Count(t, e.db, `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'petition' AND entity_id = $1 AND (actor_id = $2 OR ip <> '')`, id, staff.ID); n != 0 {
		t.Errorf("%d audit rows of the petition name the staff member or an address", n)
	}
	if n := sqldbtest.Count(t, e.db, `SELECT COUNT(*) FROM audit_events WHERE actor_id = $1 AND kind <> 'user.login'`, staff.ID); n != 0 {
		t.Errorf("%d audit rows of the staff member besides signing in", n)
	}
}
