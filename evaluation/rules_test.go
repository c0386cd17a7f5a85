package evaluation_test

import (
	"congvu"
	"congvu/conduct"
	"congvu/evaluation"
	"congvu/org"
	"strings"
	"testing"
	"time"
)

// The default sets are valid, the 335/2025 set gives 30 general points and
// 70 task points, and the set of a year and category is the one in force:
// công chức by 90/2020 until 2025 and by 335/2025 from 2026, cán bộ and
// viên chức by 90/2020, người lao động by none.
func TestDefaultRuleSets(t *testing.T) {
	sets := evaluation.DefaultRuleSets()
	for i := range sets {
		r := sets[i]
		if err := r.Validate(0); err != nil {
			t.Errorf("%s: %v", r.Code, err)
		}
	}
	r := evaluation.RuleSetFor(sets, org.CategoryCivilServant, 2026)
	if r == nil || r.Code != "335/2025-cc" || !r.Scored || !r.Verified || r.TaskMax != 70 || r.QuotaPct != 20 || r.FailurePenalty != 0.25 {
		t.Fatalf("công chức 2026: %+v", r)
	}
	var general float64
	conductCrit := 0
	for _, c := range r.General {
		general += c.Max
		if c.Conduct {
			conductCrit++
		}
	}
	if general != 30 || conductCrit != 2 || !strings.Contains(r.Basis, "[cần đối chiếu]") {
		t.Errorf("general criteria %v (conduct %d), basis %q", general, conductCrit, r.Basis)
	}
	for _, tc := range []struct {
		c    org.Category
		year int
		want string
	}{
		{org.CategoryCivilServant, 2025, "90/2020-cc"},
		{org.CategoryCivilServant, 2027, "335/2025-cc"},
		{org.CategoryCadre, 2026, "90/2020-cbvc"},
		{org.CategoryPublicEmployee, 2024, "90/2020-cbvc"},
		{org.CategoryWorker, 2026, ""},
	} {
		got := ""
		if r := evaluation.RuleSetFor(sets, tc.c, tc.year); r != nil {
			got = r.Code
			if r.Code != "335/2025-cc" && (r.Verified || r.Scored || r.DisciplineCap != evaluation.LevelNotCompleted) {
				t.Errorf("%s: verified %v scored %v cap %q", r.Code, r.Verified, r.Scored, r.DisciplineCap)
			}
		}
		if got != tc.want {
			t.Errorf("%s %d: %q, want %q", tc.c, tc.year, got, tc.want)
		}
	}
	// A set added later from a year wins from that year.
	added := sets[2]
	added.ID, added.Code, added.FromYear = 99, "x/2028", 2028
	sets = append(sets, added)
	if r := evaluation.RuleSetFor(sets, org.CategoryCivilServant, 2028); r.Code != "x/2028" {
		t.Errorf("2028: %s", r.Code)
	}
	if r := evaluation.RuleSetFor(sets, org.CategoryCivilServant, 2027); r.Code != "335/2025-cc" {
		t.Errorf("2027: %s", r.Code)
	}
}

func rule335(t *testing.T) *evaluation.RuleSet {
	t.Helper()
	return evaluation.RuleSetFor(evaluation.DefaultRuleSets(), org.CategoryCivilServant, 2026)
}

func TestClassify(t *testing.T) {
	r := rule335(t)
	for total, want := range map[float64]evaluation.Level{
		100: evaluation.LevelExcellent, 90: evaluation.LevelExcellent, 89.99: evaluation.LevelGood, 70: evaluation.LevelGood,
		69.5: evaluation.LevelCompleted, 50: evaluation.LevelCompleted, 49.99: evaluation.LevelNotCompleted, 0: evaluation.LevelNotCompleted,
	} {
		if got := r.Classify(total); got != want {
			t.Errorf("%v: %s, want %s", total, got, want)
		}
	}
	old := evaluation.RuleSetFor(evaluation.DefaultRuleSets(), org.CategoryCivilServant, 2025)
	if got := old.Classify(95); got != "" {
		t.Errorf("unscored set classified by points: %s", got)
	}
}

// 70 × earned / points of the products not cancelled; each failure costs
// 25% of the product's points once confirmed; unconfirmed earn nothing.
func TestTaskScore(t *testing.T) {
	r := rule335(t)
	ps := []*evaluation.Product{
		{ID: 1, Title: "A", Points: 10, Status: evaluation.ProductConfirmed, PeriodKind: evaluation.PeriodMonth, Period: 1},
		{ID: 2, Title: "B", Points: 10, Status: evaluation.ProductConfirmed, QualityFailed: true, PeriodKind: evaluation.PeriodMonth, Period: 2},
		{ID: 3, Title: "C", Points: 20, Status: evaluation.ProductConfirmed, QualityFailed: true, ProgressFailed: true, PeriodKind: evaluation.PeriodQuarter, Period: 1},
		{ID: 4, Title: "D", Points: 10, Status: evaluation.ProductReported, PeriodKind: evaluation.PeriodMonth, Period: 3},
		{ID: 5, Title: "E", Points: 5, Status: evaluation.ProductCancelled, PeriodKind: evaluation.PeriodMonth, Period: 3},
	}
	got, lines := r.TaskScore(ps)
	// earned 10 + 7.5 + 10 + 0 = 27.5 of 50
	if got != 38.5 || len(lines) != 5 {
		t.Fatalf("task score %v, %d lines", got, len(lines))
	}
	if lines[1].Earned != 7.5 || !strings.Contains(lines[1].Why, "−25%") || lines[2].Earned != 10 || !strings.Contains(lines[2].Why, "−50%") ||
		lines[3].Earned != 0 || lines[4].Period != "Tháng 3" || lines[2].Period != "Quý 1" {
		t.Errorf("lines %+v", lines)
	}
	if got, _ := r.TaskScore(nil); got != 0 {
		t.Errorf("no product: %v", got)
	}
	all := []*evaluation.Product{{Points: 3, Status: evaluation.ProductConfirmed}, {Points: 7, Status: evaluation.ProductConfirmed}}
	if got, _ := r.TaskScore(all); got != 70 {
		t.Errorf("all done: %v", got)
	}
	harsh := *r
	harsh.FailurePenalty = 0.6
	if got, _ := harsh.TaskScore([]*evaluation.Product{{Points: 4, Status: evaluation.ProductConfirmed, QualityFailed: true, ProgressFailed: true}}); got != 0 {
		t.Errorf("earned below zero: %v", got)
	}
}

// Disciplined in the year caps the level at not completed, said with the
// decision, its date and the citation.
func TestApply(t *testing.T) {
	r := rule335(t)
	y := &conduct.Year{OfficialID: 7, Year: 2026}
	if applied, cap := r.Apply(y); len(applied) != 0 || cap != "" {
		t.Fatalf("no discipline: %v %q", applied, cap)
	}
	y.Disciplines = []conduct.Discipline{{CaseID: 3, Form: "reprimand", FormLabel: "Khiển trách", Number: "15/QĐ-UBND",
		SignedOn: time.Date(2026, 3, 10, 0, 0, 0, 0, congvu.TimeZone), EffectiveOn: time.Date(2026, 3, 12, 0, 0, 0, 0, congvu.TimeZone)}}
	applied, cap := r.Apply(y)
	if cap != evaluation.LevelNotCompleted || len(applied) != 1 || applied[0].Cap != cap {
		t.Fatalf("cap %q %v", cap, applied)
	}
	want := "Bị kỷ luật khiển trách ngày 12/03/2026 (Quyết định số 15/QĐ-UBND) → không xếp loại hoàn thành nhiệm vụ trở lên (Nghị định 335/2025/NĐ-CP"
	if !strings.HasPrefix(applied[0].Text, want) {
		t.Errorf("text %q", applied[0].Text)
	}
	if _, cap := r.Apply(nil); cap != "" {
		t.Errorf("nil year capped")
	}
}

func TestAllowed(t *testing.T) {
	r := rule335(t)
	for base, want := range map[int]int{0: 0, 4: 0, 5: 1, 9: 1, 10: 2, 14: 2, 15: 3, 500: 100} {
		if got := r.Allowed(base); got != want {
			t.Errorf("base %d: %d, want %d", base, got, want)
		}
	}
	err := evaluation.QuotaError(&evaluation.Quota{Year: 2026, TaskGroup: "Chuyên viên", Allowed: 2, Base: 10, Excellent: 2})
	if congvu.ErrorCode(err) != congvu.ECONFLICT || !strings.Contains(congvu.ErrorMessage(err), "Đơn vị đã đủ chỉ tiêu") || !strings.Contains(congvu.ErrorMessage(err), "tối đa 2/10") {
		t.Errorf("quota error %v", err)
	}
}

func TestCheckLevel(t *testing.T) {
	r := rule335(t)
	if err := r.CheckLevel(evaluation.LevelGood, 78, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := r.CheckLevel(evaluation.LevelExcellent, 78, "", ""); congvu.ErrorFields(err)["level"] == "" {
		t.Errorf("excellent at 78 points: %v", err)
	}
	if err := r.CheckLevel(evaluation.LevelCompleted, 95, evaluation.LevelNotCompleted, "Bị kỷ luật khiển trách"); congvu.ErrorCode(err) != congvu.EINVALID ||
		!strings.Contains(congvu.ErrorFields(err)["level"], "Bị kỷ luật khiển trách") {
		t.Errorf("above the cap: %v", err)
	}
	if err := r.CheckLevel(evaluation.LevelNotCompleted, 95, evaluation.LevelNotCompleted, "x"); err != nil {
		t.Errorf("at the cap: %v", err)
	}
	if err := r.CheckLevel("", 95, "", ""); congvu.ErrorFields(err)["level"] == "" {
		t.Errorf("no level: %v", err)
	}
	old := evaluation.RuleSetFor(evaluation.DefaultRuleSets(), org.CategoryCadre, 2026)
	if err := old.CheckLevel(evaluation.LevelExcellent, 0, "", ""); err != nil {
		t.Errorf("unscored set judged points: %v", err)
	}
}
