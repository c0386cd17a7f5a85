package violation

import (
	"congvu"
	"congvu/org"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

func vn(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, congvu.TimeZone)
}

// The rule that judges an act is the one in force on the act's Vietnam
// day, by category: 30/06/2025 under 112/2020, 01/07/2025 under 172/2025
// (even at 00:30 Vietnam time, still 30/06 in UTC), viên chức under its
// own set, người lao động under none.
func TestRuleSetOnDefaults(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    org.Category
		act  time.Time
		want string
	}{
		{"công chức, last day of 112", org.CategoryCivilServant, vn(2025, 6, 30, 23), "112/2020-cbcc"},
		{"công chức, first day of 172 (UTC still 30/06)", org.CategoryCivilServant, vn(2025, 7, 1, 0), "172/2025-cbcc"},
		{"cán bộ, 2021", org.CategoryCadre, vn(2021, 3, 15, 9), "112/2020-cbcc"},
		{"cán bộ, 2026", org.CategoryCadre, vn(2026, 1, 15, 9), "172/2025-cbcc"},
		{"viên chức before", org.CategoryPublicEmployee, vn(2024, 1, 15, 9), "vc"},
		{"viên chức after", org.CategoryPublicEmployee, vn(2026, 1, 15, 9), "vc"},
		{"người lao động", org.CategoryWorker, vn(2026, 1, 15, 9), ""},
	} {
		r := RuleSetOn(DefaultRuleSets, tc.c, tc.act)
		got := ""
		if r != nil {
			got = r.Code
		}
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// The forms an official may get: hạ bậc lương and giáng chức exist only
// under 112/2020 (for non-leaders and leaders respectively); under
// 172/2025 a công chức gets khiển trách, cảnh cáo, cách chức (leaders),
// buộc thôi việc, a cán bộ gets bãi nhiệm and never buộc thôi việc.
func TestFormsFor(t *testing.T) {
	codes := func(fs []Form) string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Code)
		}
		return strings.Join(out, ",")
	}
	old := RuleSetOn(DefaultRuleSets, org.CategoryCivilServant, vn(2024, 1, 1, 9))
	cur := RuleSetOn(DefaultRuleSets, org.CategoryCivilServant, vn(2026, 1, 1, 9))
	vc := RuleSetOn(DefaultRuleSets, org.CategoryPublicEmployee, vn(2026, 1, 1, 9))
	for _, tc := range []struct {
		name   string
		r      *RuleSet
		c      org.Category
		leader bool
		want   string
	}{
		{"112 công chức", old, org.CategoryCivilServant, false, "reprimand,warning,salary_cut,dismissal"},
		{"112 công chức lãnh đạo", old, org.CategoryCivilServant, true, "reprimand,warning,demotion,removal,dismissal"},
		{"112 cán bộ", old, org.CategoryCadre, true, "reprimand,warning,removal,recall"},
		{"172 công chức", cur, org.CategoryCivilServant, false, "reprimand,warning,dismissal"},
		{"172 công chức lãnh đạo", cur, org.CategoryCivilServant, true, "reprimand,warning,removal,dismissal"},
		{"172 cán bộ giữ chức vụ", cur, org.CategoryCadre, true, "reprimand,warning,removal,recall"},
		{"172 cán bộ", cur, org.CategoryCadre, false, "reprimand,warning,recall"},
		{"viên chức", vc, org.CategoryPublicEmployee, false, "reprimand,warning,dismissal"},
		{"viên chức quản lý", vc, org.CategoryPublicEmployee, true, "reprimand,warning,removal,dismissal"},
		{"172 viên chức: none", cur, org.CategoryPublicEmployee, false, ""},
	} {
		if got := codes(tc.r.FormsFor(tc.c, tc.leader)); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	for _, code := range []string{FormSalaryCut, FormDemotion} {
		if cur.FormByCode(code) != nil {
			t.Errorf("172/2025 has %s", code)
		}
		if old.FormByCode(code) == nil {
			t.Errorf("112/2020 lacks %s", code)
		}
	}
	if !cur.NeedsCouncil(org.CategoryCivilServant, FormWarning) || cur.NeedsCouncil(org.CategoryCivilServant, FormReprimand) ||
		cur.NeedsCouncil(org.CategoryCadre, FormRemoval) {
		t.Error("council rule of 172/2025")
	}
	if vc.Verified || vc.Basis == "" || !strings.Contains(vc.Basis, "cần đối chiếu") {
		t.Errorf("viên chức set must say it is to verify: %v %q", vc.Verified, vc.Basis)
	}
}

// Combination and repetition: several acts, the heaviest; a running
// sanction makes a lighter or equal new form one level heavier than the
// running one; a heavier one is judged by the set's rule; the scale is
// the official's own (a non-leader skips cách chức).
func TestPropose(t *testing.T) {
	cur := RuleSetOn(DefaultRuleSets, org.CategoryCivilServant, vn(2026, 1, 1, 9))
	old := RuleSetOn(DefaultRuleSets, org.CategoryCivilServant, vn(2024, 1, 1, 9))
	staff := cur.For(org.CategoryCivilServant, false)
	lead := cur.For(org.CategoryCivilServant, true)
	oldStaff := old.For(org.CategoryCivilServant, false)
	for _, tc := range []struct {
		name    string
		r       *RuleSet
		forms   []string
		running string
		want    string
		why     string
	}{
		{"one act", staff, []string{FormReprimand}, "", FormReprimand, "khiển trách"},
		{"several acts: heaviest", staff, []string{FormReprimand, FormWarning, FormReprimand}, "", FormWarning, "cao nhất là cảnh cáo"},
		{"equal while running: one heavier", staff, []string{FormReprimand}, FormReprimand, FormWarning, "nặng hơn một mức so với hình thức đang thi hành"},
		{"lighter while running: one heavier than running", staff, []string{FormReprimand}, FormWarning, FormDismissal, "buộc thôi việc"},
		{"leader: warning running → removal", lead, []string{FormWarning}, FormWarning, FormRemoval, "cách chức"},
		{"heavier while running (172: one more)", lead, []string{FormWarning}, FormReprimand, FormRemoval, "so với hình thức của vi phạm mới"},
		{"heavier while running (112: own)", oldStaff, []string{FormSalaryCut}, FormReprimand, FormSalaryCut, "áp dụng hình thức của vi phạm mới"},
		{"top stays top", staff, []string{FormDismissal}, FormDismissal, FormDismissal, "nặng nhất"},
		{"running form of the old rule", staff, []string{FormReprimand}, FormSalaryCut, FormReprimand, "không có trong quy định này"},
		{"form not for this official", staff, []string{FormRemoval}, "", "", "không áp dụng"},
		{"none", staff, nil, "", "", "Chưa có"},
	} {
		got, why := tc.r.Propose(tc.forms, tc.running)
		if got != tc.want || !strings.Contains(why, tc.why) {
			t.Errorf("%s: %q (%s), want %q (…%s…)", tc.name, got, why, tc.want, tc.why)
		}
	}
}

// Time bars: 2 years for ít nghiêm trọng, 5 for the others, counted in
// Vietnam days from the act.
func TestBarred(t *testing.T) {
	r := RuleSetOn(DefaultRuleSets, org.CategoryCivilServant, vn(2026, 1, 1, 9))
	act := vn(2023, 3, 10, 9)
	for _, tc := range []struct {
		sev   Severity
		today time.Time
		want  bool
		years int
	}{
		{SeverityMinor, vn(2025, 3, 10, 23), false, 2},
		{SeverityMinor, vn(2025, 3, 11, 0), true, 2},
		{SeveritySerious, vn(2025, 3, 11, 9), false, 5},
		{SeverityGrave, vn(2028, 3, 10, 9), false, 5},
		{SeverityGrave, vn(2028, 3, 11, 9), true, 5},
	} {
		got, tb := r.Barred(tc.sev, act, tc.today)
		if got != tc.want || tb.Years != tc.years {
			t.Errorf("%s on %s: %v %+v", tc.sev, tc.today.Format(time.DateOnly), got, tb)
		}
	}
}

// Competence: a công chức without a post is disciplined at their managing
// unit, a leader at the appointing level; cán bộ always at the appointing.
func TestCompetenceFor(t *testing.T) {
	r := RuleSetOn(DefaultRuleSets, org.CategoryCivilServant, vn(2026, 1, 1, 9))
	if k := r.CompetenceFor(org.CategoryCivilServant, false); k.Level != LevelManaging {
		t.Errorf("công chức: %+v", k)
	}
	if k := r.CompetenceFor(org.CategoryCivilServant, true); k.Level != LevelAppointing {
		t.Errorf("leader: %+v", k)
	}
	if k := r.CompetenceFor(org.CategoryCadre, false); k.Level != LevelAppointing {
		t.Errorf("cán bộ: %+v", k)
	}
}

// The defaults are valid rule sets (as an administrator's would have to
// be, dates apart) and survive their JSON body; a bad set names its
// fields in Vietnamese.
func TestRuleSetValidate(t *testing.T) {
	for _, d := range DefaultRuleSets {
		r := d
		r.Forms = slices.Clone(d.Forms)
		if r.From.IsZero() {
			r.From = day(2020, 1, 1)
		}
		if err := r.Validate(time.Time{}); err != nil {
			t.Errorf("%s: %v %v", d.Code, err, congvu.ErrorFields(err))
		}
		b, _ := json.Marshal(d)
		var back RuleSet
		if err := json.Unmarshal(b, &back); err != nil || back.Code != d.Code || len(back.Forms) != len(d.Forms) || back.Forms[0].Basis != d.Forms[0].Basis {
			t.Errorf("%s: JSON round trip: %v", d.Code, err)
		}
	}
	bad := DefaultRuleSets[1]
	bad.Forms = append(slices.Clone(bad.Forms), Form{Code: FormReprimand, Label: "Khiển trách", Categories: []org.Category{org.CategoryCadre}, Severities: []Severity{SeverityMinor}})
	bad.From = day(2026, 1, 1)
	bad.Basis = " "
	err := bad.Validate(vn(2026, 3, 5, 9))
	fs := congvu.ErrorFields(err)
	if congvu.ErrorCode(err) != congvu.EINVALID || !strings.Contains(fs["forms"], "bị lặp") || fs["valid_from"] == "" || fs["basis"] == "" {
		t.Fatalf("bad set: %v %v", err, fs)
	}
	empty := RuleSet{Code: "x", Title: "x", Basis: "x", Categories: []org.Category{org.CategoryWorker}, From: day(2026, 6, 1)}
	fs = congvu.ErrorFields(empty.Validate(vn(2026, 3, 5, 9)))
	for _, f := range []string{"forms", "categories", "handling_days", "steps", "complaint_days"} {
		if fs[f] == "" {
			t.Errorf("empty set: no message for %s: %v", f, fs)
		}
	}
}

// The case steps follow their order; the council only when the form
// needs one; a deferred or ended case takes no step.
func TestNextCaseStatus(t *testing.T) {
	for _, tc := range []struct {
		from    CaseStatus
		step    Step
		council bool
		want    CaseStatus
		ok      bool
	}{
		{CaseReview, StepReview, false, CaseDecision, true},
		{CaseReview, StepReview, true, CaseCouncil, true},
		{CaseCouncil, StepCouncil, true, CaseDecision, true},
		{CaseDecision, StepDecision, false, CaseDecided, true},
		{CaseDecided, StepNotify, false, CaseNotified, true},
		{CaseNotified, StepComplaint, false, CaseComplaint, true},
		{CaseComplaint, StepComplaint, false, CaseClosed, true},
		{CaseReview, StepDecision, false, CaseReview, false},
		{CaseDecision, StepCouncil, false, CaseDecision, false},
		{CaseDeferred, StepReview, false, CaseDeferred, false},
		{CaseDropped, StepDecision, false, CaseDropped, false},
		{CaseDecided, StepDecision, false, CaseDecided, false},
	} {
		got, err := NextCaseStatus(tc.from, tc.step, tc.council)
		if got != tc.want || (err == nil) != tc.ok || (err != nil && congvu.ErrorCode(err) != congvu.ECONFLICT) {
			t.Errorf("%s + %s: %s %v", tc.from, tc.step, got, err)
		}
	}
	if CanDefer(CaseDecided) == nil || CanDefer(CaseReview) != nil || CanResume(CaseReview) == nil || CanDrop(CaseDeferred) != nil || CanDrop(CaseNotified) == nil {
		t.Error("defer, resume, drop")
	}
}

// BenchmarkRuleSetOn is the rule lookup for an act's date and category,
// per call ("rule lookup per call" of the issue), over the default sets
// and over 200 dated sets (decades of amendments).
func BenchmarkRuleSetOn(b *testing.B) {
	many := slices.Clone(DefaultRuleSets)
	for i := range 200 {
		r := DefaultRuleSets[1]
		r.ID = int64(100 + i)
		r.From = day(2025, 7, 1).AddDate(0, i, 0)
		many = append(many, r)
	}
	for _, tc := range []struct {
		name string
		sets []RuleSet
	}{{"defaults", DefaultRuleSets}, {"200sets", many}} {
		b.Run(tc.name, func(b *testing.B) {
			acts := []time.Time{vn(2024, 5, 1, 9), vn(2026, 5, 1, 9), vn(2025, 7, 1, 0)}
			cats := []org.Category{org.CategoryCivilServant, org.CategoryCadre, org.CategoryPublicEmployee}
			n := 0
			start := time.Now()
			for i := 0; b.Loop(); i++ {
				if RuleSetOn(tc.sets, cats[i%3], acts[i%3]) != nil {
					n++
				}
			}
			if n == 0 {
				b.Fatal("no rule found")
			}
			b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N), "ns/lookup")
		})
	}
}
