package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"congvu"
	"congvu/export/pdf"
	"congvu/org"
	"congvu/vntext"
)

// Printed things for staff: QR codes (PNG), the A4 sheet of badges and the
// counter poster (PDF); the apology slip is in feedback_slips.go.

// feedbackSourceRoutes are the staff pages of what citizens rate with: a
// unit's QR code, the officials' badges and the poster, the kiosks (see
// routeTable); the apology slips of dossiers follow (slipRoutes).
func (s *Server) feedbackSourceRoutes() []Route {
	manage := Need(congvu.ActOfficialManage)
	rs := []Route{
		{Method: "GET", Pattern: "/units/{id}/kiosks", Access: manage, Handler: s.unitFeedbackSources},
		{Method: "POST", Pattern: "/units/{id}/kiosks", Access: manage, Handler: s.createKiosk},
		{Method: "POST", Pattern: "/units/{id}/kiosks/revoke", Access: manage, Handler: s.revokeKiosk},
		{Method: "GET", Pattern: "/officials/{id}/qr.png", Access: manage, Handler: s.officialQR},
		{Method: "GET", Pattern: "/units/{id}/qr.png", Access: manage, Handler: s.unitQR},
		{Method: "POST", Pattern: "/units/{id}/qr/reissue", Access: manage, Handler: s.reissueUnitQR},
		{Method: "GET", Pattern: "/units/{id}/poster.pdf", Access: manage, Handler: s.unitPoster},
		{Method: "GET", Pattern: "/units/{id}/badges.pdf", Access: manage, Handler: s.unitBadges},
	}
	return append(rs, s.slipRoutes()...)
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
