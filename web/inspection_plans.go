package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/inspection"
)

func init() {
	FlashMessages["kh-da-luu"] = "Đã lưu kế hoạch kiểm tra (dự thảo)."
	FlashMessages["kh-da-duyet"] = "Đã phê duyệt kế hoạch kiểm tra."
	FlashMessages["kh-da-cong-bo"] = "Đã ban hành kế hoạch tới các đơn vị được kiểm tra; lượt kiểm tra đột xuất không hiện với đơn vị trước ngày kiểm tra."
}

// planTargetRows is how many target rows the plan form shows beyond the
// plan's own (blank rows are ignored).
const planTargetRows = 8

// PlanFormPage drafts or edits an annual plan.
type PlanFormPage struct {
	Base
	Form           *Form
	Action, Cancel string
	Kinds, Months  []Option
	Rows           []PlanTargetRow
}

// PlanTargetRow is one target row of the plan form, as typed.
type PlanTargetRow struct {
	Index       int
	Unit, Month string
	Unannounced bool
	Error       string
}

// PlanPage is one plan with its targets and history.
type PlanPage struct {
	Base
	Plan                            *inspection.Plan
	Form                            *Form
	CanEdit, CanApprove, CanPublish bool
	CanRun                          bool
	History                         []HistoryEntry
}

// HistoryEntry is one dated step of a plan's or an inspection's life.
type HistoryEntry struct {
	At    time.Time
	Label string
	Actor string // who acted, when known (the inspecting side's pages only)
}

// history lists the steps that happened, oldest first.
func history(steps ...any) []HistoryEntry {
	var out []HistoryEntry
	for i := 0; i+1 < len(steps); i += 2 {
		var at time.Time
		switch t := steps[i].(type) {
		case time.Time:
			at = t
		case *time.Time:
			if t != nil {
				at = *t
			}
		}
		if !at.IsZero() {
			out = append(out, HistoryEntry{At: at, Label: steps[i+1].(string)})
		}
	}
	slices.SortStableFunc(out, func(a, b HistoryEntry) int { return a.At.Compare(b.At) })
	return out
}

func monthOptions() []Option {
	out := []Option{{"", "— Tháng —"}}
	for m := 1; m <= 12; m++ {
		out = append(out, Option{strconv.Itoa(m), fmt.Sprintf("Tháng %d", m)})
	}
	return out
}

// planRows reads the target rows of the form, with as many blank rows
// after them as planTargetRows.
func planRows(f *Form) []PlanTargetRow {
	var rows []PlanTargetRow
	for i := 0; ; i++ {
		n := strconv.Itoa(i)
		if _, ok := f.Values["target_unit_"+n]; !ok {
			break
		}
		rows = append(rows, PlanTargetRow{Index: i, Unit: f.Get("target_unit_" + n), Month: f.Get("target_month_" + n),
			Unannounced: f.Checked("target_unannounced_" + n), Error: f.Error("target_unit_" + n)})
	}
	for len(rows) == 0 || len(rows)%planTargetRows != 0 || allFilled(rows) {
		rows = append(rows, PlanTargetRow{Index: len(rows)})
	}
	return rows
}

func allFilled(rows []PlanTargetRow) bool {
	for _, r := range rows {
		if r.Unit == "" {
			return false
		}
	}
	return true
}

// planErrors puts a service's errors on the form's fields: targets.N.… on
// the row that gave the Nth target.
func planErrors(f *Form, rows []int) {
	f.moveError("unit_id", "unit")
	for k, msg := range f.Errors {
		if idx, ok := indexedField(k, "targets"); ok && idx < len(rows) {
			delete(f.Errors, k)
			f.AddError("target_unit_"+strconv.Itoa(rows[idx]), msg)
		}
	}
}

// planInputRows reads a plan form and the row of each target; a bad
// unit code or month is recorded in f.
func (s *Server) planInputRows(r *http.Request, f *Form) (inspection.PlanInput, []int, error) {
	var rows []int
	in := inspection.PlanInput{Kind: inspection.Kind(f.Get("kind")), Title: f.Get("title"), Scope: f.Get("scope")}
	if v := f.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			f.AddError("year", "Năm phải là một số, ví dụ 2026.")
		}
		in.Year = y
	}
	for _, line := range strings.Split(f.Values.Get("team"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			in.Team = append(in.Team, line)
		}
	}
	if code := f.Get("unit"); code != "" {
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return in, nil, err
			}
			f.AddError("unit", congvu.ErrorMessage(err))
		} else {
			in.UnitID = u.ID
		}
	}
	for _, row := range planRows(f) {
		if row.Unit == "" {
			continue
		}
		field := "target_unit_" + strconv.Itoa(row.Index)
		u, err := s.unitByCode(r, row.Unit)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return in, nil, err
			}
			f.AddError(field, congvu.ErrorMessage(err))
			continue
		}
		m, _ := strconv.Atoi(row.Month)
		if m < 1 || m > 12 {
			f.AddError(field, "Xin chọn tháng kiểm tra đơn vị này.")
			continue
		}
		in.Targets = append(in.Targets, inspection.PlanTargetInput{UnitID: u.ID, Month: m, Unannounced: row.Unannounced})
		rows = append(rows, row.Index)
	}
	return in, rows, nil
}

func (s *Server) renderPlanForm(w http.ResponseWriter, r *http.Request, status int, title, action, cancel string, f *Form) error {
	p := &PlanFormPage{Base: Base{Title: title, Crumbs: []Link{{"Kiểm tra, thanh tra", "/inspections"}}}, Form: f, Action: action, Cancel: cancel,
		Kinds: inspectionKindOptions("— Chọn loại —"), Months: monthOptions(), Rows: planRows(f)}
	return s.Render(w, r, status, "inspection_plan_form.html", p)
}

func (s *Server) newPlanForm(w http.ResponseWriter, r *http.Request) error {
	if err := forbidUnless(congvu.ActorFromContext(r.Context()), inspection.StepPlan); err != nil {
		return err
	}
	f := NewForm(nil)
	f.Set("year", strconv.Itoa(time.Now().In(congvu.TimeZone).Year()+1))
	return s.renderPlanForm(w, r, http.StatusOK, "Lập kế hoạch kiểm tra năm", "/inspection-plans/new", "/inspections", f)
}

func (s *Server) createPlan(w http.ResponseWriter, r *http.Request) error {
	if err := forbidUnless(congvu.ActorFromContext(r.Context()), inspection.StepPlan); err != nil {
		return err
	}
	f, err := inspectionForm(r)
	if err != nil {
		return err
	}
	in, rows, err := s.planInputRows(r, f)
	if err != nil {
		return err
	}
	if !f.Failed() {
		pl, err := s.Services.Inspections.CreatePlan(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, planHref(pl.ID), "kh-da-luu")
		}
		if !f.SetError(err) {
			return err
		}
		planErrors(f, rows)
	}
	f.Summarize("Chưa lưu được kế hoạch, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderPlanForm(w, r, http.StatusBadRequest, "Lập kế hoạch kiểm tra năm", "/inspection-plans/new", "/inspections", f)
}

// mayPlan answers EFORBIDDEN unless the actor may plan pl's kind at its
// unit (the service checks again, with the dated rule).
func mayPlan(r *http.Request, pl *inspection.Plan) error {
	if congvu.ActorFromContext(r.Context()).Can(inspection.Action(pl.Kind, inspection.StepPlan), pl.UnitPath) {
		return nil
	}
	return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền sửa, phê duyệt hay ban hành kế hoạch này.")
}

// planByPath finds the plan of the {id} in the path.
func (s *Server) planByPath(r *http.Request) (*inspection.Plan, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.Services.Inspections.FindPlan(r.Context(), id)
}

func (s *Server) plan(w http.ResponseWriter, r *http.Request) error {
	pl, err := s.planByPath(r)
	if err != nil {
		return err
	}
	return s.renderPlan(w, r, http.StatusOK, pl, NewForm(nil))
}

func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, status int, pl *inspection.Plan, f *Form) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	p := &PlanPage{Base: Base{Title: pl.Title, Crumbs: []Link{{"Kiểm tra, thanh tra", "/inspections"}}}, Plan: pl, Form: f}
	mayPlan := a.Can(inspection.Action(pl.Kind, inspection.StepPlan), pl.UnitPath)
	p.CanEdit = mayPlan && pl.Status != inspection.PlanPublished
	p.CanApprove = mayPlan && pl.Status == inspection.PlanDraft
	p.CanPublish = mayPlan && pl.Status == inspection.PlanApproved
	p.CanRun = a.Can(inspection.Action(pl.Kind, inspection.StepRun), pl.UnitPath)
	p.History = history(pl.CreatedAt, "Lập dự thảo kế hoạch", pl.ApprovedAt, "Phê duyệt kế hoạch", pl.PublishedAt, "Ban hành kế hoạch tới các đơn vị")
	return s.Render(w, r, status, "inspection_plan.html", p)
}

// planForm fills a form with a plan, for editing.
func planForm(pl *inspection.Plan, code func(id int64) string) *Form {
	f := NewForm(nil)
	f.Set("kind", string(pl.Kind))
	f.Set("unit", code(pl.UnitID))
	f.Set("year", strconv.Itoa(pl.Year))
	f.Set("title", pl.Title)
	f.Set("scope", pl.Scope)
	f.Set("team", strings.Join(pl.Team, "\n"))
	for i, t := range pl.Targets {
		n := strconv.Itoa(i)
		f.Set("target_unit_"+n, code(t.UnitID))
		f.Set("target_month_"+n, strconv.Itoa(t.Month))
		if t.Unannounced {
			f.Set("target_unannounced_"+n, "on")
		}
	}
	return f
}

// unitCode gives the code of a unit by id ("" when it cannot be read).
func (s *Server) unitCode(r *http.Request) func(int64) string {
	return func(id int64) string {
		u, err := s.Services.Units.FindUnitByID(r.Context(), id)
		if err != nil {
			return ""
		}
		return u.Code
	}
}

func (s *Server) editPlanForm(w http.ResponseWriter, r *http.Request) error {
	pl, err := s.planByPath(r)
	if err != nil {
		return err
	}
	if err := mayPlan(r, pl); err != nil {
		return err
	}
	href := planHref(pl.ID)
	return s.renderPlanForm(w, r, http.StatusOK, "Sửa kế hoạch: "+pl.Title, href+"/edit", href, planForm(pl, s.unitCode(r)))
}

func (s *Server) updatePlan(w http.ResponseWriter, r *http.Request) error {
	pl, err := s.planByPath(r)
	if err != nil {
		return err
	}
	if err := mayPlan(r, pl); err != nil {
		return err
	}
	f, err := inspectionForm(r)
	if err != nil {
		return err
	}
	in, rows, err := s.planInputRows(r, f)
	if err != nil {
		return err
	}
	href := planHref(pl.ID)
	if !f.Failed() {
		if _, err := s.Services.Inspections.UpdatePlan(r.Context(), pl.ID, in); err == nil {
			return s.Redirect(w, r, href, "kh-da-luu")
		} else if !f.SetError(err) {
			return err
		}
		planErrors(f, rows)
	}
	f.Summarize("Chưa lưu được kế hoạch, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderPlanForm(w, r, http.StatusBadRequest, "Sửa kế hoạch: "+pl.Title, href+"/edit", href, f)
}

// planStep approves or publishes a plan; a refusal (ECONFLICT: not in the
// right status) is shown on the plan's page.
func (s *Server) planStep(w http.ResponseWriter, r *http.Request, do func(id int64) (*inspection.Plan, error), flash string) error {
	pl, err := s.planByPath(r)
	if err != nil {
		return err
	}
	if err := mayPlan(r, pl); err != nil {
		return err
	}
	if _, err := do(pl.ID); err != nil {
		f := NewForm(nil)
		if !f.SetError(err) {
			return err
		}
		return s.renderPlan(w, r, http.StatusBadRequest, pl, f)
	}
	return s.Redirect(w, r, planHref(pl.ID), flash)
}

func (s *Server) approvePlan(w http.ResponseWriter, r *http.Request) error {
	return s.planStep(w, r, func(id int64) (*inspection.Plan, error) { return s.Services.Inspections.ApprovePlan(r.Context(), id) }, "kh-da-duyet")
}

func (s *Server) publishPlan(w http.ResponseWriter, r *http.Request) error {
	return s.planStep(w, r, func(id int64) (*inspection.Plan, error) { return s.Services.Inspections.PublishPlan(r.Context(), id) }, "kh-da-cong-bo")
}
