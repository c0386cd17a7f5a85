package web

import (
	"net/http"
	"strconv"
	"time"

	"congvu"
	"congvu/org"
	"congvu/violation"
)

// The discipline pages: the list of cases (this file), opening a case
// (discipline_new.go), one case with its steps (discipline_detail.go), its
// documents (discipline_docs.go) and the dated rule sets
// (discipline_rules.go). The service (violation.DisciplineService) checks
// every right and decides what the official concerned sees; the pages only
// hide the forms an actor could not use.

// Query parameters of the cases list (the unit code is UnitParam).
const (
	disciplineStatusParam  = "trang-thai"
	disciplineOverdueParam = "qua-han"
	disciplinePageSize     = 50
)

func (s *Server) disciplineRoutes() []Route {
	run, decide := Need(congvu.ActDisciplineRun), Need(congvu.ActDisciplineDecide)
	return []Route{
		// The official concerned reads their own cases: the service
		// decides, the handler refuses those who may read none.
		{Method: "GET", Pattern: "/discipline", Access: SignedIn, Handler: s.disciplineCases},
		{Method: "GET", Pattern: "/discipline/new", Access: run, Handler: s.newDisciplineCaseForm},
		{Method: "POST", Pattern: "/discipline/new", Access: run, Handler: s.openDisciplineCase},
		{Method: "GET", Pattern: "/discipline/{id}", Access: SignedIn, Handler: s.disciplineCase},
		{Method: "POST", Pattern: "/discipline/{id}/review", Access: run, Handler: s.disciplineStep(stepReview)},
		{Method: "POST", Pattern: "/discipline/{id}/council", Access: run, Handler: s.disciplineStep(stepCouncil)},
		{Method: "POST", Pattern: "/discipline/{id}/decision", Access: decide, Handler: s.disciplineStep(stepDecision)},
		{Method: "POST", Pattern: "/discipline/{id}/notify", Access: run, Handler: s.disciplineStep(stepNotify)},
		{Method: "POST", Pattern: "/discipline/{id}/complaint", Access: SignedIn, Handler: s.disciplineStep(stepComplaint)},
		{Method: "POST", Pattern: "/discipline/{id}/settle", Access: decide, Handler: s.disciplineStep(stepSettle)},
		{Method: "POST", Pattern: "/discipline/{id}/defer", Access: decide, Handler: s.disciplineStep(stepDefer)},
		{Method: "POST", Pattern: "/discipline/{id}/resume", Access: run, Handler: s.disciplineStep(stepResume)},
		{Method: "POST", Pattern: "/discipline/{id}/drop", Access: decide, Handler: s.disciplineStep(stepDrop)},
	}
}

func disciplineHref(id int64) string { return "/discipline/" + strconv.FormatInt(id, 10) }

// forbidCases refuses those who may read no case (violation.MayReadCases).
func forbidCases(a *congvu.Actor) error {
	if violation.MayReadCases(a) {
		return nil
	}
	return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xem hồ sơ kỷ luật.")
}

// DisciplineCasesPage is the list of cases.
type DisciplineCasesPage struct {
	Base
	Form     *Form
	Statuses []Option
	Unit     *org.Unit
	Rows     []*DisciplineCaseRow
	Pager    Pager
	Filtered bool
	// Staff see the filters and the unit; the official their own cases.
	Staff, CanOpen bool
}

// DisciplineCaseRow is one case of the list.
type DisciplineCaseRow struct {
	*violation.Case
	Overdue bool
}

// caseOverdue reports whether c is past its limit or a step past its
// deadline, while it runs.
func caseOverdue(c *violation.Case, now time.Time) bool {
	switch c.Status {
	case violation.CaseClosed, violation.CaseDropped, violation.CaseDeferred:
		return false
	}
	if !c.DueAt.IsZero() && now.After(c.DueAt) && c.Decision == nil {
		return true
	}
	for _, st := range c.Steps {
		if stepOverdue(st, now) {
			return true
		}
	}
	return false
}

// stepOverdue reports whether a step not done is past the end of its
// deadline day.
func stepOverdue(st *violation.CaseStep, now time.Time) bool {
	return st.DoneAt == nil && !st.DueOn.IsZero() && congvu.Date(now).After(congvu.Date(st.DueOn))
}

func caseStatusOptions() []Option {
	out := []Option{{"", "Tất cả"}}
	for _, st := range violation.CaseStatuses {
		out = append(out, Option{string(st), st.Label()})
	}
	return out
}

func (s *Server) disciplineCases(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	if err := forbidCases(a); err != nil {
		return err
	}
	f := NewForm(r.URL.Query())
	p := &DisciplineCasesPage{Base: Base{Title: "Xem xét kỷ luật"}, Form: f, Statuses: caseStatusOptions(),
		Staff: a.Can(congvu.ActViolationView, ""), CanOpen: a.Can(congvu.ActDisciplineRun, "")}
	filter := violation.CaseFilter{Query: f.Get("q"), Overdue: f.Checked(disciplineOverdueParam)}
	if st := violation.CaseStatus(f.Get(disciplineStatusParam)); st != "" {
		if st.Valid() {
			filter.Status = st
		} else {
			f.AddError(disciplineStatusParam, "Xin chọn một trạng thái trong danh sách.")
		}
	}
	if code := f.Get(UnitParam); code != "" {
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError(UnitParam, congvu.ErrorMessage(err))
		} else {
			p.Unit, filter.UnitID = u, u.ID
		}
	}
	p.Filtered = len(petitionFilterQuery(r.URL.Query())) > 0
	if f.Failed() {
		f.Message = "Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu."
		p.Pager = NewPager(r, 0, disciplinePageSize)
		return s.Render(w, r, http.StatusBadRequest, "discipline_list.html", p)
	}
	filter.Limit, filter.Offset = disciplinePageSize, PageOffset(r, disciplinePageSize)
	list, total, err := s.Services.Discipline.FindCases(ctx, filter)
	if err != nil {
		return err
	}
	now := time.Now()
	for _, c := range list {
		p.Rows = append(p.Rows, &DisciplineCaseRow{Case: c, Overdue: caseOverdue(c, now)})
	}
	p.Pager = NewPager(r, total, disciplinePageSize)
	return s.Render(w, r, http.StatusOK, "discipline_list.html", p)
}
