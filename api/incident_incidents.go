package api

import (
	"congvu/incident"
	"net/http"
	"strconv"
	"time"
)

// The office incident log through the API: record, list, count per unit,
// read, review and escalate. The service decides who may do what; this
// file decodes and encodes.

const incidentNotFound = "Không tìm thấy sự việc."

// incidentBody records an incident; occurred_at is RFC 3339.
type incidentBody struct {
	UnitID       int64             `json:"unit_id"`
	OccurredAt   time.Time         `json:"occurred_at"`
	Place        string            `json:"place"`
	Kind         incident.Kind     `json:"kind"`
	Severity     incident.Severity `json:"severity"`
	Summary      string            `json:"summary"`
	People       string            `json:"people,omitempty"`
	Harm         string            `json:"harm,omitempty"`
	PoliceCalled bool              `json:"police_called,omitempty"`
	Outcome      string            `json:"outcome,omitempty"`
}

// incidentReviewBody is the unit head's review.
type incidentReviewBody struct {
	Severity incident.Severity `json:"severity"`
	Note     string            `json:"note,omitempty"`
}

// incidentEscalateBody reports a serious incident to the parent unit.
type incidentEscalateBody struct {
	Note string `json:"note,omitempty"`
}

func incidentFilter(q *query) incident.Filter {
	f := incident.Filter{UnitID: q.id("unit_id"), Kind: incident.Kind(q.str("kind")), Severity: incident.Severity(q.str("severity")),
		Status: incident.Status(q.str("status")), From: q.timeParam("from", false), Until: q.timeParam("to", true)}
	return f
}

func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := incidentFilter(q)
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Incidents.FindIncidents(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) incidentCounts(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := incidentFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	counts, err := s.Services.Incidents.Counts(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": counts})
	return nil
}

func (s *Server) createIncident(w http.ResponseWriter, r *http.Request) error {
	var b incidentBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	x, err := s.Services.Incidents.Record(r.Context(), incident.Input{UnitID: b.UnitID, OccurredAt: b.OccurredAt, Place: b.Place, Kind: b.Kind,
		Severity: b.Severity, Summary: b.Summary, People: b.People, Harm: b.Harm, PoliceCalled: b.PoliceCalled, Outcome: b.Outcome})
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/incidents/"+strconv.FormatInt(x.ID, 10))
	writeJSON(w, http.StatusCreated, x)
	return nil
}

func (s *Server) getIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, incidentNotFound)
	if err != nil {
		return err
	}
	x, err := s.Services.Incidents.FindIncident(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

func (s *Server) reviewIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, incidentNotFound)
	if err != nil {
		return err
	}
	var b incidentReviewBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	x, err := s.Services.Incidents.Review(r.Context(), id, incident.ReviewInput{Severity: b.Severity, Note: b.Note})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

func (s *Server) escalateIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, incidentNotFound)
	if err != nil {
		return err
	}
	var b incidentEscalateBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	x, err := s.Services.Incidents.Escalate(r.Context(), id, b.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}
