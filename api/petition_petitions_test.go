package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// ptFixture is the API fixture with the petition service, the national
// catalog (conclusions name its items), and more staff: the head of
// province B (outside A), and the official Đức (the subject of the
// petitions) with an account that supervises province A.
type ptFixture struct {
	*fixture
	headB   string
	subject string
}

func newPetitionFixture(t *testing.T, db *sqldb.DB) *ptFixture {
	t.Helper()
	f := &ptFixture{fixture: newFixture(t, db)}
	f.headB = f.staffToken("thutruong.b", 0, congvu.Grant{Role: congvu.RoleUnitHead, UnitID: f.b.ID})
	f.subject = f.staffToken("giamsat.duc", f.offA1.ID, congvu.Grant{Role: congvu.RoleSupervisor, UnitID: f.a.ID})
	return f
}

// staffToken creates an account, linked to an official record when
// official is set, and returns an API token of it.
func (f *ptFixture) staffToken(username string, official int64, g congvu.Grant) string {
	f.t.Helper()
	const pw = "mật-khẩu-thử-nghiệm-1"
	ctx := context.Background()
	if _, err := f.svc.Users.CreateUser(f.sys, org.UserInput{Username: username, FullName: "Người dùng " + username,
		Password: pw, OfficialID: official, Active: true, Grants: []congvu.Grant{g}}); err != nil {
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
	tok, err := f.svc.Users.CreateAPIToken(congvu.NewContextWithActor(ctx, actor), "tích hợp")
	if err != nil {
		f.t.Fatalf("token of %s: %v", username, err)
	}
	return tok.Secret
}

// doFrom sends a request from the given peer address.
func (f *ptFixture) doFrom(ip, method, path, token string, body any) response {
	f.t.Helper()
	return do(f.t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.RemoteAddr = ip + ":40000"
		f.srv.ServeHTTP(w, r)
	}), method, path, token, body)
}

type receipt struct {
	TrackingCode string          `json:"tracking_code"`
	Secret       string          `json:"secret"`
	Status       petition.Status `json:"status"`
	DueAt        *time.Time      `json:"due_at"`
}

type petitionList struct {
	Items   []petition.Petition `json:"items"`
	Total   int                 `json:"total"`
	Offset  int                 `json:"offset"`
	Limit   int                 `json:"limit"`
	HasMore *bool               `json:"has_more"`
}

type petitionDetail struct {
	petition.Petition
	Events        []petition.Event        `json:"events"`
	Messages      []petition.Message      `json:"messages"`
	Notes         []petition.Note         `json:"notes"`
	IdentityViews []petition.IdentityView `json:"identity_views"`
	NextSteps     []petition.Step         `json:"next_steps"`
}

type courtesyResult struct {
	Ready  bool `json:"ready"`
	Score  int  `json:"score"`
	Total  int  `json:"total"`
	Checks []struct {
		Code       string `json:"code"`
		Label      string `json:"label"`
		OK         bool   `json:"ok"`
		Required   bool   `json:"required"`
		Suggestion string `json:"suggestion"`
	} `json:"checks"`
}

func (c courtesyResult) failed(code string) bool {
	for _, x := range c.Checks {
		if x.Code == code {
			return !x.OK
		}
	}
	return false
}

const reporterEmail = "nguoi.phan.anh@example.vn"

// petitionAbout is a complete petition about the official of badge.
func petitionAbout(badge string) map[string]any {
	return map[string]any{"category": "harassment", "badge_token": badge,
		"description": "Cán bộ yêu cầu nộp thêm giấy xác nhận không có trong quy định, hẹn lại ba lần.",
		"occurred_on": time.Now().In(congvu.TimeZone).AddDate(0, 0, -2).Format(time.DateOnly), "place": "Bộ phận một cửa xã Đông Hòa",
		"reporter": map[string]any{"name": "Phạm Thị Hoa", "phone": "0912 345 678", "email": reporterEmail, "address": "Thôn Đông"},
		"consent":  true}
}

func (f *ptFixture) submit(body map[string]any) receipt {
	f.t.Helper()
	r := f.do("POST", "/api/v1/petitions", f.admin, body)
	wantStatus(f.t, r, http.StatusCreated, "submit")
	var rc receipt
	r.decode(f.t, &rc)
	return rc
}

func (f *ptFixture) detail(token string, id int64) petitionDetail {
	f.t.Helper()
	r := f.do("GET", fmt.Sprintf("/api/v1/petitions/%d", id), token, nil)
	wantStatus(f.t, r, http.StatusOK, "detail")
	var d petitionDetail
	r.decode(f.t, &d)
	return d
}

// idOf finds a petition's id by its tracking code, as the admin.
func (f *ptFixture) idOf(code string) int64 {
	f.t.Helper()
	var l petitionList
	f.do("GET", "/api/v1/petitions?q="+code, f.admin, nil).decode(f.t, &l)
	if l.Total != 1 {
		f.t.Fatalf("petition %s: %d found", code, l.Total)
	}
	return l.Items[0].ID
}

func TestPetitionSubmitTrackMessage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		body := petitionAbout(f.badge(f.offA1))

		// Like ratings, petitions come in through an integration's token.
		wantStatus(t, f.do("POST", "/api/v1/petitions", "", body), http.StatusUnauthorized, "submit without token")
		r := f.do("POST", "/api/v1/petitions", f.admin, body)
		wantStatus(t, r, http.StatusCreated, "submit")
		if r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("receipt cacheable: %q", r.Header.Get("Cache-Control"))
		}
		var rc receipt
		r.decode(t, &rc)
		if !strings.HasPrefix(rc.TrackingCode, "PA-") || len(rc.Secret) < 10 || rc.Status != petition.Received ||
			rc.DueAt == nil || !rc.DueAt.After(time.Now()) {
			t.Fatalf("receipt %s", r.Body)
		}
		if strings.Contains(string(r.Body), "Phạm Thị Hoa") || strings.Contains(string(r.Body), reporterEmail) {
			t.Errorf("receipt shows the reporter: %s", r.Body)
		}

		// The staff side: channel api, the subject, no identity.
		id := f.idOf(rc.TrackingCode)
		d := f.detail(f.headA, id)
		if d.Channel != petition.ViaAPI || d.OfficialID != f.offA1.ID || d.UnitID != f.a1.ID || d.HandlerUnitID != f.a.ID ||
			d.OccurredAt == nil || d.Place != "Bộ phận một cửa xã Đông Hòa" || d.Anonymous || !d.HasContact {
			t.Errorf("stored %+v", d.Petition)
		}
		if len(d.Events) != 1 || d.Events[0].Kind != "submit" || len(d.Messages) != 0 || len(d.Notes) != 0 ||
			strings.Join(stepNames(d.NextSteps), ",") != "accept,reject,refer" {
			t.Errorf("history %+v", d)
		}

		// Tracking: code and secret in the body, never in the address.
		track := map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret}
		r = f.do("POST", "/api/v1/petitions/track", "", track)
		wantStatus(t, r, http.StatusOK, "track")
		var pub petition.Public
		r.decode(t, &pub)
		if pub.TrackingCode != rc.TrackingCode || pub.Status != petition.Received || pub.UnitName != f.a1.Name ||
			pub.DueAt == nil || len(pub.Events) != 1 || pub.Messages == nil {
			t.Errorf("tracked %s", r.Body)
		}
		if r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("tracking answer cacheable: %q", r.Header.Get("Cache-Control"))
		}
		for _, secret := range []string{"Phạm Thị Hoa", reporterEmail, f.offA1.FullName} {
			if strings.Contains(string(r.Body), secret) {
				t.Errorf("the reporter's view shows %q: %s", secret, r.Body)
			}
		}
		// Codes are typed by people: lower case without dashes still finds it.
		loose := strings.ToLower(strings.ReplaceAll(rc.TrackingCode, "-", ""))
		wantStatus(t, f.do("POST", "/api/v1/petitions/track", "", map[string]any{"tracking_code": loose, "secret": rc.Secret}),
			http.StatusOK, "track, code typed loosely")
		r = f.do("POST", "/api/v1/petitions/track?secret="+rc.Secret, "", track)
		wantStatus(t, r, http.StatusBadRequest, "secret in the query string")
		if e := r.err(t); !hasVietnamese(e.Error.Message) {
			t.Errorf("query secret: %s", r.Body)
		}
		r = f.do("POST", "/api/v1/petitions/track", "", map[string]any{})
		wantStatus(t, r, http.StatusBadRequest, "track without code")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["tracking_code"]) || !hasVietnamese(e.Error.Fields["secret"]) {
			t.Errorf("track without code: %s", r.Body)
		}

		// The reporter writes; the handlers see it.
		msg := map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret, "body": "Tôi bổ sung: lần hẹn thứ ba là sáng thứ Hai."}
		r = f.do("POST", "/api/v1/petitions/track/messages", "", msg)
		wantStatus(t, r, http.StatusCreated, "message")
		pub = petition.Public{}
		r.decode(t, &pub)
		if len(pub.Messages) != 1 || pub.Messages[0].FromAgency || pub.Messages[0].Body != msg["body"] {
			t.Errorf("thread after message: %s", r.Body)
		}
		if d := f.detail(f.headA, id); len(d.Messages) != 1 || d.Messages[0].Body != msg["body"] {
			t.Errorf("handlers see messages %+v", d.Messages)
		}
		r = f.do("POST", "/api/v1/petitions/track/messages", "", map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret, "body": "  "})
		wantStatus(t, r, http.StatusBadRequest, "empty message")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["body"]) {
			t.Errorf("empty message: %s", r.Body)
		}
		r = f.do("POST", "/api/v1/petitions/track/messages", "", map[string]any{"tracking_code": rc.TrackingCode, "secret": "sai-ma-bi-mat", "body": "Giả mạo"})
		wantStatus(t, r, http.StatusNotFound, "message with a wrong secret")
		if d := f.detail(f.headA, id); len(d.Messages) != 1 {
			t.Errorf("a wrong secret posted a message: %+v", d.Messages)
		}

		// An anonymous petition about a unit by id: no reporter needed, none kept.
		anon := f.submit(map[string]any{"category": "attitude", "unit_id": f.a1.ID, "subject_text": "Cán bộ trực quầy số 2",
			"description": "Cán bộ quát nạt người dân, không hướng dẫn thủ tục.", "anonymous": true})
		d = f.detail(f.headA, f.idOf(anon.TrackingCode))
		if !d.Anonymous || d.HasContact || d.OfficialID != 0 || d.SubjectText != "Cán bộ trực quầy số 2" {
			t.Errorf("anonymous %+v", d.Petition)
		}
	})
}

func stepNames(s []petition.Step) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = string(x)
	}
	return out
}

func TestPetitionSubmitValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		badge := f.badge(f.offA1)
		with := func(changes map[string]any) map[string]any {
			b := petitionAbout(badge)
			for k, v := range changes {
				if v == nil {
					delete(b, k)
				} else {
					b[k] = v
				}
			}
			return b
		}
		tomorrow := time.Now().In(congvu.TimeZone).AddDate(0, 0, 2).Format(time.DateOnly)
		for _, c := range []struct {
			name   string
			body   map[string]any
			fields []string
		}{
			{"empty", map[string]any{}, []string{"category", "description", "unit_id", "reporter.name", "reporter.phone", "consent"}},
			{"category", with(map[string]any{"category": "trộm cắp"}), []string{"category"}},
			{"short", with(map[string]any{"description": "Quá tệ"}), []string{"description"}},
			{"date format", with(map[string]any{"occurred_on": "15/03/2026"}), []string{"occurred_on"}},
			{"future date", with(map[string]any{"occurred_on": tomorrow}), []string{"occurred_on"}},
			{"no consent", with(map[string]any{"consent": nil}), []string{"consent"}},
			{"bad email", with(map[string]any{"reporter": map[string]any{"name": "Hoa", "email": "hoa@"}}), []string{"reporter.email"}},
			{"anonymous with identity", with(map[string]any{"anonymous": true}), []string{"reporter"}},
			{"unknown badge", with(map[string]any{"badge_token": "khong-co-the-nay"}), []string{"badge_token"}},
			{"unknown unit", map[string]any{"category": "delay", "unit_id": 99999999, "description": "Hồ sơ quá hẹn ba tuần chưa trả.", "anonymous": true}, []string{"unit_id"}},
			{"attachments", with(map[string]any{"attachments": []string{"anh.jpg"}}), []string{"attachments"}},
			{"client ip", with(map[string]any{"client_ip": "không phải IP"}), []string{"client_ip"}},
		} {
			r := f.do("POST", "/api/v1/petitions", f.admin, c.body)
			wantStatus(t, r, http.StatusBadRequest, c.name)
			e := r.err(t)
			if e.Error.Code != congvu.EINVALID || !hasVietnamese(e.Error.Message) {
				t.Errorf("%s: %s", c.name, r.Body)
			}
			for _, field := range c.fields {
				if !hasVietnamese(e.Error.Fields[field]) {
					t.Errorf("%s: no message for %s: %s", c.name, field, r.Body)
				}
			}
		}
		r := f.do("POST", "/api/v1/petitions", f.admin, with(map[string]any{"unit_token": "ma-don-vi"}))
		wantStatus(t, r, http.StatusBadRequest, "two subjects")
		if e := r.err(t); !hasVietnamese(e.Error.Message) {
			t.Errorf("two subjects: %s", r.Body)
		}
		var l petitionList
		f.do("GET", "/api/v1/petitions", f.admin, nil).decode(t, &l)
		if l.Total != 0 {
			t.Errorf("refused petitions stored: %d", l.Total)
		}

		// The service's limit per IP, on the citizen's address the app gives.
		for i := range petition.MaxPerIPPerDay {
			wantStatus(t, f.do("POST", "/api/v1/petitions", f.admin, with(map[string]any{"client_ip": "203.0.113.7"})),
				http.StatusCreated, fmt.Sprintf("petition %d", i+1))
		}
		r = f.do("POST", "/api/v1/petitions", f.admin, with(map[string]any{"client_ip": "203.0.113.7"}))
		wantStatus(t, r, http.StatusTooManyRequests, "over the daily limit")
		if e := r.err(t); e.Error.Code != congvu.ELIMIT || !hasVietnamese(e.Error.Message) {
			t.Errorf("limit: %s", r.Body)
		}
		if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s <= 0 || s > 24*3600 {
			t.Errorf("Retry-After %q", r.Header.Get("Retry-After"))
		}
		// Another citizen of the same app is not held back.
		wantStatus(t, f.do("POST", "/api/v1/petitions", f.admin, with(map[string]any{"client_ip": "2001:db8::9"})), http.StatusCreated, "another citizen")
		f.do("GET", "/api/v1/petitions", f.admin, nil).decode(t, &l)
		if l.Total != petition.MaxPerIPPerDay+1 {
			t.Errorf("%d petitions stored, want %d", l.Total, petition.MaxPerIPPerDay+1)
		}
	})
}

func TestPetitionTrackingThrottle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		rc := f.submit(petitionAbout(f.badge(f.offA1)))
		other := f.submit(petitionAbout(f.badge(f.offB)))

		// A wrong secret and an unknown code answer alike.
		wrong := f.doFrom("198.51.100.1", "POST", "/api/v1/petitions/track", "", map[string]any{"tracking_code": rc.TrackingCode, "secret": "khongdung"})
		wantStatus(t, wrong, http.StatusNotFound, "wrong secret")
		missing := f.doFrom("198.51.100.1", "POST", "/api/v1/petitions/track", "", map[string]any{"tracking_code": "PA-AAAA-AAAA", "secret": "khongdung"})
		wantStatus(t, missing, http.StatusNotFound, "unknown code")
		if e := wrong.err(t); e.Error.Code != congvu.ENOTFOUND || !hasVietnamese(e.Error.Message) || !bytes.Equal(wrong.Body, missing.Body) {
			t.Errorf("wrong secret %s, unknown code %s", wrong.Body, missing.Body)
		}

		// Per code and address: after MaxTrackFailuresPerCode failures from
		// one address, even the right secret is refused there for the hour;
		// the reporter, elsewhere, still gets through.
		for i := 1; i < petition.MaxTrackFailuresPerCode; i++ {
			wantStatus(t, f.doFrom("198.51.100.1", "POST", "/api/v1/petitions/track", "",
				map[string]any{"tracking_code": rc.TrackingCode, "secret": "khongdung"}), http.StatusNotFound, "wrong secret")
		}
		r := f.doFrom("198.51.100.1", "POST", "/api/v1/petitions/track", "", map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret})
		wantStatus(t, r, http.StatusTooManyRequests, "code locked")
		if e := r.err(t); e.Error.Code != congvu.ELIMIT || !hasVietnamese(e.Error.Message) {
			t.Errorf("code locked: %s", r.Body)
		}
		if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s <= 0 || s > 3600 {
			t.Errorf("Retry-After %q", r.Header.Get("Retry-After"))
		}
		wantStatus(t, f.doFrom("198.51.100.1", "POST", "/api/v1/petitions/track/messages", "",
			map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret, "body": "Xin cho biết tiến độ."}), http.StatusTooManyRequests, "message to a locked code")
		wantStatus(t, f.doFrom("198.51.100.99", "POST", "/api/v1/petitions/track", "",
			map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret}), http.StatusOK, "the reporter from another address")
		// Other petitions are not locked.
		wantStatus(t, f.doFrom("198.51.100.99", "POST", "/api/v1/petitions/track", "",
			map[string]any{"tracking_code": other.TrackingCode, "secret": other.Secret}), http.StatusOK, "other petition")

		// Per IP: after MaxTrackFailuresPerIP failures, every lookup from
		// that address is refused; other addresses still get through.
		for i := range petition.MaxTrackFailuresPerIP {
			wantStatus(t, f.doFrom("192.0.2.50", "POST", "/api/v1/petitions/track", "",
				map[string]any{"tracking_code": fmt.Sprintf("PA-AAAA-AAA%d", i%8+2), "secret": "x"}), http.StatusNotFound, "guess")
		}
		wantStatus(t, f.doFrom("192.0.2.50", "POST", "/api/v1/petitions/track", "",
			map[string]any{"tracking_code": other.TrackingCode, "secret": other.Secret}), http.StatusTooManyRequests, "address locked")
		wantStatus(t, f.doFrom("192.0.2.51", "POST", "/api/v1/petitions/track", "",
			map[string]any{"tracking_code": other.TrackingCode, "secret": other.Secret}), http.StatusOK, "other address")

		// Tracking reads no token, so nobody may give a citizen's address
		// (client_ip): it is refused, with a token or without.
		wantStatus(t, f.doFrom("192.0.2.50", "POST", "/api/v1/petitions/track", f.admin,
			map[string]any{"tracking_code": other.TrackingCode, "secret": other.Secret, "client_ip": "203.0.113.20"}), http.StatusBadRequest, "app for a citizen")
		r = f.doFrom("192.0.2.50", "POST", "/api/v1/petitions/track", "",
			map[string]any{"tracking_code": other.TrackingCode, "secret": other.Secret, "client_ip": "203.0.113.20"})
		wantStatus(t, r, http.StatusBadRequest, "client_ip without token")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["client_ip"]) {
			t.Errorf("client_ip without token: %s", r.Body)
		}
	})
}

func TestPetitionStaffScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		rc := f.submit(petitionAbout(f.badge(f.offA1)))
		id := f.idOf(rc.TrackingCode)
		path := fmt.Sprintf("/api/v1/petitions/%d", id)

		// Every staff route needs a token.
		for _, p := range []struct{ m, p string }{
			{"GET", "/api/v1/petitions"}, {"GET", "/api/v1/petitions/stats"}, {"GET", path},
			{"POST", path + "/steps"}, {"POST", path + "/notes"}, {"POST", path + "/replies"}, {"POST", path + "/reveal"},
		} {
			wantStatus(t, f.do(p.m, p.p, "", map[string]any{}), http.StatusUnauthorized, p.m+" "+p.p)
		}
		wantStatus(t, f.do("GET", "/api/v1/openapi.json", f.revoked, nil), http.StatusUnauthorized, "public route with a revoked token")
		// Tracking reads no token at all (a reporter's anonymous act).
		wantStatus(t, f.do("POST", "/api/v1/petitions/track", f.revoked, map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret}),
			http.StatusOK, "tracking with a revoked token")

		var l petitionList
		r := f.do("GET", "/api/v1/petitions", f.headA, nil)
		wantStatus(t, r, http.StatusOK, "list")
		r.decode(t, &l)
		if l.Total != 1 || len(l.Items) != 1 || l.Items[0].ID != id || l.Limit == 0 {
			t.Errorf("head of A lists %s", r.Body)
		}
		if strings.Contains(string(r.Body), reporterEmail) || strings.Contains(string(r.Body), "Phạm Thị Hoa") || strings.Contains(string(r.Body), rc.Secret) {
			t.Errorf("list shows the reporter or the secret: %s", r.Body)
		}

		// Outside the scope: nothing listed, the petition does not exist.
		missing := f.do("GET", "/api/v1/petitions/99999999", f.headB, nil)
		wantStatus(t, missing, http.StatusNotFound, "missing petition")
		for name, tok := range map[string]string{"head of B": f.headB, "the subject": f.subject} {
			l = petitionList{}
			f.do("GET", "/api/v1/petitions", tok, nil).decode(t, &l)
			if l.Total != 0 || len(l.Items) != 0 {
				t.Errorf("%s lists %+v", name, l)
			}
			r := f.do("GET", path, tok, nil)
			wantStatus(t, r, http.StatusNotFound, name+" reads")
			if !bytes.Equal(r.Body, missing.Body) {
				t.Errorf("%s: the petition answers unlike a missing one: %s", name, r.Body)
			}
			for p, body := range map[string]map[string]any{"/steps": {"step": "accept"}, "/notes": {"body": "Ghi chú"},
				"/replies": {"body": goodReply}, "/reveal": {"reason": "Cần liên hệ để xác minh"}} {
				wantStatus(t, f.do("POST", path+p, tok, body), http.StatusNotFound, name+" "+p)
			}
		}
		wantStatus(t, f.do("GET", "/api/v1/petitions/abc", f.headA, nil), http.StatusNotFound, "malformed id")

		// Filters.
		today := time.Now().In(congvu.TimeZone).Format(time.DateOnly)
		for q, want := range map[string]int{
			"?status=received": 1, "?status=closed": 0, "?category=harassment": 1, "?category=delay": 0,
			fmt.Sprintf("?unit_id=%d", f.a1.ID): 1, fmt.Sprintf("?unit_id=%d", f.b.ID): 0,
			fmt.Sprintf("?official_id=%d", f.offA1.ID): 1, "?overdue=true": 0, "?escalated=true": 0,
			"?from=" + today + "&to=" + today: 1, "?to=2020-01-01": 0, "?q=giay+xac+nhan": 1, "?q=" + rc.TrackingCode: 1,
			"?sort=due&limit=1": 1,
		} {
			l = petitionList{}
			r := f.do("GET", "/api/v1/petitions"+q, f.headA, nil)
			wantStatus(t, r, http.StatusOK, q)
			r.decode(t, &l)
			if l.Total != want {
				t.Errorf("%s: %d petitions, want %d", q, l.Total, want)
			}
		}
		r = f.do("GET", "/api/v1/petitions?status=open&category=x&sort=old&overdue=maybe&from=hôm-qua&limit=0", f.headA, nil)
		wantStatus(t, r, http.StatusBadRequest, "bad filters")
		for _, field := range []string{"status", "category", "sort", "overdue", "from", "limit"} {
			if e := r.err(t); !hasVietnamese(e.Error.Fields[field]) {
				t.Errorf("filter %s: %s", field, r.Body)
			}
		}
	})
}

// goodReply passes every courtesy check, the apology included.
const goodReply = "Kính gửi Bà Phạm Thị Hoa,\n" +
	"Chúng tôi trân trọng cảm ơn Bà đã phản ánh. Qua xác minh, nội dung Bà phản ánh là đúng: cán bộ đã yêu cầu nộp giấy tờ không có trong quy định. " +
	"Chúng tôi thành thật xin lỗi Bà. Cơ quan đã yêu cầu cán bộ kiểm điểm và sẽ giải quyết hồ sơ của Bà trong tuần này.\n" +
	"Trân trọng cảm ơn Bà."

func TestPetitionWorkflow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		rc := f.submit(petitionAbout(f.badge(f.offA1)))
		id := f.idOf(rc.TrackingCode)
		path := fmt.Sprintf("/api/v1/petitions/%d", id)
		step := func(token string, body map[string]any, want int, what string) response {
			t.Helper()
			r := f.do("POST", path+"/steps", token, body)
			wantStatus(t, r, want, what)
			return r
		}

		// The national administrator sees petitions but does not handle them.
		r := step(f.admin, map[string]any{"step": "accept"}, http.StatusForbidden, "admin accepts")
		if e := r.err(t); e.Error.Code != congvu.EFORBIDDEN || !hasVietnamese(e.Error.Message) {
			t.Errorf("admin accepts: %s", r.Body)
		}
		// Steps the status does not allow, unknown steps, missing reasons.
		r = step(f.headA, map[string]any{"step": "close"}, http.StatusConflict, "close a new petition")
		if e := r.err(t); e.Error.Code != congvu.ECONFLICT || !hasVietnamese(e.Error.Message) {
			t.Errorf("close a new petition: %s", r.Body)
		}
		r = step(f.headA, map[string]any{"step": "approve"}, http.StatusBadRequest, "unknown step")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["step"]) {
			t.Errorf("unknown step: %s", r.Body)
		}
		r = step(f.headA, map[string]any{"step": "reject"}, http.StatusBadRequest, "reject without reason")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["reason"]) {
			t.Errorf("reject without reason: %s", r.Body)
		}

		var p petition.Petition
		step(f.headA, map[string]any{"step": "accept", "note": "Đủ điều kiện thụ lý"}, http.StatusOK, "accept").decode(t, &p)
		if p.Status != petition.Accepted || p.ID != id {
			t.Errorf("accepted %+v", p)
		}
		// Never to the subject's own unit.
		r = step(f.headA, map[string]any{"step": "assign", "unit_id": f.a1.ID}, http.StatusBadRequest, "assign to the subject's unit")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["unit_id"]) {
			t.Errorf("assign to the subject's unit: %s", r.Body)
		}
		step(f.headA, map[string]any{"step": "assign"}, http.StatusOK, "assign").decode(t, &p)
		if p.Status != petition.Assigned || p.HandlerUnitID != f.a.ID || p.DueAt == nil {
			t.Errorf("assigned %+v", p)
		}
		step(f.headA, map[string]any{"step": "verify"}, http.StatusOK, "verify")

		// A note, for handlers only.
		r = f.do("POST", path+"/notes", f.headA, map[string]any{"body": "Đã làm việc với cán bộ Đức ngày 12."})
		wantStatus(t, r, http.StatusCreated, "note")
		var note petition.Note
		r.decode(t, &note)
		if note.ID == 0 || note.Body != "Đã làm việc với cán bộ Đức ngày 12." {
			t.Errorf("note %s", r.Body)
		}
		r = f.do("POST", path+"/notes", f.headA, map[string]any{"body": ""})
		wantStatus(t, r, http.StatusBadRequest, "empty note")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["body"]) {
			t.Errorf("empty note: %s", r.Body)
		}

		// A founded conclusion names the breached items.
		r = step(f.headA, map[string]any{"step": "conclude", "conclusion": "founded", "text": "Có yêu cầu giấy tờ ngoài quy định."}, http.StatusBadRequest, "conclude without items")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["items"]) {
			t.Errorf("conclude without items: %s", r.Body)
		}
		step(f.headA, map[string]any{"step": "conclude", "conclusion": "founded", "text": "Có yêu cầu giấy tờ ngoài quy định.", "items": []string{"TT-NHN"},
			"conclusion_public": true}, http.StatusOK, "conclude").decode(t, &p)
		if !p.ConclusionPublic {
			t.Errorf("conclusion_public not kept: %+v", p)
		}
		if p.Status != petition.Concluded || p.Conclusion != petition.ConclusionFounded || strings.Join(p.BreachedItems, ",") != "TT-NHN" {
			t.Errorf("concluded %+v", p)
		}
		step(f.headA, map[string]any{"step": "close"}, http.StatusConflict, "close before replying")

		// The reply: held back while a required check fails — here the
		// apology, since the petition was founded — unless confirmed.
		noApology := strings.Replace(goodReply, "Chúng tôi thành thật xin lỗi Bà. ", "", 1)
		r = f.do("POST", path+"/replies", f.headA, map[string]any{"body": noApology})
		wantStatus(t, r, http.StatusUnprocessableEntity, "reply without apology")
		var held struct {
			apiError
			Courtesy courtesyResult `json:"courtesy"`
		}
		r.decode(t, &held)
		if held.Error.Code != congvu.EINVALID || !hasVietnamese(held.Error.Message) || !hasVietnamese(held.Error.Fields["body"]) ||
			held.Courtesy.Ready || !held.Courtesy.failed("apology") || held.Courtesy.failed("greeting") || held.Courtesy.Total == 0 {
			t.Errorf("held reply: %s", r.Body)
		}
		for _, c := range held.Courtesy.Checks {
			if c.Code == "apology" && (!c.Required || !hasVietnamese(c.Suggestion)) {
				t.Errorf("apology check %+v", c)
			}
		}
		if d := f.detail(f.headA, id); len(d.Messages) != 0 {
			t.Errorf("a held reply was sent: %+v", d.Messages)
		}
		// The administrator may not reply at all.
		wantStatus(t, f.do("POST", path+"/replies", f.admin, map[string]any{"body": goodReply}), http.StatusForbidden, "admin replies")
		wantStatus(t, f.do("POST", path+"/replies", f.headA, map[string]any{"body": " "}), http.StatusBadRequest, "empty reply")
		// A reply still holding a blank of the starting draft is refused,
		// confirmed or not, as on the web form.
		blank := goodReply + "\n" + petition.ReplyPlaceholders[0]
		r = f.do("POST", path+"/replies", f.headA, map[string]any{"body": blank, "confirm": true})
		wantStatus(t, r, http.StatusBadRequest, "reply with a blank of the draft")
		if e := r.err(t); !strings.Contains(e.Error.Fields["body"], "Thư còn chỗ cần điền") {
			t.Errorf("blank in the reply: %s", r.Body)
		}
		if d := f.detail(f.headA, id); len(d.Messages) != 0 {
			t.Errorf("a reply with a blank was sent: %+v", d.Messages)
		}

		r = f.do("POST", path+"/replies", f.headA, map[string]any{"body": goodReply})
		wantStatus(t, r, http.StatusCreated, "reply")
		var sent struct {
			Message  petition.Message `json:"message"`
			Courtesy courtesyResult   `json:"courtesy"`
		}
		r.decode(t, &sent)
		if !sent.Message.FromAgency || strings.Join(strings.Fields(sent.Message.Body), " ") != strings.Join(strings.Fields(goodReply), " ") || sent.Message.AuthorName != f.a.Name ||
			!sent.Courtesy.Ready || sent.Courtesy.Score != sent.Courtesy.Total {
			t.Errorf("reply %s", r.Body)
		}
		// A curt follow-up goes only when confirmed.
		wantStatus(t, f.do("POST", path+"/replies", f.headA, map[string]any{"body": "Đã xử lý xong."}), http.StatusUnprocessableEntity, "curt reply")
		r = f.do("POST", path+"/replies", f.headA, map[string]any{"body": "Đã xử lý xong.", "confirm": true})
		wantStatus(t, r, http.StatusCreated, "curt reply, confirmed")
		sent.Courtesy = courtesyResult{}
		r.decode(t, &sent)
		if sent.Courtesy.Ready || sent.Message.Body != "Đã xử lý xong." {
			t.Errorf("confirmed reply %s", r.Body)
		}

		step(f.headA, map[string]any{"step": "close", "note": "Đã trả lời người phản ánh"}, http.StatusOK, "close").decode(t, &p)
		if p.Status != petition.Closed || p.ClosedAt == nil {
			t.Errorf("closed %+v", p)
		}
		step(f.headA, map[string]any{"step": "accept"}, http.StatusConflict, "step after closing")

		// The history, for those who handle it (an administrator, who only
		// oversees, reads no internal notes).
		if d := f.detail(f.admin, id); len(d.Notes) != 0 {
			t.Errorf("the administrator reads %d internal notes", len(d.Notes))
		}
		d := f.detail(f.headA, id)
		var kinds []string
		for _, e := range d.Events {
			kinds = append(kinds, e.Kind)
		}
		if got := strings.Join(kinds, ","); got != "submit,accept,assign,verify,conclude,close" {
			t.Errorf("events %s", got)
		}
		if len(d.Messages) != 2 || len(d.Notes) != 1 || len(d.NextSteps) != 0 {
			t.Errorf("detail messages %d notes %d next %v", len(d.Messages), len(d.Notes), d.NextSteps)
		}

		// The reporter's view: the outcome and the replies, no notes.
		r = f.do("POST", "/api/v1/petitions/track", "", map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret})
		wantStatus(t, r, http.StatusOK, "track closed")
		var pub petition.Public
		r.decode(t, &pub)
		if pub.Status != petition.Closed || pub.Conclusion != petition.ConclusionFounded || len(pub.Messages) != 2 || pub.DueAt != nil ||
			pub.ConclusionText == "" || !pub.MayWrite || pub.WriteUntil == nil || pub.ClosedAt == nil || !pub.WriteUntil.Equal(pub.ClosedAt.Add(petition.ReopenWindow)) {
			t.Errorf("tracked %s", r.Body)
		}
		if strings.Contains(string(r.Body), "cán bộ Đức ngày 12") {
			t.Errorf("the reporter sees an internal note: %s", r.Body)
		}
		// Within 30 days of closing, a thank-you is received, the petition
		// staying closed; a message contesting the result reopens it.
		r = f.do("POST", "/api/v1/petitions/track/messages", "", map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret, "body": "Cảm ơn cơ quan."})
		wantStatus(t, r, http.StatusCreated, "message after closing")
		var thanked petition.Public
		r.decode(t, &thanked)
		if thanked.Status != petition.Closed || thanked.DueAt != nil || !thanked.MayReopen || len(thanked.Messages) != 3 {
			t.Errorf("after a thank-you on the closed petition: %s", r.Body)
		}
		r = f.do("POST", "/api/v1/petitions/track/messages", "", map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret,
			"body": "Tôi chưa đồng ý với kết quả.", "reopen": true})
		wantStatus(t, r, http.StatusCreated, "contesting after closing")
		var reopened petition.Public
		r.decode(t, &reopened)
		if reopened.Status != petition.ReopenTo || reopened.DueAt == nil || reopened.WriteUntil != nil {
			t.Errorf("after a message on the closed petition: %s", r.Body)
		}
	})
}

func TestPetitionReveal(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		id := f.idOf(f.submit(petitionAbout(f.badge(f.offA1))).TrackingCode)
		path := fmt.Sprintf("/api/v1/petitions/%d/reveal", id)
		reason := map[string]any{"reason": "Cần liên hệ để xác minh thời điểm hẹn"}

		// The administrator sees the petition but not who made it.
		r := f.do("POST", path, f.admin, reason)
		wantStatus(t, r, http.StatusForbidden, "admin reveals")
		if e := r.err(t); e.Error.Code != congvu.EFORBIDDEN || !hasVietnamese(e.Error.Message) || strings.Contains(string(r.Body), reporterEmail) {
			t.Errorf("admin reveals: %s", r.Body)
		}
		wantStatus(t, f.do("POST", path, f.headB, reason), http.StatusNotFound, "outsider reveals")
		wantStatus(t, f.do("POST", path, f.subject, reason), http.StatusNotFound, "the subject reveals")
		r = f.do("POST", path, f.headA, map[string]any{"reason": "xem"})
		wantStatus(t, r, http.StatusBadRequest, "reveal without a real reason")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["reason"]) {
			t.Errorf("short reason: %s", r.Body)
		}
		if d := f.detail(f.headA, id); len(d.IdentityViews) != 0 {
			t.Errorf("refused readings logged: %+v", d.IdentityViews)
		}

		r = f.do("POST", path, f.headA, reason)
		wantStatus(t, r, http.StatusOK, "handler reveals")
		var rep petition.Reporter
		r.decode(t, &rep)
		if rep.Name != "Phạm Thị Hoa" || rep.Email != reporterEmail || rep.Phone != "0912 345 678" {
			t.Errorf("reporter %s", r.Body)
		}
		if r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("identity cacheable: %q", r.Header.Get("Cache-Control"))
		}
		r = f.do("GET", fmt.Sprintf("/api/v1/petitions/%d", id), f.admin, nil)
		if strings.Contains(string(r.Body), reporterEmail) || strings.Contains(string(r.Body), "Phạm Thị Hoa") {
			t.Errorf("the detail shows the reporter after a reveal: %s", r.Body)
		}
		if d := f.detail(f.admin, id); len(d.IdentityViews) != 0 {
			t.Errorf("the administrator reads identity views %+v", d.IdentityViews)
		}
		d := f.detail(f.headA, id)
		if len(d.IdentityViews) != 1 || d.IdentityViews[0].Reason != reason["reason"] || d.IdentityViews[0].UserName != "Người dùng thutruong.a" {
			t.Errorf("identity views %+v", d.IdentityViews)
		}

		// An anonymous petition has nobody to reveal.
		anon := f.submit(map[string]any{"category": "delay", "unit_id": f.a1.ID, "description": "Hồ sơ đất đai quá hẹn ba tuần chưa trả.", "anonymous": true})
		wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/petitions/%d/reveal", f.idOf(anon.TrackingCode)), f.headA, reason), http.StatusNotFound, "reveal anonymous")
	})
}

// Stats last: the dashboard service was the newest part when written.
func TestPetitionStats(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		f.submit(petitionAbout(f.badge(f.offA1)))
		f.submit(map[string]any{"category": "delay", "unit_id": f.a1.ID, "description": "Hồ sơ đất đai quá hẹn ba tuần chưa trả.", "anonymous": true})
		f.submit(petitionAbout(f.badge(f.offB)))

		r := f.do("GET", fmt.Sprintf("/api/v1/petitions/stats?unit_id=%d", f.a.ID), f.headA, nil)
		wantStatus(t, r, http.StatusOK, "stats")
		var st petition.Stats
		r.decode(t, &st)
		if st.UnitID != f.a.ID || st.Total != 2 || st.Open != 2 || len(st.ByCategory) == 0 {
			t.Errorf("stats %s", r.Body)
		}
		for _, list := range []string{`"by_category":[`, `"by_status":[`, `"by_unit":[`, `"by_item":[`, `"stages":[`, `"top_officials":[`, `"top_units":[`} {
			if !strings.Contains(string(r.Body), list) {
				t.Errorf("stats: %s is not a list: %s", list, r.Body)
			}
		}
		today := time.Now().In(congvu.TimeZone).Format(time.DateOnly)
		st = petition.Stats{}
		f.do("GET", "/api/v1/petitions/stats?unit_id=1&from="+today+"&to="+today, f.admin, nil).decode(t, &st)
		if st.Total != 3 {
			t.Errorf("national stats today: %d, want 3", st.Total)
		}
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/petitions/stats?unit_id=%d", f.a.ID), f.headB, nil), http.StatusNotFound, "stats out of scope")
		r = f.do("GET", "/api/v1/petitions/stats?unit_id=x&from=01/07/2026", f.headA, nil)
		wantStatus(t, r, http.StatusBadRequest, "bad stats filter")
		for _, field := range []string{"unit_id", "from"} {
			if e := r.err(t); !hasVietnamese(e.Error.Fields[field]) {
				t.Errorf("stats filter %s: %s", field, r.Body)
			}
		}
		r = f.do("GET", "/api/v1/petitions/stats?from=2026-09-01&to=2026-08-01", f.headA, nil)
		wantStatus(t, r, http.StatusBadRequest, "reversed range")
	})
}

// A page outside what the storage pages through is refused, field by
// field in Vietnamese: a negative offset or limit, and an offset so large
// that offset + page overflows (has_more then said a next page existed).
func TestPetitionListRefusesBadPage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		for q, field := range map[string]string{
			"offset=-1":                  "offset",
			"offset=-1000&limit=5":       "offset",
			"limit=-5":                   "limit",
			"offset=9223372036854775807": "offset",
			"offset=9223372036854775000": "offset",
		} {
			r := f.do("GET", "/api/v1/petitions?"+q, f.admin, nil)
			wantStatus(t, r, http.StatusBadRequest, q)
			var b struct {
				Error struct {
					Code   string            `json:"code"`
					Fields map[string]string `json:"fields"`
				} `json:"error"`
			}
			if err := json.Unmarshal(r.Body, &b); err != nil {
				t.Fatal(err)
			}
			if e := b.Error; e.Code != congvu.EINVALID || !hasVietnamese(e.Fields[field]) {
				t.Errorf("%s: %s", q, r.Body)
			}
		}
	})
}

// Past petition.MaxCount petitions the total says "more than", and
// has_more says exactly whether a next page holds any: a client pages
// until it is false and sees every petition once.
func TestPetitionListHasMore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		n := petition.MaxCount + 5
		if err := devdata.GeneratePetitions(f.sys, db, n, nil); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			offset, limit, items int
			more                 bool
		}{
			{0, 20, 20, true},
			{n - 500, 500, 500, false}, // a full last page
			{n - 501, 500, 500, true},
			{n - 3, 500, 3, false},
			{n, 500, 0, false},
		} {
			var l petitionList
			f.do("GET", fmt.Sprintf("/api/v1/petitions?offset=%d&limit=%d", c.offset, c.limit), f.admin, nil).decode(t, &l)
			if len(l.Items) != c.items || l.HasMore == nil || *l.HasMore != c.more {
				t.Errorf("offset %d limit %d: %d items, has_more %v; want %d, %v", c.offset, c.limit, len(l.Items), l.HasMore, c.items, c.more)
			}
		}
		seen := map[int64]bool{}
		for offset := 0; ; {
			var l petitionList
			f.do("GET", fmt.Sprintf("/api/v1/petitions?offset=%d&limit=500", offset), f.admin, nil).decode(t, &l)
			for _, p := range l.Items {
				if seen[p.ID] {
					t.Fatalf("petition %d listed twice", p.ID)
				}
				seen[p.ID] = true
			}
			offset += len(l.Items)
			if l.HasMore == nil || !*l.HasMore {
				break
			}
		}
		if len(seen) != n {
			t.Errorf("paging until has_more is false saw %d petitions of %d", len(seen), n)
		}
	})
}

// An anonymous petition concluded and closed through the API leaves the
// reporter a text: a conclusion neither public nor summarised is refused
// (EINVALID on reporter_summary); with a summary, the closing reply and
// the tracking view give the reporter the summary, not the internal text.
func TestPetitionAPIConclusionLeavesTheReporterAText(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		body := petitionAbout(f.badge(f.offA1))
		body["anonymous"] = true
		delete(body, "reporter")
		rc := f.submit(body)
		path := fmt.Sprintf("/api/v1/petitions/%d/steps", f.idOf(rc.TrackingCode))
		for _, s := range []string{"accept", "assign", "verify"} {
			wantStatus(t, f.do("POST", path, f.headA, map[string]any{"step": s}), http.StatusOK, s)
		}
		internal := "Nội bộ: chuyên viên B chậm trình ký, đã nhắc nhở."
		r := f.do("POST", path, f.headA, map[string]any{"step": "conclude", "conclusion": "unfounded", "text": internal})
		wantStatus(t, r, http.StatusBadRequest, "conclude with no text for the reporter")
		if e := r.err(t); e.Error.Code != congvu.EINVALID || !hasVietnamese(e.Error.Fields["reporter_summary"]) {
			t.Errorf("conclude with no text for the reporter: %s", r.Body)
		}
		summary := "Sau xác minh, nội dung phản ánh không có cơ sở; hồ sơ của anh/chị đã được trả đúng hạn."
		wantStatus(t, f.do("POST", path, f.headA, map[string]any{"step": "conclude", "conclusion": "unfounded", "text": internal,
			"reporter_summary": summary}), http.StatusOK, "conclude with a summary")
		wantStatus(t, f.do("POST", path, f.headA, map[string]any{"step": "close"}), http.StatusOK, "close")
		r = f.do("POST", "/api/v1/petitions/track", "", map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret})
		wantStatus(t, r, http.StatusOK, "track")
		var pub petition.Public
		r.decode(t, &pub)
		if pub.ConclusionText != summary || len(pub.Messages) != 1 || !strings.Contains(pub.Messages[0].Body, summary) ||
			strings.Contains(string(r.Body), internal) {
			t.Errorf("the reporter tracking the closed petition: %s", r.Body)
		}
	})
}
