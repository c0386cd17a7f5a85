package web

import (
	"net/http"
	"slices"
	"time"

	"congvu"
	"congvu/inspection"
	"congvu/org"
)

// The dated rules of who may own an inspection (by kind and level of the
// owning unit), under the administrator's settings: every signed-in user
// reads them; national administrators add a dated rule (never edit one).

func init() {
	FlashMessages["them-quy-dinh-kiem-tra"] = "Đã thêm quy định. Quy định áp dụng cho các việc làm từ ngày hiệu lực trở đi; việc đã làm giữ nguyên."
}

// inspectionRuleRoutes returns the rules page and its form.
func (s *Server) inspectionRuleRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/settings/inspection-rules", Access: SignedIn, Handler: s.inspectionRules},
		{Method: "POST", Pattern: "/settings/inspection-rules", Access: Need(congvu.ActInspectionRules), Handler: s.addInspectionRule},
	}
}

// InspectionRuleRow is one stored rule as the page shows it.
type InspectionRuleRow struct {
	inspection.Rule
	// InForce marks the rule that applies today; Future rules start later.
	InForce, Future bool
}

// LevelsLabel names the levels of unit the rule lets own an inspection.
func (r InspectionRuleRow) LevelsLabel() string {
	if len(r.Levels) == 0 {
		return "Mọi cấp"
	}
	s := ""
	for i, l := range r.Levels {
		if i > 0 {
			s += ", "
		}
		s += l.Label()
	}
	return s
}

// InspectionKindRules are the rules of one kind, newest first.
type InspectionKindRules struct {
	Kind  inspection.Kind
	Rules []InspectionRuleRow
}

// InspectionRulesPage lists the rules per kind and, for national
// administrators, the form that adds one.
type InspectionRulesPage struct {
	Base
	Kinds   []InspectionKindRules
	CanEdit bool
	Form    *Form
	// KindOptions and Levels are the choices of the form.
	KindOptions []Option
	Levels      []LevelOption
}

// LevelOption is a level of unit as a checkbox of the form.
type LevelOption struct {
	Value, Label string
	Checked      bool
}

func canEditInspectionRules(r *http.Request) bool {
	return congvu.ActorFromContext(r.Context()).Can(congvu.ActInspectionRules, congvu.RootUnitPath)
}

func (s *Server) inspectionRulesPage(r *http.Request, f *Form) (*InspectionRulesPage, error) {
	rules, err := s.Services.Inspections.Rules(r.Context())
	if err != nil {
		return nil, err
	}
	now := time.Now()
	p := &InspectionRulesPage{Base: Base{Title: "Thẩm quyền kiểm tra, thanh tra"}, CanEdit: canEditInspectionRules(r), Form: f}
	for _, k := range inspection.Kinds {
		g := InspectionKindRules{Kind: k}
		in := inspection.RuleOn(rules, k, now)
		today := congvu.Date(now)
		today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
		for _, r := range rules {
			if r.Kind != k {
				continue
			}
			g.Rules = append(g.Rules, InspectionRuleRow{Rule: r, InForce: in != nil && in.ID == r.ID, Future: r.From.After(today)})
		}
		p.Kinds = append(p.Kinds, g)
		p.KindOptions = append(p.KindOptions, Option{string(k), k.Label()})
	}
	checked := f.Values["levels"]
	for _, l := range org.UnitKinds {
		p.Levels = append(p.Levels, LevelOption{Value: string(l), Label: l.Label(), Checked: slices.Contains(checked, string(l))})
	}
	return p, nil
}

func (s *Server) inspectionRules(w http.ResponseWriter, r *http.Request) error {
	p, err := s.inspectionRulesPage(r, NewForm(nil))
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "inspection_rules.html", p)
}

// inspectionRuleInput reads the rule form; what cannot be read is
// reported on f (the service checks the rest).
func inspectionRuleInput(f *Form) inspection.RuleInput {
	in := inspection.RuleInput{Kind: inspection.Kind(f.Get("kind")), Basis: f.Get("basis"), Verified: f.Checked("verified")}
	for _, l := range f.Values["levels"] {
		in.Levels = append(in.Levels, org.UnitKind(l))
	}
	date := func(name string, required bool) time.Time {
		v := f.Get(name)
		if v == "" {
			if required {
				f.AddError(name, "Xin nhập ngày bắt đầu áp dụng.")
			}
			return time.Time{}
		}
		t, ok := congvu.ParseDate(v, congvu.TimeZone)
		if !ok {
			f.AddError(name, "Ngày phải có dạng ngày/tháng/năm, ví dụ 01/01/2027.")
		}
		return t
	}
	in.From = date("valid_from", true)
	in.Until = date("valid_until", false)
	return in
}

func (s *Server) addInspectionRule(w http.ResponseWriter, r *http.Request) error {
	if !canEditInspectionRules(r) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền thay đổi quy định về thẩm quyền kiểm tra, thanh tra.")
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := inspectionRuleInput(f)
	if !f.Failed() {
		_, err := s.Services.Inspections.AddRule(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, "/settings/inspection-rules", "them-quy-dinh-kiem-tra")
		}
		if !f.SetError(err) {
			return err
		}
	} else {
		f.Message = "Quy định chưa được lưu, xin kiểm tra lại các ô được đánh dấu."
	}
	p, err := s.inspectionRulesPage(r, f)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusBadRequest, "inspection_rules.html", p)
}
