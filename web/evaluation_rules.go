package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/evaluation"
	"congvu/org"
)

// The dated evaluation rule sets (evaluation.RuleSet): every signed-in
// user reads them; a national administrator adds one from a year, usually
// by copying one and editing it (never edits one in force). The service
// validates and audits.

func init() {
	FlashMessages["dg-them-quy-dinh"] = "Đã thêm quy định đánh giá, xếp loại. Quy định áp dụng cho các năm đánh giá từ năm bắt đầu."
}

// EvaluationRulesPage lists the rule sets and, for national
// administrators, the form that adds one.
type EvaluationRulesPage struct {
	Base
	Sets    []EvaluationRuleRow
	CanEdit bool
	Form    *Form
	Copies  []Option
}

// EvaluationRuleRow is a rule set as the page shows it.
type EvaluationRuleRow struct {
	evaluation.RuleSet
	// InForce: it judges this year's evaluations of one of its categories.
	InForce bool
}

// CategoriesLabel names its categories.
func (r EvaluationRuleRow) CategoriesLabel() string { return CategoriesLabel(r.Categories) }

// Pts writes points.
func (r EvaluationRuleRow) Pts(v float64) string { return pts(v) }

// Percent writes a share (0.25) as a percentage ("25%").
func (r EvaluationRuleRow) Percent(v float64) string { return pts(100*v) + "%" }

// PeriodsLabel names how products are tracked.
func (r EvaluationRuleRow) PeriodsLabel() string {
	var out []string
	for _, p := range r.Periods {
		switch p {
		case evaluation.PeriodMonth:
			out = append(out, "theo tháng")
		case evaluation.PeriodQuarter:
			out = append(out, "theo quý")
		}
	}
	return strings.Join(out, ", ")
}

func canEditEvaluationRules(r *http.Request) bool {
	return congvu.ActorFromContext(r.Context()).Can(congvu.ActEvaluationRules, congvu.RootUnitPath)
}

func (s *Server) evaluationRulesPage(r *http.Request, f *Form) (*EvaluationRulesPage, error) {
	sets, err := s.Services.Evaluations.RuleSets(r.Context())
	if err != nil {
		return nil, err
	}
	p := &EvaluationRulesPage{Base: Base{Title: "Quy định đánh giá, xếp loại chất lượng"}, CanEdit: canEditEvaluationRules(r), Form: f}
	year := time.Now().In(congvu.TimeZone).Year()
	for _, rs := range sets {
		p.Sets = append(p.Sets, EvaluationRuleRow{RuleSet: rs, InForce: rs.Covers(year)})
		p.Copies = append(p.Copies, Option{strconv.FormatInt(rs.ID, 10), rs.Title})
	}
	return p, nil
}

func (s *Server) evaluationRules(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(nil)
	p, err := s.evaluationRulesPage(r, f)
	if err != nil {
		return err
	}
	if p.CanEdit {
		want := r.URL.Query().Get(copyParam)
		for _, row := range p.Sets {
			if want == "" || want == strconv.FormatInt(row.ID, 10) {
				fillEvaluationRuleForm(f, row.RuleSet)
				f.Set(copyParam, strconv.FormatInt(row.ID, 10))
				break
			}
		}
	}
	return s.Render(w, r, http.StatusOK, "evaluation_rules.html", p)
}

// evaluationRuleBody is the part of a rule set edited as JSON: its
// categories and its body.
type evaluationRuleBody struct {
	Categories []org.Category `json:"categories"`
	evaluation.RuleSetBody
}

func fillEvaluationRuleForm(f *Form, rs evaluation.RuleSet) {
	f.Set("code", rs.Code)
	f.Set("title", rs.Title)
	f.Set("basis", rs.Basis)
	b, _ := json.MarshalIndent(evaluationRuleBody{Categories: rs.Categories, RuleSetBody: rs.Body()}, "", "  ")
	f.Set("rules", string(b))
}

// evaluationRuleInput reads the add form; what cannot be read is reported
// on f (the service checks the rest).
func evaluationRuleInput(f *Form) evaluation.RuleSet {
	rs := evaluation.RuleSet{Code: f.Get("code"), Title: f.Get("title"), Basis: f.Get("basis"), Verified: f.Checked("verified")}
	if rs.Code == "" {
		f.AddError("code", "Xin nhập mã quy định, ví dụ 335/2025-cc-2027.")
	}
	if rs.Title == "" {
		f.AddError("title", "Xin nhập tên quy định.")
	}
	if rs.Basis == "" {
		f.AddError("basis", "Xin nhập căn cứ: văn bản, điều khoản, ngày có hiệu lực.")
	}
	year := time.Now().In(congvu.TimeZone).Year()
	from, err := strconv.Atoi(strings.TrimSpace(f.Get("from_year")))
	switch {
	case err != nil:
		f.AddError("from_year", "Xin nhập năm đánh giá đầu tiên áp dụng, ví dụ "+strconv.Itoa(year+1)+".")
	case from < year:
		f.AddError("from_year", "Quy định mới chỉ áp dụng từ năm nay trở đi; quy định đã áp dụng không được sửa.")
	}
	rs.FromYear = from
	if v := strings.TrimSpace(f.Get("until_year")); v != "" {
		until, err := strconv.Atoi(v)
		if err != nil || until < from {
			f.AddError("until_year", "Năm cuối phải là một năm, từ năm bắt đầu trở về sau.")
		}
		rs.UntilYear = until
	}
	text := f.Values.Get("rules")
	var b evaluationRuleBody
	switch {
	case strings.TrimSpace(text) == "":
		f.AddError("rules", "Xin nhập tiêu chí, thang điểm, chỉ tiêu (bắt đầu từ bản sao một quy định có sẵn).")
	case len(text) > maxRuleSetJSON:
		f.AddError("rules", "Nội dung quá dài (tối đa 64 KB).")
	default:
		dec := json.NewDecoder(bytes.NewReader([]byte(text)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&b); err != nil || dec.More() {
			f.AddError("rules", "Nội dung không đúng cú pháp JSON; xin sửa từ bản sao của một quy định có sẵn.")
		}
	}
	rs.Categories = b.Categories
	rs.SetBody(b.RuleSetBody)
	return rs
}

func (s *Server) addEvaluationRuleSet(w http.ResponseWriter, r *http.Request) error {
	if !canEditEvaluationRules(r) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền thay đổi quy định đánh giá, xếp loại.")
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	rs := evaluationRuleInput(f)
	if !f.Failed() {
		_, err := s.Services.Evaluations.AddRuleSet(r.Context(), rs)
		if err == nil {
			return s.Redirect(w, r, "/settings/evaluation-rules", "dg-them-quy-dinh")
		}
		if !f.SetError(err) {
			return err
		}
		for k := range f.Errors {
			switch k {
			case "code", "title", "basis", "from_year", "until_year", "rules":
			default:
				f.moveError(k, "rules")
			}
		}
	}
	f.Summarize("Quy định chưa được lưu, xin kiểm tra lại các ô được đánh dấu.")
	p, err := s.evaluationRulesPage(r, f)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusBadRequest, "evaluation_rules.html", p)
}
