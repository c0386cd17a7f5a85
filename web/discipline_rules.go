package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/org"
	"congvu/violation"
)

// The dated discipline rule sets (violation.RuleSet): every signed-in user
// reads them; a national administrator adds one starting today or later,
// usually by copying one and editing it (never edits one in force). The
// service validates and audits.

func init() {
	FlashMessages["them-quy-dinh-ky-luat"] = "Đã thêm quy định về xử lý kỷ luật. Quy định áp dụng cho các hành vi vi phạm từ ngày hiệu lực trở đi."
}

// copyParam names the rule set the add form starts from.
const copyParam = "sao-chep"

func (s *Server) disciplineRuleRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/settings/discipline-rules", Access: SignedIn, Handler: s.disciplineRules},
		{Method: "POST", Pattern: "/settings/discipline-rules", Access: Need(congvu.ActDisciplineRules), Handler: s.addDisciplineRuleSet},
	}
}

// DisciplineRulesPage lists the rule sets and, for national
// administrators, the form that adds one.
type DisciplineRulesPage struct {
	Base
	Sets    []DisciplineRuleRow
	CanEdit bool
	Form    *Form
	Copies  []Option
}

// DisciplineRuleRow is one rule set as the page shows it.
type DisciplineRuleRow struct {
	violation.RuleSet
	// InForce: it judges an act of today for one of its categories;
	// Future: it starts later.
	InForce, Future bool
}

// CategoriesLabel names the categories of officials of a set or a form.
func CategoriesLabel(cs []org.Category) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Label())
	}
	return strings.Join(out, ", ")
}

// SeveritiesLabel names severities.
func SeveritiesLabel(ss []violation.Severity) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Label())
	}
	return strings.Join(out, ", ")
}

// CategoriesLabel of the row's set.
func (r DisciplineRuleRow) CategoriesLabel() string { return CategoriesLabel(r.Categories) }

// CategoriesOf names categories.
func (r DisciplineRuleRow) CategoriesOf(cs []org.Category) string { return CategoriesLabel(cs) }

// FormCategories names the categories of one of its forms.
func (r DisciplineRuleRow) FormCategories(f violation.Form) string {
	return CategoriesLabel(f.Categories)
}

// Severities names severities.
func (r DisciplineRuleRow) Severities(ss []violation.Severity) string { return SeveritiesLabel(ss) }

// LevelLabel names a competence level.
func (r DisciplineRuleRow) LevelLabel(l string) string {
	switch l {
	case violation.LevelManaging:
		return "Cơ quan quản lý (đơn vị của người vi phạm)"
	case violation.LevelAppointing:
		return "Cấp bổ nhiệm (đơn vị cấp trên)"
	}
	return l
}

func canEditDisciplineRules(r *http.Request) bool {
	return congvu.ActorFromContext(r.Context()).Can(congvu.ActDisciplineRules, congvu.RootUnitPath)
}

func (s *Server) disciplineRulesPage(r *http.Request, f *Form) (*DisciplineRulesPage, error) {
	sets, err := s.Services.Discipline.RuleSets(r.Context())
	if err != nil {
		return nil, err
	}
	p := &DisciplineRulesPage{Base: Base{Title: "Quy định về xử lý kỷ luật"}, CanEdit: canEditDisciplineRules(r), Form: f}
	now := time.Now()
	d := congvu.Date(now)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	inForce := map[int64]bool{}
	for _, c := range org.Categories {
		if rs := violation.RuleSetOn(sets, c, now); rs != nil {
			inForce[rs.ID] = true
		}
	}
	for _, rs := range sets {
		p.Sets = append(p.Sets, DisciplineRuleRow{RuleSet: rs, InForce: inForce[rs.ID], Future: rs.From.After(day)})
		p.Copies = append(p.Copies, Option{strconv.FormatInt(rs.ID, 10), rs.Title})
	}
	return p, nil
}

func (s *Server) disciplineRules(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(nil)
	p, err := s.disciplineRulesPage(r, f)
	if err != nil {
		return err
	}
	if p.CanEdit {
		// The add form starts from a copy of the set asked for, else of
		// the newest: the administrator changes what the new decree
		// changes.
		want := r.URL.Query().Get(copyParam)
		for _, row := range p.Sets {
			if want == "" || want == strconv.FormatInt(row.ID, 10) {
				fillRuleSetForm(f, row.RuleSet)
				f.Set(copyParam, strconv.FormatInt(row.ID, 10))
				break
			}
		}
	}
	return s.Render(w, r, http.StatusOK, "discipline_rules.html", p)
}

// ruleSetBody is the part of a rule set edited as JSON: its categories,
// forms and procedure.
type ruleSetBody struct {
	Categories []org.Category `json:"categories"`
	violation.RuleSetBody
}

// fillRuleSetForm prefills the add form from rs (a copy: no date).
func fillRuleSetForm(f *Form, rs violation.RuleSet) {
	f.Set("code", rs.Code)
	f.Set("title", rs.Title)
	f.Set("basis", rs.Basis)
	b, _ := json.MarshalIndent(ruleSetBody{Categories: rs.Categories, RuleSetBody: rs.Body()}, "", "  ")
	f.Set("rules", string(b))
}

// maxRuleSetJSON bounds the edited part of a rule set.
const maxRuleSetJSON = 64 << 10

// parseRuleSetBody reads the JSON part of the form; the message says what
// is wrong, in Vietnamese.
func parseRuleSetBody(text string) (ruleSetBody, string) {
	var b ruleSetBody
	if strings.TrimSpace(text) == "" {
		return b, "Xin nhập các hình thức, thời hiệu, thời hạn, các bước và thẩm quyền (bắt đầu từ bản sao một quy định có sẵn)."
	}
	if len(text) > maxRuleSetJSON {
		return b, "Nội dung quá dài (tối đa 64 KB)."
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		msg := "Nội dung không đúng cú pháp JSON; xin sửa từ bản sao của một quy định có sẵn."
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok && len(f) < 80 {
			msg = "Trường " + f + " không được hỗ trợ."
		}
		return ruleSetBody{}, msg
	}
	if dec.More() {
		return ruleSetBody{}, "Nội dung chỉ được chứa một đối tượng JSON."
	}
	if len(b.Forms) == 0 {
		return ruleSetBody{}, "Quy định phải có ít nhất một hình thức kỷ luật."
	}
	return b, ""
}

// ruleSetInput reads the add form into a rule set; what cannot be read is
// reported on f (the service checks the rest).
func ruleSetInput(f *Form) violation.RuleSet {
	rs := violation.RuleSet{Code: f.Get("code"), Title: f.Get("title"), Basis: f.Get("basis"), Verified: f.Checked("verified")}
	b, msg := parseRuleSetBody(f.Values.Get("rules"))
	if msg != "" {
		f.AddError("rules", msg)
	}
	rs.Categories = b.Categories
	rs.SetBody(b.RuleSetBody)
	if rs.Code == "" {
		f.AddError("code", "Xin nhập mã quy định, ví dụ 172/2025-cbcc-sua-doi.")
	}
	if rs.Title == "" {
		f.AddError("title", "Xin nhập tên quy định.")
	}
	if rs.Basis == "" {
		f.AddError("basis", "Xin nhập căn cứ: văn bản, điều khoản, ngày có hiệu lực.")
	}
	from := dayField(f, "valid_from", true, "ngày bắt đầu áp dụng")
	until := dayField(f, "valid_until", false, "ngày hết áp dụng")
	utc := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	rs.From, rs.Until = utc(from), utc(until)
	if !from.IsZero() && from.Before(today()) {
		f.AddError("valid_from", "Quy định mới chỉ áp dụng từ hôm nay trở đi; quy định đã áp dụng không được sửa.")
	}
	if !until.IsZero() && !from.IsZero() && until.Before(from) {
		f.AddError("valid_until", "Ngày hết áp dụng phải từ ngày bắt đầu trở về sau.")
	}
	return rs
}

func (s *Server) addDisciplineRuleSet(w http.ResponseWriter, r *http.Request) error {
	if !canEditDisciplineRules(r) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền thay đổi quy định về xử lý kỷ luật.")
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	rs := ruleSetInput(f)
	if !f.Failed() {
		_, err := s.Services.Discipline.AddRuleSet(r.Context(), rs)
		if err == nil {
			return s.Redirect(w, r, "/settings/discipline-rules", "them-quy-dinh-ky-luat")
		}
		if !f.SetError(err) {
			return err
		}
		for _, k := range []string{"from", "until"} {
			f.moveError(k, "valid_"+k)
		}
		for k := range f.Errors {
			switch k {
			case "code", "title", "basis", "valid_from", "valid_until", "rules":
			default:
				f.moveError(k, "rules")
			}
		}
	}
	f.Summarize("Quy định chưa được lưu, xin kiểm tra lại các ô được đánh dấu.")
	p, err := s.disciplineRulesPage(r, f)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusBadRequest, "discipline_rules.html", p)
}
