package evaluation

import (
	"congvu"
	"congvu/conduct"
	"congvu/org"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// RuleSetFor returns the rule set that judges the year of an official of
// category c: among those covering c and the year, the one from the latest
// year (the newest added on a tie); nil when none does (người lao động).
func RuleSetFor(sets []RuleSet, c org.Category, year int) *RuleSet {
	var best *RuleSet
	for i := range sets {
		r := &sets[i]
		if !slices.Contains(r.Categories, c) || !r.Covers(year) {
			continue
		}
		if best == nil || r.FromYear > best.FromYear || (r.FromYear == best.FromYear && r.ID > best.ID) {
			best = r
		}
	}
	return best
}

// Covers reports whether the year lies in the rule set's years.
func (r *RuleSet) Covers(year int) bool {
	return (r.FromYear == 0 || year >= r.FromYear) && (r.UntilYear == 0 || year <= r.UntilYear)
}

// Classify is the level a total of points reaches under a scored rule
// set; "" under an unscored one (the evaluator classifies by criteria).
func (r *RuleSet) Classify(total float64) Level {
	if !r.Scored {
		return ""
	}
	const eps = 1e-9 // 89.99999999 from summed quarters is 90
	switch {
	case total+eps >= r.Excellent:
		return LevelExcellent
	case total+eps >= r.Good:
		return LevelGood
	case total+eps >= r.Completed:
		return LevelCompleted
	}
	return LevelNotCompleted
}

// Round2 rounds points to two decimals, as forms show them.
func Round2(x float64) float64 { return math.Round(x*100) / 100 }

// TaskScore is the task points of a year's products: TaskMax × the share
// of the points earned over the points of the products not cancelled. A
// product earns its points less FailurePenalty for each quality or
// progress failure (never below 0) once confirmed, nothing before. No
// product: 0. The lines explain each product, cancelled ones included.
func (r *RuleSet) TaskScore(products []*Product) (float64, []TaskLine) {
	var sum, earned float64
	lines := make([]TaskLine, 0, len(products))
	for _, p := range products {
		l := TaskLine{ProductID: p.ID, Title: p.Title, Period: PeriodLabel(p.PeriodKind, p.Period), Points: p.Points}
		switch p.Status {
		case ProductCancelled:
			l.Why = "đã hủy, không tính"
			if p.CancelReason != "" {
				l.Why += ": " + p.CancelReason
			}
			lines = append(lines, l)
			continue
		case ProductConfirmed:
			fails := 0
			var why []string
			if p.QualityFailed {
				fails++
				why = append(why, "không bảo đảm chất lượng")
			}
			if p.ProgressFailed {
				fails++
				why = append(why, "chậm tiến độ")
			}
			l.Earned = Round2(p.Points * max(0, 1-r.FailurePenalty*float64(fails)))
			if fails == 0 {
				l.Why = "hoàn thành, bảo đảm chất lượng và tiến độ"
			} else {
				l.Why = fmt.Sprintf("%s: −%s%%", strings.Join(why, ", "), trimFloat(100*r.FailurePenalty*float64(fails)))
			}
		case ProductReported:
			l.Why = "đã báo cáo, chưa được xác nhận"
		default:
			l.Why = "chưa hoàn thành"
		}
		sum += p.Points
		earned += l.Earned
		lines = append(lines, l)
	}
	if sum <= 0 {
		return 0, lines
	}
	return Round2(r.TaskMax * earned / sum), lines
}

// trimFloat writes x without trailing zeros ("25", "12.5").
func trimFloat(x float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}

// PeriodLabel names a period: "Tháng 3", "Quý 1".
func PeriodLabel(k PeriodKind, n int) string {
	if k == PeriodQuarter {
		return fmt.Sprintf("Quý %d", n)
	}
	return fmt.Sprintf("Tháng %d", n)
}

// PeriodEnd is the last day of a period of a year (midnight, Vietnam).
func PeriodEnd(year int, k PeriodKind, n int) time.Time {
	m := n
	if k == PeriodQuarter {
		m = 3 * n
	}
	return time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, congvu.TimeZone)
}

// Apply says which rules of the set apply to an official's year of
// conduct and the best level they allow ("" : no cap): disciplined in the
// year (khiển trách or heavier) caps at DisciplineCap, said with the
// decision and the citation.
func (r *RuleSet) Apply(y *conduct.Year) ([]Applied, Level) {
	out := []Applied{}
	if y == nil || r.DisciplineCap == "" {
		return out, ""
	}
	d, ok := y.Disciplined()
	if !ok {
		return out, ""
	}
	on := d.EffectiveOn
	if on.IsZero() {
		on = d.SignedOn
	}
	form := strings.ToLower(d.FormLabel)
	if form == "" {
		form = d.Form
	}
	text := "Bị kỷ luật " + form
	if !on.IsZero() {
		text += " ngày " + congvu.Date(on).Format("02/01/2006")
	}
	if d.Number != "" {
		text += " (Quyết định số " + d.Number + ")"
	}
	text += " → " + capWords(r.DisciplineCap)
	if r.DisciplineBasis != "" {
		text += " (" + r.DisciplineBasis + ")"
	}
	out = append(out, Applied{Code: "discipline", Text: text, Cap: r.DisciplineCap})
	return out, r.DisciplineCap
}

// capWords says a cap: "không xếp loại hoàn thành nhiệm vụ trở lên" (the
// level just above the cap and better are barred).
func capWords(c Level) string {
	i := slices.Index(Levels, c)
	if i <= 0 {
		return "xếp loại tối đa " + strings.ToLower(c.Label())
	}
	return "không xếp loại " + strings.ToLower(Levels[i-1].Label()) + " trở lên"
}

// Allowed is how many may be excellent among base rated good or better:
// QuotaPct % of base, rounded down (the quota is a ceiling).
func (r *RuleSet) Allowed(base int) int {
	if base <= 0 || r.QuotaPct <= 0 {
		return 0
	}
	return int(math.Floor(float64(base)*r.QuotaPct/100 + 1e-9))
}

// QuotaRule says the quota in words with its citation.
func (r *RuleSet) QuotaRule() string {
	s := fmt.Sprintf("Hoàn thành xuất sắc nhiệm vụ không quá %s%% số được xếp loại hoàn thành tốt nhiệm vụ trở lên trong cùng đơn vị và nhóm nhiệm vụ tương đồng", trimFloat(r.QuotaPct))
	if r.QuotaBasis != "" {
		s += " (" + r.QuotaBasis + ")"
	}
	return s
}

// QuotaError is the ECONFLICT of a decision of excellent beyond the quota:
// excellent already decided in the unit and group, allowed out of base.
func QuotaError(q *Quota) error {
	group := ""
	if q.TaskGroup != "" {
		group = ", nhóm \"" + q.TaskGroup + "\""
	}
	return congvu.Errorf(congvu.ECONFLICT, "Đơn vị đã đủ chỉ tiêu hoàn thành xuất sắc nhiệm vụ năm %d%s (tối đa %d/%d người xếp loại hoàn thành tốt trở lên; đã quyết định %d).",
		q.Year, group, q.Allowed, q.Base, q.Excellent)
}

// QuotaLeaveError is the ECONFLICT of a level below good, or of another
// task group, for an official counted among those rated good or better
// of their group, when the excellent already decided there would then
// pass the quota of those left (q.Base, q.Allowed).
func QuotaLeaveError(q *Quota) error {
	group := ""
	if q.TaskGroup != "" {
		group = ", nhóm \"" + q.TaskGroup + "\""
	}
	return congvu.Errorf(congvu.ECONFLICT, "Đơn vị đã quyết định %d người hoàn thành xuất sắc nhiệm vụ năm %d%s: nếu cán bộ này không còn được tính là hoàn thành tốt nhiệm vụ trở lên của nhóm, chỉ còn %d người và vượt chỉ tiêu (tối đa %d/%d).",
		q.Excellent, q.Year, group, q.Base, q.Allowed, q.Base)
}

// CheckLevel returns EINVALID (field "level") unless level may be proposed
// or decided: a known level, not above the cap the evidence sets
// (capReason says why), not above what the total reaches under a scored
// set.
func (r *RuleSet) CheckLevel(level Level, total float64, cap Level, capReason string) error {
	if !level.Valid() {
		return congvu.FieldError("level", "Xin chọn mức xếp loại.")
	}
	if cap != "" && level.Rank() > cap.Rank() {
		msg := "Không thể xếp loại \"" + level.Label() + "\""
		if capReason != "" {
			msg += ": " + capReason
		} else {
			msg += ": mức cao nhất được xếp là \"" + cap.Label() + "\"."
		}
		return congvu.FieldError("level", msg)
	}
	if c := r.Classify(total); c != "" && level.Rank() > c.Rank() {
		return congvu.FieldError("level", fmt.Sprintf("Tổng điểm %s chỉ cho phép xếp loại tối đa \"%s\".", trimFloat(total), c.Label()))
	}
	return nil
}

// RuleSetBody is what the stored body of a rule set holds beyond its
// columns (code, title, categories, years, basis, verified).
type RuleSetBody struct {
	Scored          bool         `json:"scored"`
	General         []Criterion  `json:"general"`
	TaskMax         float64      `json:"task_max"`
	Excellent       float64      `json:"excellent"`
	Good            float64      `json:"good"`
	Completed       float64      `json:"completed"`
	FailurePenalty  float64      `json:"failure_penalty"`
	Periods         []PeriodKind `json:"periods"`
	QuotaPct        float64      `json:"quota_pct"`
	QuotaBasis      string       `json:"quota_basis"`
	DisciplineCap   Level        `json:"discipline_cap"`
	DisciplineBasis string       `json:"discipline_basis"`
	ComplaintDays   int          `json:"complaint_days"`
	MinRatings      int          `json:"min_ratings"`
}

// Body returns the part of r stored as its body.
func (r *RuleSet) Body() RuleSetBody {
	return RuleSetBody{Scored: r.Scored, General: r.General, TaskMax: r.TaskMax, Excellent: r.Excellent, Good: r.Good,
		Completed: r.Completed, FailurePenalty: r.FailurePenalty, Periods: r.Periods, QuotaPct: r.QuotaPct, QuotaBasis: r.QuotaBasis,
		DisciplineCap: r.DisciplineCap, DisciplineBasis: r.DisciplineBasis, ComplaintDays: r.ComplaintDays, MinRatings: r.MinRatings}
}

// SetBody sets the part of r stored as its body.
func (r *RuleSet) SetBody(b RuleSetBody) {
	r.Scored, r.General, r.TaskMax, r.Excellent, r.Good, r.Completed = b.Scored, b.General, b.TaskMax, b.Excellent, b.Good, b.Completed
	r.FailurePenalty, r.Periods, r.QuotaPct, r.QuotaBasis = b.FailurePenalty, b.Periods, b.QuotaPct, b.QuotaBasis
	r.DisciplineCap, r.DisciplineBasis, r.ComplaintDays, r.MinRatings = b.DisciplineCap, b.DisciplineBasis, b.ComplaintDays, b.MinRatings
}

// Criterion returns the general criterion code of r, or nil.
func (r *RuleSet) Criterion(code string) *Criterion {
	for i := range r.General {
		if r.General[i].Code == code {
			return &r.General[i]
		}
	}
	return nil
}

// ComplaintUntil is the last day the official may complain after being
// notified at notified.
func (r *RuleSet) ComplaintUntil(notified time.Time) time.Time {
	return congvu.Date(notified).AddDate(0, 0, r.ComplaintDays)
}

// AllowsPeriod reports whether products may be tracked by kind.
func (r *RuleSet) AllowsPeriod(k PeriodKind) bool { return slices.Contains(r.Periods, k) }
