package violation

import (
	"congvu"
	"congvu/org"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Allows reports whether the form applies to an official of category c
// who holds a post (leader) or not.
func (f *Form) Allows(c org.Category, leader bool) bool {
	if !slices.Contains(f.Categories, c) {
		return false
	}
	return !(f.LeaderOnly && !leader) && !(f.NotLeader && leader)
}

// FormsFor returns the forms of r that apply to an official of category c
// who holds a post (leader) or not, lightest first: their order is the
// scale of "one level heavier" for that official.
func (r *RuleSet) FormsFor(c org.Category, leader bool) []Form {
	var out []Form
	for _, f := range r.Forms {
		if f.Allows(c, leader) {
			out = append(out, f)
		}
	}
	return out
}

// For returns a copy of r with only the forms that apply to an official of
// category c who holds a post or not: Propose on it reads that official's
// scale.
func (r *RuleSet) For(c org.Category, leader bool) *RuleSet {
	cp := *r
	cp.Forms = r.FormsFor(c, leader)
	return &cp
}

// FormByCode returns the form of r with code, or nil.
func (r *RuleSet) FormByCode(code string) *Form {
	for i := range r.Forms {
		if r.Forms[i].Code == code {
			return &r.Forms[i]
		}
	}
	return nil
}

// FormLabel is the Vietnamese name of the form code (the code itself when
// r has no such form).
func (r *RuleSet) FormLabel(code string) string {
	if f := r.FormByCode(code); f != nil {
		return f.Label
	}
	return code
}

// NeedsCouncil reports whether a disciplinary council is formed before
// deciding form for an official of category c.
func (r *RuleSet) NeedsCouncil(c org.Category, form string) bool {
	f := r.FormByCode(form)
	return f != nil && f.Council && !slices.Contains(r.NoCouncil, c)
}

// rank is the position of code on r's scale, -1 when absent.
func (r *RuleSet) rank(code string) int {
	return slices.IndexFunc(r.Forms, func(f Form) bool { return f.Code == code })
}

// Propose returns the form to decide for the acts whose own forms are
// forms (one per act), given the form of a sanction still running
// (running, "" when none), with a Vietnamese explanation. It reads the
// scale of r.Forms: call it on r.For(category, leader). Several acts get
// one form, the heaviest (SeveralActsHeaviest); while a sanction runs, a
// form lighter than or equal to the running one becomes one level heavier
// than the running one, and a heavier one stays its own (or one level
// heavier than its own when RepeatHeavierOneMore) — never past the
// heaviest form of the scale. An unknown form gives "" and why.
func (r *RuleSet) Propose(forms []string, running string) (code string, why string) {
	if len(forms) == 0 {
		return "", "Chưa có hình thức kỷ luật đề xuất cho hành vi vi phạm."
	}
	if len(forms) > 1 && !r.SeveralActsHeaviest {
		return "", "Quy định này không cho phép quyết định chung một hình thức cho nhiều hành vi vi phạm."
	}
	top := -1
	for _, f := range forms {
		i := r.rank(f)
		if i < 0 {
			return "", fmt.Sprintf("Hình thức %q không áp dụng được theo %s.", f, r.Title)
		}
		top = max(top, i)
	}
	var parts []string
	if len(forms) > 1 {
		parts = append(parts, fmt.Sprintf("Có %d hành vi vi phạm xem xét cùng lúc: quyết định chung một hình thức cao nhất là %s.", len(forms), strings.ToLower(r.Forms[top].Label)))
	} else {
		parts = append(parts, fmt.Sprintf("Hình thức đề xuất cho hành vi vi phạm: %s.", strings.ToLower(r.Forms[top].Label)))
	}
	out := top
	if running != "" && r.RepeatOneHeavier {
		run := r.rank(running)
		if run < 0 {
			// A sanction under an earlier rule whose form this scale
			// lacks (hạ bậc lương, giáng chức): not placed, said so.
			parts = append(parts, fmt.Sprintf("Hình thức kỷ luật đang thi hành (%s) không có trong quy định này nên không xét tăng nặng.", running))
		} else {
			runLabel := strings.ToLower(r.Forms[run].Label)
			switch {
			case top <= run:
				out = min(run+1, len(r.Forms)-1)
				if out == run {
					parts = append(parts, fmt.Sprintf("Đang trong thời gian thi hành kỷ luật %s, vi phạm mới có hình thức nhẹ hơn hoặc bằng: áp dụng hình thức nặng hơn một mức, nhưng %s đã là hình thức nặng nhất nên giữ %s.", runLabel, runLabel, runLabel))
				} else {
					parts = append(parts, fmt.Sprintf("Đang trong thời gian thi hành kỷ luật %s, vi phạm mới có hình thức nhẹ hơn hoặc bằng: áp dụng hình thức nặng hơn một mức so với hình thức đang thi hành, là %s.", runLabel, strings.ToLower(r.Forms[out].Label)))
				}
			case r.RepeatHeavierOneMore:
				out = min(top+1, len(r.Forms)-1)
				parts = append(parts, fmt.Sprintf("Đang trong thời gian thi hành kỷ luật %s, vi phạm mới có hình thức nặng hơn: áp dụng hình thức nặng hơn một mức so với hình thức của vi phạm mới, là %s.", runLabel, strings.ToLower(r.Forms[out].Label)))
			default:
				parts = append(parts, fmt.Sprintf("Đang trong thời gian thi hành kỷ luật %s, vi phạm mới có hình thức nặng hơn: áp dụng hình thức của vi phạm mới, là %s.", runLabel, strings.ToLower(r.Forms[out].Label)))
			}
		}
	}
	return r.Forms[out].Code, strings.Join(parts, " ")
}

// Barred reports whether discipline for an act of date act whose
// consequences are sev is barred on today (Vietnam days), with the time
// bar that applies (zero when none does: never barred). The act is barred
// from the day after its anniversary Years later.
func (r *RuleSet) Barred(sev Severity, act, today time.Time) (bool, TimeBar) {
	for _, tb := range r.TimeBars {
		if !slices.Contains(tb.Severities, sev) {
			continue
		}
		last := congvu.Date(act).AddDate(tb.Years, 0, 0)
		return congvu.Date(today).After(last), tb
	}
	return false, TimeBar{}
}

// Label says the time bar in Vietnamese: "thời hiệu 2 năm".
func (tb TimeBar) Label() string { return fmt.Sprintf("thời hiệu %d năm", tb.Years) }

// CompetenceFor returns who decides for an official of category c who
// holds a post (leader) or not; the appointing level when r says nothing
// (the safer one).
func (r *RuleSet) CompetenceFor(c org.Category, leader bool) Competence {
	for _, k := range r.Competence {
		if k.Category == c && k.Leader == leader {
			return k
		}
	}
	return Competence{Category: c, Leader: leader, Level: LevelAppointing, Label: "Cấp có thẩm quyền bổ nhiệm"}
}

// DeferralByCode returns the deferral of r with code, or nil.
func (r *RuleSet) DeferralByCode(code string) *Deferral {
	for i := range r.Deferrals {
		if r.Deferrals[i].Code == code {
			return &r.Deferrals[i]
		}
	}
	return nil
}

// StepRule returns the time limit of step in r (ok false when r has none).
func (r *RuleSet) StepRule(step Step) (StepRule, bool) {
	for _, s := range r.Steps {
		if s.Step == step {
			return s, true
		}
	}
	return StepRule{}, false
}

// Validate checks a rule set an administrator adds: it starts on today or
// later (zero today: any date, for the command-line operator), names
// categories, cites its basis, has forms with unique codes and labels,
// known severities and categories of the set, time bars, handling limits,
// steps and who is competent. Field errors in Vietnamese.
func (r *RuleSet) Validate(today time.Time) error {
	v := congvu.Validation{}
	r.Code, r.Title, r.Basis = strings.TrimSpace(r.Code), strings.TrimSpace(r.Title), strings.TrimSpace(r.Basis)
	if r.Code == "" || len(r.Code) > 40 {
		v.Add("code", "Xin nhập mã bộ quy định (tối đa 40 ký tự).")
	} else if strings.ContainsAny(r.Code, ",\n") {
		v.Add("code", "Mã bộ quy định không được chứa dấu phẩy.")
	}
	if r.Title == "" || len([]rune(r.Title)) > 300 {
		v.Add("title", "Xin nhập tên bộ quy định (tối đa 300 ký tự).")
	}
	if r.Basis == "" {
		v.Add("basis", "Xin nêu căn cứ: văn bản, điều khoản, ngày hiệu lực.")
	}
	if len(r.Categories) == 0 {
		v.Add("categories", "Xin chọn ít nhất một loại đối tượng (cán bộ, công chức, viên chức).")
	}
	for i, c := range r.Categories {
		if !c.Valid() || c == org.CategoryWorker {
			v.Add("categories", "Loại đối tượng không hợp lệ (người lao động áp dụng Bộ luật Lao động).")
		} else if slices.Contains(r.Categories[:i], c) {
			v.Add("categories", "Loại đối tượng bị lặp.")
		}
	}
	if r.From.IsZero() {
		v.Add("valid_from", "Xin nhập ngày bắt đầu áp dụng (ngày của hành vi vi phạm).")
	} else if !today.IsZero() && r.From.Before(dayOf(today)) {
		v.Add("valid_from", "Bộ quy định mới chỉ áp dụng từ hôm nay trở đi; không sửa quy định đã áp dụng.")
	}
	if !r.Until.IsZero() && !r.From.IsZero() && r.Until.Before(r.From) {
		v.Add("valid_until", "Ngày hết áp dụng phải sau ngày bắt đầu.")
	}
	if len(r.Forms) == 0 {
		v.Add("forms", "Xin nhập ít nhất một hình thức kỷ luật.")
	}
	for i := range r.Forms {
		f := &r.Forms[i]
		f.Code, f.Label, f.Basis = strings.TrimSpace(f.Code), strings.TrimSpace(f.Label), strings.TrimSpace(f.Basis)
		switch {
		case f.Code == "" || f.Label == "":
			v.Add("forms", fmt.Sprintf("Hình thức thứ %d thiếu mã hoặc tên.", i+1))
		case slices.ContainsFunc(r.Forms[:i], func(g Form) bool { return g.Code == f.Code }):
			v.Add("forms", fmt.Sprintf("Mã hình thức %q bị lặp.", f.Code))
		case len(f.Categories) == 0 || slices.ContainsFunc(f.Categories, func(c org.Category) bool { return !slices.Contains(r.Categories, c) }):
			v.Add("forms", fmt.Sprintf("Hình thức %s phải áp dụng cho loại đối tượng của bộ quy định.", f.Label))
		case len(f.Severities) == 0 || slices.ContainsFunc(f.Severities, func(s Severity) bool { return !s.Valid() }):
			v.Add("forms", fmt.Sprintf("Hình thức %s thiếu mức độ hậu quả hoặc mức độ không hợp lệ.", f.Label))
		case f.LeaderOnly && f.NotLeader:
			v.Add("forms", fmt.Sprintf("Hình thức %s không thể vừa chỉ cho người giữ chức vụ vừa chỉ cho người không giữ chức vụ.", f.Label))
		case f.LastsMonths < 0 || f.LastsMonths > 120:
			v.Add("forms", fmt.Sprintf("Thời gian hậu quả của hình thức %s không hợp lệ (0–120 tháng).", f.Label))
		}
	}
	for i, d := range r.Deferrals {
		if strings.TrimSpace(d.Code) == "" || strings.TrimSpace(d.Label) == "" {
			v.Add("deferrals", "Mỗi trường hợp chưa xem xét kỷ luật cần mã và mô tả.")
		} else if slices.ContainsFunc(r.Deferrals[:i], func(e Deferral) bool { return e.Code == d.Code }) {
			v.Add("deferrals", fmt.Sprintf("Mã trường hợp %q bị lặp.", d.Code))
		}
	}
	var barred []Severity
	for _, tb := range r.TimeBars {
		if tb.Years <= 0 || tb.Years > 50 || len(tb.Severities) == 0 {
			v.Add("time_bars", "Mỗi thời hiệu cần số năm (1–50) và mức độ hậu quả.")
		}
		for _, s := range tb.Severities {
			if !s.Valid() || slices.Contains(barred, s) {
				v.Add("time_bars", "Mỗi mức độ hậu quả chỉ có một thời hiệu.")
			}
			barred = append(barred, s)
		}
	}
	if r.HandlingDays <= 0 || r.HandlingDays > 365 {
		v.Add("handling_days", "Thời hạn xử lý kỷ luật phải từ 1 đến 365 ngày.")
	} else if r.HandlingDaysMax < r.HandlingDays || r.HandlingDaysMax > 365 {
		v.Add("handling_days_max", "Thời hạn tối đa khi kéo dài phải từ thời hạn xử lý đến 365 ngày.")
	}
	if r.ComplaintDays <= 0 || r.ComplaintDays > 365 {
		v.Add("complaint_days", "Thời hiệu khiếu nại phải từ 1 đến 365 ngày.")
	}
	for i, s := range r.Steps {
		if !slices.Contains(Steps, s.Step) || slices.ContainsFunc(r.Steps[:i], func(t StepRule) bool { return t.Step == s.Step }) {
			v.Add("steps", "Bước thủ tục không hợp lệ hoặc bị lặp.")
		} else if s.WorkingDays <= 0 || s.WorkingDays > 365 {
			v.Add("steps", fmt.Sprintf("Thời hạn của bước %s phải từ 1 đến 365 ngày.", s.Step.Label()))
		}
	}
	for _, st := range []Step{StepReview, StepDecision, StepNotify} {
		if _, ok := r.StepRule(st); !ok {
			v.Add("steps", fmt.Sprintf("Thiếu thời hạn của bước %s.", st.Label()))
		}
	}
	for _, k := range r.Competence {
		if !slices.Contains(r.Categories, k.Category) || (k.Level != LevelManaging && k.Level != LevelAppointing) || strings.TrimSpace(k.Label) == "" {
			v.Add("competence", "Thẩm quyền phải nêu loại đối tượng của bộ quy định, cấp (quản lý hoặc bổ nhiệm) và tên.")
		}
	}
	for _, c := range r.Categories {
		for _, leader := range []bool{false, true} {
			if len(r.FormsFor(c, leader)) > 0 && !slices.ContainsFunc(r.Competence, func(k Competence) bool { return k.Category == c && k.Leader == leader }) {
				v.Add("competence", fmt.Sprintf("Thiếu thẩm quyền xử lý kỷ luật đối với %s.", strings.ToLower(c.Label())))
			}
		}
	}
	return v.Err()
}

// dayOf is the Vietnam day of t as midnight UTC, as rule dates are kept.
func dayOf(t time.Time) time.Time {
	d := congvu.Date(t)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

// RuleSetBody is the part of a rule set storage keeps as JSON (the
// discipline_rule_sets body column); the rest has columns of its own.
type RuleSetBody struct {
	Forms                []Form         `json:"forms"`
	SeveralActsHeaviest  bool           `json:"several_acts_heaviest"`
	RepeatOneHeavier     bool           `json:"repeat_one_heavier"`
	RepeatHeavierOneMore bool           `json:"repeat_heavier_one_more,omitempty"`
	NoCouncil            []org.Category `json:"no_council,omitempty"`
	Deferrals            []Deferral     `json:"deferrals"`
	TimeBars             []TimeBar      `json:"time_bars"`
	HandlingDays         int            `json:"handling_days"`
	HandlingDaysMax      int            `json:"handling_days_max"`
	Steps                []StepRule     `json:"steps"`
	Competence           []Competence   `json:"competence"`
	ComplaintDays        int            `json:"complaint_days"`
	ComplaintBasis       string         `json:"complaint_basis,omitempty"`
}

// Body returns the part of r kept as JSON.
func (r *RuleSet) Body() RuleSetBody {
	return RuleSetBody{Forms: r.Forms, SeveralActsHeaviest: r.SeveralActsHeaviest, RepeatOneHeavier: r.RepeatOneHeavier,
		RepeatHeavierOneMore: r.RepeatHeavierOneMore, NoCouncil: r.NoCouncil, Deferrals: r.Deferrals, TimeBars: r.TimeBars,
		HandlingDays: r.HandlingDays, HandlingDaysMax: r.HandlingDaysMax, Steps: r.Steps, Competence: r.Competence,
		ComplaintDays: r.ComplaintDays, ComplaintBasis: r.ComplaintBasis}
}

// SetBody puts b into r.
func (r *RuleSet) SetBody(b RuleSetBody) {
	r.Forms, r.SeveralActsHeaviest, r.RepeatOneHeavier, r.RepeatHeavierOneMore = b.Forms, b.SeveralActsHeaviest, b.RepeatOneHeavier, b.RepeatHeavierOneMore
	r.NoCouncil, r.Deferrals, r.TimeBars, r.HandlingDays, r.HandlingDaysMax = b.NoCouncil, b.Deferrals, b.TimeBars, b.HandlingDays, b.HandlingDaysMax
	r.Steps, r.Competence, r.ComplaintDays, r.ComplaintBasis = b.Steps, b.Competence, b.ComplaintDays, b.ComplaintBasis
}
