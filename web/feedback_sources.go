package web

import (
	"congvu"
	"congvu/feedback"
	"congvu/org"
	"encoding/base64"
	"html/template"
	"net/http"
)

// FeedbackSourcesPage is a unit's page for what citizens rate with: the
// unit's QR code, the officials' badges, the kiosks, and the apology slips
// of late dossiers.
type FeedbackSourcesPage struct {
	Base
	Unit *org.Unit
	// UnitURL is the unit's public rating URL ("" for a closed unit).
	UnitURL string
	Kiosks  []*feedback.Kiosk
	// NewKiosk is the kiosk just created, with its device key: shown once.
	NewKiosk    *feedback.Kiosk
	NewKioskURL string
	NewKioskQR  template.URL // a data: URL of the PNG
	KioskForm   *Form
	ReissueForm *Form
	DossierForm *Form
}

// manageableUnit loads the unit of the path and checks that the actor may
// manage its officials (and so its QR codes, kiosks and dossiers).
func (s *Server) manageableUnit(r *http.Request) (*org.Unit, error) {
	svc := s.Services.Units
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	u, err := svc.FindUnitByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !congvu.ActorFromContext(r.Context()).Can(congvu.ActOfficialManage, u.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền quản lý mã QR, thẻ và máy đánh giá của %s.", u.Name)
	}
	return u, nil
}

// feedbackSourcesPage builds the page of unit u.
func (s *Server) feedbackSourcesPage(r *http.Request, u *org.Unit) (*FeedbackSourcesPage, error) {
	svc := s.Services.Feedback
	p := &FeedbackSourcesPage{Unit: u, KioskForm: NewForm(nil), ReissueForm: NewForm(nil), DossierForm: NewForm(nil)}
	p.Title = "Mã QR, thẻ và máy đánh giá"
	p.Crumbs = []Link{{"Đơn vị", "/units"}, {u.Name, unitHref(u)}}
	if u.Active {
		tok, err := svc.CurrentUnitToken(r.Context(), u.ID)
		if err != nil {
			return nil, err
		}
		if tok != "" {
			p.UnitURL = s.publicBase(r) + "/danh-gia/don-vi/" + tok
		}
	}
	var err error
	if p.Kiosks, err = svc.FindKiosks(r.Context(), u.ID); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Server) unitFeedbackSources(w http.ResponseWriter, r *http.Request) error {
	u, err := s.manageableUnit(r)
	if err != nil {
		return err
	}
	p, err := s.feedbackSourcesPage(r, u)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "kiosks.html", p)
}

func (s *Server) createKiosk(w http.ResponseWriter, r *http.Request) error {
	u, err := s.manageableUnit(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	k, err := s.Services.Feedback.CreateKiosk(r.Context(), u.ID, f.Get("name"))
	if err != nil && !f.SetError(err) {
		return err
	}
	p, perr := s.feedbackSourcesPage(r, u)
	if perr != nil {
		return perr
	}
	p.KioskForm = f
	if err != nil {
		return s.Render(w, r, http.StatusBadRequest, "kiosks.html", p)
	}
	// The device key is shown now and never again: render, do not redirect.
	p.NewKiosk = k
	p.NewKioskURL = s.publicBase(r) + "/kiosk/" + k.DeviceKey
	png, err := qrPNG(p.NewKioskURL, 320)
	if err != nil {
		return err
	}
	p.NewKioskQR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	p.Flash = FlashMessages["tao-kiosk"]
	p.KioskForm = NewForm(nil)
	w.Header().Set("Cache-Control", "no-store")
	return s.Render(w, r, http.StatusOK, "kiosks.html", p)
}

func (s *Server) revokeKiosk(w http.ResponseWriter, r *http.Request) error {
	u, err := s.manageableUnit(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	id := f.Int("kiosk")
	kiosks, err := s.Services.Feedback.FindKiosks(r.Context(), u.ID)
	if err != nil {
		return err
	}
	for _, k := range kiosks {
		if k.ID == id && id != 0 {
			if err := s.Services.Feedback.RevokeKiosk(r.Context(), id); err != nil {
				return err
			}
			return s.Redirect(w, r, unitHref(u)+"/kiosks", "thu-hoi-kiosk")
		}
	}
	return congvu.Errorf(congvu.EINVALID, "Không tìm thấy máy đánh giá cần thu hồi trong đơn vị này.")
}

// publicBase is the address citizens reach the server at: PublicURL, or
// the scheme and host of the request.
func (s *Server) publicBase(r *http.Request) string {
	if s.PublicURL != "" {
		return s.PublicURL
	}
	scheme := "http"
	if s.isTLS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
