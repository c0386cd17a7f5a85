package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"congvu"
	"congvu/inspection"
	"congvu/org"
)

// The staff inspection pages: the list of inspections with its filters,
// the plans and the suggested targets (this file); plans
// (inspection_plans.go); one inspection, its checklist, its record and its
// conclusion (inspection_detail.go, inspection_checklist.go,
// inspection_record.go). The service checks every right and decides what
// the inspected unit may see; the pages only hide the forms an actor could
// not use. The phone page /inspections/{id}/field is the field helper's.

// Query parameters of the inspections list (the unit code is UnitParam).
const (
	inspectionKindParam   = "loai"
	inspectionStatusParam = "trang-thai"
	inspectionFromParam   = "tu"  // first day of the period, dd/mm/yyyy
	inspectionToParam     = "den" // last day (included), dd/mm/yyyy
	inspectionsPageSize   = 50
	inspectionSuggestMax  = 10
)

func (s *Server) inspectionRoutes() []Route {
	view := Need(congvu.ActInspectionView)
	return []Route{
		{Method: "GET", Pattern: "/inspections", Access: view, Handler: s.inspections},
		{Method: "GET", Pattern: "/inspections/new", Access: view, Handler: s.newInspectionForm},
		{Method: "POST", Pattern: "/inspections/new", Access: view, Handler: s.createInspection},
		{Method: "GET", Pattern: "/inspections/{id}", Access: view, Handler: s.inspection},
		{Method: "GET", Pattern: "/inspections/{id}/checklist", Access: view, Handler: s.inspectionChecklistForm},
		{Method: "POST", Pattern: "/inspections/{id}/checklist", Access: view, Handler: s.inspectionChecklist},
		{Method: "POST", Pattern: "/inspections/{id}/checklist/from-template", Access: view, Handler: s.inspectionFromTemplate},
		{Method: "GET", Pattern: "/inspections/{id}/record", Access: view, Handler: s.inspectionRecordForm},
		{Method: "POST", Pattern: "/inspections/{id}/record", Access: view, Handler: s.inspectionRecord},
		{Method: "POST", Pattern: "/inspections/{id}/conclusion", Access: view, Handler: s.inspectionConclusion},
		{Method: "GET", Pattern: "/inspection-plans/new", Access: view, Handler: s.newPlanForm},
		{Method: "POST", Pattern: "/inspection-plans/new", Access: view, Handler: s.createPlan},
		{Method: "GET", Pattern: "/inspection-plans/{id}", Access: view, Handler: s.plan},
		{Method: "GET", Pattern: "/inspection-plans/{id}/edit", Access: view, Handler: s.editPlanForm},
		{Method: "POST", Pattern: "/inspection-plans/{id}/edit", Access: view, Handler: s.updatePlan},
		{Method: "POST", Pattern: "/inspection-plans/{id}/approve", Access: view, Handler: s.approvePlan},
		{Method: "POST", Pattern: "/inspection-plans/{id}/publish", Access: view, Handler: s.publishPlan},
	}
}

func inspectionHref(id int64) string { return "/inspections/" + strconv.FormatInt(id, 10) }
func planHref(id int64) string       { return "/inspection-plans/" + strconv.FormatInt(id, 10) }

// canStep reports whether the actor may take step for either kind
// somewhere in their scope (the service checks the exact unit and the
// dated rule).
func canStep(a *congvu.Actor, step inspection.Step) bool {
	for _, k := range inspection.Kinds {
		if a.Can(inspection.Action(k, step), "") {
			return true
		}
	}
	return false
}

// forbidUnless answers EFORBIDDEN when the actor may take step for no
// kind: the routes let every viewer in, and the forms say so before the
// service would.
func forbidUnless(a *congvu.Actor, step inspection.Step) error {
	if canStep(a, step) {
		return nil
	}
	return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền thực hiện việc này.")
}

// InspectionsPage is the list of inspections, the plans and the suggested
// targets.
type InspectionsPage struct {
	Base
	Form            *Form
	Kinds, Statuses []Option
	Unit            *org.Unit
	Rows            []*inspection.Inspection
	Pager           Pager
	Filtered        bool
	Plans           []*inspection.Plan
	ShowPlans       bool
	Suggestions     []*inspection.Suggestion
	ShowSuggestions bool
	CanPlan, CanRun bool
	CanDashboard    bool // the compliance dashboard
	Year            int
	// SuggestUnit and SuggestKind are the owner and kind the suggestions
	// are ranked for: the actor's own unit.
	SuggestUnit string
	SuggestKind inspection.Kind
}

// suggestOwner is the grant and kind whose targets the list suggests: the
// first grant that may run a kind, thanh tra before kiểm tra (the service
// checks the dated rule of levels).
func suggestOwner(a *congvu.Actor) (*congvu.Grant, inspection.Kind) {
	for _, k := range []inspection.Kind{inspection.KindInspection, inspection.KindCheck} {
		for i := range a.Grants {
			if a.Can(inspection.Action(k, inspection.StepRun), a.Grants[i].UnitPath) {
				return &a.Grants[i], k
			}
		}
	}
	return nil, ""
}

func inspectionKindOptions(first string) []Option {
	out := []Option{{"", first}}
	for _, k := range inspection.Kinds {
		out = append(out, Option{string(k), k.Label()})
	}
	return out
}

func inspectionStatusOptions() []Option {
	out := []Option{{"", "Tất cả"}}
	for _, st := range inspection.Statuses {
		out = append(out, Option{string(st), st.Label()})
	}
	return out
}

// inspectionFilter reads the list filters; bad values are recorded in f.
func (s *Server) inspectionFilter(r *http.Request, f *Form) (inspection.Filter, *org.Unit, error) {
	filter := inspection.Filter{Query: f.Get("q")}
	if k := inspection.Kind(f.Get(inspectionKindParam)); k != "" {
		if k.Valid() {
			filter.Kind = k
		} else {
			f.AddError(inspectionKindParam, "Xin chọn một loại trong danh sách.")
		}
	}
	if st := inspection.Status(f.Get(inspectionStatusParam)); st != "" {
		if slices.Contains(inspection.Statuses, st) {
			filter.Status = st
		} else {
			f.AddError(inspectionStatusParam, "Xin chọn một trạng thái trong danh sách.")
		}
	}
	inspectionPeriod(f, &filter)
	unit, err := s.filterUnit(r, f, UnitParam)
	if err != nil {
		return filter, nil, err
	}
	if unit != nil {
		filter.TargetUnitID = unit.ID
	}
	return filter, unit, nil
}

// inspectionPeriod reads the period of the list (tu, den: dd/mm/yyyy,
// both days included) into filter; bad values are recorded in f.
func inspectionPeriod(f *Form, filter *inspection.Filter) {
	if v := f.Get(inspectionFromParam); v != "" {
		if t, ok := ParseDate(v); ok {
			filter.From = t
		} else {
			f.AddError(inspectionFromParam, "Ngày bắt đầu phải có dạng ngày/tháng/năm, ví dụ 01/07/2026.")
		}
	}
	if v := f.Get(inspectionToParam); v != "" {
		if t, ok := ParseDate(v); ok {
			filter.To = t
		} else {
			f.AddError(inspectionToParam, "Ngày kết thúc phải có dạng ngày/tháng/năm, ví dụ 30/09/2026.")
		}
	}
	if !filter.From.IsZero() && !filter.To.IsZero() && filter.To.Before(filter.From) {
		f.AddError(inspectionToParam, "Ngày kết thúc phải từ ngày bắt đầu trở về sau.")
	}
}

func (s *Server) inspections(w http.ResponseWriter, r *http.Request) error {
	svc := s.Services.Inspections
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	f := NewForm(r.URL.Query())
	p := &InspectionsPage{Base: Base{Title: "Kiểm tra, thanh tra công vụ"}, Form: f, Kinds: inspectionKindOptions("Tất cả"),
		Statuses: inspectionStatusOptions(), Year: time.Now().In(congvu.TimeZone).Year()}
	p.CanPlan = canStep(a, inspection.StepPlan)
	p.CanDashboard = a.Can(congvu.ActInspectionDashboard, "")
	p.CanRun = canStep(a, inspection.StepRun)
	filter, unit, err := s.inspectionFilter(r, f)
	if err != nil {
		return err
	}
	p.Unit = unit
	p.Filtered = len(petitionFilterQuery(r.URL.Query())) > 0
	if f.Failed() {
		f.Message = "Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu."
		p.Pager = NewPager(r, 0, inspectionsPageSize)
		return s.Render(w, r, http.StatusBadRequest, "inspection_list.html", p)
	}
	filter.Limit, filter.Offset = inspectionsPageSize, PageOffset(r, inspectionsPageSize)
	list, total, err := svc.FindInspections(ctx, filter)
	if err != nil {
		return err
	}
	p.Rows, p.Pager = list, NewPager(r, total, inspectionsPageSize)
	// Plans and suggestions are the work of those who plan and run; the
	// inspected unit's head sees its issued conclusions only.
	if p.CanPlan || p.CanRun {
		p.ShowPlans = true
		plans, _, err := svc.FindPlans(ctx, inspection.PlanFilter{Limit: 20})
		if err != nil {
			return err
		}
		p.Plans = plans
	}
	if p.CanRun {
		p.ShowSuggestions = true
		if g, kind := suggestOwner(a); g != nil {
			p.SuggestUnit, p.SuggestKind = g.UnitName, kind
			sg, err := svc.SuggestTargets(ctx, inspection.SuggestFilter{UnitID: g.UnitID, Kind: kind, Limit: inspectionSuggestMax})
			if err != nil && congvu.ErrorCode(err) != congvu.EFORBIDDEN {
				return err
			}
			p.Suggestions = sg
		}
	}
	return s.Render(w, r, http.StatusOK, "inspection_list.html", p)
}

// inspectionForm parses a posted form.
func inspectionForm(r *http.Request) (*Form, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return NewForm(r.PostForm), nil
}
