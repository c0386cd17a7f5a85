package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/evaluation"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// The evidence of an official's year through the API, on both engines: a
// petition about the official of A1 is founded; the head of province A
// reads it in the summary with its tracking code; the official reads
// their own summary without the code nor the reporter; a colleague of
// the official role does not find it (404), an administrator is refused
// (403), the sibling commune's head does not find it; a bad year is a
// Vietnamese field error.
func TestEvaluationEvidenceAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAZFixture(t, db)
		code := f.submit(petitionAbout(f.badge(f.object))).TrackingCode
		pid := f.idOf(code)
		for _, st := range []map[string]any{{"step": "accept"}, {"step": "assign"}, {"step": "verify"},
			{"step": "conclude", "conclusion": "founded", "text": "Có vi phạm.", "items": []string{"GT-XC"}, "conclusion_public": true}} {
			wantStatus(t, f.do("POST", fmt.Sprintf("/api/v1/petitions/%d/steps", pid), f.headA, st), http.StatusOK, fmt.Sprint(st["step"]))
		}
		year := time.Now().In(congvu.TimeZone).AddDate(0, 0, -2).Year()
		path := fmt.Sprintf("/api/v1/officials/%d/evidence/%d", f.object.ID, year)

		var sum evaluation.Summary
		r := f.do("GET", path, f.headA, nil)
		wantStatus(t, r, http.StatusOK, "the head reads")
		r.decode(t, &sum)
		if sum.OfficialID != f.object.ID || sum.Year != year || len(sum.FoundedPetitions) != 1 || sum.Conduct == nil {
			t.Fatalf("the head's summary: %+v", sum)
		}
		if !strings.Contains(sum.FoundedPetitions[0].Summary, code) || sum.FoundedPetitions[0].RefID != pid {
			t.Errorf("the head's summary does not name the petition: %+v", sum.FoundedPetitions[0])
		}

		self := f.staffToken("canbo.tam", f.object.ID, congvu.Grant{Role: congvu.RoleOfficial, UnitID: f.a1.ID})
		r = f.do("GET", path, self, nil)
		wantStatus(t, r, http.StatusOK, "the official reads their own")
		r.decode(t, &sum)
		if len(sum.FoundedPetitions) != 1 || sum.FoundedPetitions[0].RefID != 0 {
			t.Errorf("the official's own summary: %+v", sum.FoundedPetitions)
		}
		for _, secret := range []string{code, "Phạm Thị Hoa", reporterEmail} {
			if strings.Contains(string(r.Body), secret) {
				t.Errorf("the official's own summary shows %q", secret)
			}
		}

		for role, want := range map[string]int{azOfficial: http.StatusNotFound, azNational: http.StatusForbidden, azAdmin: http.StatusForbidden,
			azSibling: http.StatusNotFound, azAnon: http.StatusUnauthorized} {
			r := f.do("GET", path, f.tokens[role], nil)
			wantStatus(t, r, want, role+" reads another's evidence")
			if e := r.err(t); strings.Contains(string(r.Body), f.object.FullName) {
				t.Errorf("%s: the refusal names the official: %+v", role, e)
			}
		}
		r = f.do("GET", fmt.Sprintf("/api/v1/officials/%d/evidence/1999", f.object.ID), f.headA, nil)
		wantStatus(t, r, http.StatusBadRequest, "a year before 2000")
		if e := r.err(t); e.Error.Fields["year"] == "" {
			t.Errorf("bad year: %+v", e)
		}
	})
}
