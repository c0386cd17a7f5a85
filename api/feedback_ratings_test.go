package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// badge returns the badge token of an official (read as the system).
func (f *fixture) badge(o *org.Official) string {
	f.t.Helper()
	full, err := f.svc.Officials.FindOfficialByID(f.sys, o.ID)
	if err != nil || full.BadgeToken == "" {
		f.t.Fatalf("badge of %s: %v", o.FullName, err)
	}
	return full.BadgeToken
}

type feedbackList struct {
	Items []feedback.Feedback `json:"items"`
	Total int                 `json:"total"`
}

func allYes(no ...string) map[string]bool {
	m := map[string]bool{}
	for _, c := range feedback.FourXinCodes {
		m[c] = true
	}
	for _, c := range no {
		m[c] = false
	}
	return m
}

func TestSubmitFeedback(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		badge := f.badge(f.offA1)
		body := map[string]any{"badge_token": badge, "satisfaction": "very_satisfied", "answers": allYes("GT-XL"),
			"comment": "Cán bộ hướng dẫn rất tận tình", "contact": "0912 345 678", "idempotency_key": "dvc-0001", "client_ip": "203.0.113.9"}

		// An integration needs a token: a public badge page exists for
		// citizens, the API is for systems.
		wantStatus(t, f.do("POST", "/api/v1/feedback", "", body), http.StatusUnauthorized, "without token")

		r := f.do("POST", "/api/v1/feedback", f.headA, body)
		wantStatus(t, r, http.StatusCreated, "submit")
		var fb feedback.Feedback
		r.decode(t, &fb)
		if fb.ID == 0 || fb.OfficialID != f.offA1.ID || fb.UnitID != f.a1.ID || fb.Channel != feedback.ChannelBadge ||
			fb.Status != feedback.Accepted || fb.Satisfaction != feedback.VerySatisfied || fb.Comment != "Cán bộ hướng dẫn rất tận tình" {
			t.Errorf("stored %+v", fb)
		}
		if len(fb.Answers) != 8 || fb.Answers["GT-XL"] || !fb.Answers["GT-GD"] {
			t.Errorf("answers %v", fb.Answers)
		}
		if strings.Contains(string(r.Body), "dvc-0001") || strings.Contains(string(r.Body), "203.0.113.9") {
			t.Errorf("response shows the key or the IP: %s", r.Body)
		}

		// The same key again: the same rating, stored once.
		r = f.do("POST", "/api/v1/feedback", f.headA, body)
		wantStatus(t, r, http.StatusCreated, "replay")
		var again feedback.Feedback
		r.decode(t, &again)
		if again.ID != fb.ID {
			t.Errorf("replay stored a new rating %d, first %d", again.ID, fb.ID)
		}
		// Another integration's key space is its own.
		r = f.do("POST", "/api/v1/feedback", f.admin, body)
		wantStatus(t, r, http.StatusCreated, "same key, other account")
		var other feedback.Feedback
		r.decode(t, &other)
		if other.ID == fb.ID {
			t.Error("two accounts share an idempotency key")
		}
		var l feedbackList
		f.do("GET", fmt.Sprintf("/api/v1/feedback?official_id=%d", f.offA1.ID), f.admin, nil).decode(t, &l)
		if l.Total != 2 {
			t.Errorf("%d ratings of the official, want 2", l.Total)
		}

		// Rating by id: an integration with the right to manage the unit.
		r = f.do("POST", "/api/v1/feedback", f.headA, map[string]any{"official_id": f.offA1.ID, "satisfaction": "satisfied"})
		wantStatus(t, r, http.StatusCreated, "by official id")
		r.decode(t, &fb)
		if fb.Channel != feedback.ChannelAPI || fb.OfficialID != f.offA1.ID {
			t.Errorf("by id: %+v", fb)
		}
		r = f.do("POST", "/api/v1/feedback", f.headA, map[string]any{"unit_id": f.b.ID, "satisfaction": "satisfied"})
		wantStatus(t, r, http.StatusNotFound, "unit out of scope")
		wantStatus(t, f.do("POST", "/api/v1/feedback", f.headA, map[string]any{"badge_token": "khong-co-the-nay", "satisfaction": "satisfied"}),
			http.StatusNotFound, "unknown badge")

		// Validation: Vietnamese, per field; nothing stored.
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"satisfaction", map[string]any{"badge_token": badge, "satisfaction": "tuyệt vời"}, "satisfaction"},
			{"no satisfaction", map[string]any{"badge_token": badge}, "satisfaction"},
			{"answers", map[string]any{"badge_token": badge, "satisfaction": "satisfied", "answers": map[string]bool{"XYZ": true}}, "answers"},
			{"comment", map[string]any{"badge_token": badge, "satisfaction": "satisfied", "comment": strings.Repeat("dài ", 600)}, "comment"},
			{"client ip", map[string]any{"badge_token": badge, "satisfaction": "satisfied", "client_ip": "một.hai.ba.bốn"}, "client_ip"},
			{"key", map[string]any{"badge_token": badge, "satisfaction": "satisfied", "idempotency_key": strings.Repeat("k", 65)}, "idempotency_key"},
			{"type", map[string]any{"badge_token": badge, "satisfaction": "satisfied", "official_id": "mười"}, "official_id"},
			{"unknown field", map[string]any{"badge_token": badge, "satisfaction": "satisfied", "website": "x"}, "website"},
		} {
			r := f.do("POST", "/api/v1/feedback", f.headA, c.body)
			wantStatus(t, r, http.StatusBadRequest, c.name)
			if e := r.err(t); e.Error.Code != congvu.EINVALID || !hasVietnamese(e.Error.Message) || !hasVietnamese(e.Error.Fields[c.field]) {
				t.Errorf("%s: %s", c.name, r.Body)
			}
		}
		r = f.do("POST", "/api/v1/feedback", f.headA, map[string]any{"badge_token": badge, "unit_token": "x", "satisfaction": "satisfied"})
		wantStatus(t, r, http.StatusBadRequest, "two targets")
		if e := r.err(t); !hasVietnamese(e.Error.Message) {
			t.Errorf("two targets: %s", r.Body)
		}
		f.do("GET", "/api/v1/feedback", f.admin, nil).decode(t, &l)
		if l.Total != 3 {
			t.Errorf("%d ratings stored, want 3", l.Total)
		}
	})
}

func TestFeedbackListAndReview(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		badgeA, badgeB := f.badge(f.offA1), f.badge(f.offB)
		// A burst: more than BurstPerOfficial ratings of one official within
		// the burst window, from different addresses; the last are flagged.
		n := feedback.BurstPerOfficial + 2
		var flagged []int64
		for i := range n {
			r := f.do("POST", "/api/v1/feedback", f.admin, map[string]any{"badge_token": badgeA, "satisfaction": "very_satisfied",
				"client_ip": fmt.Sprintf("198.51.100.%d", i+1), "comment": fmt.Sprintf("Rất tận tình, lần %d", i)})
			wantStatus(t, r, http.StatusCreated, "burst")
			var fb feedback.Feedback
			r.decode(t, &fb)
			if fb.Status == feedback.Flagged {
				flagged = append(flagged, fb.ID)
			}
		}
		if len(flagged) == 0 {
			t.Fatalf("no rating of %d in a burst was flagged", n)
		}
		wantStatus(t, f.do("POST", "/api/v1/feedback", f.admin, map[string]any{"badge_token": badgeB, "satisfaction": "dissatisfied",
			"comment": "Phải chờ lâu, cán bộ không xin lỗi"}), http.StatusCreated, "rating in B")

		sqldbtest.NextDay(db) // non-reviewers see a rating from the next day on
		// Scope: the head of A sees A's ratings only.
		var l feedbackList
		r := f.do("GET", "/api/v1/feedback", f.headA, nil)
		wantStatus(t, r, http.StatusOK, "list")
		r.decode(t, &l)
		if l.Total != n {
			t.Errorf("head of A lists %d ratings, want %d", l.Total, n)
		}
		for _, fb := range l.Items {
			if fb.UnitID != f.a1.ID {
				t.Errorf("head of A sees a rating of unit %d", fb.UnitID)
			}
		}
		f.do("GET", "/api/v1/feedback?status=flagged", f.admin, nil).decode(t, &l)
		if l.Total != len(flagged) {
			t.Errorf("flagged: %d, want %d", l.Total, len(flagged))
		}
		f.do("GET", "/api/v1/feedback?q="+url.QueryEscape("khong xin loi"), f.admin, nil).decode(t, &l)
		if l.Total != 1 || l.Items[0].OfficialID != f.offB.ID {
			t.Errorf("search without diacritics: %+v", l)
		}
		today := time.Now().In(congvu.TimeZone).Format(time.DateOnly)
		f.do("GET", "/api/v1/feedback?from="+today+"&to="+today, f.admin, nil).decode(t, &l)
		if l.Total != n+1 {
			t.Errorf("today: %d ratings, want %d", l.Total, n+1)
		}
		r = f.do("GET", "/api/v1/feedback?status=good&from=hôm-qua&limit=0", f.admin, nil)
		wantStatus(t, r, http.StatusBadRequest, "bad filter")
		for _, field := range []string{"status", "from", "limit"} {
			if e := r.err(t); !hasVietnamese(e.Error.Fields[field]) {
				t.Errorf("filter field %s: %s", field, r.Body)
			}
		}

		// Review: a unit head may not; a supervisor of the whole tree may.
		path := fmt.Sprintf("/api/v1/feedback/%d/review", flagged[0])
		wantStatus(t, f.do("POST", path, f.headA, map[string]any{"status": "accepted"}), http.StatusForbidden, "unit head reviews")
		dash := func() feedback.Dashboard {
			var d feedback.Dashboard
			r := f.do("GET", fmt.Sprintf("/api/v1/dashboards/units/%d", f.a.ID), f.admin, nil)
			wantStatus(t, r, http.StatusOK, "dashboard")
			r.decode(t, &d)
			return d
		}
		before := dash()
		if before.Tally.Flagged != len(flagged) || before.Tally.Total != n-len(flagged) {
			t.Errorf("before review: %+v", before.Tally)
		}
		r = f.do("POST", path, f.admin, map[string]any{"status": "accepted", "note": "Đã xác minh với người dân"})
		wantStatus(t, r, http.StatusOK, "review")
		var fb feedback.Feedback
		r.decode(t, &fb)
		if fb.Status != feedback.Accepted || fb.ID != flagged[0] {
			t.Errorf("reviewed %+v", fb)
		}
		after := dash()
		if after.Tally.Flagged != before.Tally.Flagged-1 || after.Tally.Total != before.Tally.Total+1 {
			t.Errorf("after review: %+v, before %+v", after.Tally, before.Tally)
		}
		r = f.do("POST", path, f.admin, map[string]any{"status": "maybe"})
		wantStatus(t, r, http.StatusBadRequest, "bad status")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["status"]) {
			t.Errorf("bad status: %s", r.Body)
		}
		wantStatus(t, f.do("POST", "/api/v1/feedback/99999999/review", f.admin, map[string]any{"status": "accepted"}), http.StatusNotFound, "missing rating")
	})
}

type dossierView struct {
	feedback.Dossier
	Late       bool   `json:"late"`
	RatingURL  string `json:"rating_url"`
	DossierURL string `json:"dossier_url"`
}

func TestDossiers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.srv.PublicURL = "https://congvu.example.vn/"
		now := time.Now()
		rfc := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
		late := map[string]any{"code": "HS-001", "unit_code": "TA-X1", "official_code": "A1-001", "procedure_name": "Chứng thực bản sao",
			"received_at": rfc(-72 * time.Hour), "due_at": rfc(-48 * time.Hour), "returned_at": rfc(-time.Hour),
			"delay_reason": "Chờ xác minh của cơ quan khác", "new_due_at": rfc(-time.Hour)}

		r := f.do("POST", "/api/v1/dossiers", f.headA, late)
		wantStatus(t, r, http.StatusOK, "register")
		var d dossierView
		r.decode(t, &d)
		if d.RatingToken == "" || d.RatingURL != "https://congvu.example.vn/danh-gia/ho-so/"+d.RatingToken {
			t.Fatalf("rating link %q token %q", d.RatingURL, d.RatingToken)
		}
		if !d.Late || d.UnitID != f.a1.ID || d.OfficialID != f.offA1.ID {
			t.Errorf("registered %+v", d)
		}
		if d.DossierURL != "" || strings.Contains(string(r.Body), "apology_url") {
			t.Errorf("a returned dossier offers an apology slip: %s", r.Body)
		}

		// Registering again changes nothing and shows no token.
		r = f.do("POST", "/api/v1/dossiers", f.headA, late)
		wantStatus(t, r, http.StatusOK, "register again")
		var d2 dossierView
		r.decode(t, &d2)
		if d2.ID != d.ID || d2.RatingToken != "" || d2.RatingURL != "" {
			t.Errorf("second registration %+v", d2)
		}

		// The token rates once, verified; a second rating is a conflict.
		rate := map[string]any{"dossier_token": d.RatingToken, "satisfaction": "satisfied", "answers": allYes("GT-XL"), "comment": "Trễ hẹn nhưng có phiếu xin lỗi"}
		r = f.do("POST", "/api/v1/feedback", f.admin, rate)
		wantStatus(t, r, http.StatusCreated, "rate dossier")
		var fb feedback.Feedback
		r.decode(t, &fb)
		if !fb.Verified || fb.DossierCode != "HS-001" || fb.OfficialID != f.offA1.ID || fb.Channel != feedback.ChannelDossier {
			t.Errorf("dossier rating %+v", fb)
		}
		rate["comment"] = "Đánh giá lần hai"
		r = f.do("POST", "/api/v1/feedback", f.admin, rate)
		wantStatus(t, r, http.StatusConflict, "rate dossier twice")
		if e := r.err(t); e.Error.Code != congvu.ECONFLICT || !hasVietnamese(e.Error.Message) {
			t.Errorf("second rating: %s", r.Body)
		}

		// Look-up by code: rated, late, no token.
		r = f.do("GET", fmt.Sprintf("/api/v1/dossiers/by-code?unit_id=%d&code=HS-001", f.a1.ID), f.headA, nil)
		wantStatus(t, r, http.StatusOK, "by code")
		var d3 dossierView
		r.decode(t, &d3)
		if d3.ID != d.ID || d3.RatedAt == nil || d3.RatingToken != "" || !d3.Late || d3.DossierURL != "" {
			t.Errorf("by code %+v", d3)
		}
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/dossiers/by-code?unit_id=%d&code=HS-999", f.a1.ID), f.headA, nil), http.StatusNotFound, "missing code")
		wantStatus(t, f.do("GET", fmt.Sprintf("/api/v1/dossiers/by-code?unit_id=%d&code=HS-001", f.b.ID), f.headA, nil), http.StatusNotFound, "out of scope")
		r = f.do("GET", "/api/v1/dossiers/by-code", f.headA, nil)
		wantStatus(t, r, http.StatusBadRequest, "by code without parameters")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["unit_id"]) || !hasVietnamese(e.Error.Fields["code"]) {
			t.Errorf("by code without parameters: %s", r.Body)
		}

		// On time: no apology; not yet returned: no token.
		onTime := map[string]any{"code": "HS-002", "unit_code": "TA-X1", "received_at": rfc(-5 * time.Hour), "due_at": rfc(48 * time.Hour), "returned_at": rfc(-time.Hour)}
		d = dossierView{}
		f.do("POST", "/api/v1/dossiers", f.headA, onTime).decode(t, &d)
		if d.Late || d.DossierURL != "" || d.RatingToken == "" {
			t.Errorf("on time %+v", d)
		}
		// Not yet returned: no token; the page of the agency at fault
		// (recorded from delay_unit_code), where it issues the slip.
		pending := map[string]any{"code": "HS-003", "unit_code": "TA-X1", "received_at": rfc(-5 * time.Hour), "due_at": rfc(48 * time.Hour), "delay_unit_code": "TA"}
		d = dossierView{}
		f.do("POST", "/api/v1/dossiers", f.headA, pending).decode(t, &d)
		if d.RatingToken != "" || d.RatingURL != "" || d.ReturnedAt != nil || d.DelayUnitID != f.a.ID ||
			d.DossierURL != fmt.Sprintf("https://congvu.example.vn/units/%d/dossiers?code=HS-003", f.a.ID) {
			t.Errorf("pending %+v", d)
		}

		// Validation, in Vietnamese.
		r = f.do("POST", "/api/v1/dossiers", f.headA, map[string]any{"received_at": "hôm qua", "due_at": "2026-13-01"})
		wantStatus(t, r, http.StatusBadRequest, "bad times")
		e := r.err(t)
		for _, field := range []string{"received_at", "due_at", "code", "unit_code"} {
			if !hasVietnamese(e.Error.Fields[field]) {
				t.Errorf("field %s: %s", field, r.Body)
			}
		}
		r = f.do("POST", "/api/v1/dossiers", f.headA, map[string]any{"code": "HS-9", "unit_code": "TA-X1", "received_at": rfc(0), "due_at": rfc(-time.Hour)})
		wantStatus(t, r, http.StatusBadRequest, "due before received")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["due_at"]) {
			t.Errorf("due before received: %s", r.Body)
		}
		// A unit outside the account's scope is unknown to it.
		r = f.do("POST", "/api/v1/dossiers", f.headA, map[string]any{"code": "HS-9", "unit_code": "TB", "received_at": rfc(-time.Hour), "due_at": rfc(time.Hour)})
		wantStatus(t, r, http.StatusBadRequest, "unit out of scope")
		if e := r.err(t); !hasVietnamese(e.Error.Fields["unit_code"]) {
			t.Errorf("unit out of scope: %s", r.Body)
		}
	})
}

func TestDashboards(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		badgeA, badgeB := f.badge(f.offA1), f.badge(f.offB)
		for i, sat := range []string{"very_satisfied", "satisfied", "dissatisfied", "very_satisfied"} {
			wantStatus(t, f.do("POST", "/api/v1/feedback", f.admin, map[string]any{"badge_token": badgeA, "satisfaction": sat,
				"answers": allYes("GT-LN"), "client_ip": fmt.Sprintf("192.0.2.%d", 10+i), "comment": []string{"Hướng dẫn tận tình", "Tốt", "Chờ lâu quá", ""}[i]}),
				http.StatusCreated, "rate A")
		}
		wantStatus(t, f.do("POST", "/api/v1/feedback", f.admin, map[string]any{"badge_token": badgeB, "satisfaction": "dissatisfied"}), http.StatusCreated, "rate B")

		sqldbtest.NextDay(db) // non-reviewers see a rating from the next day on
		var d feedback.Dashboard
		r := f.do("GET", fmt.Sprintf("/api/v1/dashboards/units/%d?period=week", f.a.ID), f.headA, nil)
		wantStatus(t, r, http.StatusOK, "unit dashboard")
		r.decode(t, &d)
		if d.Tally.Total != 4 || d.Tally.VerySatisfied != 2 || d.Tally.Dissatisfied != 1 || d.Index != 75 || d.Period != feedback.PeriodWeek {
			t.Errorf("dashboard of A: %+v index %v", d.Tally, d.Index)
		}
		if len(d.Items) != 8 || len(d.Trend) == 0 || len(d.Children) != 1 || d.Children[0].UnitID != f.a1.ID || d.Children[0].Ranked {
			t.Errorf("items %d, trend %d, children %+v", len(d.Items), len(d.Trend), d.Children)
		}
		for _, it := range d.Items {
			if want := map[bool]float64{true: 0, false: 100}[it.Code == "GT-LN"]; it.Asked != 4 || it.Rate != want {
				t.Errorf("item %+v", it)
			}
		}
		if !strings.Contains(string(r.Body), `"items":[`) || !strings.Contains(string(r.Body), `"weakest":[`) {
			t.Errorf("arrays missing: %s", r.Body)
		}
		// The official's own figures.
		today := time.Now().In(congvu.TimeZone).Format(time.DateOnly)
		r = f.do("GET", fmt.Sprintf("/api/v1/dashboards/officials/%d?from=%s&to=%s", f.offA1.ID, today, today), f.headA, nil)
		wantStatus(t, r, http.StatusOK, "official dashboard")
		r.decode(t, &d)
		if d.Tally.Total != 4 || d.OfficialID != f.offA1.ID {
			t.Errorf("official dashboard %+v", d)
		}

		// Outside the subtree: not found, like a unit that does not exist.
		for _, p := range []string{fmt.Sprintf("/api/v1/dashboards/units/%d", f.b.ID), "/api/v1/dashboards/units/1",
			fmt.Sprintf("/api/v1/dashboards/officials/%d", f.offB.ID), fmt.Sprintf("/api/v1/dashboards/units/%d/comments", f.b.ID),
			"/api/v1/dashboards/units/99999999"} {
			r := f.do("GET", p, f.headA, nil)
			wantStatus(t, r, http.StatusNotFound, p)
			if e := r.err(t); e.Error.Code != congvu.ENOTFOUND || !hasVietnamese(e.Error.Message) {
				t.Errorf("%s: %s", p, r.Body)
			}
		}
		// The national administrator sees the whole country.
		f.do("GET", "/api/v1/dashboards/units/1", f.admin, nil).decode(t, &d)
		if d.Tally.Total != 5 || len(d.Children) != 2 {
			t.Errorf("national dashboard %+v children %d", d.Tally, len(d.Children))
		}

		// Comments: accepted ones with text, searchable without diacritics.
		var l feedbackList
		r = f.do("GET", fmt.Sprintf("/api/v1/dashboards/units/%d/comments", f.a.ID), f.headA, nil)
		wantStatus(t, r, http.StatusOK, "comments")
		r.decode(t, &l)
		if l.Total != 3 {
			t.Errorf("%d comments, want 3", l.Total)
		}
		f.do("GET", fmt.Sprintf("/api/v1/dashboards/units/%d/comments?q=%s", f.a.ID, url.QueryEscape("tan tinh")), f.headA, nil).decode(t, &l)
		if l.Total != 1 || l.Items[0].Comment != "Hướng dẫn tận tình" {
			t.Errorf("comment search %+v", l)
		}

		// Bad filters are field errors.
		r = f.do("GET", fmt.Sprintf("/api/v1/dashboards/units/%d?period=year&from=01/07/2026", f.a.ID), f.headA, nil)
		wantStatus(t, r, http.StatusBadRequest, "bad dashboard filter")
		e := r.err(t)
		for _, field := range []string{"period", "from"} {
			if !hasVietnamese(e.Error.Fields[field]) {
				t.Errorf("field %s: %s", field, r.Body)
			}
		}
		r = f.do("GET", fmt.Sprintf("/api/v1/dashboards/units/%d?from=2026-09-01&to=2026-08-01", f.a.ID), f.headA, nil)
		wantStatus(t, r, http.StatusBadRequest, "reversed range")
		if e := r.err(t); !hasVietnamese(e.Error.Message) {
			t.Errorf("reversed range: %s", r.Body)
		}
	})
}
