package api_test

import (
	"net/http"
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

		list := func(token string) feedback.Feedback {
			t.Helper()
			var l feedbackList
			r := f.do("GET", "/api/v1/feedback", token, nil)
			wantStatus(t, r, http.StatusOK, "list")
			r.decode(t, &l)
			for _, fb := range l.Items {
				if fb.ID == made.ID {
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
