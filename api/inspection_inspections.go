package api

import (
	"congvu"
	"congvu/inspection"
	"net/http"
	"strconv"
	"time"
)

// Inspections (kiểm tra công vụ, thanh tra) through the API: plans,
// inspections, checklists, line records (idempotent by client_key), the
// record and the conclusion. The service decides who may do what
// (inspection.Allowed) and what the inspected unit sees (ForSide); this
// file decodes and encodes.

const inspectionNotFound = "Không tìm thấy cuộc kiểm tra."
const planNotFound = "Không tìm thấy kế hoạch kiểm tra."

func (s *Server) listInspections(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := inspection.Filter{Query: q.str("q"), UnitID: q.id("unit_id"), TargetUnitID: q.id("target_unit_id"), PlanID: q.id("plan_id"),
		Kind: inspection.Kind(q.str("kind")), Status: inspection.Status(q.str("status"))}
	if f.Kind != "" && !f.Kind.Valid() {
		q.errs.Add("kind", "Loại không hợp lệ: check hoặc inspection.")
	}
	f.From, f.To = q.dayRange()
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Inspections.FindInspections(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) createInspection(w http.ResponseWriter, r *http.Request) error {
	var b inspection.InspectionInput
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	x, err := s.Services.Inspections.CreateInspection(r.Context(), b)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/inspections/"+strconv.FormatInt(x.ID, 10))
	writeJSON(w, http.StatusCreated, x)
	return nil
}

func (s *Server) getInspection(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, inspectionNotFound)
	if err != nil {
		return err
	}
	x, err := s.Services.Inspections.FindInspection(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

// inspectionStep runs a step without a body that answers the inspection.
func (s *Server) inspectionStep(w http.ResponseWriter, r *http.Request, step func(*Server, *http.Request, int64) (*inspection.Inspection, error)) error {
	id, err := pathID(r, inspectionNotFound)
	if err != nil {
		return err
	}
	x, err := step(s, r, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

func (s *Server) generateChecklist(w http.ResponseWriter, r *http.Request) error {
	var b inspection.ChecklistInput
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	return s.inspectionStep(w, r, func(s *Server, r *http.Request, id int64) (*inspection.Inspection, error) {
		return s.Services.Inspections.GenerateChecklist(r.Context(), id, b)
	})
}

func (s *Server) startVisit(w http.ResponseWriter, r *http.Request) error {
	return s.inspectionStep(w, r, func(s *Server, r *http.Request, id int64) (*inspection.Inspection, error) {
		return s.Services.Inspections.StartVisit(r.Context(), id)
	})
}

func (s *Server) recordLine(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, inspectionNotFound)
	if err != nil {
		return err
	}
	var b inspection.LineInput
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	l, err := s.Services.Inspections.RecordLine(r.Context(), id, b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) closeRecord(w http.ResponseWriter, r *http.Request) error {
	return s.inspectionStep(w, r, func(s *Server, r *http.Request, id int64) (*inspection.Inspection, error) {
		return s.Services.Inspections.CloseRecord(r.Context(), id)
	})
}

// conclusionBody is a draft conclusion.
type conclusionBody struct {
	Conclusion string `json:"conclusion"`
}

func (s *Server) draftConclusion(w http.ResponseWriter, r *http.Request) error {
	var b conclusionBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	return s.inspectionStep(w, r, func(s *Server, r *http.Request, id int64) (*inspection.Inspection, error) {
		return s.Services.Inspections.DraftConclusion(r.Context(), id, b.Conclusion)
	})
}

func (s *Server) reviewConclusion(w http.ResponseWriter, r *http.Request) error {
	return s.inspectionStep(w, r, func(s *Server, r *http.Request, id int64) (*inspection.Inspection, error) {
		return s.Services.Inspections.ReviewConclusion(r.Context(), id)
	})
}

func (s *Server) issueConclusion(w http.ResponseWriter, r *http.Request) error {
	return s.inspectionStep(w, r, func(s *Server, r *http.Request, id int64) (*inspection.Inspection, error) {
		return s.Services.Inspections.IssueConclusion(r.Context(), id)
	})
}

func (s *Server) inspectionEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, inspectionNotFound)
	if err != nil {
		return err
	}
	refs, err := s.Services.Inspections.EvidenceFor(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(refs, len(refs), 0, len(refs)))
	return nil
}

func (s *Server) suggestTargets(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, unitNotFound)
	if err != nil {
		return err
	}
	q := newQuery(r)
	f := inspection.SuggestFilter{UnitID: id, Kind: inspection.Kind(q.str("kind"))}
	if f.Kind == "" {
		f.Kind = inspection.KindCheck
	}
	_, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, err := s.Services.Inspections.SuggestTargets(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, len(list), 0, f.Limit))
	return nil
}

func (s *Server) listTemplates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, unitNotFound)
	if err != nil {
		return err
	}
	list, err := s.Services.Inspections.FindTemplates(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, len(list), 0, len(list)))
	return nil
}

// templateBody is a template to save; its unit is the path's.
type templateBody struct {
	Name  string                `json:"name"`
	Lines []inspection.LineSpec `json:"lines"`
}

func (s *Server) saveTemplate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, unitNotFound)
	if err != nil {
		return err
	}
	var b templateBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	t, err := s.Services.Inspections.SaveTemplate(r.Context(), inspection.TemplateInput{UnitID: id, Name: b.Name, Lines: b.Lines})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Server) listPlans(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := inspection.PlanFilter{UnitID: q.id("unit_id"), Kind: inspection.Kind(q.str("kind")), Status: inspection.PlanStatus(q.str("status"))}
	if y := q.str("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			q.errs.Add("year", "Năm phải là số.")
		}
		f.Year = n
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Inspections.FindPlans(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) createPlan(w http.ResponseWriter, r *http.Request) error {
	var b inspection.PlanInput
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	p, err := s.Services.Inspections.CreatePlan(r.Context(), b)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/inspection-plans/"+strconv.FormatInt(p.ID, 10))
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) planStep(w http.ResponseWriter, r *http.Request, step func(int64) (*inspection.Plan, error)) error {
	id, err := pathID(r, planNotFound)
	if err != nil {
		return err
	}
	p, err := step(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) getPlan(w http.ResponseWriter, r *http.Request) error {
	return s.planStep(w, r, func(id int64) (*inspection.Plan, error) { return s.Services.Inspections.FindPlan(r.Context(), id) })
}

func (s *Server) updatePlan(w http.ResponseWriter, r *http.Request) error {
	var b inspection.PlanInput
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	return s.planStep(w, r, func(id int64) (*inspection.Plan, error) {
		return s.Services.Inspections.UpdatePlan(r.Context(), id, b)
	})
}

func (s *Server) approvePlan(w http.ResponseWriter, r *http.Request) error {
	return s.planStep(w, r, func(id int64) (*inspection.Plan, error) { return s.Services.Inspections.ApprovePlan(r.Context(), id) })
}

func (s *Server) publishPlan(w http.ResponseWriter, r *http.Request) error {
	return s.planStep(w, r, func(id int64) (*inspection.Plan, error) { return s.Services.Inspections.PublishPlan(r.Context(), id) })
}

// dayRange reads the optional days "from" and "to" (yyyy-mm-dd, both
// included) of a list filter; a last day before the first is reported.
func (q *query) dayRange() (from, to time.Time) {
	from, to = q.dayParam("from"), q.dayParam("to")
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		q.errs.Add("to", "Ngày kết thúc phải từ ngày bắt đầu trở về sau.")
	}
	return from, to
}

// dayParam reads an optional Vietnam calendar day (yyyy-mm-dd).
func (q *query) dayParam(name string) time.Time {
	s := q.str(name)
	if s == "" {
		return time.Time{}
	}
	d, err := time.ParseInLocation(time.DateOnly, s, congvu.TimeZone)
	if err != nil {
		q.errs.Add(name, "Ngày phải có dạng năm-tháng-ngày, ví dụ 2026-07-01.")
	}
	return d
}
