package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"congvu"
	"congvu/courtesy"
	"congvu/petition"
)

// demoStatuses are the statuses the demo leaves petitions in. The steps of
// petitions by legal kind (suspension, withdrawal, referral) are not staged
// by the demo yet.
var demoStatuses = []petition.Status{petition.Received, petition.Accepted, petition.Rejected,
	petition.Assigned, petition.Verifying, petition.Concluded, petition.Closed}

func TestPetitionPlanIsBelievable(t *testing.T) {
	p, err := getPlan()
	if err != nil {
		t.Fatal(err)
	}
	specs, err := buildPetitionPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	again, err := buildPetitionPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(specs, again) {
		t.Fatal("two draws differ: the demo must be deterministic")
	}
	if n := len(specs); n < 60 || n > 120 {
		t.Errorf("%d petitions, want 60 to 120", n)
	}

	seen := map[string]bool{}
	cats := map[petition.Category]int{}
	statuses := map[petition.Status]int{}
	anonymous, unitOnly, photos := 0, 0, 0
	for _, sp := range specs {
		// The description identifies a demo petition on the next load.
		if seen[sp.description] {
			t.Errorf("description twice: %s", sp.description)
		}
		seen[sp.description] = true
		cats[sp.category]++
		statuses[sp.target]++
		if sp.anonymous {
			anonymous++
		} else if sp.reporter.Name == "" || (sp.reporter.Phone == "" && sp.reporter.Email == "") {
			t.Errorf("reporter without name or contact: %+v", sp.reporter)
		}
		if sp.reporter.Email != "" && !strings.HasSuffix(sp.reporter.Email, "@"+reporterEmailDomain) {
			t.Errorf("reporter email %s outside the reserved domain", sp.reporter.Email)
		}
		if sp.official == "" {
			unitOnly++
		}
		if sp.photo != photoNone {
			photos++
		}
		if n := utf8.RuneCountInString(sp.description); n < 20 || n > 5000 || utf8.RuneCountInString(sp.place) > 300 || utf8.RuneCountInString(sp.subjectText) > 200 {
			t.Errorf("lengths out of bounds: %q %q %q", sp.description, sp.place, sp.subjectText)
		}
		texts := []string{sp.description, sp.place, sp.subjectText}
		for _, a := range sp.actions {
			texts = append(texts, a.text)
			if a.kind == actReply {
				// Interim replies come before any finding; a reply after a
				// founded conclusion must apologise.
				fault := false
				for _, b := range sp.actions {
					if b.kind == actConclude && b.conclusion.Breached() {
						fault = true
					}
				}
				if r := courtesy.CheckWith(a.text, courtesy.Context{AgencyAtFault: fault && strings.Contains(a.text, "Qua xác minh")}); !r.Ready() {
					t.Errorf("reply not ready (%+v):\n%s", r.Failed(), a.text)
				}
			}
			if a.kind == actConclude && a.conclusion.Breached() && len(a.items) == 0 {
				t.Errorf("founded conclusion without breached items: %s", sp.description)
			}
		}
		for _, x := range texts {
			if strings.ContainsAny(x, "{}") && !strings.Contains(x, "{code}") {
				t.Errorf("unfilled slot in %q", x)
			}
		}
	}
	for _, c := range petition.Categories {
		if cats[c] == 0 {
			t.Errorf("no petition of category %s", c)
		}
	}
	for _, s := range demoStatuses {
		if statuses[s] == 0 {
			t.Errorf("no petition to leave %s", s)
		}
	}
	if anonymous < len(specs)/8 || unitOnly < len(specs)/8 || photos < 3 {
		t.Errorf("%d anonymous, %d about a unit only, %d with a photo", anonymous, unitOnly, photos)
	}
}

// The moments fit whatever the day and hour of the load: every action in
// order and in the past, office work in office hours, and open petitions
// standing against their deadline as planned.
func TestPetitionMoments(t *testing.T) {
	p, err := getPlan()
	if err != nil {
		t.Fatal(err)
	}
	specs, err := getPetitionPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, congvu.TimeZone) // a Monday
	for d := 0; d < 7; d++ {
		for _, hm := range []time.Duration{30 * time.Minute, 7*time.Hour + 5*time.Minute, 16*time.Hour + 50*time.Minute, 23 * time.Hour} {
			now := start.AddDate(0, 0, d).Add(hm)
			times := make([][]time.Time, len(specs))
			for i, sp := range specs {
				var first []time.Time
				if sp.dupOf != 0 {
					first = times[sp.dupOf-1]
				}
				ts, err := sp.schedule(nil, now, first) // Monday to Friday
				if err != nil {
					t.Fatalf("load at %v: %v", now, err)
				}
				times[i] = ts
				checkMoments(t, now, sp, ts)
			}
		}
	}
}

func checkMoments(t *testing.T, now time.Time, sp *petitionSpec, ts []time.Time) {
	t.Helper()
	if !ts[len(ts)-1].Before(now) {
		t.Errorf("load at %v: petition %q acts at %v", now, sp.story, ts[len(ts)-1])
	}
	if now.Sub(ts[0]) > 220*24*time.Hour {
		t.Errorf("load at %v: petition %q submitted %v before", now, sp.story, now.Sub(ts[0]))
	}
	k := 0
	for i, a := range sp.actions {
		if i > 0 && !ts[i].After(ts[i-1]) {
			t.Errorf("load at %v: petition %q: action %d at %v, not after %v", now, sp.story, i, ts[i], ts[i-1])
		}
		if a.stage() != "" {
			k = i
		}
		if sp.target.Final() && a.actor != "" && !inOffice(ts[i]) {
			t.Errorf("load at %v: petition %q: %s at %v, out of office hours", now, sp.story, actionName(a.kind), ts[i].In(congvu.TimeZone))
		}
	}
	if !sp.target.Final() {
		rule := defaultRule(sp.actions[k].stage())
		if due := rule.AddDays(nil, ts[k]); !sp.timing.holds(now, due, rule) && !sp.timing.fallback().holds(now, due, rule) {
			t.Errorf("load at %v: petition %q in stage %s from %v: timing %d does not hold", now, sp.story, rule.Stage, ts[k], sp.timing)
		}
	}
}
