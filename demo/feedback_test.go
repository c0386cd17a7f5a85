package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/vntext"
)

// fakeRefs gives every unit and official of the plan an id.
func fakeRefs(p *plan) feedbackRefs {
	refs := feedbackRefs{units: map[string]int64{}, officials: map[string]int64{}}
	for i, x := range p.people {
		refs.officials[x.EmployeeCode] = int64(1000 + i)
	}
	n := int64(1)
	for _, names := range []map[string]string{p.unitNames, p.formerNames} {
		for code := range names {
			if refs.units[code] == 0 {
				refs.units[code] = n
				n++
			}
		}
	}
	return refs
}

func TestFeedbackPlanIsBelievable(t *testing.T) {
	p, err := getPlan()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 10, 15, 0, 0, congvu.TimeZone) // a Monday morning
	refs := fakeRefs(p)
	in, err := buildFeedbackImport(p, p.feedback, refs, now, after)
	if err != nil {
		t.Fatal(err)
	}
	again, err := buildFeedbackImport(p, buildFeedbackPlan(p), refs, now, after)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, again) {
		t.Fatal("two draws differ: the demo must be deterministic")
	}
	if n := len(in.Ratings); n < 20_000 || n > 35_000 {
		t.Errorf("%d ratings, want 20 000 to 35 000", n)
	}
	if len(in.Kiosks) != 2 || len(in.Dossiers) < 1000 {
		t.Errorf("%d kiosks, %d dossiers", len(in.Kiosks), len(in.Dossiers))
	}

	// The weekly rhythm: nobody on Sundays, Saturdays quiet, Monday and
	// Tuesday the busiest, and their mornings busier still.
	byDay := map[time.Weekday]int{}
	morning := map[time.Weekday]int{}
	first, last := now, time.Time{}
	for _, r := range in.Ratings {
		at := r.SubmittedAt.In(congvu.TimeZone)
		if !at.Before(now) {
			t.Fatalf("rating in the future: %v", at)
		}
		if at.Before(first) {
			first = at
		}
		if at.After(last) {
			last = at
		}
		if r.Channel == feedback.ChannelDossier {
			continue // rated at home, after the dossier came back
		}
		byDay[at.Weekday()]++
		if at.Hour() < 12 {
			morning[at.Weekday()]++
		}
		if h := at.Hour()*60 + at.Minute(); h < 7*60+30 || h > 17*60+15 {
			t.Errorf("office rating at %v", at.Format(time.DateTime))
		}
	}
	if byDay[time.Sunday] != 0 {
		t.Errorf("%d ratings on Sundays", byDay[time.Sunday])
	}
	if !(byDay[time.Monday] > byDay[time.Thursday] && byDay[time.Tuesday] > byDay[time.Friday] && byDay[time.Friday] > 2*byDay[time.Saturday] && byDay[time.Saturday] > 0) {
		t.Errorf("weekly rhythm %v", byDay)
	}
	share := func(d time.Weekday) float64 { return float64(morning[d]) / float64(byDay[d]) }
	if share(time.Monday) < share(time.Thursday)+0.05 || share(time.Tuesday) < share(time.Friday)+0.05 {
		t.Errorf("mornings: Mon %.2f Tue %.2f Thu %.2f Fri %.2f", share(time.Monday), share(time.Tuesday), share(time.Thursday), share(time.Friday))
	}
	if first.Before(reformDay) || first.After(reformDay.AddDate(0, 0, 4)) {
		t.Errorf("first rating since the reform %v", first)
	}
	if congvu.Date(last).Before(congvu.Date(now).AddDate(0, 0, -3)) {
		t.Errorf("last rating %v", last)
	}

	// Officials differ: the best near 95 %, the worst near 55 % and weak on
	// saying sorry and listening. Ballot stuffing (quick fills) is left out.
	type tally struct{ n, ok, xlYes, xl, lnYes, ln int }
	by := map[int64]*tally{}
	for _, r := range in.Ratings {
		if r.OfficialID == 0 || r.FillTime < 10*time.Second {
			continue
		}
		x := by[r.OfficialID]
		if x == nil {
			x = &tally{}
			by[r.OfficialID] = x
		}
		x.n++
		if r.Satisfaction != feedback.Dissatisfied {
			x.ok++
		}
		if v, ok := r.Answers["GT-XL"]; ok {
			x.xl++
			if v {
				x.xlYes++
			}
		}
		if v, ok := r.Answers["GT-LN"]; ok {
			x.ln++
			if v {
				x.lnYes++
			}
		}
	}
	rate := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	best, worst := by[refs.officials[p.feedback.staff.best]], by[refs.officials[p.feedback.staff.worst]]
	if best == nil || worst == nil || best.n < 200 || worst.n < 200 {
		t.Fatalf("best %+v, worst %+v", best, worst)
	}
	if idx := rate(best.ok, best.n); idx < 92 || idx > 99 {
		t.Errorf("best official's index %.1f", idx)
	}
	if idx := rate(worst.ok, worst.n); idx < 48 || idx > 64 {
		t.Errorf("worst official's index %.1f", idx)
	}
	if xl, ln := rate(worst.xlYes, worst.xl), rate(worst.lnYes, worst.ln); xl > 35 || ln > 40 {
		t.Errorf("worst official says sorry %.0f %%, listens %.0f %%", xl, ln)
	}
	if xl := rate(best.xlYes, best.xl); xl < 85 {
		t.Errorf("best official says sorry %.0f %%", xl)
	}

	// Comments: short, varied, with and without diacritics, praising and
	// complaining.
	kinds := map[string]int{}
	distinct := map[string]bool{}
	comments := 0
	for _, r := range in.Ratings {
		c := r.Comment
		if c == "" {
			continue
		}
		comments++
		distinct[c] = true
		if len([]rune(c)) > 120 {
			t.Errorf("long comment %q", c)
		}
		if vntext.Fold(c) == c {
			kinds["no diacritics"]++
		} else {
			kinds["diacritics"]++
		}
		f := vntext.Fold(c)
		switch {
		case strings.Contains(f, "cho") && (strings.Contains(f, "lau") || strings.Contains(f, "tieng")):
			kinds["waiting"]++
		case strings.Contains(f, "xin loi") || strings.Contains(f, "lang nghe") || strings.Contains(f, "thai do"):
			kinds["attitude"]++
		}
		if strings.Contains(f, "huong dan") && r.Satisfaction != feedback.Dissatisfied {
			kinds["guided well"]++
		}
	}
	if frac := float64(comments) / float64(len(in.Ratings)); frac < 0.05 || frac > 0.3 {
		t.Errorf("%d comments of %d ratings", comments, len(in.Ratings))
	}
	for _, k := range []string{"no diacritics", "diacritics", "waiting", "attitude", "guided well"} {
		if kinds[k] < 20 {
			t.Errorf("comments %s: %d (%v)", k, kinds[k], kinds)
		}
	}
	if len(distinct) < 60 {
		t.Errorf("only %d distinct comments", len(distinct))
	}

	// A burst: one official, 40 ratings within five minutes, one address.
	byIP := map[string][]time.Time{}
	for _, r := range in.Ratings {
		if r.OfficialID == refs.officials[p.feedback.staff.worst] && r.IP != "" {
			byIP[r.IP] = append(byIP[r.IP], r.SubmittedAt)
		}
	}
	found := false
	for _, ts := range byIP {
		if len(ts) >= 40 && ts[39].Sub(ts[0]) <= 5*time.Minute {
			found = true
		}
	}
	if !found {
		t.Error("no burst of 40 ratings from one address in five minutes")
	}

	// Dossiers: some late with the apology data; some rated through the
	// link; the printed ones open.
	late, rated, printed := 0, map[string]bool{}, 0
	for _, d := range in.Dossiers {
		if d.ReturnedAt != nil && d.ReturnedAt.After(d.DueAt) {
			late++
			if d.DelayReason == "" || d.NewDueAt == nil {
				t.Errorf("late dossier %s without apology data", d.Code)
			}
		}
		if strings.Contains(d.Code, "MINHHOA") {
			printed++
			if d.RatingToken == "" || d.ReturnedAt == nil {
				t.Errorf("printed dossier %+v", d)
			}
		}
	}
	for _, r := range in.Ratings {
		if r.Channel == feedback.ChannelDossier {
			if strings.Contains(r.DossierCode, "MINHHOA") || rated[r.DossierCode] {
				t.Errorf("dossier %s rated twice or printed one rated", r.DossierCode)
			}
			rated[r.DossierCode] = true
		}
	}
	if late < 40 || len(rated) < 150 || printed != openDossiers+1 {
		t.Errorf("%d late dossiers, %d rated, %d printed", late, len(rated), printed)
	}
}

// The ratings before 01/07/2025 are of April to June 2025, by the people
// who worked then in the units of then; those after it, by the people of
// today's units. No rating falls on a day its unit did not exist.
func TestFeedbackEras(t *testing.T) {
	p, err := getPlan()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 10, 15, 0, 0, congvu.TimeZone)
	eraOf := map[int64]era{}
	refs := fakeRefs(p)
	for _, x := range p.people {
		eraOf[refs.officials[x.EmployeeCode]] = x.era
	}
	// Codes of units that exist only before the reform, or only after.
	onlyBefore, onlyAfter := map[int64]bool{}, map[int64]bool{}
	for code, next := range p.successor {
		if next != code { // a code reused by the successor is both
			onlyBefore[refs.units[code]] = true
		}
	}
	for _, u := range p.units {
		if u.era == after {
			onlyAfter[refs.units[u.code]] = true
		}
	}
	for _, e := range []era{before, after} {
		in, err := buildFeedbackImport(p, p.feedback, refs, now, e)
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Ratings) < 2000 {
			t.Errorf("era %d: %d ratings", e, len(in.Ratings))
		}
		for _, r := range in.Ratings {
			at := r.SubmittedAt.In(congvu.TimeZone)
			if e == before && (at.Before(FormerFrom) || !at.Before(reformDay)) || e == after && at.Before(reformDay) {
				t.Fatalf("era %d: rating at %v", e, at)
			}
			if r.OfficialID != 0 && e == before && eraOf[r.OfficialID] != before {
				t.Fatalf("rating before the reform of an official who came after: %+v", r)
			}
			if e == before && onlyAfter[r.UnitID] || e == after && onlyBefore[r.UnitID] {
				t.Fatalf("era %d: rating of a unit that did not exist then: %+v", e, r)
			}
		}
		for _, d := range in.Dossiers {
			if e == before && (d.ReturnedAt == nil || !d.ReturnedAt.Before(reformDay)) {
				t.Errorf("dossier of a dissolved unit returned after the reform: %+v", d)
			}
		}
	}
}
