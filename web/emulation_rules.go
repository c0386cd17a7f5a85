package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"congvu"
	"congvu/emulation"
)

// TitleRulesPage lists the dated rule sets of the emulation titles and,
// for a national administrator, adds one from a year (the set in force as
// its starting point).
type TitleRulesPage struct {
	Base
	emuFmt
	Sets    []TitleRuleRow
	CanEdit bool
	Form    *Form
}

// TitleRuleRow is a rule set with whether it applies this year.
type TitleRuleRow struct {
	emulation.TitleRuleSet
	InForce bool
}

// TitleLevels names the kinds of unit whose head decides a title.
func TitleLevels(t emulation.TitleRule) string {
	var out []string
	for _, l := range t.DeciderLevels {
		out = append(out, l.Label())
	}
	return strings.Join(out, ", ")
}

// TitleConditions says a title's conditions in words.
func TitleConditions(t emulation.TitleRule) string {
	var out []string
	if t.MinLevel != "" {
		out = append(out, "xếp loại "+t.MinLevel.Label()+" trở lên")
	}
	if t.NotDisciplined {
		out = append(out, "không bị kỷ luật trong năm")
	}
	if t.NeedsInitiative {
		out = append(out, "có sáng kiến được công nhận")
	}
	if t.NeedsTitle != "" {
		out = append(out, "đạt danh hiệu "+t.NeedsTitle)
	}
	if t.MinShareGood > 0 {
		out = append(out, EmulationPoints(t.MinShareGood)+"% thành viên hoàn thành tốt nhiệm vụ trở lên")
	}
	if t.MinShareExcellent > 0 {
		out = append(out, EmulationPoints(t.MinShareExcellent)+"% thành viên hoàn thành xuất sắc nhiệm vụ")
	}
	if t.NoMemberDisciplined {
		out = append(out, "không có thành viên bị kỷ luật từ cảnh cáo trở lên")
	}
	return strings.Join(out, "; ")
}

func (s *Server) titleRules(w http.ResponseWriter, r *http.Request) error {
	return s.renderTitleRules(w, r, http.StatusOK, nil)
}

func (s *Server) renderTitleRules(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	ctx := r.Context()
	sets, err := s.Services.Emulation.TitleRuleSets(ctx)
	if err != nil {
		return err
	}
	a := congvu.ActorFromContext(ctx)
	p := &TitleRulesPage{Base: Base{Title: "Quy định danh hiệu thi đua", Crumbs: []Link{{"Phong trào thi đua", "/emulation"}}},
		CanEdit: a.Can(congvu.ActEmulationRules, congvu.RootUnitPath), Form: f}
	cur := emulation.TitleRuleSetFor(sets, thisYear())
	for _, rs := range sets {
		p.Sets = append(p.Sets, TitleRuleRow{TitleRuleSet: rs, InForce: cur != nil && cur.ID == rs.ID})
	}
	if p.Form == nil {
		p.Form = NewForm(nil)
		if cur != nil {
			p.Form.Set("title", cur.Title)
			p.Form.Set("basis", cur.Basis)
			p.Form.Set("from_year", strconv.Itoa(thisYear()+1))
			b, _ := json.MarshalIndent(cur.Titles, "", "  ")
			p.Form.Set("titles", string(b))
		}
	}
	return s.Render(w, r, status, "emulation_rules.html", p)
}

// ParseTitleRuleSetForm reads the rule set an administrator posts: the
// titles as JSON and the years. Bad values are recorded in f.
func ParseTitleRuleSetForm(f *Form) emulation.TitleRuleSet {
	rs := emulation.TitleRuleSet{Title: f.Get("title"), Basis: f.Get("basis"), Verified: f.Checked("verified")}
	year := func(name string) int {
		v := f.Get(name)
		if v == "" {
			return 0
		}
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			f.AddError(name, "Năm phải là số từ 2000 đến 2100.")
		}
		return y
	}
	rs.FromYear, rs.UntilYear = year("from_year"), year("until_year")
	if rs.FromYear == 0 && f.Error("from_year") == "" {
		f.AddError("from_year", "Xin nhập năm bắt đầu áp dụng.")
	}
	if raw := strings.TrimSpace(f.Get("titles")); raw != "" {
		dec := json.NewDecoder(strings.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rs.Titles); err != nil || dec.More() {
			f.AddError("titles", "Danh sách danh hiệu chưa đúng định dạng JSON như bản mẫu (mã, tên, đối tượng, điều kiện, hệ số, cấp quyết định).")
			rs.Titles = nil
		}
	} else {
		f.AddError("titles", "Xin nhập danh sách danh hiệu.")
	}
	return rs
}

func (s *Server) addTitleRules(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	if !congvu.ActorFromContext(r.Context()).Can(congvu.ActEmulationRules, congvu.RootUnitPath) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ quản trị viên cấp quốc gia thêm được bộ quy định danh hiệu thi đua.")
	}
	rs := ParseTitleRuleSetForm(f)
	if !f.Failed() {
		_, err := s.Services.Emulation.AddTitleRuleSet(r.Context(), rs)
		if err == nil {
			return s.Redirect(w, r, "/settings/title-rules", "td-quy-dinh")
		}
		if !f.SetError(err) {
			return err
		}
		for k := range f.Errors {
			if strings.HasPrefix(k, "titles.") || strings.HasPrefix(k, "titles[") {
				f.moveError(k, "titles")
			}
		}
	}
	f.Summarize("Chưa thêm được bộ quy định, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderTitleRules(w, r, http.StatusBadRequest, f)
}

// Conditions says title t's conditions in words, for the template.
func (p *TitleRulesPage) Conditions(t emulation.TitleRule) string { return TitleConditions(t) }

// Levels names the kinds of unit whose head decides t, for the template.
func (p *TitleRulesPage) Levels(t emulation.TitleRule) string { return TitleLevels(t) }
