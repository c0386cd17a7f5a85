package web

import (
	"io"
	"net/http"
	"strconv"

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
	Photos      []*incident.Photo
	CanAddPhoto bool
	PhotoForm   *Form
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

func (s *Server) renderIncident(w http.ResponseWriter, r *http.Request, status int, x *incident.Incident, review, escalation *Form, photo ...*Form) error {
	a := congvu.ActorFromContext(r.Context())
	p := &IncidentPage{Base: Base{Title: x.Kind.Label() + " — " + x.UnitName, Crumbs: []Link{{"Sự việc tại cơ quan", "/incidents"}}},
		I: x, Review: review, Escalation: escalation, PhotoForm: firstForm(photo), Severities: incidentOptions("— Chọn mức độ —", incident.Severities)}
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
	p.CanAddPhoto = incident.CanAddPhoto(a, x)
	if p.PhotoForm == nil {
		p.PhotoForm = NewForm(nil)
	}
	photos, err := s.Services.Incidents.ListPhotos(r.Context(), x.ID)
	if err != nil {
		return err
	}
	p.Photos = photos
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

func firstForm(fs []*Form) *Form {
	if len(fs) > 0 {
		return fs[0]
	}
	return nil
}

// addIncidentPhoto adds one photo; the service strips its metadata. Who may
// is checked before the upload is read, so that an outsider learns nothing.
func (s *Server) addIncidentPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	x, err := s.Services.Incidents.FindIncident(r.Context(), id)
	if err != nil {
		return err
	}
	if !incident.CanAddPhoto(congvu.ActorFromContext(r.Context()), x) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ người ghi sự việc hoặc thủ trưởng đơn vị thêm ảnh.")
	}
	f := NewForm(nil)
	fail := func(err error) error {
		if !f.SetError(congvu.RenameFields(err, map[string]string{"": "photo"})) {
			return err
		}
		f.Summarize("Chưa thêm được ảnh.")
		return s.renderIncident(w, r, http.StatusBadRequest, x, nil, nil, f)
	}
	file, _, err := r.FormFile("tep")
	if err != nil {
		return fail(congvu.FieldError("photo", "Xin chọn một ảnh JPEG hoặc PNG."))
	}
	defer file.Close()
	if _, err := s.Services.Incidents.AddPhoto(r.Context(), id, file); err != nil {
		return fail(err)
	}
	return s.Redirect(w, r, incidentHref(id), "sv-anh")
}

// incidentPhoto shows one photo to those who read the incident.
func (s *Server) incidentPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	photoID, err := strconv.ParseInt(r.PathValue("photoID"), 10, 64)
	if err != nil || photoID <= 0 {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy ảnh.")
	}
	p, rc, err := s.Services.Incidents.OpenPhoto(r.Context(), photoID)
	if err != nil {
		return err
	}
	defer rc.Close()
	if p.IncidentID != id {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy ảnh.")
	}
	h := w.Header()
	h.Set("Content-Type", p.ContentType)
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Content-Length", strconv.FormatInt(p.Size, 10))
	io.Copy(w, rc)
	return nil
}
