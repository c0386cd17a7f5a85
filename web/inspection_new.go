package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/inspection"
)

// NewInspectionPage starts an inspection: from a target of a published
// plan, from a suggestion (evidence), or ad hoc.
type NewInspectionPage struct {
	Base
	Form       *Form
	Kinds      []Option
	Origins    []Option
	Target     *PlanTargetChoice
	Suggestion *inspection.Suggestion
}

// PlanTargetChoice is the plan target an inspection starts from.
type PlanTargetChoice struct {
	*inspection.PlanTarget
	PlanTitle string
}

// Query parameters that start the form from a plan target or a suggestion.
const (
	inspectionPlanParam    = "ke-hoach"
	inspectionTargetParam  = "muc-tieu"
	inspectionSuggestParam = "tu-goi-y"
)

func inspectionOriginOptions() []Option {
	return []Option{{string(inspection.OriginAdhoc), inspection.OriginAdhoc.Label()}, {string(inspection.OriginEvidence), inspection.OriginEvidence.Label()}}
}

// actorUnitCode is the code of the unit of the actor's first grant that
// may run an inspection: the default owner.
func (s *Server) actorUnitCode(r *http.Request) string {
	a := congvu.ActorFromContext(r.Context())
	for _, g := range a.Grants {
		for _, k := range inspection.Kinds {
			if a.Can(inspection.Action(k, inspection.StepRun), g.UnitPath) {
				return s.unitCode(r)(g.UnitID)
			}
		}
	}
	return ""
}

// planTargetChoice finds the plan target the form names, or nil.
func (s *Server) planTargetChoice(r *http.Request, f *Form) (*PlanTargetChoice, error) {
	planID, targetID := f.Int("plan"), f.Int("plan_target")
	if targetID == 0 {
		return nil, nil
	}
	pl, err := s.Services.Inspections.FindPlan(r.Context(), planID)
	if err != nil {
		return nil, err
	}
	for _, t := range pl.Targets {
		if t.ID == targetID {
			return &PlanTargetChoice{PlanTarget: t, PlanTitle: pl.Title}, nil
		}
	}
	return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đơn vị này trong kế hoạch.")
}

func (s *Server) newInspectionForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := forbidUnless(congvu.ActorFromContext(ctx), inspection.StepRun); err != nil {
		return err
	}
	q := r.URL.Query()
	f := NewForm(nil)
	f.Set("plan", q.Get(inspectionPlanParam))
	f.Set("plan_target", q.Get(inspectionTargetParam))
	f.Set("unit", s.actorUnitCode(r))
	f.Set("origin", string(inspection.OriginAdhoc))
	p := &NewInspectionPage{}
	t, err := s.planTargetChoice(r, f)
	if err != nil {
		return err
	}
	p.Target = t
	if v := q.Get(inspectionSuggestParam); v != "" {
		unitID, _ := strconv.ParseInt(v, 10, 64)
		g, kind := suggestOwner(congvu.ActorFromContext(ctx))
		if k := inspection.Kind(q.Get(inspectionKindParam)); k.Valid() {
			kind = k
		}
		var list []*inspection.Suggestion
		if g != nil {
			list, err = s.Services.Inspections.SuggestTargets(ctx, inspection.SuggestFilter{UnitID: g.UnitID, Kind: kind, Limit: 100})
			if err != nil && congvu.ErrorCode(err) != congvu.EFORBIDDEN {
				return err
			}
			f.Set("kind", string(kind))
			f.Set("unit", s.unitCode(r)(g.UnitID))
		}
		for _, sg := range list {
			if sg.UnitID == unitID {
				p.Suggestion = sg
				f.Set("target", s.unitCode(r)(sg.UnitID))
				f.Set("origin", string(inspection.OriginEvidence))
				f.Set("reason", strings.Join(sg.Reasons, "\n"))
			}
		}
	}
	return s.renderNewInspection(w, r, http.StatusOK, p, f)
}

func (s *Server) renderNewInspection(w http.ResponseWriter, r *http.Request, status int, p *NewInspectionPage, f *Form) error {
	p.Base = Base{Title: "Tạo đợt kiểm tra", Crumbs: []Link{{"Kiểm tra, thanh tra", "/inspections"}}}
	p.Form, p.Kinds, p.Origins = f, inspectionKindOptions("— Chọn loại —"), inspectionOriginOptions()
	return s.Render(w, r, status, "inspection_form.html", p)
}

func (s *Server) createInspection(w http.ResponseWriter, r *http.Request) error {
	if err := forbidUnless(congvu.ActorFromContext(r.Context()), inspection.StepRun); err != nil {
		return err
	}
	f, err := inspectionForm(r)
	if err != nil {
		return err
	}
	p := &NewInspectionPage{}
	t, err := s.planTargetChoice(r, f)
	if err != nil {
		return err
	}
	p.Target = t
	in := inspection.InspectionInput{Unannounced: f.Checked("unannounced")}
	if v := f.Get("scheduled_on"); v != "" {
		d, ok := ParseDate(v)
		if !ok {
			f.AddError("scheduled_on", "Ngày không hợp lệ; xin nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2026.")
		} else {
			day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC) // a calendar date
			in.ScheduledOn = &day
		}
	}
	if t != nil {
		in.Origin, in.PlanTargetID = inspection.OriginPlan, t.ID
	} else {
		in.Origin, in.Kind, in.Reason = inspection.Origin(f.Get("origin")), inspection.Kind(f.Get("kind")), f.Get("reason")
		for _, u := range []struct {
			field string
			to    *int64
		}{{"unit", &in.UnitID}, {"target", &in.TargetUnitID}} {
			code := f.Get(u.field)
			if code == "" {
				continue
			}
			unit, err := s.unitByCode(r, code)
			if err != nil {
				if congvu.ErrorCode(err) != congvu.ENOTFOUND {
					return err
				}
				f.AddError(u.field, congvu.ErrorMessage(err))
				continue
			}
			*u.to = unit.ID
		}
	}
	if !f.Failed() {
		i, err := s.Services.Inspections.CreateInspection(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, inspectionHref(i.ID), "kt-da-tao")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("unit_id", "unit")
		f.moveError("target_unit_id", "target")
	}
	f.Summarize("Chưa tạo được đợt kiểm tra, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderNewInspection(w, r, http.StatusBadRequest, p, f)
}
