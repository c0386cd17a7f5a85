package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	qrcode "github.com/skip2/go-qrcode"

	"congvu"
	"congvu/export/pdf"
	"congvu/feedback"
	"congvu/org"
	"congvu/vntext"
)

// Printed things for staff: QR codes (PNG), the A4 sheet of badges and the
// counter poster (PDF), and the apology slip of a late dossier (PDF).

// feedbackSourceRoutes are the staff pages of what citizens rate with: a
// unit's QR code, the officials' badges and the poster, the kiosks, and the
// apology slips of late dossiers (see routeTable).
func (s *Server) feedbackSourceRoutes() []Route {
	manage := Need(congvu.ActOfficialManage)
	return []Route{
		{Method: "GET", Pattern: "/units/{id}/kiosks", Access: manage, Handler: s.unitFeedbackSources},
		{Method: "POST", Pattern: "/units/{id}/kiosks", Access: manage, Handler: s.createKiosk},
		{Method: "POST", Pattern: "/units/{id}/kiosks/revoke", Access: manage, Handler: s.revokeKiosk},
		{Method: "GET", Pattern: "/officials/{id}/qr.png", Access: manage, Handler: s.officialQR},
		{Method: "GET", Pattern: "/units/{id}/qr.png", Access: manage, Handler: s.unitQR},
		{Method: "POST", Pattern: "/units/{id}/qr/reissue", Access: manage, Handler: s.reissueUnitQR},
		{Method: "GET", Pattern: "/units/{id}/poster.pdf", Access: manage, Handler: s.unitPoster},
		{Method: "GET", Pattern: "/units/{id}/badges.pdf", Access: manage, Handler: s.unitBadges},
		{Method: "GET", Pattern: "/units/{id}/dossiers", Access: manage, Handler: s.unitDossier},
		{Method: "GET", Pattern: "/units/{id}/dossiers/apology.pdf", Access: manage, Handler: s.dossierApology},
	}
}

// QR image sizes in pixels.
const (
	qrDefaultPx = 512
	qrMinPx     = 128
	qrMaxPx     = 2048
	// maxBadges caps one badge sheet (100 pages).
	maxBadges = 1000
)

// qrPNG draws the QR code of content as a PNG of size×size pixels, with
// the standard quiet zone.
func qrPNG(content string, size int) ([]byte, error) {
	return qrcode.Encode(content, qrcode.Medium, size)
}

// writeQR answers with the QR code of content; ?size= sets the pixels.
func writeQR(w http.ResponseWriter, r *http.Request, content, filename string) error {
	size, _ := strconv.Atoi(r.URL.Query().Get("size"))
	if size == 0 {
		size = qrDefaultPx
	}
	size = min(max(size, qrMinPx), qrMaxPx)
	png, err := qrPNG(content, size)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `inline; filename="`+filename+`"`)
	h.Set("Content-Length", strconv.Itoa(len(png)))
	w.Write(png)
	return nil
}

// writePDF answers with a PDF document.
func writePDF(w http.ResponseWriter, data []byte, filename string) error {
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `inline; filename="`+filename+`"`)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
	return nil
}

// printSlug turns a name into an ASCII part of a download file name.
func printSlug(s string) string {
	s = vntext.Fold(s)
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// badgeURL is the public rating URL of a badge token.
func (s *Server) badgeURL(r *http.Request, token string) string {
	return s.publicBase(r) + "/danh-gia/" + token
}

func (s *Server) officialQR(w http.ResponseWriter, r *http.Request) error {
	o, err := s.manageableOfficial(r)
	if err != nil {
		return err
	}
	if !o.Active || o.BadgeToken == "" {
		return congvu.Errorf(congvu.EINVALID, "%s đã ngừng công tác: thẻ không còn dùng để đánh giá.", o.FullName)
	}
	return writeQR(w, r, s.badgeURL(r, o.BadgeToken), "ma-qr-"+printSlug(o.FullName)+".png")
}

// unitRatingURL returns the public rating URL of unit u. It writes
// nothing: a unit whose code was never issued answers ENOTFOUND (the code
// is issued on the unit's page, a POST).
func (s *Server) unitRatingURL(r *http.Request, u *org.Unit) (string, error) {
	svc := s.Services.Feedback
	tok, err := svc.CurrentUnitToken(r.Context(), u.ID)
	if err != nil {
		return "", err
	}
	if tok == "" {
		return "", congvu.Errorf(congvu.ENOTFOUND, "%s chưa được cấp mã QR đánh giá. Xin cấp mã tại trang “Mã QR, thẻ và máy đánh giá” của đơn vị.", u.Name)
	}
	return s.publicBase(r) + "/danh-gia/don-vi/" + tok, nil
}

func (s *Server) unitQR(w http.ResponseWriter, r *http.Request) error {
	u, err := s.manageableUnit(r)
	if err != nil {
		return err
	}
	url, err := s.unitRatingURL(r, u)
	if err != nil {
		return err
	}
	return writeQR(w, r, url, "ma-qr-"+printSlug(u.Name)+".png")
}

func (s *Server) reissueUnitQR(w http.ResponseWriter, r *http.Request) error {
	u, err := s.manageableUnit(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	current, err := s.Services.Feedback.CurrentUnitToken(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if current == "" {
		// The first code replaces nothing: no confirmation asked.
		if _, err := s.Services.Feedback.UnitToken(r.Context(), u.ID); err != nil {
			return err
		}
		return s.Redirect(w, r, unitHref(u)+"/kiosks", "cap-ma-don-vi")
	}
	if !f.Checked("confirm") {
		p, err := s.feedbackSourcesPage(r, u)
		if err != nil {
			return err
		}
		f.AddError("confirm", "Xin đánh dấu ô xác nhận trước khi cấp lại mã.")
		f.Message = "Chưa cấp lại mã QR của đơn vị."
		p.ReissueForm = f
		return s.Render(w, r, http.StatusBadRequest, "kiosks.html", p)
	}
	if _, err := s.Services.Feedback.ReissueUnitToken(r.Context(), u.ID); err != nil {
		return err
	}
	return s.Redirect(w, r, unitHref(u)+"/kiosks", "cap-lai-ma-don-vi")
}

func (s *Server) unitPoster(w http.ResponseWriter, r *http.Request) error {
	u, err := s.manageableUnit(r)
	if err != nil {
		return err
	}
	url, err := s.unitRatingURL(r, u)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pdf.WritePoster(&buf, pdf.Poster{Unit: u.Name, URL: url, Created: time.Now()}); err != nil {
		return err
	}
	return writePDF(w, buf.Bytes(), "ap-phich-danh-gia-"+printSlug(u.Name)+".pdf")
}

// unitBadges prints the badges of the unit's active officials (with
// ?gom=on, of its whole subtree), name order, as an A4 PDF.
func (s *Server) unitBadges(w http.ResponseWriter, r *http.Request) error {
	u, err := s.manageableUnit(r)
	if err != nil {
		return err
	}
	svc := s.Services.Officials
	subtree := r.URL.Query().Get(officialSubtreeParam) == "on"
	var badges []pdf.Badge
	for offset := 0; len(badges) < maxBadges; {
		list, total, err := svc.FindOfficials(r.Context(), org.OfficialFilter{UnitID: u.ID, DirectOnly: !subtree,
			Offset: offset, Limit: congvu.MaxPageSize})
		if err != nil {
			return err
		}
		for _, o := range list {
			if !o.Active || o.BadgeToken == "" {
				continue
			}
			badges = append(badges, pdf.Badge{Name: o.FullName, Position: o.Position, Unit: o.UnitName, URL: s.badgeURL(r, o.BadgeToken)})
		}
		offset += len(list)
		if len(list) == 0 || offset >= total {
			break
		}
	}
	if len(badges) == 0 {
		return congvu.Errorf(congvu.EINVALID, "%s chưa có cán bộ đang công tác để in thẻ.", u.Name)
	}
	if len(badges) > maxBadges {
		badges = badges[:maxBadges]
	}
	var buf bytes.Buffer
	if err := pdf.WriteBadges(&buf, pdf.BadgeSheet{Unit: u.Name, Badges: badges, Created: time.Now()}); err != nil {
		return err
	}
	return writePDF(w, buf.Bytes(), "the-danh-gia-"+printSlug(u.Name)+".pdf")
}

// DossierPage finds a unit's dossier by code and prepares its apology slip.
type DossierPage struct {
	Base
	Unit     *org.Unit
	Dossier  *feedback.Dossier
	Official string // who handled it, when known
	Late     bool
	Form     *Form // the search and the slip's fields
}

// Query parameters of the dossier page and the apology slip.
const (
	dossierCodeParam = "code"
	maxSlipText      = 200  // characters of a slip's short fields
	maxSlipReason    = 1000 // characters of the reason
)

// dossierPage looks up the dossier named in f (if any) for unit u.
func (s *Server) dossierPage(r *http.Request, u *org.Unit, f *Form) (*DossierPage, error) {
	p := &DossierPage{Unit: u, Form: f}
	p.Title = "Phiếu xin lỗi hồ sơ trễ hẹn"
	p.Crumbs = []Link{{"Đơn vị", "/units"}, {u.Name, unitHref(u)}, {"Mã QR, thẻ và máy đánh giá", unitHref(u) + "/kiosks"}}
	code := f.Get(dossierCodeParam)
	if code == "" {
		return p, nil
	}
	svc := s.Services.Feedback
	d, err := svc.FindDossier(r.Context(), u.ID, code)
	if congvu.ErrorCode(err) == congvu.ENOTFOUND {
		f.AddError(dossierCodeParam, fmt.Sprintf("%s không có hồ sơ mã %q.", u.Name, code))
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	p.Dossier = d
	p.Late = d.Late(time.Now())
	if d.OfficialID != 0 {
		if o, err := s.Services.Officials.FindOfficialByID(r.Context(), d.OfficialID); err == nil {
			p.Official = o.FullName
			if o.Position != "" {
				p.Official += ", " + o.Position
			}
		}
	}
	return p, nil
}

// dayOf is the midnight (in congvu.TimeZone) that starts t's day.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(congvu.TimeZone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, congvu.TimeZone)
}

// placeName guesses the place name of a slip's date line: the province of
// the unit ("Thái Bình" of "Tỉnh Thái Bình").
func placeName(u *org.Unit) string {
	for _, a := range append(append([]*org.Unit(nil), u.Ancestors...), u) {
		if a.Kind == org.KindProvince {
			n := a.Name
			for _, p := range []string{"Tỉnh ", "Thành phố ", "tỉnh ", "thành phố "} {
				n = strings.TrimPrefix(n, p)
			}
			return n
		}
	}
	return ""
}

func (s *Server) unitDossier(w http.ResponseWriter, r *http.Request) error {
	u, err := s.manageableUnit(r)
	if err != nil {
		return err
	}
	f := NewForm(r.URL.Query())
	p, err := s.dossierPage(r, u, f)
	if err != nil {
		return err
	}
	if d := p.Dossier; d != nil {
		// Prefill the slip from what the one-stop-shop system registered.
		if f.Values.Get("ly-do") == "" {
			f.Set("ly-do", d.DelayReason)
		}
		if f.Values.Get("hen-lai") == "" && d.NewDueAt != nil {
			f.Set("hen-lai", d.NewDueAt.In(congvu.TimeZone).Format("2006-01-02"))
		}
		if f.Values.Get("dia-danh") == "" {
			f.Set("dia-danh", placeName(u))
		}
	}
	status := http.StatusOK
	if f.Failed() {
		status = http.StatusNotFound
	}
	return s.Render(w, r, status, "dossier.html", p)
}

// dossierApology prints the apology slip of a late dossier, with the
// fields of the dossier page's form.
func (s *Server) dossierApology(w http.ResponseWriter, r *http.Request) error {
	u, err := s.manageableUnit(r)
	if err != nil {
		return err
	}
	f := NewForm(r.URL.Query())
	if f.Get(dossierCodeParam) == "" {
		return congvu.FieldError(dossierCodeParam, "Xin nhập mã hồ sơ.")
	}
	p, err := s.dossierPage(r, u, f)
	if err != nil {
		return err
	}
	d := p.Dossier
	if d == nil {
		return s.Render(w, r, http.StatusNotFound, "dossier.html", p)
	}
	if !p.Late {
		f.Message = "Hồ sơ này trả kết quả đúng hẹn: không cần phiếu xin lỗi."
		return s.Render(w, r, http.StatusBadRequest, "dossier.html", p)
	}
	slip := pdf.ApologySlip{
		Issuer: u.Name, DossierCode: d.Code, Procedure: d.ProcedureName,
		ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, Official: p.Official, Date: time.Now(),
		Recipient: f.Get("nguoi-nop"), Reason: f.Get("ly-do"), Number: f.Get("so"),
		Place: f.Get("dia-danh"), SignerTitle: f.Get("chuc-vu-ky"), Signer: f.Get("nguoi-ky"),
	}
	if n := len(u.Ancestors); n > 0 && u.Ancestors[n-1].Kind != org.KindNation {
		slip.ParentBody = u.Ancestors[n-1].Name
	}
	for _, x := range []struct{ name, value string }{{"nguoi-nop", slip.Recipient}, {"so", slip.Number}, {"dia-danh", slip.Place},
		{"chuc-vu-ky", slip.SignerTitle}, {"nguoi-ky", slip.Signer}} {
		if utf8.RuneCountInString(x.value) > maxSlipText {
			f.AddError(x.name, fmt.Sprintf("Dài quá %d ký tự.", maxSlipText))
		}
	}
	if utf8.RuneCountInString(slip.Reason) > maxSlipReason {
		f.AddError("ly-do", fmt.Sprintf("Lý do dài quá %d ký tự; phiếu chỉ có một trang.", maxSlipReason))
	}
	if v := f.Get("hen-lai"); v != "" {
		t, ok := ParseDate(v)
		switch {
		case !ok:
			f.AddError("hen-lai", "Ngày hẹn lại không đúng dạng ngày/tháng/năm.")
		case t.Before(dayOf(d.DueAt)):
			f.AddError("hen-lai", "Ngày hẹn lại không được trước ngày hẹn trả ban đầu.")
		default:
			slip.NewDueAt = t
		}
	} else if d.NewDueAt != nil {
		slip.NewDueAt = *d.NewDueAt
	}
	if f.Failed() {
		f.Message = "Chưa in được phiếu, xin xem lại các ô được đánh dấu."
		return s.Render(w, r, http.StatusBadRequest, "dossier.html", p)
	}
	var buf bytes.Buffer
	if err := pdf.WriteApologySlip(&buf, slip); err != nil {
		return err
	}
	return writePDF(w, buf.Bytes(), "phieu-xin-loi-"+printSlug(d.Code)+".pdf")
}
