package web

import (
	"net/http"

	"congvu"
	"congvu/incident"
)

// IncidentPage is one incident, with the review and escalation forms for
// the unit head.
type IncidentPage struct {
	Base
	I           *incident.Incident
	CanReview   bool
	CanEscalate bool
	Review      *Form
	Escalation  *Form
	Severities  []Option
}

func (s *Server) incident(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	x, err := s.Services.Incidents.FindIncident(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderIncident(w, r, http.StatusOK, x, nil, nil)
}

func (s *Server) renderIncident(w http.ResponseWriter, r *http.Request, status int, x *incident.Incident, review, escalation *Form) error {
	a := congvu.ActorFromContext(r.Context())
	p := &IncidentPage{Base: Base{Title: x.Kind.Label() + " — " + x.UnitName, Crumbs: []Link{{"Sự việc tại cơ quan", "/incidents"}}},
		I: x, Review: review, Escalation: escalation, Severities: incidentOptions("— Chọn mức độ —", incident.Severities)}
	if p.Review == nil {
		p.Review = NewForm(nil)
		p.Review.Set("severity", string(x.Severity))
		p.Review.Set("note", x.ReviewNote)
	}
	if p.Escalation == nil {
		p.Escalation = NewForm(nil)
	}
	p.CanReview = incident.CanReview(a, x) && x.Status != incident.StatusEscalated
	p.CanEscalate = incident.CanReview(a, x) && incident.EscalateError(x) == nil
	return s.Render(w, r, status, "incident_detail.html", p)
}

func (s *Server) reviewIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	x, err := s.Services.Incidents.Review(r.Context(), id, incident.ReviewInput{Severity: incident.Severity(f.Get("severity")), Note: f.Get("note")})
	if err == nil {
		return s.Redirect(w, r, incidentHref(x.ID), "sv-xem-xet")
	}
	if !f.SetError(err) {
		return err
	}
	f.Summarize("Chưa ghi được ý kiến, xin kiểm tra lại các ô được đánh dấu.")
	if x, err = s.Services.Incidents.FindIncident(r.Context(), id); err != nil {
		return err
	}
	return s.renderIncident(w, r, http.StatusBadRequest, x, f, nil)
}

func (s *Server) escalateIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	x, err := s.Services.Incidents.Escalate(r.Context(), id, f.Get("note"))
	if err == nil {
		return s.Redirect(w, r, incidentHref(x.ID), "sv-bao-cao")
	}
	if !f.SetError(err) {
		return err
	}
	f.Summarize("Chưa báo cáo được.")
	if x, err = s.Services.Incidents.FindIncident(r.Context(), id); err != nil {
		return err
	}
	return s.renderIncident(w, r, http.StatusBadRequest, x, nil, f)
}
