package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/commendation"
)

// CommendationRulesPage lists the dated commendation rule sets and, for a
// national administrator, adds one from a date (the set in force as its
// starting point).
type CommendationRulesPage struct {
	Base
	Sets    []CommendationRuleRow
	CanEdit bool
	Form    *Form
}

// CommendationRuleRow is a rule set with whether it applies today.
type CommendationRuleRow struct {
	commendation.RuleSet
	InForce, Future bool
}

// LevelsLabel names the kinds of unit whose head decides a form.
func LevelsLabel(f commendation.Form) string {
	var out []string
	for _, l := range f.DeciderLevels {
		out = append(out, l.Label())
	}
	return strings.Join(out, ", ")
}

// Coef writes a coefficient the Vietnamese way (0,3).
func Coef(x float64) string {
	return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
}

// FormsJSON is the forms of a rule set as an administrator edits them.
func FormsJSON(forms []commendation.Form) string {
	b, _ := json.MarshalIndent(forms, "", "  ")
	return string(b)
}

func (s *Server) commendationRules(w http.ResponseWriter, r *http.Request) error {
	return s.renderCommendationRules(w, r, http.StatusOK, nil)
}

func (s *Server) renderCommendationRules(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	ctx := r.Context()
	sets, err := s.Services.Commendations.RuleSets(ctx)
	if err != nil {
		return err
	}
	a := congvu.ActorFromContext(ctx)
	p := &CommendationRulesPage{Base: Base{Title: "Quy định khen thưởng", Crumbs: []Link{{"Khen thưởng, biểu dương", "/commendations"}}},
		CanEdit: a.Can(congvu.ActCommendationRules, congvu.RootUnitPath), Form: f}
	now := time.Now()
	cur := commendation.RuleSetOn(sets, now)
	for _, rs := range sets {
		row := CommendationRuleRow{RuleSet: rs, InForce: cur != nil && cur.ID == rs.ID, Future: rs.From.After(commendation.DateOnly(now))}
		p.Sets = append(p.Sets, row)
	}
	if p.Form == nil {
		p.Form = NewForm(nil)
		if cur != nil {
			p.Form.Set("title", cur.Title)
			p.Form.Set("basis", cur.Basis)
			p.Form.Set("forms", FormsJSON(cur.Forms))
			p.Form.Set("round_to", strconv.FormatInt(cur.RoundTo, 10))
			p.Form.Set("min_sample", strconv.Itoa(cur.MinSample))
			p.Form.Set("min_index", Coef(cur.MinIndex))
			if len(cur.BaseSalary) > 0 {
				p.Form.Set("salary", strconv.FormatInt(cur.BaseSalary[0].Amount, 10))
				p.Form.Set("salary_from", cur.BaseSalary[0].From.Format("02/01/2006"))
				p.Form.Set("salary_basis", cur.BaseSalary[0].Basis)
			}
		}
	}
	return s.Render(w, r, status, "commendation_rules.html", p)
}

// ParseRuleSetForm reads the rule set an administrator posts: the forms
// as JSON, the newest base salary and the thresholds; the older base
// salaries are those of the set in force (prev, may be nil). Bad values
// are recorded in f.
func ParseRuleSetForm(f *Form, prev *commendation.RuleSet) commendation.RuleSet {
	rs := commendation.RuleSet{Title: f.Get("title"), Basis: f.Get("basis"), Verified: f.Checked("verified")}
	if v := f.Get("valid_from"); v != "" {
		if d, ok := ParseDate(v); ok {
			rs.From = d
		} else {
			f.AddError("valid_from", "Ngày không hợp lệ; xin nhập theo dạng ngày/tháng/năm, ví dụ 01/07/2026.")
		}
	}
	if raw := strings.TrimSpace(f.Get("forms")); raw != "" {
		dec := json.NewDecoder(strings.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rs.Forms); err != nil || dec.More() {
			f.AddError("forms", "Danh sách hình thức chưa đúng định dạng JSON như bản mẫu (mã, tên, cấp quyết định, hệ số).")
			rs.Forms = nil
		}
	}
	num := func(name string, bits int) (float64, bool) {
		v := strings.ReplaceAll(strings.TrimSpace(f.Get(name)), ".", "")
		v = strings.Replace(v, ",", ".", 1)
		x, err := strconv.ParseFloat(v, bits)
		if v == "" || err != nil {
			f.AddError(name, "Xin nhập một số.")
			return 0, false
		}
		return x, true
	}
	if x, ok := num("round_to", 64); ok {
		rs.RoundTo = int64(x)
	}
	if x, ok := num("min_sample", 64); ok {
		rs.MinSample = int(x)
	}
	// The index threshold keeps its decimal comma: 95,5.
	if v := strings.Replace(strings.TrimSpace(f.Get("min_index")), ",", ".", 1); v != "" {
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			rs.MinIndex = x
		} else {
			f.AddError("min_index", "Xin nhập một số, ví dụ 95 hoặc 95,5.")
		}
	}
	if v := f.Get("salary"); v != "" {
		if x, ok := num("salary", 64); ok {
			sal := commendation.Salary{Amount: int64(x), Basis: f.Get("salary_basis")}
			if d, ok := ParseDate(f.Get("salary_from")); ok {
				sal.From = d
			} else {
				f.AddError("salary_from", "Ngày không hợp lệ; xin nhập theo dạng ngày/tháng/năm.")
			}
			rs.BaseSalary = append(rs.BaseSalary, sal)
		}
	}
	if prev != nil {
		for _, old := range prev.BaseSalary {
			if len(rs.BaseSalary) == 0 || !commendation.DateOnly(old.From).Equal(commendation.DateOnly(rs.BaseSalary[0].From)) {
				rs.BaseSalary = append(rs.BaseSalary, old)
			}
		}
	}
	return rs
}

func (s *Server) addCommendationRules(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	ctx := r.Context()
	if !congvu.ActorFromContext(ctx).Can(congvu.ActCommendationRules, congvu.RootUnitPath) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ quản trị viên cấp quốc gia thêm được bộ quy định khen thưởng.")
	}
	sets, err := s.Services.Commendations.RuleSets(ctx)
	if err != nil {
		return err
	}
	rs := ParseRuleSetForm(f, commendation.RuleSetOn(sets, time.Now()))
	if !f.Failed() {
		_, err := s.Services.Commendations.AddRuleSet(ctx, rs)
		if err == nil {
			return s.Redirect(w, r, "/settings/commendation-rules", "kt-quy-dinh")
		}
		if !f.SetError(err) {
			return err
		}
		for k := range f.Errors {
			if strings.HasPrefix(k, "forms.") {
				f.moveError(k, "forms")
			}
			if strings.HasPrefix(k, "base_salary") {
				f.moveError(k, "salary")
			}
		}
	}
	f.Summarize("Chưa thêm được bộ quy định, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderCommendationRules(w, r, http.StatusBadRequest, f)
}
