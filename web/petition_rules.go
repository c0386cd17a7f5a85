package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"congvu"
	"congvu/petition"
	"congvu/vntext"
)

// Query parameters and sizes of the petition staff pages in this file: the
// dated deadline rules, the email outbox and the petition dashboard.
const (
	pdUnitParam   = "unit"   // dashboard: the unit's code
	pdFromParam   = "from"   // dashboard: first day, dd/mm/yyyy
	pdToParam     = "to"     // dashboard: last day (inclusive), dd/mm/yyyy
	pdFormatParam = "format" // dashboard export: xlsx or csv

	// The filter parameters of the staff petition list (/petitions), which
	// the dashboard's counts link to.
	plStatusParam   = petitionStatusParam
	plCategoryParam = petitionCategoryParam
	plUnitParam     = officialUnitParam // a unit id, as links from unit pages give it
	plOfficialParam = petitionOfficialParam
	plOverdueParam  = petitionOverdueParam // "1"
	plFromParam     = petitionFromParam    // dd/mm/yyyy
	plToParam       = petitionToParam      // dd/mm/yyyy, inclusive

	outboxPageSize = 30
	// outboxMaxAttempts is how often the sender tries a message before it
	// gives up (see congvu.OutboxService.Deliver).
	outboxMaxAttempts = 5
	// pdMonths is the default period of the dashboard.
	pdMonths = 12
)

func init() {
	FlashMessages["them-thoi-han"] = "Đã thêm quy định thời hạn. Quy định áp dụng cho các bước xử lý bắt đầu từ ngày hiệu lực trở đi."
}

// petitionAdminRoutes returns the petition deadline rules, the email outbox and the petition dashboard.
func (s *Server) petitionAdminRoutes() []Route {
	view := Need(congvu.ActPetitionView)
	return []Route{
		{Method: "GET", Pattern: "/petitions/rules", Access: view, Handler: s.petitionRules},
		{Method: "POST", Pattern: "/petitions/rules", Access: Need(congvu.ActPetitionRules), Handler: s.addPetitionRule},
		{Method: "GET", Pattern: "/outbox", Access: Need(congvu.ActAuditView), Handler: s.outbox},
		{Method: "GET", Pattern: "/petitions/dashboard", Access: view, Handler: s.petitionDashboard},
		{Method: "GET", Pattern: "/petitions/dashboard/export", Access: view, Handler: s.petitionDashboardExport},
	}
}

// PetitionSubnav is the navigation between the petition staff pages, only
// to pages the actor may open.
func (s *Server) petitionSubnav(a *congvu.Actor, current string) []NavItem {
	entries := []struct {
		label, href string
		access      Access
	}{
		{"Danh sách phản ánh", "/petitions", Need(congvu.ActPetitionView)},
		{"Thống kê phản ánh", "/petitions/dashboard", Need(congvu.ActPetitionView)},
		{"Thời hạn xử lý", "/petitions/rules", Need(congvu.ActPetitionView)},
		{"Hộp thư đi", "/outbox", Need(congvu.ActAuditView)},
	}
	var out []NavItem
	for _, e := range entries {
		if s.hasRoute("GET", e.href) && e.access.Allows(a) {
			out = append(out, NavItem{Label: e.label, Href: e.href, Current: e.href == current})
		}
	}
	return out
}

// ---- Deadline rules ----

// RuleRow is one dated deadline rule as the rules page shows it.
type RuleRow struct {
	petition.DeadlineRule
	// Default marks the built-in rule of the law, in force before any
	// stored rule of the stage.
	Default bool
	// InForce marks the rule that gives the deadline of a stage started
	// now; Future rules start later; the others were replaced.
	InForce, Future bool
}

// Duration says how long the stage lasts: "10 ngày làm việc", "30 ngày".
func (r RuleRow) Duration() string { return ruleDays(r.Days, r.WorkingDays) }

func ruleDays(n int, working bool) string {
	if working {
		return vntext.Number(n) + " ngày làm việc"
	}
	return vntext.Number(n) + " ngày"
}

// StageRules are the rules of one stage of a kind, the newest first.
type StageRules struct {
	Kind  petition.Kind
	Stage petition.DeadlineStage
	Rules []RuleRow
}

// Label is the stage's name in the words of its kind.
func (g StageRules) Label() string { return g.Stage.LabelFor(g.Kind) }

// KindRules are the rules of one kind of petition.
type KindRules struct {
	Kind   petition.Kind
	Stages []StageRules
}

// DefaultLabel marks a built-in default by how it stands to the law: only
// a rule the law gives is "Mặc định theo luật", not one taken by analogy.
func (r RuleRow) DefaultLabel() string { return r.Basis.Label() }

// PetitionRulesPage lists the dated deadline rules and, for those who may
// change them, the form that adds one.
type PetitionRulesPage struct {
	Base
	Subnav  []NavItem
	Kinds   []KindRules
	CanEdit bool
	Form    *Form
	// KindOptions, StageOptions and DayKinds are the choices of the form.
	KindOptions, StageOptions, DayKinds []Option
}

// ruleKinds groups rules by kind and stage (ruleStages).
func ruleKinds(rules []*petition.DeadlineRule, now time.Time) []KindRules {
	var out []KindRules
	for _, k := range petition.Kinds {
		out = append(out, KindRules{Kind: k, Stages: ruleStages(k, rules, now)})
	}
	return out
}

// ruleStages groups the rules of kind k by stage, newest first, adds the
// built-in default of each stage (unless the service already listed it)
// and marks the rule in force at now. Rules stored before kinds existed
// (no kind) are those of phản ánh.
func ruleStages(k petition.Kind, rules []*petition.DeadlineRule, now time.Time) []StageRules {
	var out []StageRules
	for _, st := range petition.DeadlineStages {
		g := StageRules{Kind: k, Stage: st}
		hasDefault := false
		for _, r := range rules {
			rk := r.Kind
			if rk == "" {
				rk = petition.KindReport
			}
			if r.Stage != st || rk != k {
				continue
			}
			def := r.ID == 0 && r.ValidFrom.IsZero()
			hasDefault = hasDefault || def
			g.Rules = append(g.Rules, RuleRow{DeadlineRule: *r, Default: def})
		}
		if !hasDefault {
			if d, ok := petition.DefaultRule(k, st); ok {
				g.Rules = append(g.Rules, RuleRow{Default: true, DeadlineRule: d})
			}
		}
		// Newest first; the default (no date) last.
		sort.SliceStable(g.Rules, func(i, j int) bool {
			a, b := g.Rules[i], g.Rules[j]
			if a.Default != b.Default {
				return b.Default
			}
			return a.ValidFrom.After(b.ValidFrom)
		})
		inForce := false
		for i := range g.Rules {
			r := &g.Rules[i]
			switch {
			case inForce:
			case !r.Default && r.ValidFrom.After(now):
				r.Future = true
			default:
				r.InForce, inForce = true, true
			}
		}
		out = append(out, g)
	}
	return out
}

func (s *Server) petitionRulesPage(r *http.Request, f *Form) (*PetitionRulesPage, error) {
	svc := s.Services.Petitions
	rules, err := svc.DeadlineRules(r.Context())
	if err != nil {
		return nil, err
	}
	a := congvu.ActorFromContext(r.Context())
	p := &PetitionRulesPage{Base: Base{Title: "Thời hạn xử lý phản ánh, kiến nghị"}, Form: f,
		Subnav: s.petitionSubnav(a, "/petitions/rules"), Kinds: ruleKinds(rules, time.Now()),
		CanEdit: a.Can(congvu.ActPetitionRules, congvu.RootUnitPath)}
	for _, k := range petition.Kinds {
		p.KindOptions = append(p.KindOptions, Option{string(k), k.Label()})
	}
	for _, st := range petition.DeadlineStages {
		p.StageOptions = append(p.StageOptions, Option{string(st), st.Label()})
	}
	p.DayKinds = []Option{{"working", "Ngày làm việc (theo lịch ngày làm việc: trừ ngày nghỉ lễ, Tết, nghỉ bù)"},
		{"calendar", "Ngày theo lịch (hạn rơi vào ngày nghỉ thì chuyển sang ngày làm việc tiếp theo)"}}
	return p, nil
}

func (s *Server) petitionRules(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(nil)
	f.Set("working_days", "working")
	f.Set("kind", string(petition.KindReport))
	p, err := s.petitionRulesPage(r, f)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "petition_rules.html", p)
}

// ruleInput reads the rule form; what cannot be read is reported on f.
func ruleInput(f *Form) petition.DeadlineRuleInput {
	in := petition.DeadlineRuleInput{Kind: petition.Kind(f.Get("kind")), Stage: petition.DeadlineStage(f.Get("stage")), LegalBasis: f.Get("legal_basis")}
	if in.Kind == "" {
		in.Kind = petition.KindReport
	}
	if !in.Kind.Valid() {
		f.AddError("kind", "Xin chọn loại đơn mà quy định áp dụng.")
	}
	valid := false
	for _, st := range petition.DeadlineStages {
		valid = valid || in.Stage == st
	}
	if !valid {
		f.AddError("stage", "Xin chọn bước xử lý mà quy định áp dụng.")
	}
	number := func(name, missing string) int {
		v := f.Get(name)
		if v == "" {
			f.AddError(name, missing)
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			f.AddError(name, "Xin nhập một số nguyên, ví dụ 10.")
		}
		return n
	}
	in.Days = number("days", "Xin nhập số ngày của thời hạn.")
	in.RemindDays = number("remind_days", "Xin nhập số ngày nhắc trước hạn (0 nếu không nhắc).")
	in.EscalateDays = number("escalate_days", "Xin nhập số ngày quá hạn thì báo cấp trên (0 nếu báo ngay khi quá hạn).")
	if f.Get("extend_days") != "" {
		in.ExtendDays = number("extend_days", "")
	}
	switch f.Get("working_days") {
	case "working":
		in.WorkingDays = true
	case "calendar":
	default:
		f.AddError("working_days", "Xin chọn cách tính ngày: ngày làm việc hoặc ngày theo lịch.")
	}
	if v := f.Get("valid_from"); v == "" {
		f.AddError("valid_from", "Xin nhập ngày bắt đầu áp dụng.")
	} else if t, ok := congvu.ParseDate(v, congvu.TimeZone); ok {
		in.ValidFrom = t
	} else {
		f.AddError("valid_from", "Ngày áp dụng phải có dạng ngày/tháng/năm, ví dụ 01/01/2027.")
	}
	return in
}

func (s *Server) addPetitionRule(w http.ResponseWriter, r *http.Request) error {
	// The rules hold for the whole country: only those who may change them
	// on the whole tree may (the service checks the same).
	if !congvu.ActorFromContext(r.Context()).Can(congvu.ActPetitionRules, congvu.RootUnitPath) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền thay đổi quy định thời hạn xử lý phản ánh.")
	}
	svc := s.Services.Petitions
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := ruleInput(f)
	if !f.Failed() {
		_, err := svc.AddDeadlineRule(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, "/petitions/rules", "them-thoi-han")
		}
		if !f.SetError(err) {
			return err
		}
	} else {
		f.Message = "Quy định chưa được lưu, xin kiểm tra lại các ô được đánh dấu."
	}
	p, err := s.petitionRulesPage(r, f)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusBadRequest, "petition_rules.html", p)
}
