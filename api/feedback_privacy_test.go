package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// The rated official cannot tell which returned dossier a rating came
// with: GET /api/v1/feedback shows them no dossier code, no "verified", no
// dossier channel and only the day it was made; a reviewer (an
// administrator) sees all of it.
func TestRatedOfficialCannotFindTheCitizen(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := &ptFixture{fixture: newFixture(t, db)}
		official := f.staffToken("canbo.duc", f.offA1.ID, congvu.Grant{Role: congvu.RoleOfficial, UnitID: f.a1.ID})
		now := time.Now()
		rfc := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
		var d dossierView
		r := f.do("POST", "/api/v1/dossiers", f.headA, map[string]any{"code": "HS-777", "unit_code": "TA-X1", "official_code": "A1-001",
			"received_at": rfc(-5 * time.Hour), "due_at": rfc(48 * time.Hour), "returned_at": rfc(-time.Hour)})
		wantStatus(t, r, http.StatusOK, "register")
		r.decode(t, &d)
		r = f.do("POST", "/api/v1/feedback", f.admin, map[string]any{"dossier_token": d.RatingToken, "satisfaction": "dissatisfied",
			"answers": allYes(), "comment": "Hẹn nhiều lần"})
		wantStatus(t, r, http.StatusCreated, "rate the dossier")
		var made feedback.Feedback
		r.decode(t, &made)

		sqldbtest.NextDay(db) // non-reviewers see a rating from the next day on
		list := func(token string) feedback.Feedback {
			t.Helper()
			var l feedbackList
			r := f.do("GET", "/api/v1/feedback", token, nil)
			wantStatus(t, r, http.StatusOK, "list")
			r.decode(t, &l)
			for _, fb := range l.Items {
				if fb.Comment == made.Comment { // the official sees no id
					return fb
				}
			}
			t.Fatalf("the rating is not listed: %s", r.Body)
			return feedback.Feedback{}
		}
		fb := list(official)
		l := made.SubmittedAt.In(congvu.TimeZone)
		day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, congvu.TimeZone)
		if fb.DossierCode != "" || fb.Verified || fb.Channel == feedback.ChannelDossier || !fb.SubmittedAt.Equal(day) {
			t.Errorf("the rated official sees code %q, verified %v, channel %q, at %v (the day %v)", fb.DossierCode, fb.Verified, fb.Channel, fb.SubmittedAt, day)
		}
		if fb.Channel != feedback.ChannelOnline || fb.Comment != "Hẹn nhiều lần" {
			t.Errorf("the rated official sees channel %q, comment %q", fb.Channel, fb.Comment)
		}
		fb = list(f.admin)
		if fb.DossierCode != "HS-777" || !fb.Verified || fb.Channel != feedback.ChannelDossier || fb.SubmittedAt.Sub(made.SubmittedAt).Abs() > time.Millisecond {
			t.Errorf("the reviewer sees code %q, verified %v, channel %q, at %v (made %v)", fb.DossierCode, fb.Verified, fb.Channel, fb.SubmittedAt, made.SubmittedAt)
		}
	})
}

// Filters do not date a rating again for those who see only its day: the
// rated official narrowing GET /api/v1/feedback's window inside a day (and
// a unit head narrowing the unit's comment feed) gets the whole day, in an
// order that is not the order of time and without the ids that follow it;
// a reviewer's window and order are exact.
func TestRatingTimeCannotBeNarrowedThroughFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := &ptFixture{fixture: newFixture(t, db)}
		official := f.staffToken("canbo.duc", f.offA1.ID, congvu.Grant{Role: congvu.RoleOfficial, UnitID: f.a1.ID})
		badge := f.badge(f.offA1)
		day := time.Date(2026, 3, 10, 0, 0, 0, 0, congvu.TimeZone)
		const n = 12
		for i := range n {
			r := f.do("POST", "/api/v1/feedback", f.admin, map[string]any{"badge_token": badge, "satisfaction": "satisfied",
				"answers": allYes(), "comment": fmt.Sprintf("Ý kiến %02d", i)})
			wantStatus(t, r, http.StatusCreated, "rate")
			var made feedback.Feedback
			r.decode(t, &made)
			// The i-th rating at 09:00 + 10 i minutes, ids in the same order.
			if _, err := db.Write.Exec(`UPDATE feedback SET submitted_at = $1, status = 'accepted' WHERE id = $2`,
				day.Add(9*time.Hour+time.Duration(i)*10*time.Minute).UTC(), made.ID); err != nil {
				t.Fatal(err)
			}
		}
		list := func(path, token, from, to string) []string {
			t.Helper()
			var l feedbackList
			r := f.do("GET", path+"?limit=100&from="+url.QueryEscape(from)+"&to="+url.QueryEscape(to), token, nil)
			wantStatus(t, r, http.StatusOK, "list")
			r.decode(t, &l)
			var out []string
			for _, fb := range l.Items {
				if token != f.admin && fb.ID != 0 {
					t.Errorf("a non-reviewer sees the id %d", fb.ID)
				}
				out = append(out, fb.Comment)
			}
			return out
		}
		whole := "2026-03-10"
		narrowFrom, narrowTo := "2026-03-10T09:05:00+07:00", "2026-03-10T09:25:00+07:00"
		byTime := make([]string, n) // newest first
		for i := range n {
			byTime[n-1-i] = fmt.Sprintf("Ý kiến %02d", i)
		}
		for _, c := range []struct{ who, path, token string }{
			{"the rated official", "/api/v1/feedback", official},
			{"the unit head", fmt.Sprintf("/api/v1/dashboards/units/%d/comments", f.a1.ID), f.headA},
		} {
			all := list(c.path, c.token, whole, whole)
			if len(all) != n {
				t.Fatalf("%s lists %d of the day's %d ratings: %v", c.who, len(all), n, all)
			}
			if got := list(c.path, c.token, narrowFrom, narrowTo); !slices.Equal(got, all) {
				t.Errorf("%s narrows the window inside the day: %v, the whole day %v", c.who, got, all)
			}
			rev := slices.Clone(all)
			slices.Reverse(rev)
			if slices.Equal(all, byTime) || slices.Equal(rev, byTime) {
				t.Errorf("%s gets the day's ratings in the order of time: %v", c.who, all)
			}
		}
		for _, path := range []string{"/api/v1/feedback", fmt.Sprintf("/api/v1/dashboards/units/%d/comments", f.a1.ID)} {
			if got := list(path, f.admin, narrowFrom, narrowTo); !slices.Equal(got, []string{"Ý kiến 02", "Ý kiến 01"}) {
				t.Errorf("the reviewer's window of %s: %v", path, got)
			}
			if got := list(path, f.admin, whole, whole); !slices.Equal(got, byTime) {
				t.Errorf("the reviewer's order of %s: %v", path, got)
			}
		}
	})
}

// Polling cannot date a rating: those who do not review feedback (the
// rated official, a unit head without review right) see a rating filed
// today neither in the lists (GET /api/v1/feedback, the unit's comment
// feed) nor in the figures of the official's dashboard until the next day
// (Vietnam time); a reviewer sees it at once.
func TestTodaysRatingsReachNonReviewersTomorrow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db) // 09:30 in Vietnam
		f := &ptFixture{fixture: newFixture(t, db)}
		official := f.staffToken("canbo.duc", f.offA1.ID, congvu.Grant{Role: congvu.RoleOfficial, UnitID: f.a1.ID})
		type seen struct {
			listed bool
			total  int // GET /api/v1/feedback's total
			count  int // the official's dashboard tally
		}
		const comment = "Cán bộ hướng dẫn tận tình"
		look := func(token string) seen {
			t.Helper()
			var s seen
			for _, path := range []string{"/api/v1/feedback", fmt.Sprintf("/api/v1/dashboards/units/%d/comments", f.a1.ID)} {
				if path != "/api/v1/feedback" && token == official {
					continue // the official does not see the unit's feed
				}
				var l feedbackList
				r := f.do("GET", path+"?limit=100", token, nil)
				wantStatus(t, r, http.StatusOK, path)
				r.decode(t, &l)
				if path == "/api/v1/feedback" {
					s.total = l.Total
				}
				for _, fb := range l.Items {
					if fb.Comment == comment {
						s.listed = true
					}
				}
			}
			var d feedback.Dashboard
			r := f.do("GET", fmt.Sprintf("/api/v1/dashboards/officials/%d", f.offA1.ID), token, nil)
			wantStatus(t, r, http.StatusOK, "dashboard")
			r.decode(t, &d)
			s.count = d.Tally.Total
			return s
		}
		before := map[string]seen{"official": look(official), "head": look(f.headA), "reviewer": look(f.admin)}
		r := f.do("POST", "/api/v1/feedback", f.admin, map[string]any{"badge_token": f.badge(f.offA1), "satisfaction": "satisfied",
			"answers": allYes(), "comment": comment})
		wantStatus(t, r, http.StatusCreated, "rate")
		var made feedback.Feedback
		r.decode(t, &made)
		if made.Status != feedback.Accepted {
			t.Fatalf("the rating is %s", made.Status)
		}
		tokens := map[string]string{"official": official, "head": f.headA, "reviewer": f.admin}
		for who, token := range tokens {
			got, b := look(token), before[who]
			if who == "reviewer" {
				if !got.listed || got.total != b.total+1 || got.count != b.count+1 {
					t.Errorf("the reviewer, at once: %+v (before %+v)", got, b)
				}
				continue
			}
			if got != b {
				t.Errorf("the %s sees today's rating the same day: %+v (before %+v)", who, got, b)
			}
		}
		clock.Add(14*time.Hour + 31*time.Minute) // 00:01 the next day in Vietnam
		for who, token := range tokens {
			got, b := look(token), before[who]
			if !got.listed || got.total != b.total+1 || got.count != b.count+1 {
				t.Errorf("the %s, the next day: %+v (before %+v)", who, got, b)
			}
		}
	})
}
