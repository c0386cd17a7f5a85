package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/incident"
)

// NewIncidentPage records an incident at one of the actor's units. Nothing
// is saved until every field is right.
type NewIncidentPage struct {
	Base
	Form                     *Form
	Units, Kinds, Severities []Option
}

// incidentUnits are the units of the actor's grants where they may record.
func incidentUnits(a *congvu.Actor) []Option {
	var out []Option
	seen := map[int64]bool{}
	for _, g := range a.Grants {
		one := congvu.Actor{UserID: a.UserID, Grants: []congvu.Grant{g}}
		if seen[g.UnitID] || !one.Can(congvu.ActIncidentRecord, g.UnitPath) {
			continue
		}
		seen[g.UnitID] = true
		out = append(out, Option{strconv.FormatInt(g.UnitID, 10), g.UnitName})
	}
	return out
}

func (s *Server) renderNewIncident(w http.ResponseWriter, r *http.Request, status int, p *NewIncidentPage) error {
	p.Base = Base{Title: "Ghi sự việc tại cơ quan", Crumbs: []Link{{"Sự việc tại cơ quan", "/incidents"}}}
	p.Units = incidentUnits(congvu.ActorFromContext(r.Context()))
	p.Kinds = incidentOptions("— Chọn loại —", incident.Kinds)
	p.Severities = incidentOptions("— Chọn mức độ —", incident.Severities)
	return s.Render(w, r, status, "incident_form.html", p)
}

func (s *Server) newIncidentForm(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(nil)
	now := time.Now().In(congvu.TimeZone)
	f.Set("date", now.Format("02/01/2006"))
	f.Set("time", now.Format("15:04"))
	if k := incident.Kind(r.URL.Query().Get(incidentKindParam)); k.Valid() {
		f.Set("kind", string(k))
	}
	return s.renderNewIncident(w, r, http.StatusOK, &NewIncidentPage{Form: f})
}

// incidentInput reads the form; what it cannot read is recorded on f.
func incidentInput(f *Form) incident.Input {
	in := incident.Input{UnitID: f.Int("unit"), Place: f.Get("place"), Kind: incident.Kind(f.Get("kind")),
		Severity: incident.Severity(f.Get("severity")), Summary: f.Get("summary"), People: f.Get("people"), Harm: f.Get("harm"),
		PoliceCalled: f.Checked("police"), Outcome: f.Get("outcome")}
	day, ok := ParseDate(f.Get("date"))
	if !ok {
		f.AddError("date", "Ngày xảy ra phải có dạng ngày/tháng/năm, ví dụ 15/03/2026.")
		return in
	}
	if v := strings.TrimSpace(f.Get("time")); v != "" {
		t, err := time.Parse("15:04", v)
		if err != nil {
			f.AddError("time", "Giờ phải có dạng giờ:phút, ví dụ 09:30.")
			return in
		}
		day = day.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
	}
	in.OccurredAt = day
	return in
}

func (s *Server) createIncident(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := incidentInput(f)
	var err error
	if f.Failed() {
		err = in.Validate(time.Now()) // say at once what else is missing, without saving
	} else {
		var x *incident.Incident
		x, err = s.Services.Incidents.Record(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, incidentHref(x.ID), "sv-ghi")
		}
		if congvu.ErrorCode(err) != congvu.EINVALID {
			if !f.SetError(err) {
				return err
			}
			err = nil
		}
	}
	for field, msg := range congvu.ErrorFields(err) {
		switch field {
		case "occurred_at":
			if f.Error("date") == "" && f.Error("time") == "" {
				f.AddError("date", msg)
			}
		case "unit_id":
			f.AddError("unit", msg)
		default:
			f.AddError(field, msg)
		}
	}
	f.Summarize("Chưa lưu, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderNewIncident(w, r, http.StatusBadRequest, &NewIncidentPage{Form: f})
}
